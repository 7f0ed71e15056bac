"""Write moderators' changes back into the knowledge files, touching nothing else.

Moderators keep the knowledge folder in git, so an edit made from Discord or the shell must
read like a hand edit: one added line in one entry, every comment, blank line, quote style and
key order elsewhere exactly as it was. ruamel.yaml's round-trip mode does most of that, but it
re-emits the *whole* file, and a file it cannot reproduce faithfully (odd spacing, unusual
indentation) would show unrelated changes. So the edit is made with ruamel on the whole
document, and then only the edited entry's lines are taken from ruamel's output and spliced
into the original text: outside that entry the file is byte-for-byte the original, by
construction. The spliced text is parsed again and must equal what ruamel meant to write, or
the edit is refused.

Nothing reaches the real file unless the whole knowledge folder, with the edited file in place
of the original, passes the same validation the bot loads with; the original is then replaced
atomically (`os.replace`), so the bot, a watcher or git never sees a half-written file.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from bot.knowledge.loader import QUESTION_LIMIT, validate_knowledge
from bot.knowledge.model import Problem, format_problems
from bot.matching.normalize import normalize_text

# An alternate is a question as members type it; longer than a question title it is a paste.
ALTERNATE_LIMIT = QUESTION_LIMIT
# ruamel folds long plain scalars at its default width of 80; never fold what we re-emit.
_NO_FOLDING = 1 << 16


class EditError(Exception):
    """The edit was not made and the file is unchanged; the message says why."""


class EditRejected(EditError):
    """The edited knowledge folder would not validate; the file is unchanged."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the edit would break the knowledge base:\n"
                         + format_problems(problems, 20))


@dataclass(frozen=True)
class EditResult:
    """What an edit did: `changed` is False when the entry already had that phrasing."""

    file: Path
    entry_id: str
    phrasing: str
    changed: bool
    line: int  # 1-based line of the entry in the edited file
    diff: str = ""  # unified diff of the change, for the moderator's eyes


def clean_phrasing(text: str) -> str:
    """A question as one tidy line: whitespace (newlines included) collapsed, ends trimmed."""
    return " ".join(text.split())


def add_alternate(
    knowledge_path: Path, file: Path, entry_id: str, phrasing: str
) -> EditResult:
    """Append `phrasing` to the alternates of entry `entry_id` in `file`, validated and atomic.

    `knowledge_path` is the folder the bot loads (validation covers all of it, so a phrasing
    already used by another entry is refused); `file` is the YAML file holding the entry.
    Raises EditError (or EditRejected with file:line problems); the file is then untouched.
    Blocking: call it in a worker thread from async code.
    """
    phrasing = clean_phrasing(phrasing)
    if not phrasing:
        raise EditError("the phrasing is empty")
    if len(phrasing) > ALTERNATE_LIMIT:
        raise EditError(f"the phrasing is {len(phrasing)} characters; alternates are at most "
                        f"{ALTERNATE_LIMIT}")
    original = _read(file)
    edited = _edit_text(original, file, entry_id, phrasing)
    if edited is None:
        return EditResult(file, entry_id, phrasing, changed=False,
                          line=_entry_line(original, entry_id))
    _validate_with(knowledge_path, file, edited)
    _replace_if_unchanged(file, original, edited)
    diff = "".join(difflib.unified_diff(
        original.splitlines(keepends=True), edited.splitlines(keepends=True),
        fromfile=f"a/{file.name}", tofile=f"b/{file.name}", n=2))
    return EditResult(file, entry_id, phrasing, changed=True,
                      line=_entry_line(edited, entry_id), diff=diff)


# -- reading and parsing ---------------------------------------------------------------------

