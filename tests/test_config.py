"""Settings: documented defaults, clear errors, a token that never prints."""

import logging

import pytest

from bot.config import Secret, Settings, SettingsError


def test_defaults_match_the_readme():
    settings = Settings.from_env({})
    assert str(settings.db_path) == "data/bot.db"
    assert str(settings.knowledge_path) == "knowledge"
    assert settings.answer_channel_ids == frozenset()
    assert settings.hot_reload is True and settings.retention_days == 180


def test_token_never_appears_in_repr_str_or_logs(caplog):
    settings = Settings.from_env({"DISCORD_TOKEN": "abc.def.secret"})
    assert settings.token.get() == "abc.def.secret"
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("settings: %s %r", settings, settings.token)
    assert "secret" not in caplog.text and "secret" not in repr(settings)
    assert not Secret("")


def test_lists_and_flags_are_parsed():
    settings = Settings.from_env({"ANSWER_CHANNEL_IDS": "1, 2;3", "HOT_RELOAD": "off",
                                  "MODERATOR_ROLE_ID": "42"})
    assert settings.answer_channel_ids == {1, 2, 3}
    assert settings.hot_reload is False and settings.moderator_role_id == 42


@pytest.mark.parametrize(
    ("env", "name"),
    [({"ANSWER_CHANNEL_IDS": "general"}, "ANSWER_CHANNEL_IDS"),
     ({"USER_RATE_LIMIT": "0"}, "USER_RATE_LIMIT"),
     ({"HOT_RELOAD": "maybe"}, "HOT_RELOAD"),
     ({"ANSWER_THRESHOLD": "0.2", "SUGGEST_THRESHOLD": "0.5"}, "SUGGEST_THRESHOLD"),
     ({"TOPIC_VETO_SHARE": "1.5"}, "TOPIC_VETO_SHARE"),
     ({"ANSWER_MIN_PHRASING_COVERAGE": "-0.1"}, "ANSWER_MIN_PHRASING_COVERAGE")],
)
def test_bad_values_name_the_variable(env, name):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env)


def test_the_topic_veto_share_is_a_setting():
    assert Settings.from_env({"TOPIC_VETO_SHARE": "0.4"}).thresholds.intent_share == 0.4
    assert Settings.from_env({}).thresholds.intent_share == 0.25


def test_the_phrasing_coverage_floor_is_a_setting():
    env = {"ANSWER_MIN_PHRASING_COVERAGE": "0.3"}
    assert Settings.from_env(env).thresholds.min_phrasing_coverage == 0.3
    assert Settings.from_env({}).thresholds.min_phrasing_coverage == 0.5
