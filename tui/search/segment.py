"""One briefing's part of the search index, and its card: what the reader needs before the file.

A :class:`Segment` is built from a loaded :class:`~tui.format.document.Document` once (when the file is
first loaded) and kept in the briefing cache beside the validated briefing. A library opens
from its segments: the index is merged from them (see :class:`tui.search.index.SearchIndex`) and
the picker lists their cards, while the documents themselves are validated only when a
briefing is opened. Reading a segment back is a JSON parse and a check of its shape, about
fifty times cheaper than validating the briefing it came from.

A segment read from the cache is not trusted more than a briefing: :meth:`Segment.from_json`
checks every value's type, raising :class:`ValueError` on anything else, and its text reaches
the screen through the same sanitising paths as a briefing's.

Postings are, per field and word, the numbers of the briefing's statements holding it, and the
word positions of its texts, packed in flat arrays (:mod:`tui.search.packed`); the index merges
them into compressed bitmaps (see :mod:`tui.search.merge`). The folded texts themselves are
not kept: phrases are answered from the positions.

This module is headless: no Textual, and no pydantic (a warm start never validates).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, starmap
from typing import TYPE_CHECKING, Any

from tui.search.packed import Postings, Tokens, json_bytes, texts_json

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.search.saved import PackedStatements

FIELDS = ("all", "speaker", "country", "topic", "kind", "briefing", "credibility", "date")
"""The indexed fields: every word of a statement, then one per filter (``date``: ISO days, the
statement's own date or else its briefing's)."""

@dataclass(frozen=True, slots=True)
class Card:
    """What the picker shows of a briefing."""

    id: str
    title: str
    date: str | None
    """ISO date, or None when the briefing is undated."""
    countries: int
    statements: int


@dataclass(frozen=True, slots=True)
class Row:
    """One statement as search results show it."""

    id: str
    text: str
    kind: str
    """``direct`` or ``reported``."""
    speaker: str
    """The speaker's actor id."""
    topics: tuple[str, ...]
    when: str | None
    reported_by: str | None
    credibility: int | None = None
    """Admiralty credibility 1 to 6, None when the curator did not rate it."""

    @property
    def is_direct(self) -> bool:
        return self.kind == "direct"


@dataclass(frozen=True, slots=True)
class Speaker:
    """An actor as a result's byline shows it."""

    name: str
    role: str | None
    country: str | None
    """Country code, if the actor has one listed in the briefing."""


COLUMNS = ("id", "text", "kind", "speaker", "topics", "when", "reported_by", "credibility")
"""The statements' columns in a segment's JSON form (one list per column)."""


