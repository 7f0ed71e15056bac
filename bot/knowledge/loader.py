"""Load and validate a knowledge folder in one pass, with file:line for every problem.

The bot and `python -m bot validate` share this code, so whatever the validator accepts is
exactly what the bot loads, and a broken file is never half-loaded.

We walk PyYAML's node graph (``yaml.compose``) rather than ``safe_load``'s plain objects because
nodes carry line numbers, and because walking nodes lets us refuse anchors and aliases before
anything is expanded (a "billion laughs" file costs nothing to reject).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.knowledge.model import (
    DEFAULT_SAFETY_MESSAGE,
    Entry,
    KnowledgeBase,
    KnowledgeError,
    Link,
    Problem,
    SafetySettings,
    Vocabulary,
)
from bot.matching.normalize import normalize_text

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_NODES_PER_FILE = 500_000
ANSWER_LIMIT = 4096  # Discord embed description
QUESTION_LIMIT = 256  # Discord embed title
LABEL_LIMIT = 80  # Discord button label
ID_LIMIT = 64  # leaves room in a 100-character button custom id
SAFETY_LIMIT = 2000  # Discord message content

TOP_LEVEL_KEYS = ("entries", "vocabulary", "safety")
ENTRY_KEYS = ("id", "question", "answer", "alternates", "links", "tags", "related", "last_reviewed")
REQUIRED_ENTRY_KEYS = ("id", "question", "answer")
VOCABULARY_KEYS = ("synonyms", "stopwords", "background")
SAFETY_KEYS = ("message", "extra_phrases")
SLUG = re.compile(r"^[a-z0-9-]+$")
# libyaml's C parser when PyYAML was built with it (10x faster on a 10 000-entry folder);
# both are the *safe* loaders: no Python objects are ever constructed from tags.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class _FileReport:
    """What one file contributed, before the cross-file checks."""

    entries: list[Entry] = field(default_factory=list)
    vocabulary: list[Vocabulary] = field(default_factory=list)
    safety: list[SafetySettings] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _FileReader:
    """Turns one file's YAML nodes into entries, collecting problems instead of stopping."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.report = _FileReport()
        self._seen_nodes: set[int] = set()

    def problem(
        self, node: yaml.Node | None, message: str, entry_id: str | None = None,
        field_name: str | None = None,
    ) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.report.problems.append(Problem(self.name, line, message, entry_id, field_name))

    # -- node helpers -------------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, allowed: tuple[str, ...], what: str, entry_id: str | None = None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """A mapping node as {key: (key_node, value_node)}; unknown and repeated keys reported."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping", entry_id)
            return None
        result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key == "<<":
                self.problem(key_node, f"{what} has an invalid key", entry_id)
                continue
            if key in result:
                self.problem(key_node, f"key '{key}' appears twice", entry_id, key)
                continue
            if key not in allowed:
                self.problem(
                    key_node, f"unknown key '{key}' (allowed: {', '.join(allowed)})", entry_id, key
                )
                continue
            result[key] = (key_node, value_node)
        return result

    def text(
        self, node: yaml.Node, entry_id: str | None, field_name: str, limit: int | None = None
    ) -> str | None:
        """A non-empty string scalar, or None with a problem recorded."""
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.problem(node, "must be text", entry_id, field_name)
            return None
        value = str(node.value).strip()
        if not value:
            self.problem(node, "must not be empty", entry_id, field_name)
            return None
        if limit is not None and len(value) > limit:
            self.problem(
                node, f"is {len(value)} characters; Discord allows {limit}", entry_id, field_name
            )
            return None
        return value

    def text_list(self, node: yaml.Node, entry_id: str | None, field_name: str) -> list[str]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "must be a list", entry_id, field_name)
            return []
        values = [self.text(item, entry_id, field_name) for item in node.value]
        return [v for v in values if v is not None]

    def check_no_aliases(self, node: yaml.Node) -> bool:
        """Refuse anchors/aliases (a node reached twice) and absurdly large documents."""
        stack = [node]
        count = 0
        while stack:
            current = stack.pop()
            if id(current) in self._seen_nodes:
                self.problem(current, "YAML anchors and aliases are not allowed in knowledge files")
                return False
            self._seen_nodes.add(id(current))
            count += 1
            if count > MAX_NODES_PER_FILE:
                self.problem(current, f"file has more than {MAX_NODES_PER_FILE} YAML nodes")
                return False
            if isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    stack.extend((key, value))
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
        return True

    # -- sections -------------------------------------------------------------------------

    def read(self, root: yaml.Node | None) -> _FileReport:
        if root is None:
            self.problem(None, "file is empty; expected a mapping with 'entries'")
            return self.report
        if not self.check_no_aliases(root):
            return self.report
        top = self.mapping(root, TOP_LEVEL_KEYS, "the file")
        if top is None:
            return self.report
        if not top:
            self.problem(root, "file has none of: " + ", ".join(TOP_LEVEL_KEYS))
        if "entries" in top:
            self.read_entries(top["entries"][1])
        if "vocabulary" in top:
            self.read_vocabulary(top["vocabulary"][1])
        if "safety" in top:
            self.read_safety(top["safety"][1])
        return self.report

    def read_entries(self, node: yaml.Node) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "'entries' must be a list of entries")
            return
        for item in node.value:
            entry = self.read_entry(item)
            if entry is not None:
                self.report.entries.append(entry)

    def read_entry(self, node: yaml.Node) -> Entry | None:
        entry_id = _peek_id(node)
        fields = self.mapping(node, ENTRY_KEYS, "an entry", entry_id)
        if fields is None:
            return None
        before = len(self.report.problems)
        for key in REQUIRED_ENTRY_KEYS:
            if key not in fields:
                self.problem(node, "is missing (required)", entry_id, key)
        values: dict[str, object] = {}
        for key, (_, value_node) in fields.items():
            values[key] = self.read_field(key, value_node, entry_id)
        if len(self.report.problems) > before:
            return None
        return Entry(
            id=str(values["id"]),
            question=str(values["question"]),
            answer=str(values["answer"]),
            alternates=tuple(_dedupe(values.get("alternates", []))),  # type: ignore[arg-type]
            links=tuple(values.get("links", [])),  # type: ignore[arg-type]
            tags=tuple(_dedupe(values.get("tags", []))),  # type: ignore[arg-type]
            related=tuple(_dedupe(values.get("related", []))),  # type: ignore[arg-type]
            last_reviewed=values.get("last_reviewed"),  # type: ignore[arg-type]
            file=self.name,
            line=node.start_mark.line + 1,
        )

    def read_field(self, key: str, node: yaml.Node, entry_id: str | None) -> object:
        if key == "id":
            value = self.text(node, entry_id, key)
            if value is not None and not SLUG.match(value):
                self.problem(node, "must be a slug of a-z, 0-9 and '-'", entry_id, key)
            elif value is not None and len(value) > ID_LIMIT:
                # Button custom ids carry the entry id and Discord caps them at 100 characters.
                self.problem(node, f"is longer than {ID_LIMIT} characters", entry_id, key)
            return value
        if key == "question":
            return self.text(node, entry_id, key, QUESTION_LIMIT)
        if key == "answer":
            return self.text(node, entry_id, key, ANSWER_LIMIT)
        if key in ("alternates", "tags", "related"):
            return self.text_list(node, entry_id, key)
        if key == "links":
            return self.read_links(node, entry_id)
        return self.read_date(node, entry_id, key)

    def read_links(self, node: yaml.Node, entry_id: str | None) -> list[Link]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "must be a list of {label, url}", entry_id, "links")
            return []
        links = []
        for item in node.value:
            fields = self.mapping(item, ("label", "url"), "a link", entry_id)
            if fields is None:
                continue
            if "label" not in fields or "url" not in fields:
                self.problem(item, "each link needs both 'label' and 'url'", entry_id, "links")
                continue
            label = self.text(fields["label"][1], entry_id, "links.label", LABEL_LIMIT)
            url = self.text(fields["url"][1], entry_id, "links.url", 512)
            if url is not None and not _is_https_url(url):
                self.problem(
                    fields["url"][1], f"'{url}' is not an https URL", entry_id, "links.url"
                )
                continue
            if label is not None and url is not None:
                links.append(Link(label, url))
        return links

    def read_date(self, node: yaml.Node, entry_id: str | None, key: str) -> date | None:
        value = self.text(node, entry_id, key)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(node, f"'{value}' is not an ISO date (YYYY-MM-DD)", entry_id, key)
            return None

    def read_vocabulary(self, node: yaml.Node) -> None:
        fields = self.mapping(node, VOCABULARY_KEYS, "'vocabulary'")
        if fields is None:
            return
        groups: list[tuple[str, ...]] = []
        if "synonyms" in fields:
            synonyms_node = fields["synonyms"][1]
            if not isinstance(synonyms_node, yaml.SequenceNode):
                self.problem(synonyms_node, "must be a list of lists", None, "synonyms")
            else:
                for group_node in synonyms_node.value:
                    group = self.text_list(group_node, None, "synonyms")
                    if len(group) < 2:
                        self.problem(group_node, "a synonym group needs two or more", None,
                                     "synonyms")
                    else:
                        groups.append(tuple(group))
        stopwords = self.text_list(fields["stopwords"][1], None, "stopwords") \
            if "stopwords" in fields else []
        background = self.text_list(fields["background"][1], None, "background") \
            if "background" in fields else []
        self.report.vocabulary.append(
            Vocabulary(tuple(groups), frozenset(stopwords), frozenset(background))
        )

    def read_safety(self, node: yaml.Node) -> None:
        fields = self.mapping(node, SAFETY_KEYS, "'safety'")
        if fields is None:
            return
        message = DEFAULT_SAFETY_MESSAGE
        if "message" in fields:
            message = self.text(fields["message"][1], None, "message", SAFETY_LIMIT) or message
        phrases = self.text_list(fields["extra_phrases"][1], None, "extra_phrases") \
            if "extra_phrases" in fields else []
        self.report.safety.append(SafetySettings(message, tuple(phrases)))


