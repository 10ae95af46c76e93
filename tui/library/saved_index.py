"""The search index as a library snapshot holds it (:mod:`tui.library.snapshot`): its head, a
JSON line, and its rest, the bytes after it.

:func:`dump` writes both; :func:`index_of` reads them back into a
:class:`~tui.search.index.SearchIndex` whose bitmaps and statement lines are read when a query
or a result first needs them, checking every value it reads (ValueError if they do not fit).

This module is headless: no Textual.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from tui.search.postings import PREFIX, SLOT, Positions, Store, offsets_of
from tui.search.saved import SavedStatements
from tui.search.segment import FIELDS, Card

if TYPE_CHECKING:
    from tui.search.index import SearchIndex


def index_of(data: dict[str, Any], rest: memoryview, damaged: Callable[[], None]) -> SearchIndex:
    """The index of a snapshot's head and rest (``damaged`` is called if a forgery is found
    later, when a bitmap or statement line is first read); ValueError if they do not fit."""
    from tui.search.index import SearchIndex

    cards = [_card(item) for item in data["cards"]]
    # The postings: each field's bitmaps (Roaring's portable form), then its prefixes' and the
    # positions' bitmaps, one after the other, read a word at a time when a query needs it.
    # Bitmaps that do not read back count as empty and drop the snapshot.
    statements = sum(card.statements for card in cards)
    offset = 0

    def store(raw: Any) -> Store:
        nonlocal offset
        expect(type(raw) is list and len(raw) == 4)
        words, sizes, keys, key_sizes = raw
        expect(_words_and_sizes(words, sizes) and _words_and_sizes(keys, key_sizes)
                and all(len(key) == PREFIX for key in keys))
        offsets = offsets_of(sizes, offset)
        key_offsets = offsets_of(key_sizes, offsets[-1])
        offset = key_offsets[-1]
        expect(offset <= len(rest))
        return Store(buffer=rest, words=words, offsets=offsets, keys=keys,
                     key_offsets=key_offsets, damaged=damaged)

    raw_fields = data["fields"]
    expect(type(raw_fields) is dict and set(raw_fields) == set(FIELDS))
    fields = {name: store(raw_fields[name]) for name in FIELDS}
    tokens = store(data["positions"])
    size, owned = data["starts"], data["owners"]
    expect(type(size) is int and type(owned) is int and size == 4 * statements
            and owned % 4 == 0 and offset + size + owned <= len(rest))
    starts, owners = array("I"), array("I")
    starts.frombytes(rest[offset : offset + size])
    owners.frombytes(rest[offset + size : offset + size + owned])
    offset += size + owned
    expect(max(owners, default=-1) < statements and max(starts, default=-1) < (owned // 4) << SLOT)
    # Each briefing's speakers, then each of its statements, a JSON line each, read when one
    # of them is first shown: where each line ends is an array of unsigned 64-bit offsets.
    ends_size = data["lines"]
    expect(type(ends_size) is int and ends_size == 8 * (len(cards) + statements)
            and offset + ends_size <= len(rest))
    ends = array("Q")
    ends.frombytes(rest[offset : offset + ends_size])
    offset += ends_size
    lines = rest[offset:]
    expect(not ends or ends[-1] == len(lines))
    first_line = [0] * len(cards)  # of each briefing's line among all lines
    line = 0
    for number, card in enumerate(cards):
        first_line[number] = line
        line += 1 + card.statements

    def read(at: int) -> Any:
        return json.loads(bytes(lines[ends[at - 1] if at else 0 : ends[at]]))

    def read_statements(briefing: int) -> SavedStatements:
        at = first_line[briefing]
        try:
            return SavedStatements.from_json(read(at), lambda row: read(at + 1 + row), damaged)
        except Exception:  # noqa: BLE001 - forged (damage fails the hash): not shown, not kept
            damaged()
            return SavedStatements.unreadable(damaged)

    return SearchIndex.restore(cards, fields, Positions(tokens, starts, owners), read_statements)


def dump(index: SearchIndex) -> tuple[bytes, list[bytes | memoryview]]:
    """The head, and the rest as pieces to be written one after the other (never joined: at a
    million statements the rest is hundreds of megabytes, and a join would hold it twice)."""
    fields: dict[str, list[Any]] = {}
    pieces: list[bytes | memoryview] = []
    for name in FIELDS:
        words, blobs, keys, key_blobs = index.fields[name].serialised()
        fields[name] = [words, [len(blob) for blob in blobs], keys, [len(b) for b in key_blobs]]
        pieces += blobs
        pieces += key_blobs
    words, blobs, keys, key_blobs = index.positions.store.serialised()
    pieces += blobs
    pieces += key_blobs
    starts = index.positions.starts.tobytes()
    owners = index.positions.owners.tobytes()
    lines: list[bytes] = []
    for number, card in enumerate(index.cards):
        found = index.statements_of(number)
        lines.append(line(found.speakers_json()))
        lines.extend(line(found.row_json(row)) for row in range(card.statements))
    ends = array("Q", accumulate(map(len, lines))).tobytes()
    head = {
        "cards": [[c.id, c.title, c.date, c.countries, c.statements] for c in index.cards],
        "fields": fields,
        "positions": [words, [len(blob) for blob in blobs], keys, [len(b) for b in key_blobs]],
        "starts": len(starts),
        "owners": len(owners),
        "lines": len(ends),
    }
    return line(head), [*pieces, starts, owners, ends, *lines]


def _words_and_sizes(words: Any, sizes: Any) -> bool:
    return (type(words) is list and type(sizes) is list and len(words) == len(sizes)
            and types_of(words) <= {str} and types_of(sizes) <= {int} and min(sizes, default=1) > 0)


def _card(item: Any) -> Card:
    expect(type(item) is list and len(item) == 5)
    card_id, title, date, countries, statements = item
    expect(type(card_id) is str and type(title) is str and (date is None or type(date) is str)
            and type(countries) is int and type(statements) is int and statements >= 0)
    return Card(card_id, title, date, countries, statements)


def line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def types_of(values: Any) -> set[type]:
    return set(map(type, values))


def expect(condition: bool) -> None:
    if not condition:
        raise ValueError("not a library snapshot")