def _read(file: Path) -> str:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise EditError(f"cannot read {file}: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError(f"{file} is not UTF-8; fix it by hand first") from exc


def _yaml(text: str) -> YAML:
    """A round-trip emitter set up like the file: its indentation, quotes kept, no folding."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _NO_FOLDING
    sequence_indent, offset = _guessed_indent(text)
    yaml.indent(mapping=max(sequence_indent - offset, 1), sequence=sequence_indent,
                offset=offset)
    return yaml


def _load(yaml: YAML, text: str, file: Path) -> Any:
    try:
        return yaml.load(text)
    except YAMLError as exc:
        raise EditError(f"{file} is not valid YAML; fix it first: {exc}") from exc


def _entries(document: Any, file: Path) -> CommentedSeq:
    entries = document.get("entries") if isinstance(document, CommentedMap) else None
    if not isinstance(entries, CommentedSeq):
        raise EditError(f"{file} has no 'entries' list")
    return entries


def _find(entries: CommentedSeq, entry_id: str, file: Path) -> int:
    for index, item in enumerate(entries):
        if isinstance(item, CommentedMap) and str(item.get("id")) == entry_id:
            return index
    raise EditError(f"entry '{entry_id}' is not in {file}")


def _entry_line(text: str, entry_id: str) -> int:
    """1-based line where an entry starts (0 if it cannot be found)."""
    with contextlib.suppress(EditError):
        yaml = _yaml(text)
        entries = _entries(_load(yaml, text, Path("?")), Path("?"))
        return int(entries.lc.item(_find(entries, entry_id, Path("?")))[0]) + 1
    return 0


# -- the edit --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Parsed:
    """One parse of a file's text, with what the edit needs to find its way around."""

    text: str
    lines: list[str]
    newline: str
    yaml: YAML
    document: CommentedMap
    entries: CommentedSeq
    index: int  # of the entry being edited

    @property
    def entry(self) -> CommentedMap:
        return self.entries[self.index]  # type: ignore[no-any-return]


def _parse(text: str, file: Path, entry_id: str) -> _Parsed:
    yaml = _yaml(text)
    document = _load(yaml, text, file)
    entries = _entries(document, file)
    return _Parsed(text, _lines(text), "\r\n" if "\r\n" in text else "\n", yaml, document,
                   entries, _find(entries, entry_id, file))


def _edit_text(original: str, file: Path, entry_id: str, phrasing: str) -> str | None:
    """The file's new text, or None when the entry already has the phrasing.

    First choice: insert the new line(s) into the original text, so the diff is exactly the
    added alternate. When the layout is unusual (a flow list `[a, b]`, an empty or null
    list), ruamel rewrites the entry instead and only that entry's lines change. Either way
    the result must parse to exactly the intended data, or the edit is refused.
    """
    parsed = _parse(original, file, entry_id)
    entry = parsed.entry
    alternates = entry.get("alternates")
    if alternates is not None and not isinstance(alternates, CommentedSeq):
        raise EditError(f"entry '{entry_id}' in {file}: 'alternates' is not a list")
    wanted = normalize_text(phrasing)
    existing = [str(entry.get("question", "")), *(str(a) for a in alternates or [])]
    if any(normalize_text(text) == wanted for text in existing):
        return None
    inserted = _inserted_text(parsed, phrasing)
    if alternates is None:
        # Where a person would put it: right after the answer (the shipped files' key order).
        keys = list(entry.keys())
        if "alternates" in entry:
            del entry["alternates"]  # present but null: replaced by the new list
            keys.remove("alternates")
        position = keys.index("answer") + 1 if "answer" in keys else len(keys)
        entry.insert(position, "alternates", CommentedSeq([phrasing]))
    else:
        if not alternates:
            alternates.fa.set_flow_style()  # it was written `[]`: keep it a flow list
        alternates.append(phrasing)
    intended = _plain(parsed.document)
    if inserted is not None and _means(parsed.yaml, inserted, intended):
        return inserted
    emitted = io.StringIO()
    parsed.yaml.dump(parsed.document, emitted)
    spliced = _splice(parsed, emitted.getvalue(), file, entry_id)
    if not _means(parsed.yaml, spliced, intended) or _comments(spliced) != _comments(original):
        raise EditError(f"cannot edit {file} safely (unusual layout); add the phrasing by hand")
    return spliced


def _scalar(yaml: YAML, text: str) -> str:
    """`text` as ruamel would write it as a block-list item (quoted only when it must be)."""
    out = io.StringIO()
    yaml.dump([text], out)
    return out.getvalue().split("-", 1)[1].strip()


def _content_end(lines: list[str], after: int, boundary: int) -> int:
    """The line just past the last content line in [after, boundary): blank lines and
    comments just before the boundary belong to whatever follows."""
    end = boundary
    while end > after + 1 and (not lines[end - 1].strip()
                               or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _boundary(parsed: _Parsed, key: str) -> int:
    """The line where whatever follows `key`'s value in the entry starts."""
    keys = list(parsed.entry.keys())
    following = keys[keys.index(key) + 1:]
    if following:
        return int(parsed.entry.lc.key(following[0])[0])
    return _entry_end(parsed, parsed.index)


def _entry_end(parsed: _Parsed, index: int) -> int:
    """The line where the next entry (or the next top-level key, or the end) starts."""
    if index + 1 < len(parsed.entries):
        return _dash_line(parsed, index + 1)
    keys = list(parsed.document.keys())
    following = keys[keys.index("entries") + 1:]
    return min((int(parsed.document.lc.key(k)[0]) for k in following),
               default=len(parsed.lines))


def _dash_line(parsed: _Parsed, index: int) -> int:
    """The line holding an entry's "-" (usually the line of its first key)."""
    line, column = parsed.entries.lc.item(index)
    if "-" not in parsed.lines[line][:column]:  # "-" alone on a line before the mapping
        while line > 0 and not parsed.lines[line].strip().startswith("-"):
            line -= 1
    return int(line)


def _insert(parsed: _Parsed, at: int, new_lines: list[str]) -> str:
    lines = list(parsed.lines)
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        # The file has no final line break: keep it that way.
        lines[-1] += parsed.newline
        new_lines = [*new_lines[:-1], new_lines[-1].removesuffix(parsed.newline)]
    return "".join(lines[:at] + new_lines + lines[at:])


def _inserted_text(parsed: _Parsed, phrasing: str) -> str | None:
    """The original text with the alternate inserted as a line of its own, copying the
    indentation around it; None when the layout is not a plain block list (or no list)."""
    entry, nl = parsed.entry, parsed.newline
    rendered = _scalar(parsed.yaml, phrasing)
    alternates = entry.get("alternates")
    if isinstance(alternates, CommentedSeq) and alternates and \
            not alternates.fa.flow_style():
        line, column = alternates.lc.item(len(alternates) - 1)
        prefix = parsed.lines[line][:column]
        if prefix.strip() != "-":
            return None
        at = _content_end(parsed.lines, line, _boundary(parsed, "alternates"))
        return _insert(parsed, at, [prefix + rendered + nl])
    if "alternates" in entry:
        return None  # an empty or null list: let ruamel rewrite it
    keys = list(entry.keys())
    anchor = "answer" if "answer" in keys else keys[-1]
    key_line, key_column = entry.lc.key(anchor)
    at = _content_end(parsed.lines, key_line, _boundary(parsed, anchor))
    sequence_indent, offset = _guessed_indent(parsed.text)
    item = " " * (key_column + offset) + "-" + " " * max(sequence_indent - offset - 1, 1)
    return _insert(parsed, at, [" " * key_column + "alternates:" + nl, item + rendered + nl])


def _guessed_indent(text: str) -> tuple[int, int]:
    """(block sequence indent, dash offset) as the file uses them; YAML's usual (2, 0)."""
    try:
        _, sequence_indent, offset = load_yaml_guess_indent(text)
    except YAMLError:
        return 2, 0
    return sequence_indent or 2, offset or 0


def _lines(text: str) -> list[str]:
    """Lines with their line breaks (only \\n and \\r\\n, as YAML counts them)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _entry_span(parsed: _Parsed) -> tuple[int, int]:
    """[first, last) lines of the edited entry: from its dash to its last content line.

    Blank lines and comments less indented than the entry's keys (comments about the list,
    or the next entry) are left outside, so they always come from the original text.
    """
    first = _dash_line(parsed, parsed.index)
    end = _entry_end(parsed, parsed.index)
    key_column = int(parsed.entries.lc.item(parsed.index)[1])
    while end > first + 1:
        line = parsed.lines[end - 1]
        stripped = line.lstrip()
        if stripped.strip() and not (stripped.startswith("#")
                                     and len(line) - len(stripped) < key_column):
            break
        end -= 1
    return first, end


def _splice(parsed: _Parsed, rewritten: str, file: Path, entry_id: str) -> str:
    """The original text with only the edited entry's lines taken from ruamel's rewrite."""
    rewritten = rewritten.replace("\r\n", "\n").replace("\n", parsed.newline)
    old_first, old_end = _entry_span(parsed)
    new_first, new_end = _entry_span(_parse(rewritten, file, entry_id))
    old, new = parsed.lines, _lines(rewritten)
    middle = new[new_first:new_end]
    if middle and not middle[-1].endswith("\n") and old_end < len(old):
        middle[-1] += parsed.newline
    return "".join(old[:old_first] + middle + old[old_end:])


def _comments(text: str) -> list[str]:
    """Every comment-only line, in order: a rewrite must neither lose nor repeat one."""
    return [line.strip() for line in _lines(text) if line.lstrip().startswith("#")]


def _plain(value: Any) -> Any:
    """ruamel's commented containers and scalars as plain Python values, for comparison."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)


def _means(yaml: YAML, text: str, intended: Any) -> bool:
    """Does `text` parse to exactly the intended data?"""
    try:
        return bool(_plain(yaml.load(text)) == intended)
    except YAMLError:
        return False


# -- validating and replacing --------------------------------------------------------------

def _validate_with(knowledge_path: Path, file: Path, edited: str) -> None:
    """Validate the knowledge folder as it would be with `edited` in place of `file`."""
    with _folder_with(knowledge_path, file, edited) as (candidate, names):
        kb, problems = validate_knowledge(candidate)
    if kb is None:
        raise EditRejected([_renamed(problem, names) for problem in problems])


def _renamed(problem: Problem, names: dict[str, str]) -> Problem:
    """A problem found in the scratch folder, naming the real files instead."""
    message = problem.message
    for scratch, real in names.items():
        message = message.replace(scratch, real)
    return Problem(names.get(problem.file, problem.file), problem.line, message,
                   problem.entry_id, problem.field)


@contextlib.contextmanager
def _folder_with(
    knowledge_path: Path, file: Path, edited: str
) -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary copy of the folder (other files linked, not copied) with the edit in it;
    yields its path and {scratch file name: real file name}."""
    with tempfile.TemporaryDirectory(prefix="faq-edit-") as scratch:
        root = Path(scratch)
        if knowledge_path.is_file():
            target = root / knowledge_path.name
            target.write_text(edited, encoding="utf-8", newline="")
            yield target, {str(target): str(file)}
            return
        names: dict[str, str] = {}
        for path in sorted([*knowledge_path.glob("*.yaml"), *knowledge_path.glob("*.yml")]):
            target = root / path.name
            names[str(target)] = str(path)
            if path.resolve() == file.resolve():
                target.write_text(edited, encoding="utf-8", newline="")
                continue
            try:
                target.symlink_to(path.resolve())
            except OSError:  # no symlinks here (some Windows set-ups): copy instead
                shutil.copyfile(path, target)
        if str(root / file.name) not in names:
            raise EditError(f"{file} is not in the knowledge folder {knowledge_path}")
        yield root, names


def _replace_if_unchanged(file: Path, original: str, edited: str) -> None:
    """Atomically replace `file` with `edited`, unless someone changed it since we read it."""
    if _read(file) != original:
        raise EditError(f"{file} changed on disk while it was being edited; try again")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp",
                                             dir=file.parent)
    except OSError as exc:  # e.g. a knowledge folder mounted read-only
        raise EditError(f"cannot write next to {file}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(edited)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(file, temporary)
        os.replace(temporary, file)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise EditError(f"cannot replace {file}: {exc.strerror or exc}") from exc
        raise
