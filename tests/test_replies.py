"""bot.replies: every reply stays within Discord's limits, whatever the knowledge base holds."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import build_matcher
from bot.knowledge.model import Entry, KnowledgeBase, Link
from bot.matching.matcher import Band, Candidate, MatchResult
from bot.replies import (
    BUTTON_LABEL_LIMIT,
    BUTTONS_PER_ROW,
    CONTENT_LIMIT,
    CUSTOM_ID_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FOOTER_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
    ENTRIES_TEMPLATE,
    NONE_TEMPLATE,
    PICK_TEMPLATE,
    ROWS_PER_MESSAGE,
    SELECT_OPTIONS_LIMIT,
    SELECT_PLACEHOLDER_LIMIT,
    SELECT_TEXT_LIMIT,
    SHOW_TEMPLATE,
    TOPICS_TEMPLATE,
    VOTE_TEMPLATE,
    Reply,
    neutralise_mentions,
    question_footer,
    question_from_footer,
    render_answer,
    render_choices,
    render_decline,
    render_moderator_notice,
    render_safety,
    render_suggestions,
    render_topic_entries,
    render_topics,
    trim,
    trim_markdown,
)

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
TEMPLATES = [re.compile(t) for t in (VOTE_TEMPLATE, SHOW_TEMPLATE, PICK_TEMPLATE, NONE_TEMPLATE,
                                     TOPICS_TEMPLATE, ENTRIES_TEMPLATE)]
ASKER = 1_184_000_000_000_000_401


def assert_within_limits(reply: Reply) -> None:
    """Everything Discord validates on a message body, for the parts the bot uses."""
    assert reply.content or reply.embed, "Discord rejects an empty message"
    if reply.content is not None:
        assert 0 < len(reply.content) <= CONTENT_LIMIT
    if reply.embed is not None:
        embed = reply.embed
        assert 0 < len(embed.description) <= EMBED_DESCRIPTION_LIMIT
        assert embed.title is None or 0 < len(embed.title.strip()) <= EMBED_TITLE_LIMIT
        assert embed.footer is None or len(embed.footer) <= EMBED_FOOTER_LIMIT
        total = len(embed.description) + len(embed.title or "") + len(embed.footer or "")
        assert total <= EMBED_TOTAL_LIMIT
    rows: dict[int, int] = {}
    ids = set()
    for button in reply.buttons:
        assert 0 < len(button.label.strip()) <= BUTTON_LABEL_LIMIT
        assert (button.url is None) != (button.custom_id is None)
        if button.custom_id is not None:
            assert len(button.custom_id) <= CUSTOM_ID_LIMIT
            assert any(t.fullmatch(button.custom_id) for t in TEMPLATES), button.custom_id
            assert button.custom_id not in ids, "custom ids must be unique in a message"
            ids.add(button.custom_id)
        rows[button.row] = rows.get(button.row, 0) + 1
    for select in reply.selects:
        assert select.row not in rows, "a select takes a whole row"
        rows[select.row] = BUTTONS_PER_ROW
        assert 1 <= len(select.options) <= SELECT_OPTIONS_LIMIT
        assert len(select.placeholder) <= SELECT_PLACEHOLDER_LIMIT
        assert any(t.fullmatch(select.custom_id) for t in TEMPLATES)
        for option in select.options:
            assert 0 < len(option.label) <= SELECT_TEXT_LIMIT
            assert 0 < len(option.value) <= SELECT_TEXT_LIMIT
            assert option.description is None or len(option.description) <= SELECT_TEXT_LIMIT
    assert all(0 <= row < ROWS_PER_MESSAGE for row in rows)
    assert all(count <= BUTTONS_PER_ROW for count in rows.values())
    assert len(reply.buttons) <= ROWS_PER_MESSAGE * BUTTONS_PER_ROW


slugs = st.from_regex(r"[a-z0-9-]{1,90}", fullmatch=True)
texts = st.text(min_size=0, max_size=6000)
labels = st.text(min_size=0, max_size=300)


@st.composite
def knowledge_bases(draw: st.DrawFn) -> tuple[KnowledgeBase, Entry]:
    others = draw(st.lists(st.tuples(slugs, labels), max_size=40, unique_by=lambda t: t[0]))
    related_entries = [Entry(id=i, question=q or "?", answer="a") for i, q in others]
    links = draw(st.lists(st.tuples(labels, st.sampled_from(
        ["https://mindcoachers.com", "https://example.org/" + "x" * 600])), max_size=30))
    main = Entry(
        id=draw(slugs.filter(lambda s: s not in {i for i, _ in others})),
        question=draw(labels),
        answer=draw(texts),
        links=tuple(Link(label, url) for label, url in links),
        related=(*(e.id for e in related_entries), "missing-entry"),
        tags=tuple(draw(st.lists(labels, max_size=30))),
    )
    return KnowledgeBase(entries=(main, *related_entries)), main


@settings(max_examples=150, deadline=None)
@given(knowledge_bases(), st.one_of(st.none(), st.integers(0, 2**64 - 1)))
def test_any_answer_renders_within_limits(kb_and_entry, asker) -> None:
    kb, entry = kb_and_entry
    assert_within_limits(render_answer(entry, kb, asker_id=asker))


@settings(max_examples=100, deadline=None)
@given(knowledge_bases(), st.text(max_size=5000), st.integers(0, 2**64 - 1))
def test_any_suggestions_render_within_limits(kb_and_entry, question, asker) -> None:
    kb, _ = kb_and_entry
    candidates = tuple(Candidate(e, 0.5, 0.5) for e in kb.entries[:3])
    result = MatchResult(question, Band.SUGGEST, candidates)
    assert_within_limits(render_suggestions(result, asker_id=asker))


@settings(max_examples=60, deadline=None)
@given(knowledge_bases())
def test_browsing_renders_within_limits(kb_and_entry) -> None:
    kb, _ = kb_and_entry
    assert_within_limits(render_topics(kb))
    for tag in kb.tags[:5]:
        assert_within_limits(render_topic_entries(kb, tag))
    for choice in render_choices(kb.entries):
        assert 0 < len(choice.name) <= 100 and 0 < len(choice.value) <= 100


@given(st.text(max_size=5000), st.integers(1, 5000))
def test_trim_respects_the_limit(text, limit) -> None:
    assert 0 < len(trim(text, limit)) <= limit


@given(st.text(max_size=9000), st.integers(10, 5000), st.text(max_size=50))
def test_trim_markdown_respects_the_limit(text, limit, note) -> None:
    assert len(trim_markdown(text, limit, note=note)) <= limit


def test_trim_cuts_at_a_word_and_marks_the_cut() -> None:
    assert trim("how long is the MCMI Training", 16) == "how long is the…"


def test_long_answers_are_cut_at_a_paragraph_with_a_pointer_to_the_links() -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 150 for i in range(12)]
    entry = Entry(id="long", question="Long?", answer="\n\n".join(paragraphs),
                  links=(Link("More", "https://mindcoachers.com"),))
    reply = render_answer(entry, KnowledgeBase(entries=(entry,)), asker_id=ASKER)
    assert reply.embed is not None
    description = reply.embed.description
    assert len(description) <= EMBED_DESCRIPTION_LIMIT
    assert description.endswith("The links below have the full details.")
    assert "word …" not in description and "word…" in description


def test_a_cut_inside_a_code_block_closes_it() -> None:
    text = "Intro\n\n```\n" + "line of code\n" * 600 + "```"
    assert trim_markdown(text, 500).count("```") % 2 == 0


def test_answer_layout_links_then_related_then_votes() -> None:
    related = [Entry(id=f"r{i}", question=f"Related {i}?", answer="a") for i in range(30)]
    entry = Entry(id="main", question="Main?", answer="Answer",
                  links=tuple(Link(f"Link {i}", "https://mindcoachers.com") for i in range(7)),
                  related=tuple(e.id for e in related))
    reply = render_answer(entry, KnowledgeBase(entries=(entry, *related)), asker_id=ASKER)
    assert_within_limits(reply)
    rows = [[b.label for b in reply.buttons if b.row == r] for r in range(5)]
    assert rows[0] == [f"Link {i}" for i in range(5)]
    assert rows[1] == ["Link 5", "Link 6"]
    assert rows[2][0] == "Related 0?" and len(rows[3]) == 5
    assert rows[4] == ["Helpful", "Not helpful"]
    up = next(b for b in reply.buttons if b.label == "Helpful")
    assert up.custom_id == f"faq:vote:main:{ASKER}:1"


def test_no_votes_without_an_asker_and_no_button_for_a_missing_related_entry() -> None:
    entry = Entry(id="main", question="Main?", answer="A", related=("gone", "main"))
    reply = render_answer(entry, KnowledgeBase(entries=(entry,)), asker_id=None)
    assert reply.buttons == ()


def test_suggestions_carry_the_question_for_none_of_these() -> None:
    entries = [Entry(id=f"e{i}", question=f"Question {i}?", answer="a") for i in range(3)]
    question = "how much does it cost @everyone <@&123>?"
    result = MatchResult(question, Band.SUGGEST, tuple(Candidate(e, 0.5, 0.5) for e in entries))
    reply = render_suggestions(result, asker_id=ASKER)
    assert [b.custom_id for b in reply.buttons] == [
        f"faq:pick:e0:{ASKER}", f"faq:pick:e1:{ASKER}", f"faq:pick:e2:{ASKER}",
        f"faq:none:{ASKER}"]
    assert reply.embed is not None and reply.embed.footer is not None
    assert "@everyone" not in reply.embed.footer
    assert question_from_footer(reply.embed.footer) == question


def test_question_footer_round_trip_and_unrelated_footers() -> None:
    assert question_from_footer(question_footer("what is  mbsr?")) == "what is  mbsr?"
    assert question_from_footer(None) is None
    assert question_from_footer("something else") is None


def test_neutralise_mentions() -> None:
    text = neutralise_mentions("@everyone @here <@1> <@!2> <@&3> <#4>")
    assert "@everyone" not in text and "@here" not in text
    assert not re.search(r"<[@#][!&]?\d+>", text)


def test_decline_and_safety_and_notice() -> None:
    decline = render_decline()
    assert decline.embed is not None and "https://mindcoachers.com" in decline.embed.description
    assert "moderators" in decline.embed.description
    assert_within_limits(render_safety("help " * 1000))
    notice = render_moderator_notice(5, 6, "https://discord.com/channels/1/5/7")
    assert notice.content == ("A member (<@6>) may need support in <#5>: "
                              "https://discord.com/channels/1/5/7")


def test_every_shipped_entry_renders_within_limits() -> None:
    kb = build_matcher(KNOWLEDGE).kb
    for entry in kb.entries:
        reply = render_answer(entry, kb, asker_id=ASKER)
        assert_within_limits(reply)
        assert reply.embed is not None and reply.embed.description == entry.answer.strip()
        assert len([b for b in reply.buttons if b.url]) == len(entry.links)
    assert_within_limits(render_topics(kb))
    for tag in kb.tags:
        assert_within_limits(render_topic_entries(kb, tag))


def test_an_answer_to_part_of_a_message_names_the_open_questions_in_its_footer() -> None:
    kb = build_matcher(KNOWLEDGE).kb
    entry = kb.by_id["mcmi-duration"]
    assert render_answer(entry, kb, asker_id=ASKER).embed.footer is None
    long_part = "and how much does it cost @everyone " + "really " * 60 + "?"
    reply = render_answer(entry, kb, asker_id=ASKER, unanswered=("does it cost anything?",
                                                                    long_part))
    assert_within_limits(reply)
    footer = reply.embed.footer
    assert footer.startswith("I couldn't answer them, so I've passed them to the moderators:")
    assert "@\u200beveryone" in footer  # echoed text never looks like a ping
    assert "\u201cdoes it cost anything?\u201d" in footer
    assert len(footer) < 400 and footer.endswith("\u2026\u201d")  # long parts are cut