@dataclass(frozen=True)
class Statements:
    """A briefing's statements as results show them: what is read only to draw a result.

    A snapshot keeps each briefing's statements as a JSON line of their own and reads it when
    one of them is first shown (see :mod:`tui.library.snapshot`), so a warm start does not parse the
    statements of a library it only counts.
    """

    columns: dict[str, list[Any]]
    """The statements' fields, one list per name of ``COLUMNS``, in the briefing's order."""
    speakers: dict[str, Speaker]
    """Actors by id (only those who speak)."""
    countries: dict[str, str]
    """Country names by code (only those of speakers)."""

    def row(self, number: int) -> Row:
        """The ``number``-th statement."""
        c = self.columns
        return Row(c["id"][number], c["text"][number], c["kind"][number], c["speaker"][number],
                   tuple(c["topics"][number]), c["when"][number], c["reported_by"][number],
                   c["credibility"][number])

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form, read back by :meth:`from_json`."""
        return {"statements": self.columns, **speakers_json(self.speakers, self.countries)}

    @classmethod
    def from_json(cls, data: Any, count: int) -> Statements:
        """Rebuild ``count`` statements from :meth:`to_json`'s form; ValueError if anything is
        off. The checks run over whole columns (``map`` and ``set`` in C), not value by value."""
        try:
            return cls._from_json(data, count)
        except (TypeError, KeyError, IndexError, AttributeError) as error:
            raise ValueError(f"not statements: {error!r}") from None

    @classmethod
    def _from_json(cls, data: Any, count: int) -> Statements:
        _expect(type(data) is dict, "statements")
        columns = data["statements"]
        _expect(type(columns) is dict and set(columns) == set(COLUMNS), "statements")
        for name in COLUMNS:
            column = columns[name]
            _expect(type(column) is list and len(column) == count, name)
        for name in ("id", "text", "speaker"):
            _expect(_types(columns[name]) <= _TEXT, name)
        for name in ("when", "reported_by"):
            _expect(_types(columns[name]) <= _OPTIONAL_TEXT, name)
        _expect(set(columns["kind"]) <= _KINDS, "kind")
        credibility = columns["credibility"]  # ints 1 to 6 (True == 1, so the types first)
        _expect(_types(credibility) <= _OPTIONAL_INT and set(credibility) <= _GRADES, "credibility")
        topics = columns["topics"]
        _expect(_types(topics) <= _LIST and _types(chain.from_iterable(topics)) <= _TEXT, "topics")
        speakers, countries = _speakers_from_json(data)
        return cls(columns, speakers, countries)

    def row_json(self, number: int) -> list[Any]:
        """Statement ``number`` as a JSON-ready list (a snapshot's line), read back by
        :class:`tui.search.saved.SavedStatements`."""
        return [self.columns[name][number] for name in COLUMNS]

    def speakers_json(self) -> dict[str, Any]:
        """The speakers and countries, JSON-ready (a snapshot's line for the briefing)."""
        return speakers_json(self.speakers, self.countries)

    def __len__(self) -> int:
        return len(self.columns["id"])


def speakers_json(speakers: Mapping[str, Speaker], countries: dict[str, str]) -> dict[str, Any]:
    """A briefing's speakers and countries, JSON-ready: what :func:`checked_speakers` reads."""
    return {"speakers": {key: [s.name, s.role, s.country] for key, s in speakers.items()},
            "countries": countries}


def _speakers_from_json(data: dict[str, Any]) -> tuple[dict[str, Speaker], dict[str, str]]:
    raw_speakers, countries = checked_speakers(data)
    return dict(zip(raw_speakers, starmap(Speaker, raw_speakers.values()), strict=True)), countries


def checked_speakers(data: dict[str, Any]) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """The speakers (id → ``[name, role, country]``) and countries of
    :meth:`Statements.speakers_json`'s form, checked a column at a time; ValueError (or
    TypeError, KeyError ...) if anything is off."""
    countries = data["countries"]
    _expect(type(countries) is dict and _types(countries.values()) <= _TEXT, "countries")
    raw_speakers = data["speakers"]
    _expect(type(raw_speakers) is dict, "speakers")
    values = raw_speakers.values()
    _expect(_types(values) <= _LIST and set(map(len, values)) <= {3}, "speaker")
    names, roles, codes = zip(*values, strict=True) if values else ((), (), ())
    _expect(_types(names) <= _TEXT and _types(roles) <= _OPTIONAL_TEXT
            and set(codes) - {None} <= countries.keys(), "speaker")
    return raw_speakers, countries


@dataclass(frozen=True)
class Segment:
    """One briefing's card, statements and postings."""

    card: Card
    statements: Statements | PackedStatements
    postings: dict[str, Postings]
    """Field → its words, and for each word the numbers of the statements holding it (0 is the
    briefing's first statement)."""
    tokens: Tokens
    """Where each word of the statements' texts stands (for phrase queries)."""

    @classmethod
    def made(cls, card: Card, statements: Statements, texts: Iterable[list[str]],
             maps: dict[str, dict[str, list[int]]]) -> Segment:
        """A segment of each field's words and their statement numbers (ascending), and each
        statement's folded words in order."""
        return cls(card, statements, {name: Postings.of(maps[name]) for name in FIELDS},
                   Tokens.of(texts))

    @property
    def count(self) -> int:
        """How many statements the briefing has."""
        return self.card.statements

    # ------------------------------------------------------------------------- building

    @classmethod
    def of(cls, document: Document) -> Segment:
        """The segment of a loaded briefing (built by :func:`tui.search.building.segment_of`)."""
        from tui.search.building import segment_of  # it builds on this module

        return segment_of(document)

    # ------------------------------------------------------------------------- JSON

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form, read back by :meth:`from_json`."""
        card = self.card
        return {
            "card": [card.id, card.title, card.date, card.countries, card.statements],
            **self.statements.to_json(),
            "postings": {name: found.to_json() for name, found in self.postings.items()},
            "tokens": self.tokens.to_json(),
        }

    @functools.cached_property
    def encoded(self) -> bytes:
        """:meth:`to_json`'s form as compact JSON in UTF-8 on one line (JSON escapes every
        newline in strings), made once: a worker writes it to the cache entry and sends the
        same bytes to the reader.

        The bytes ``json.dumps`` of :meth:`to_json` gives, made a part at a time: the postings'
        word lists, most of the JSON, and the statements' columns of texts are joined as they
        are when nothing in them needs an escape (:func:`~tui.search.packed.texts_json`).
        """
        card = self.card
        statements = self.statements.to_json()
        parts = [b'{"card":', json_bytes([card.id, card.title, card.date, card.countries,
                                     card.statements]), b',"statements":{']
        for number, (name, column) in enumerate(statements["statements"].items()):
            parts += (b',"' if number else b'"', name.encode(), b'":', texts_json(column))
        parts += (b'},"speakers":', json_bytes(statements["speakers"]),
                  b',"countries":', json_bytes(statements["countries"]), b',"postings":{')
        for number, (name, found) in enumerate(self.postings.items()):
            parts += (b',"' if number else b'"', name.encode(), b'":', *found.json_parts())
        parts += (b'},"tokens":', *self.tokens.json_parts(), b"}")
        return b"".join(parts)

    @classmethod
    def from_json(cls, data: Any, *, checked: bool = True,
                  columns: bytes | None = None) -> Segment:
        """Rebuild a segment from :meth:`to_json`'s form; ValueError if anything is off.

        The checks run over whole columns (``map`` and ``set`` in C), not value by value.
        ``checked=False`` skips them, for a segment that the reader's own worker process made
        or checked just now (:mod:`tui.library.worker`); never for what is read from a file.
        Such a segment's statements' ``columns`` can come apart from ``data``, as their JSON
        (:func:`tui.search.saved.split_columns`): they are kept so until one is shown
        (:class:`~tui.search.saved.PackedStatements`).
        """
        try:
            if not checked:
                return cls._unchecked(data, columns)
            return cls._from_json(data)
        except (TypeError, KeyError, IndexError, AttributeError) as error:
            raise ValueError(f"not a segment: {error!r}") from None

    @classmethod
    def from_line(cls, line: bytes) -> Segment:
        """:meth:`from_json` of the JSON line that :attr:`encoded` made, kept as the segment's
        :attr:`encoded` (so a worker hands an entry's line on as it is)."""
        try:
            data = json.loads(line)
        except (ValueError, RecursionError) as error:
            raise ValueError(f"not a segment: {error}") from None
        segment = cls.from_json(data)
        segment.__dict__["encoded"] = bytes(line)  # what the cached property would make
        return segment

    @classmethod
    def _unchecked(cls, data: Any, columns: bytes | None) -> Segment:
        statements: Statements | PackedStatements
        if columns is None:
            statements = Statements(data["statements"], *_speakers_from_json(data))
        else:
            from tui.search.saved import PackedStatements  # it builds on this module

            statements = PackedStatements(columns, data["card"][4], *_speakers_from_json(data))
        postings = {name: Postings.unchecked(data["postings"][name]) for name in FIELDS}
        return cls(Card(*data["card"]), statements, postings, Tokens.unchecked(data["tokens"]))

    @classmethod
    def _from_json(cls, data: Any) -> Segment:
        _expect(type(data) is dict, "segment")
        card_id, title, date, country_count, count = data["card"]
        _expect(_is_text(card_id) and _is_text(title) and _is_optional_text(date)
                and type(country_count) is int and type(count) is int and count >= 0, "card")
        statements = Statements.from_json(data, count)
        raw_postings = data["postings"]
        _expect(type(raw_postings) is dict and set(raw_postings) == set(FIELDS), "postings")
        postings = {name: Postings.from_json(raw_postings[name], count) for name in FIELDS}
        tokens = Tokens.from_json(data["tokens"], count)
        card = Card(card_id, title, date, country_count, count)
        return cls(card, statements, postings, tokens)


_TEXT = frozenset({str})
_OPTIONAL_TEXT = frozenset({str, type(None)})
_LIST = frozenset({list})
_KINDS = frozenset({"direct", "reported"})
_OPTIONAL_INT = frozenset({int, type(None)})
_GRADES = frozenset({None, 1, 2, 3, 4, 5, 6})


def _types(values: Iterable[Any]) -> set[type]:
    return set(map(type, values))


def _is_text(value: Any) -> bool:
    return type(value) is str


def _is_optional_text(value: Any) -> bool:
    return value is None or type(value) is str


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(f"bad {what}")
