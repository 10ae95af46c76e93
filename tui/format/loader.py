"""Load a briefing file as untrusted input: safe YAML, validated, evidence verified.

Every problem is reported with the line and column of the YAML node it is about (the key of an
unknown key, the value of a bad value), and all problems of a file are reported together.
"""

from __future__ import annotations

import gc
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tui.format import references
from tui.format.document import Document
from tui.format.evidence import Miss, SourceText
from tui.format.model import Briefing
from tui.format.problems import BriefingError, Problem

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Largest briefing or source file read (32 MiB); a library is many files, not one huge one."""

MAX_DEPTH = 64
"""Deepest nesting of YAML collections accepted (the format needs 5)."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]


class _Refused(Exception):
    """Raised inside the YAML constructor for input the format refuses outright."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_ALIAS = "YAML aliases are not allowed in briefings"
_MERGE = "YAML merge keys ('<<') are not allowed in briefings"


def _too_deep() -> str:
    return f"nesting deeper than {MAX_DEPTH} levels"


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_subtree(node: yaml.Node, depth: int) -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` below ``node`` (at ``depth``), without recursion."""
    visited: set[yaml.Node] = set()  # an alias can make the nodes a graph with cycles
    stack = [(child, depth + 1) for child in _children(node)]
    while stack:
        child, level = stack.pop()
        if child in visited:
            continue
        visited.add(child)
        if isinstance(child, yaml.CollectionNode):
            if level > MAX_DEPTH:
                raise _Refused(child, _too_deep())
            stack.extend((grandchild, level + 1) for grandchild in _children(child))


def _check_skipped(node: yaml.Node, depth: int) -> None:
    """Refuse too deep nesting in a value that is not constructed (that of a refused key)."""
    if isinstance(node, yaml.CollectionNode):
        if depth > MAX_DEPTH:
            raise _Refused(node, _too_deep())
        _check_subtree(node, depth)