def _peek_id(node: yaml.Node) -> str | None:
    """The entry's id if it has a readable one, so every problem can name the entry."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value) or None
    return None


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _is_https_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and " " not in url


def _knowledge_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted([*path.glob("*.yaml"), *path.glob("*.yml")])


# The last load's per-file results, keyed by path, size, mtime and inode: a reload after one
# file changed parses only that file. Replaced (never grown) by every load.
_FILE_CACHE: dict[tuple[str, int, int, int], _FileReport] = {}


def _read_file_cached(path: Path, name: str,
                      current: dict[tuple[str, int, int, int], _FileReport]) -> _FileReport:
    """`_read_file`, reusing the previous load's result for an unchanged file."""
    try:
        info = path.stat()
    except OSError:
        return _read_file(path, name)
    key = (name, info.st_size, info.st_mtime_ns, info.st_ino)
    report = _FILE_CACHE.get(key)
    if report is None:
        report = _read_file(path, name)
    current[key] = report
    return report


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _line_past_node_limit(text: str) -> int | None:
    """The line where a file passes MAX_NODES_PER_FILE nodes, or None if it never does.

    Counted on the parser's event stream, one event in memory at a time, before composing:
    composing an 8 MiB file of millions of tiny nodes first costs tens of seconds and
    gigabytes (measured: 20 s and 1 GB for "- a" lines, 60 s and 3 GB for "a," in a flow
    list) before the count after composing could refuse it. A node takes at least one
    character, so shorter files are skipped.
    """
    if len(text) <= MAX_NODES_PER_FILE:
        return None
    nodes = 0
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, _NODE_EVENTS):
            nodes += 1
            if nodes > MAX_NODES_PER_FILE:
                mark = event.start_mark
                return mark.line + 1 if mark is not None else 1
    return None


