"""/faqadmin's rendering stays within Discord's limits whatever members typed."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cogs.admin_views import (
    ADMIN_ITEMS,
    PAGE_SIZE,
    render_pick_entry,
    render_reload_failed,
    render_stub,
    render_unanswered,
)
from bot.knowledge import Entry, KnowledgeError, Problem
from bot.replies import (
    BUTTON_LABEL_LIMIT,
    CONTENT_LIMIT,
    CUSTOM_ID_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    ROWS_PER_MESSAGE,
    SELECT_OPTIONS_LIMIT,
    Reply,
)
from bot.store import UnansweredGroup

NOW = datetime(2026, 3, 10, tzinfo=UTC)
texts = st.text(min_size=1, max_size=2000)


def group(group_id: int, text: str, examples: tuple[str, ...] = ()) -> UnansweredGroup:
    return UnansweredGroup(group_id, "new", None, 5, NOW, NOW, "some-entry", 0.4, text,
                           examples, None, 0, 2)


def within_limits(reply: Reply) -> None:
    if reply.content is not None:
        assert 0 < len(reply.content) <= CONTENT_LIMIT
    if reply.embed is not None:
        assert len(reply.embed.description) <= EMBED_DESCRIPTION_LIMIT
    for button in reply.buttons:
        assert len(button.label) <= BUTTON_LABEL_LIMIT and button.row < ROWS_PER_MESSAGE
        assert button.custom_id is not None and len(button.custom_id) <= CUSTOM_ID_LIMIT
        owners = [c for c in ADMIN_ITEMS
                  if c.__discord_ui_compiled_template__.fullmatch(button.custom_id)]
        assert len(owners) == 1, button.custom_id
    for select in reply.selects:
        assert 1 <= len(select.options) <= SELECT_OPTIONS_LIMIT
    rows = [b.row for b in reply.buttons]
    for row in set(rows):
        assert rows.count(row) <= 5


@settings(max_examples=50, deadline=None)
@given(st.lists(texts, min_size=1, max_size=PAGE_SIZE + 1), st.integers(0, 10_000),
       st.booleans())
def test_a_page_of_groups_fits(representatives, offset, has_more):
    groups = [group(10**11 + i, text, (text,) * 5) for i, text in enumerate(representatives)]
    reply = render_unanswered(groups, offset, has_more, note="Group #1 ignored.")
    within_limits(reply)
    assert reply.embed is not None and "@everyone" not in reply.embed.description


@settings(max_examples=30, deadline=None)
@given(texts)
def test_stub_and_picker_fit(text):
    within_limits(render_stub(group(3, text), text * 2))
    entries = [(Entry(id=f"e-{i}", question=text[:256] or "q", answer="a"), 0.5)
               for i in range(40)]
    within_limits(render_pick_entry(group(3, text), entries))


def test_reload_failure_lists_problems_within_the_embed():
    problems = [Problem(f"knowledge/file-{i}.yaml", i, "x" * 200) for i in range(100)]
    reply = render_reload_failed(KnowledgeError(problems), 27)
    within_limits(reply)
    assert reply.embed is not None
    assert reply.embed.description.startswith("100 problem(s); still serving the previous "
                                              "knowledge base (27 entries).")
    assert "knowledge/file-0.yaml:0: " in reply.embed.description


def test_mentions_in_member_text_are_neutralised():
    reply = render_unanswered([group(1, "hey @everyone <@123> what?")], 0, False)
    assert reply.embed is not None
    assert "@everyone" not in reply.embed.description
    assert "<@123>" not in reply.embed.description