class _StrictLoader(_Loader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader that refuses aliases, merge keys, duplicate keys and deep nesting.

    :meth:`construct_document` builds the data in one pass over the nodes, in the order of
    PyYAML's own constructor (breadth first), checking nesting depth on the way: plain mappings,
    sequences and strings directly, nodes of other tags with PyYAML's constructors.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[yaml.Node, str]] = []
        # Without '&' there are no anchors, so no aliases: a node cannot be met twice.
        self._aliases_possible = "&" in stream

    # --- resolving tags (the composer calls these for every node) ----------------------------

    # Without path resolvers there is nothing to track while descending: C callables that do
    # nothing spare two Python calls per node. (descend_resolver(parent, index) gets a node or
    # None and an index; ascend_resolver() nothing.)
    descend_resolver = {}.get  # type: ignore[assignment]
    ascend_resolver = int  # type: ignore[assignment]

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:  # quoted, or not plain: a string (there are no path resolvers)
                return _STR_TAG
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 64 and len(_PLAIN_TAGS) < 10_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        if kind is yaml.MappingNode:
            return _MAP_TAG
        return _SEQ_TAG

    # --- constructing ------------------------------------------------------------------------

    def construct_document(self, node: yaml.Node) -> Any:
        # Like PyYAML, make an empty container for a collection and fill it later, from a queue:
        # here the queue holds (node, container, depth) for plain mappings and sequences, filled
        # below, and PyYAML's own generators for other tags (``!!set``, ...), in one order.
        constructed = self.constructed_objects  # shared with PyYAML's constructors
        deferred = self.state_generators
        aliases_possible = self._aliases_possible
        queue: list[Any] = []
        problems = self.problems
        scalar, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
        str_tag, map_tag, seq_tag, merge_tag = _STR_TAG, _MAP_TAG, _SEQ_TAG, _MERGE_TAG
        max_depth = MAX_DEPTH
        if len(_SHARED_STRINGS) > 100_000:
            _SHARED_STRINGS.clear()
        share, short = _SHARED_STRINGS.setdefault, _SHARED_LENGTH

        def start(node: yaml.Node, depth: int) -> Any:
            """The value of a node: complete for a scalar, an empty container to fill later."""
            if aliases_possible:
                if node in constructed:
                    raise _Refused(node, _ALIAS)
            kind = node.__class__
            if kind is scalar:
                if node.tag == str_tag:
                    value = node.value
                    if len(value) <= short:
                        value = share(value, value)
                    if aliases_possible:
                        constructed[node] = value
                    return value
            else:
                if depth > max_depth:
                    raise _Refused(node, _too_deep())
                tag = node.tag
                if kind is mapping_node and tag == map_tag:
                    container: Any = {}
                elif kind is sequence_node and tag == seq_tag:
                    container = []
                else:
                    container = None
                if container is not None:
                    if aliases_possible:
                        constructed[node] = container
                    queue.append((node, container, depth))
                    return container
                _check_subtree(node, depth)
            value = self.construct_object(node)  # a tag the format does not use
            if deferred:
                queue.extend(deferred)
                deferred.clear()
            return value

        data = start(node, 1)
        index = 0
        while index < len(queue):
            item = queue[index]
            index += 1
            if item.__class__ is not tuple:  # a generator filling a container of another tag
                for _ in item:
                    pass
                if deferred:
                    queue.extend(deferred)
                    deferred.clear()
                continue
            node, container, depth = item
            depth += 1
            if container.__class__ is list:
                if aliases_possible:
                    container.extend([start(child, depth) for child in node.value])
                else:
                    container.extend(
                        [
                            share(child.value, child.value)
                            if child.tag == str_tag
                            and child.__class__ is scalar
                            and len(child.value) <= short
                            else start(child, depth)
                            for child in node.value
                        ]
                    )
                continue
            for key_node, value_node in node.value:
                if key_node.tag == str_tag and key_node.__class__ is scalar and not aliases_possible:
                    key = key_node.value  # the usual case, inlined
                else:
                    if key_node.tag == merge_tag:
                        raise _Refused(key_node, _MERGE)
                    key = start(key_node, depth)
                    if not isinstance(key, str):
                        problems.append((key_node, f"key {key!r} is not text"))
                        _check_skipped(value_node, depth)
                        continue
                if key in container:
                    problems.append((key_node, f"duplicate key '{key}'"))
                    _check_skipped(value_node, depth)
                elif (
                    value_node.tag == str_tag
                    and value_node.__class__ is scalar
                    and not aliases_possible
                ):
                    value = value_node.value  # the usual case, inlined
                    container[key] = share(value, value) if len(value) <= short else value
                else:
                    container[key] = start(value_node, depth)
        return data

    # PyYAML's recursive construction, used for the tags the format does not use.

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(node, _ALIAS)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise _Refused(key_node, _MERGE)
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                self.problems.append((key_node, f"key {key!r} is not text"))
                continue
            if key in mapping:
                self.problems.append((key_node, f"duplicate key '{key}'"))
                continue
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_SHARED_STRINGS: dict[str, str] = {}
"""Short string values (ids, names, kinds, dates of speech ...) recur across a library: one
object each, shared by every document (at most about 100,000 kept; then the table restarts)."""

_SHARED_LENGTH = 64
"""Longest string value shared."""

_PLAIN_TAGS: dict[str, str] = {}
"""The tag of each plain (unquoted) scalar seen so far: it depends only on the text."""


# YAML 1.1 reads yes/no/on/off as booleans, which turned Norway's code `NO` into False. The format
# has no boolean fields: only true/false (as in YAML 1.2) are booleans.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
if _StrictLoader.yaml_path_resolvers:  # resolve() and the no-op (de|a)scend_resolver rely on it
    raise RuntimeError("_StrictLoader does not support YAML path resolvers")


def _libyaml_limits_nesting() -> bool:
    """Whether the C parser refuses nesting over 1,000 levels itself (libyaml 0.2.6 and later).

    Then nodes can be composed before their depth is checked (the composer recurses in C, once
    per level). Otherwise every file gets a separate pass over its events first, as the pure
    Python composer recurses in Python.
    """
    if _Loader is not getattr(yaml, "CSafeLoader", None):
        return False
    levels = 1_001
    try:
        yaml.compose("[" * levels + "]" * levels, Loader=_Loader)
    except yaml.YAMLError as error:
        return "nesting depth" in str(error)
    return False


_LIBYAML_LIMITS_NESTING = _libyaml_limits_nesting()


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read_text(path: Path, *, shown: str | None = None) -> str:
    """Read a UTF-8 text file (a BOM tolerated), refusing huge or undecodable files."""
    shown = shown or str(path)
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISDIR(info.st_mode):
            raise BriefingError([Problem(shown, 0, 0, "is a directory, not a file")])
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise BriefingError([Problem(shown, 0, 0, "not a regular file")])
        if size > MAX_FILE_BYTES:
            raise BriefingError(
                [Problem(shown, 0, 0, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")]
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise BriefingError([Problem(shown, 0, 0, f"cannot read: {error.strerror or error}")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BriefingError([Problem(shown, 1, 1, "file is UTF-16; briefings are UTF-8")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line, column = _position(good, len(good))
        raise BriefingError(
            [Problem(shown, line, column, f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded")]
        )


def parse(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text safely; problems that do not stop the parse are returned."""
    try:
        if not _LIBYAML_LIMITS_NESTING:
            _refuse_deep_nesting(text, shown)
        loader = _StrictLoader(text)
        try:
            data = loader.get_single_data()
        except Exception:
            if _LIBYAML_LIMITS_NESTING:
                # A file is checked for deep nesting before anything else: report what that
                # pass over the events finds first, as if it had run before the parse.
                _refuse_deep_nesting(text, shown)
            raise
        finally:
            loader.dispose()
    except _Refused as refused:
        mark = refused.node.start_mark
        raise BriefingError([Problem(shown, mark.line + 1, mark.column + 1, refused.message)])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        if error.context and error.problem:
            message = f"{error.problem} ({error.context})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise BriefingError([Problem(shown, line, column, f"invalid YAML: {message}")])
    except yaml.reader.ReaderError as error:
        # libyaml gives a byte offset; the reader stops at the first occurrence of the character.
        code = error.character if isinstance(error.character, int) else None
        offset = text.find(chr(code)) if code is not None else -1
        line, column = _position(text, offset) if offset >= 0 else (0, 0)
        what = f"character U+{code:04X}" if code is not None else "input"
        raise BriefingError([Problem(shown, line, column, f"invalid YAML: {what}: {error.reason}")])
    except yaml.YAMLError as error:
        raise BriefingError([Problem(shown, 0, 0, f"invalid YAML: {error}")])
    problems = [
        Problem(shown, node.start_mark.line + 1, node.start_mark.column + 1, message)
        for node, message in loader.problems
    ]
    return data, problems


def _refuse_deep_nesting(text: str, shown: str) -> None:
    """Raise for nesting deeper than ``MAX_DEPTH`` (or the first YAML error before it)."""
    loader = _StrictLoader(text)
    try:
        problem = _depth_problem(loader, shown)
    finally:
        loader.dispose()
    if problem:
        raise BriefingError([problem])


def _depth_problem(loader: Any, shown: str) -> Problem | None:
    """Walk the event stream once, refusing nesting deeper than ``MAX_DEPTH``."""
    depth = 0
    while True:
        event = loader.get_event()
        if event is None or isinstance(event, yaml.StreamEndEvent):
            return None
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return Problem(
                    shown, mark.line + 1, mark.column + 1, f"nesting deeper than {MAX_DEPTH} levels"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _node_at(root: yaml.Node | None, loc: Loc, *, at_key: bool) -> yaml.Node | None:
    """The node a validation error's location points at (as deep as the file goes)."""
    node = root
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    node = key_node if (last and at_key) else value_node
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node


class _Locator:
    """Turns locations in the data into line and column, composing the YAML only if needed."""

    def __init__(self, text: str, shown: str) -> None:
        self._text = text
        self._shown = shown
        self._root: yaml.Node | None = None
        self._composed = False

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        node = _node_at(self._root, loc, at_key=at_key)
        if node is None:
            return Problem(self._shown, 1, 1, message)
        return Problem(self._shown, node.start_mark.line + 1, node.start_mark.column + 1, message)


def describe(loc: Loc) -> str:
    """``('statements', 3, 'text')`` → ``statements[3].text``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "the briefing"


_ALLOWED_KEYS_BY_LIST = {
    "sources": "Source",
    "countries": "Country",
    "actors": "Actor",
    "topics": "Topic",
    "positions": "Position",
    "statements": "Statement",
    "debates": "Debate",
    "sides": "Side",
    "risks": "Risk",
    "caveats": "Caveat",
}


def _allowed_keys(loc: Loc) -> list[str]:
    from tui.format import model

    name = "Briefing"
    for part in loc:
        if isinstance(part, str) and part in _ALLOWED_KEYS_BY_LIST:
            name = _ALLOWED_KEYS_BY_LIST[part]
    return list(getattr(model, name).model_fields)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _validation_problems(error: ValidationError, locate: _Locator) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc: Loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            where = describe(loc[:-1])
            allowed = ", ".join(_allowed_keys(loc[:-1]))
            message = f"unknown key '{loc[-1]}' in {where} (allowed: {allowed})"
            problems.append(locate.problem(loc, message, at_key=True))
        elif kind == "too_short" and len(item.get("input") or ()) >= item.get("ctx", {}).get(
            "min_length", 1
        ):
            continue  # pydantic counts only the items that validated; the others are reported
        elif kind == "missing":
            message = f"missing required key '{loc[-1]}' in {describe(loc[:-1])}"
            problems.append(locate.problem(loc[:-1], message))
        else:
            message = item["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            if kind == "string_pattern_mismatch" and "a-z0-9" in message:
                message = "must be a slug: lower-case letters, digits and '-', starting with a letter or digit"
            elif kind == "string_pattern_mismatch":
                message = "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. 'FR'"
            else:
                message = message[:1].lower() + message[1:]
            if kind not in ("value_error",) and "input" in item and not isinstance(
                item["input"], (dict, list)
            ):
                message += f" (got {_short(item['input'])})"
            problems.append(locate.problem(loc, f"{describe(loc)}: {message}"))
    return problems


def _within(folder: Path, target: Path) -> bool:
    try:
        target.relative_to(folder)
    except ValueError:
        return False
    return True


def _load_sources(
    briefing: Briefing, path: Path, shown: str, locate: _Locator
) -> tuple[dict[str, str], list[Problem]]:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    folder = path.resolve().parent
    read: dict[Path, str | BriefingError] = {}  # each file read once, however many sources name it
    for index, source in enumerate(briefing.sources):
        if source.file is None:
            continue
        loc: Loc = ("sources", index, "file")
        relative = Path(source.file)
        if relative.is_absolute() or source.file.startswith(("/", "\\")):
            problems.append(locate.problem(loc, f"source file '{source.file}' must be a relative path"))
            continue
        target = (path.parent / relative).resolve()
        if not _within(folder, target):
            problems.append(
                locate.problem(loc, f"source file '{source.file}' is outside the briefing's folder")
            )
            continue
        if not target.is_file():
            problems.append(locate.problem(loc, f"source file '{source.file}' not found"))
            continue
        if target not in read:
            try:
                read[target] = read_text(target, shown=str(target))
            except BriefingError as error:
                read[target] = error
        text = read[target]
        if isinstance(text, BriefingError):
            reason = text.problems[0].message
            problems.append(locate.problem(loc, f"source file '{source.file}': {reason}"))
        else:
            texts[source.id] = text
    return texts, problems


def _evidence_items(briefing: Briefing) -> Iterator[tuple[Loc, str, tuple[str, ...], str | None]]:
    """Every piece of evidence: (location, source id, excerpts, direct quotation or None)."""
    first = briefing.sources[0].id
    for i, item in enumerate(briefing.positions):
        yield ("positions", i, "evidence"), first, item.evidence, None
    for i, statement in enumerate(briefing.statements):
        source = briefing.source_of(statement).id
        direct = statement.text if statement.is_direct else None
        yield ("statements", i, "evidence"), source, statement.evidence, direct
    for i, debate in enumerate(briefing.debates):
        yield ("debates", i, "evidence"), first, debate.evidence, None
        for j, side in enumerate(debate.sides):
            yield ("debates", i, "sides", j, "evidence"), first, side.evidence, None
    for i, risk in enumerate(briefing.risks):
        yield ("risks", i, "evidence"), first, risk.evidence, None
    for i, caveat in enumerate(briefing.caveats):
        yield ("caveats", i, "evidence"), first, caveat.evidence, None


def verify_evidence(
    briefing: Briefing, texts: dict[str, str], locate: _Locator
) -> tuple[dict[tuple[str, str], tuple[tuple[int, int], ...]], int, list[Problem]]:
    """Locate every excerpt in its source file: spans found, excerpts checked, misses."""
    by_text: dict[int, SourceText] = {}  # sources naming the same file share its text
    prepared: dict[str, SourceText] = {}
    for source_id, text in texts.items():
        if id(text) not in by_text:
            by_text[id(text)] = SourceText(text)
        prepared[source_id] = by_text[id(text)]
    spans: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}
    problems: list[Problem] = []
    checked = 0
    for loc, source_id, excerpts, direct in _evidence_items(briefing):
        source = prepared.get(source_id)
        if source is None:
            continue
        wanted: list[tuple[Loc, str, str]] = [
            (loc if len(excerpts) == 1 and isinstance(excerpts, tuple) else (*loc, n), excerpt, "excerpt")
            for n, excerpt in enumerate(excerpts)
        ]
        if direct is not None:
            wanted.append(((*loc[:-1], "text"), direct, "direct quotation"))
        for where, excerpt, what in wanted:
            checked += 1
            key = (source_id, excerpt)
            if key in spans:
                continue
            found = source.locate(excerpt)
            if isinstance(found, Miss):
                message = f"{what} not found in source '{source_id}': {_quote(excerpt)}"
                if found.hint:
                    message += f"; did you mean {_quote(found.hint)}?"
                problems.append(locate.problem(where, message))
            else:
                spans[key] = found
    return spans, checked, problems


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 3]}..."'


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (parsing and validating allocate many objects that
    are either kept or freed by reference counting, and each collection would also walk every
    document loaded before)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load(path: Path | str, *, shown: str | None = None) -> Document:
    """Load, validate and verify one briefing file; raise :class:`BriefingError` on problems."""
    with gc_paused():
        return _load(Path(path), shown or str(path))


def _load(path: Path, shown: str) -> Document:
    text = read_text(path, shown=shown)
    if not text.strip():
        raise BriefingError([Problem(shown, 1, 1, "file is empty")])
    data, problems = parse(text, shown)
    locate = _Locator(text, shown)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.append(locate.problem((), f"a briefing is a mapping of keys, not {kind}"))
        raise BriefingError(problems)
    try:
        briefing = Briefing.model_validate(data)
    except ValidationError as error:
        problems.extend(_validation_problems(error, locate))
        problems.extend(locate.problem(loc, message) for loc, message in references.check(data))
        raise BriefingError(sorted(set(problems))) from None
    problems.extend(locate.problem(loc, message) for loc, message in references.check(data))
    texts, source_problems = _load_sources(briefing, path, shown, locate)
    problems.extend(source_problems)
    spans, checked, evidence_problems = verify_evidence(briefing, texts, locate)
    problems.extend(evidence_problems)
    if problems:
        raise BriefingError(sorted(set(problems)))
    return Document(path=path, briefing=briefing, source_texts=texts, spans=spans, excerpts=checked)


def load_safely(
    path: Path, *, shown: str | None = None, load_one: Callable[..., Document] = load
) -> tuple[Document | None, list[Problem]]:
    """Load one file and never raise: a document, or the problems that stopped it.

    ``load_one`` is the loading function (the cache passes its own).
    """
    shown = shown or str(path)
    try:
        return load_one(path, shown=shown), []
    except BriefingError as error:
        return None, error.problems
    except RecursionError:
        return None, [Problem(shown, 0, 0, "nesting too deep to read")]
    except MemoryError:
        return None, [Problem(shown, 0, 0, "out of memory while reading")]
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the reader
        return None, [Problem(shown, 0, 0, f"cannot load ({type(error).__name__}: {error})")]
