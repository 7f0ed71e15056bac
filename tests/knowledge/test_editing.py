"""Writing an alternate back into a knowledge file: one line changes, nothing else does."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot.knowledge.editing as editing
from bot.knowledge import load_knowledge
from bot.knowledge.editing import EditError, EditRejected, add_alternate, clean_phrasing

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge"

# Deliberately untidy in ways ruamel would "fix" if it re-emitted the whole file: extra spaces
# after colons, a flow list with odd spacing, a comment between entries, double-quoted and
# single-quoted scalars, a '-' on its own line, a trailing comment block, no final newline.
MESSY = """\
# Top comment: kept.
entries:
  # before the first entry
  - id: first
    question:   "First question?"    # spaced out on purpose
    answer: |-
      Line one.

      Line three, after a blank line.
    alternates:
      - 'first alternate'
      - second   alternate   # comment on an alternate
      # a commented-out alternate stays where it is
    tags: [a,   b]
    last_reviewed: 2025-01-02

  # between entries
  - id: second
    question: Second question?
    answer: Plain answer.   # trailing
    tags: [b]

  -
    id: third
    question: Third question?
    answer: >-
      Folded
      answer.
    alternates: [third alt,  "another"]
# closing comment
#   indented text inside a comment
vocabulary:
  stopwords: [um,  uh]"""


def knowledge(tmp_path: Path, text: str = MESSY, name: str = "faq.yaml") -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.encode())
    return folder


def added_lines(before: str, after: str) -> list[str]:
    """Lines added, and fail if any line was removed or changed."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    assert [d for d in diff if d.startswith("- ")] == [], "no original line may change"
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_adding_to_an_existing_list_adds_one_line_and_keeps_every_other_byte(tmp_path):
    folder = knowledge(tmp_path)
    result = add_alternate(folder, folder / "faq.yaml", "first", "How do I start?")
    after = (folder / "faq.yaml").read_text()
    assert result.changed and result.line == 4
    assert added_lines(MESSY, after) == ["      - How do I start?\n"]
    # Inserted after the last alternate, before the commented-out one.
    assert after.index("How do I start?") < after.index("# a commented-out alternate")
    assert load_knowledge(folder).by_id["first"].alternates[-1] == "How do I start?"
    assert "+      - How do I start?" in result.diff


def test_an_entry_without_alternates_gets_the_list_after_its_answer(tmp_path):
    folder = knowledge(tmp_path)
    add_alternate(folder, folder / "faq.yaml", "second", "the second one")
    after = (folder / "faq.yaml").read_text()
    assert added_lines(MESSY, after) == ["    alternates:\n", "      - the second one\n"]
    assert after.index("answer: Plain answer.   # trailing") < \
        after.index("alternates:\n      - the second")
    entry = load_knowledge(folder).by_id["second"]
    assert entry.alternates == ("the second one",) and entry.tags == ("b",)


def test_a_flow_list_is_rewritten_by_ruamel_inside_that_entry_only(tmp_path):
    folder = knowledge(tmp_path)
    add_alternate(folder, folder / "faq.yaml", "third", "3rd question")
    after = (folder / "faq.yaml").read_text()
    head, tail = MESSY.split("  -\n    id: third")[0], MESSY[MESSY.index("# closing comment"):]
    assert after.startswith(head) and after.endswith(tail)
    middle = after[len(head):-len(tail)]
    assert "3rd question" in middle and "# " not in middle
    assert load_knowledge(folder).by_id["third"].alternates == ("third alt", "another",
                                                                 "3rd question")


LAYOUTS = {
    "keep-chomping answer, then a blank line": (
        "    answer: |+\n      kept trailing newline\n\n", "    tags: [x]\n"),
    "empty flow list": ("    answer: A.\n    alternates: []  # none yet\n", ""),
    "no answer key order": ("    tags: [x]\n    answer: A.\n", "    related: [other]\n"),
    "compact, no indent": ("    answer: A.\n    alternates:\n    - zero\n", ""),
}


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_unusual_layouts_change_only_that_entry(tmp_path, layout):
    middle, after_key = LAYOUTS[layout]
    head = "# head\nentries:\n  - id: other\n    question: Other?\n    answer:   O.\n\n"
    entry = f"  - id: target\n    question: Target?\n{middle}{after_key}"
    tail = "\n  # last entry next\n  - id: last\n    question:  Last?\n    answer: L.\n# end\n"
    text = head + entry + tail
    folder = knowledge(tmp_path, text)
    before = load_knowledge(folder).by_id["target"]
    add_alternate(folder, folder / "faq.yaml", "target", "brand new phrasing")
    after = (folder / "faq.yaml").read_text()
    assert after.startswith(head) and after.endswith(tail)
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in text.splitlines() if line.lstrip().startswith("#")]
    entry_after = load_knowledge(folder).by_id["target"]
    assert entry_after.alternates == (*before.alternates, "brand new phrasing")
    assert entry_after.answer == before.answer and entry_after.tags == before.tags


