"""The knowledge format: each problem names file, line, entry and field; nothing half-loads."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge import KnowledgeError, load_knowledge, validate_knowledge

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge"

GOOD_ENTRY = """\
  - id: {id}
    question: {question}
    answer: An answer.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(folder: Path) -> list[str]:
    kb, problems = validate_knowledge(folder)
    assert kb is None, "a broken folder must not load"
    return [str(p) for p in problems]


def test_shipped_knowledge_base_is_valid_and_complete():
    kb = load_knowledge(SHIPPED)
    assert len(kb.entries) >= 20
    assert all(len(entry.alternates) >= 3 for entry in kb.entries)
    for entry in kb.entries:
        for link in entry.links:
            assert link.url.startswith(("https://mindcoachers.com", "https://www.umassmed.edu/",
                                        "https://www.nice.org.uk")), link.url


def test_shipped_knowledge_invents_no_prices_or_dates():
    kb = load_knowledge(SHIPPED)
    text = " ".join(e.answer for e in kb.entries)
    for forbidden in ("£", "$", "€", "guarantee", "2025", "2026", "2027"):
        assert forbidden not in text


def test_problem_names_file_line_entry_and_field(tmp_path):
    write(tmp_path, "faq.yaml", "entries:\n" + GOOD_ENTRY.format(id="one", question="Q one?")
          + "  - id: two\n    question: Q two?\n    answer: A.\n    colour: red\n")
    (problem,) = problems_for(tmp_path)
    assert problem.startswith(f"{tmp_path / 'faq.yaml'}:8: entry 'two' field 'colour'")
    assert "unknown key" in problem


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("  - id: a\n    answer: A.\n", "field 'question': is missing"),
        ("  - id: Bad_Id\n    question: Q?\n    answer: A.\n", "must be a slug"),
        ("  - id: a\n    question: Q?\n    answer: A.\n    links:\n"
         "      - {label: Site, url: 'http://example.org'}\n", "is not an https URL"),
        ("  - id: a\n    question: Q?\n    answer: A.\n    related: [nowhere]\n",
         "related id 'nowhere' does not exist"),
        ("  - id: a\n    question: Q?\n    answer: A.\n    last_reviewed: last week\n",
         "is not an ISO date"),
        ("  - id: a\n    question: Q?\n    answer: '" + "x" * 4097 + "'\n", "Discord allows 4096"),
        ("  - id: a\n    question: Q?\n    answer: A.\n    links:\n"
         "      - {label: '" + "L" * 81 + "', url: 'https://example.org'}\n", "allows 80"),
    ],
)
def test_entry_problems_are_reported(tmp_path, body, expected):
    write(tmp_path, "faq.yaml", "entries:\n" + body)
    assert any(expected in p for p in problems_for(tmp_path))


def test_duplicate_ids_and_phrasings_across_files(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n" + GOOD_ENTRY.format(id="same", question="How long?"))
    write(tmp_path, "b.yaml", "entries:\n" + GOOD_ENTRY.format(id="same", question="Other?")
          + GOOD_ENTRY.format(id="other", question="how LONG"))
    problems = problems_for(tmp_path)
    assert any("duplicate id" in p and "a.yaml:2" in p for p in problems)
    assert any("phrasing 'how long' is also under entry 'same'" in p for p in problems)


def test_yaml_syntax_error_names_the_line(tmp_path):
    write(tmp_path, "faq.yaml", "entries:\n  - id: a\n    question: [unclosed\n    answer: A\n")
    (problem,) = problems_for(tmp_path)
    assert "YAML syntax error" in problem
    assert ":4:" in problem or ":3:" in problem


def test_anchors_and_aliases_are_refused_cheaply(tmp_path):
    # A "billion laughs" document: expanding it would take gigabytes.
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    write(tmp_path, "bomb.yaml", "\n".join(lines) + "\nentries: *a9\n")
    started = time.perf_counter()
    problems = problems_for(tmp_path)
    assert time.perf_counter() - started < 1.0
    assert any("anchors and aliases are not allowed" in p for p in problems)


def test_non_utf8_file_is_rejected_with_its_line(tmp_path):
    (tmp_path / "faq.yaml").write_bytes(b"entries:\n  - id: a\n    question: caf\xe9?\n")
    (problem,) = problems_for(tmp_path)
    assert "not valid UTF-8" in problem and ":3:" in problem


def test_huge_file_is_rejected_without_parsing(tmp_path):
    with (tmp_path / "huge.yaml").open("w") as handle:
        handle.write("entries:\n")
        handle.write("# padding\n" * 1_000_000)
    started = time.perf_counter()
    problems = problems_for(tmp_path)
    assert time.perf_counter() - started < 1.0
    assert any("the limit is" in p for p in problems)


def test_empty_folder_and_missing_path(tmp_path):
    assert problems_for(tmp_path) == [f"{tmp_path}:0: no *.yaml knowledge files in this folder"]
    assert "no such file" in problems_for(tmp_path / "missing")[0]


def test_vocabulary_and_safety_sections(tmp_path):
    write(tmp_path, "faq.yaml", "entries:\n" + GOOD_ENTRY.format(id="a", question="Q?"))
    write(tmp_path, "vocabulary.yaml",
          "vocabulary:\n  synonyms:\n    - [bike, bicycle]\n  background: [coop]\n")
    write(tmp_path, "safety.yaml", "safety:\n  message: Please reach out.\n")
    kb = load_knowledge(tmp_path)
    assert kb.vocabulary.synonyms == (("bike", "bicycle"),)
    assert kb.safety.message == "Please reach out."


def test_load_knowledge_raises_with_every_problem(tmp_path):
    write(tmp_path, "faq.yaml", "entries:\n  - id: a\n  - id: b\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    assert len(caught.value.problems) == 4  # question and answer missing, twice


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_file_content_loads_or_reports_never_raises(tmp_path, text):
    write(tmp_path, "faq.yaml", text)
    kb, problems = validate_knowledge(tmp_path)
    assert (kb is None) != (not problems)


def test_entry_ids_fit_in_button_custom_ids(tmp_path):
    write(tmp_path, "faq.yaml", "entries:\n" + GOOD_ENTRY.format(id="a" * 65, question="Q?"))
    assert any("longer than 64" in p for p in problems_for(tmp_path))


def test_a_changed_file_is_read_again_even_at_the_same_size(tmp_path):
    import os

    path = write(tmp_path, "faq.yaml", "entries:\n" + GOOD_ENTRY.format(id="aaa", question="Q?"))
    assert load_knowledge(tmp_path).entries[0].id == "aaa"
    path.write_text("entries:\n" + GOOD_ENTRY.format(id="bbb", question="Q?"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_knowledge(tmp_path).entries[0].id == "bbb"
