"""Safe YAML for untrusted briefings: libyaml's safe loader, stricter, in one pass.

Aliases, merge keys, duplicate keys, non-text keys and nesting deeper than :data:`MAX_DEPTH`
are refused with the line and column of the node; YAML 1.1 booleans other than true/false
are read as text (Norway's ``NO``). :func:`parse` turns every YAML error into a
:class:`~tui.format.problems.Problem`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tui.format.problems import BriefingError, Problem

MAX_DEPTH = 64
"""Deepest nesting of YAML collections accepted (the format needs 5)."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
        if isinstance(node, yaml.ScalarNode):
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, OverflowError):
                # A plain scalar that looks like a value but is none: ``2031-13-12`` (a
                # timestamp with month 13), an integer of 5,000 digits. Kept as the text
                # written, for validation to report at its line and column in words.
                self.recursive_objects.pop(node, None)
                return node.value
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
        line, column = offset_position(text, offset) if offset >= 0 else (0, 0)
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




def offset_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