def test_shipped_files_change_by_exactly_one_line(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    kb = load_knowledge(folder)
    entry = kb.by_id["mcmi-duration"]
    result = add_alternate(folder, Path(entry.file), entry.id, "how many weeks does mcmi run")
    assert result.changed
    for path in folder.iterdir():
        if path.name != Path(entry.file).name:
            assert path.read_bytes() == before[path.name]
    after = Path(entry.file).read_text()
    assert added_lines(before[Path(entry.file).name].decode(), after) == [
        "      - how many weeks does mcmi run\n"]
    assert "how many weeks does mcmi run" in load_knowledge(folder).by_id[entry.id].alternates


def test_crlf_line_endings_are_kept(tmp_path):
    text = MESSY.replace("\n", "\r\n")
    folder = knowledge(tmp_path, text)
    add_alternate(folder, folder / "faq.yaml", "first", "windows question")
    after = (folder / "faq.yaml").read_bytes().decode()
    assert "\n" not in after.replace("\r\n", "")
    assert added_lines(text, after) == ["      - windows question\r\n"]


def test_text_that_needs_quoting_is_quoted(tmp_path):
    folder = knowledge(tmp_path)
    tricky = "- price: how much? #1 'quoted' \"double\""
    add_alternate(folder, folder / "faq.yaml", "first", tricky)
    assert load_knowledge(folder).by_id["first"].alternates[-1] == tricky


def test_whitespace_is_collapsed_and_a_phrasing_already_there_changes_nothing(tmp_path):
    folder = knowledge(tmp_path)
    result = add_alternate(folder, folder / "faq.yaml", "first", "  FIRST   alternate\n")
    assert not result.changed and result.line == 4
    assert (folder / "faq.yaml").read_text() == MESSY
    assert clean_phrasing(" a \n b\t c ") == "a b c"


def assert_untouched(folder: Path, text: str = MESSY) -> None:
    assert (folder / "faq.yaml").read_text() == text
    assert sorted(p.name for p in folder.iterdir()) == ["faq.yaml"], "no temp file left behind"


def test_a_phrasing_another_entry_has_is_refused_and_the_file_left_alone(tmp_path):
    folder = knowledge(tmp_path)
    with pytest.raises(EditRejected) as caught:
        add_alternate(folder, folder / "faq.yaml", "first", "Second question?")
    assert_untouched(folder)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{folder / 'faq.yaml'}:19: entry 'second'")
    assert f"also under entry 'first' ({folder / 'faq.yaml'}:4)" in problem.message, \
        "scratch paths are renamed back to the real file"


def test_a_broken_other_file_refuses_the_edit(tmp_path):
    folder = knowledge(tmp_path)
    (folder / "broken.yaml").write_text("entries:\n  - id: x\n    question: [\n")
    with pytest.raises(EditRejected) as caught:
        add_alternate(folder, folder / "faq.yaml", "first", "fine on its own")
    assert (folder / "faq.yaml").read_text() == MESSY
    assert any(p.file == str(folder / "broken.yaml") for p in caught.value.problems)


@pytest.mark.parametrize(("entry_id", "phrasing", "message"), [
    ("missing", "anything", "entry 'missing' is not in"),
    ("first", "   ", "empty"),
    ("first", "x" * 300, "at most 256"),
])
def test_impossible_edits_say_why(tmp_path, entry_id, phrasing, message):
    folder = knowledge(tmp_path)
    with pytest.raises(EditError, match=message):
        add_alternate(folder, folder / "faq.yaml", entry_id, phrasing)
    assert_untouched(folder)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    folder = knowledge(tmp_path, "entries: [\n")
    with pytest.raises(EditError, match="not valid YAML"):
        add_alternate(folder, folder / "faq.yaml", "first", "q")


def test_a_concurrent_change_wins_over_the_edit(tmp_path, monkeypatch):
    folder = knowledge(tmp_path)
    real_validate = editing.validate_knowledge
    someone_else = MESSY.replace("Plain answer.", "Someone else's answer.")

    def validate_while_someone_saves(path):
        (folder / "faq.yaml").write_text(someone_else)
        return real_validate(path)

    monkeypatch.setattr(editing, "validate_knowledge", validate_while_someone_saves)
    with pytest.raises(EditError, match="changed on disk"):
        add_alternate(folder, folder / "faq.yaml", "first", "new question")
    assert_untouched(folder, someone_else)


def test_a_folder_that_cannot_be_written_is_an_edit_error(tmp_path, monkeypatch):
    folder = knowledge(tmp_path)

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(editing.tempfile, "mkstemp", read_only)
    with pytest.raises(EditError, match=r"cannot write next to .*Read-only file system"):
        add_alternate(folder, folder / "faq.yaml", "first", "a new question")
    assert_untouched(folder)


def test_a_failed_replace_leaves_no_temp_file(tmp_path, monkeypatch):
    folder = knowledge(tmp_path)

    def refuse(source, target):
        raise OSError(16, "Device or resource busy")  # e.g. a bind-mounted single file

    monkeypatch.setattr(editing.os, "replace", refuse)
    with pytest.raises(EditError, match=r"cannot replace .*busy"):
        add_alternate(folder, folder / "faq.yaml", "first", "a new question")
    assert_untouched(folder)


def test_the_file_mode_is_kept_and_a_single_file_knowledge_path_works(tmp_path):
    folder = knowledge(tmp_path)
    file = folder / "faq.yaml"
    file.chmod(0o640)
    add_alternate(file, file, "first", "single file mode")
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o640
    assert "single file mode" in load_knowledge(file).by_id["first"].alternates


SMALL = """\
entries:
  - id: only  # the one entry
    question: Only question?
    answer: The answer.
    alternates:
      - only alternate
"""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80))
def test_any_text_is_stored_exactly_or_refused_with_the_file_unchanged(text):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        file = folder / "faq.yaml"
        file.write_text(SMALL)
        try:
            result = add_alternate(folder, file, "only", text)
        except EditError:
            assert file.read_text() == SMALL
            return
        entry = load_knowledge(folder).by_id["only"]
        if result.changed:
            assert entry.alternates[-1] == clean_phrasing(text)
            assert file.read_text().startswith(SMALL)
        else:
            assert file.read_text() == SMALL