def _read_file(path: Path, name: str) -> _FileReport:
    reader = _FileReader(name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            reader.problem(None, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
            return reader.report
        raw = path.read_bytes()
    except OSError as exc:
        reader.problem(None, f"cannot read file: {exc.strerror or exc}")
        return reader.report
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reader.report.problems.append(
            Problem(name, line, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
        )
        return reader.report
    try:
        over_limit_at = _line_past_node_limit(text)
        if over_limit_at is not None:
            reader.report.problems.append(
                Problem(name, over_limit_at, f"file has more than {MAX_NODES_PER_FILE} YAML nodes")
            )
            return reader.report
        root = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reader.report.problems.append(
            Problem(name, line, f"YAML syntax error: {exc.problem or exc}")
        )
        return reader.report
    except yaml.YAMLError as exc:
        reader.report.problems.append(Problem(name, 1, f"YAML error: {exc}"))
        return reader.report
    return reader.read(root)


def _cross_checks(entries: list[Entry]) -> Iterator[Problem]:
    """Checks that need every file: unique ids, unique phrasings, related ids that exist."""
    first_by_id: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in first_by_id:
            other = first_by_id[entry.id]
            yield Problem(entry.file, entry.line,
                          f"duplicate id (also at {other.file}:{other.line})", entry.id, "id")
        else:
            first_by_id[entry.id] = entry
    distinct = [dict.fromkeys(map(normalize_text, entry.phrasings)) for entry in entries]
    if _any_shared(distinct):
        yield from _shared_phrasings(entries, distinct)
    for entry in entries:
        for related in entry.related:
            if related not in first_by_id:
                yield Problem(entry.file, entry.line, f"related id '{related}' does not exist",
                              entry.id, "related")
            elif related == entry.id:
                yield Problem(entry.file, entry.line, "an entry cannot be related to itself",
                              entry.id, "related")


def _any_shared(distinct: list[dict[str, None]]) -> bool:
    """Whether two entries share a normalised phrasing: a set-size check that runs in C, so a
    10 000-entry folder without duplicates (the usual case) skips the per-phrasing loop."""
    seen = set(chain.from_iterable(distinct))
    return len(seen) - ("" in seen) < sum(map(len, distinct)) - sum("" in d for d in distinct)


def _shared_phrasings(entries: list[Entry], distinct: list[dict[str, None]]
                      ) -> Iterator[Problem]:
    """A problem for each phrasing an entry shares with an earlier entry of another id."""
    owner: dict[str, Entry] = {}
    for entry, phrasings in zip(entries, distinct, strict=True):
        for phrasing in phrasings:
            if not phrasing:
                continue
            previous = owner.setdefault(phrasing, entry)
            if previous.id != entry.id:
                yield Problem(entry.file, entry.line,
                              f"phrasing '{phrasing}' is also under entry '{previous.id}' "
                              f"({previous.file}:{previous.line})", entry.id, "alternates")


def _merge_vocabulary(parts: list[Vocabulary]) -> Vocabulary:
    return Vocabulary(
        synonyms=tuple(group for part in parts for group in part.synonyms),
        stopwords=frozenset().union(*(p.stopwords for p in parts)),
        background=frozenset().union(*(p.background for p in parts)),
    )


def validate_knowledge(path: str | Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load a knowledge folder (or one file); return the KB, or None and every problem found."""
    root = Path(path)
    if not root.exists():
        return None, [Problem(str(root), 0, "no such file or folder")]
    files = _knowledge_files(root)
    if not files:
        return None, [Problem(str(root), 0, "no *.yaml knowledge files in this folder")]
    problems: list[Problem] = []
    reports: dict[tuple[str, int, int, int], _FileReport] = {}
    entries: list[Entry] = []
    vocabularies: list[Vocabulary] = []
    safety: list[SafetySettings] = []
    for file in files:
        report = _read_file_cached(file, str(file), reports)
        problems.extend(report.problems)
        entries.extend(report.entries)
        vocabularies.extend(report.vocabulary)
        safety.extend(report.safety)
    _FILE_CACHE.clear()
    _FILE_CACHE.update(reports)
    problems.extend(_cross_checks(entries))
    if not entries and not problems:
        problems.append(Problem(str(root), 0, "the knowledge base has no entries"))
    if len(safety) > 1:
        problems.append(Problem(str(root), 0, "'safety' is defined in more than one file"))
    if problems:
        return None, problems
    kb = KnowledgeBase(
        entries=tuple(entries),
        vocabulary=_merge_vocabulary(vocabularies),
        safety=safety[0] if safety else SafetySettings(),
        files=tuple(str(f) for f in files),
    )
    return kb, []


def load_knowledge(path: str | Path) -> KnowledgeBase:
    """Load a knowledge folder or raise KnowledgeError listing every problem (file:line)."""
    kb, problems = validate_knowledge(path)
    if kb is None:
        raise KnowledgeError(problems)
    return kb
