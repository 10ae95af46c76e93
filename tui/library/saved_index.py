"""The search index as a library snapshot holds it (:mod:`tui.library.snapshot`): its head, a
JSON line, and its rest, the bytes after it.

:func:`dump` writes both (the rest a piece at a time); :func:`index_of` reads them back into a
:class:`~tui.search.index.SearchIndex` whose bitmaps and statement lines are read when a query
or a result first needs them, checking every value it reads (ValueError if they do not fit).

This module is headless: no Textual.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

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


def dump(index: SearchIndex, rest: IO[bytes], lines: IO[bytes]) -> tuple[bytes, bytes]:
    """Write the snapshot's rest a piece at a time, each as it is made: the bitmaps, the starts
    and the owners to ``rest``, the statement lines to ``lines``; give the head, and the array
    of where each line ends (which goes between the two).

    So no more than a piece is held (at a million statements the rest is hundreds of megabytes:
    held whole, saving a snapshot cost as much memory again as the index itself).
    """
    fields = {name: _write_store(index.fields[name], rest) for name in FIELDS}
    positions = _write_store(index.positions.store, rest)
    starts = index.positions.starts.tobytes()
    owners = index.positions.owners.tobytes()
    rest.write(starts)
    rest.write(owners)
    ends, at = array("Q"), 0
    for number, card in enumerate(index.cards):
        found = index.statements_of(number)
        for piece in (line(found.speakers_json()),
                      *(line(found.row_json(row)) for row in range(card.statements))):
            lines.write(piece)
            at += len(piece)
            ends.append(at)
    head = {
        "cards": [[c.id, c.title, c.date, c.countries, c.statements] for c in index.cards],
        "fields": fields,
        "positions": positions,
        "starts": len(starts),
        "owners": len(owners),
        "lines": 8 * len(ends),
    }
    return line(head), ends.tobytes()


def _write_store(store: Store, out: IO[bytes]) -> list[Any]:
    """Write a store's bitmaps, then its prefixes'; give the head's words and sizes of both."""
    words, blobs, keys, key_blobs = store.serialised()
    sizes: list[int] = []
    key_sizes: list[int] = []
    for found, into in ((blobs, sizes), (key_blobs, key_sizes)):
        for blob in found:
            out.write(blob)
            into.append(len(blob))
    return [words, sizes, keys, key_sizes]


def chunks(handle: IO[bytes], size: int = 1 << 24) -> Iterator[bytes]:
    """What :func:`dump` wrote to ``handle``, from its start, ``size`` bytes at a time."""
    handle.flush()
    handle.seek(0)
    while piece := handle.read(size):
        yield piece


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
