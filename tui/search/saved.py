"""A briefing's statements kept as JSON until a result shows one.

A warm start (:mod:`tui.library.snapshot`) does not parse the statements of a library it only
counts: :class:`SavedStatements` reads a statement's line when a result first shows it, and
checks it as :meth:`tui.search.segment.Statements.from_json` checks a whole briefing's.

A cold start keeps them as their worker sent them (:class:`PackedStatements`): the JSON of a
briefing's columns, a third of the memory the decoded lists take, decoded when one of its
statements is shown (and kept decoded for the briefings shown last only).

This module is headless: no Textual, and no pydantic.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tui.search.segment import (
    _GRADES,
    _KINDS,
    _OPTIONAL_INT,
    _TEXT,
    COLUMNS,
    Row,
    Speaker,
    Statements,
    _expect,
    _is_optional_text,
    _is_text,
    _types,
    checked_speakers,
    speakers_json,
)

UNREADABLE = Row("", "This statement could not be read from the saved search index; it is "
                 "rebuilt at the next start.", "reported", "", (), None, None, None)
"""What a result shows of a statement whose saved form was refused."""


@dataclass(frozen=True)
class SavedStatements:
    """A briefing's statements read one at a time from their saved lines (a snapshot's): a
    result costs the parse of its own statement, not of its briefing's.

    ``read(n)`` gives statement ``n``'s JSON value (:meth:`Statements.row_json`'s form); a line
    that is not one is shown as :data:`UNREADABLE`, and ``damaged`` is called.
    """

    speakers: Mapping[str, Speaker]
    countries: dict[str, str]
    read: Callable[[int], Any]
    damaged: Callable[[], None]

    @classmethod
    def from_json(cls, data: Any, read: Callable[[int], Any],
                  damaged: Callable[[], None]) -> SavedStatements:
        """From :meth:`Statements.speakers_json`'s form; ValueError if anything is off."""
        try:
            _expect(type(data) is dict and set(data) == {"speakers", "countries"}, "statements")
            raw_speakers, countries = checked_speakers(data)
            speakers = SavedSpeakers(raw_speakers)
        except (TypeError, KeyError, IndexError, AttributeError, ValueError) as error:
            raise ValueError(f"not statements: {error!r}") from None
        return cls(speakers, countries, read, damaged)

    def row(self, number: int) -> Row:
        """The ``number``-th statement."""
        try:
            data = self.read(number)
            _expect(type(data) is list and len(data) == len(COLUMNS), "statement")
            row_id, text, kind, speaker, topics, when, reported_by, credibility = data
            _expect(_is_text(row_id) and _is_text(text) and kind in _KINDS and _is_text(speaker)
                    and type(topics) is list and _types(topics) <= _TEXT
                    and _is_optional_text(when) and _is_optional_text(reported_by)
                    and type(credibility) in _OPTIONAL_INT and credibility in _GRADES,
                    "statement")
        except Exception:  # noqa: BLE001 - forged (damage fails the hash): not shown, not kept
            self.damaged()
            return UNREADABLE
        return Row(row_id, text, kind, speaker, tuple(topics), when, reported_by, credibility)

    @classmethod
    def unreadable(cls, damaged: Callable[[], None]) -> SavedStatements:
        """Stand-ins for statements whose briefing's saved line was refused."""
        return cls(SavedSpeakers({}), {}, lambda number: None, damaged)

    def row_json(self, number: int) -> list[Any]:
        row = self.row(number)
        return [row.id, row.text, row.kind, row.speaker, list(row.topics), row.when,
                row.reported_by, row.credibility]

    def speakers_json(self) -> dict[str, Any]:
        return speakers_json(self.speakers, self.countries)


class SavedSpeakers(Mapping[str, Speaker]):
    """A saved briefing's speakers (checked together when the line is read), each made into a
    :class:`~tui.search.segment.Speaker` when a result first shows it."""

    __slots__ = ("_made", "_raw")

    def __init__(self, raw: dict[str, list[Any]]) -> None:
        self._raw = raw
        self._made: dict[str, Speaker] = {}

    def __getitem__(self, key: str) -> Speaker:
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = Speaker(*self._raw[key])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


_COLUMNS_KEY = b',"statements":{'
_COLUMNS_END = b'},"speakers":'
RECENT = 256
"""Briefings whose statements are kept decoded, the most recently shown."""
_recent: deque[PackedStatements] = deque()


def split_columns(line: bytes, after: bytes) -> tuple[bytes, bytes | None]:
    """A worker's answer ``line`` without the statements' columns of the segment whose JSON
    starts with ``after``, and the columns' JSON (None if there is no such segment).

    JSON escapes every quote inside a string, so neither mark can be inside a text: the first
    of each after the segment's start is the columns' own.
    """
    start = line.find(after)
    if start < 0:
        return line, None
    begin = line.find(_COLUMNS_KEY, start)
    end = line.find(_COLUMNS_END, begin)
    if begin < 0 or end < 0:
        return line, None
    return line[:begin] + line[end + 1:], line[begin + len(_COLUMNS_KEY) - 1:end + 1]


class PackedStatements:
    """A briefing's statements as their worker sent them: the JSON of their columns (which the
    worker made or checked), made :class:`~tui.search.segment.Statements` when a result first
    shows one of them."""

    __slots__ = ("_count", "_decoded", "_raw", "countries", "speakers")

    def __init__(self, raw: bytes, count: int, speakers: dict[str, Speaker],
                 countries: dict[str, str]) -> None:
        self._raw = raw
        self._count = count
        self._decoded: Statements | None = None
        self.speakers = speakers
        self.countries = countries

    def decoded(self) -> Statements:
        """The statements (kept while the briefing is among the :data:`RECENT` decoded)."""
        found = self._decoded
        if found is None:
            found = self._decoded = Statements(json.loads(self._raw), self.speakers,
                                               self.countries)
            _recent.append(self)
            if len(_recent) > RECENT:
                _recent.popleft()._decoded = None
        return found

    def row(self, number: int) -> Row:
        return self.decoded().row(number)

    def row_json(self, number: int) -> list[Any]:
        return self.decoded().row_json(number)

    def speakers_json(self) -> dict[str, Any]:
        return speakers_json(self.speakers, self.countries)  # nothing to decode

    def to_json(self) -> dict[str, Any]:
        return self.decoded().to_json()

    def __len__(self) -> int:
        return self._count


AnyStatements = Statements | SavedStatements | PackedStatements
"""A briefing's statements as an index holds them: made, read from a snapshot, or packed."""
