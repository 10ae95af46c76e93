"""One briefing of a search index replaced by its new segment, without rebuilding the rest.

When a briefing the reader shows is saved again, its statements must be found by their new
words at once; rebuilding the index of a library of 10,000 briefings would read every other
briefing's segment again. :func:`replaced` instead splices the new segment's numbers into each
word's bitmap where the briefing's statements (and, for phrases, its tokens) are, shifting the
numbers of the briefings after it when the briefing grew or shrank. A bitmap that holds nothing
at or after the briefing is kept as it is; the unions of two-letter prefixes are spliced the
same way (a union of spliced bitmaps is the splice of their union).

The index is a value: a new one is returned and the old one is left as it was, so a search
running on it meanwhile is not disturbed. This module knows the index's inner layout
(:mod:`tui.search.index`); it is the one place outside it that does.
"""

from __future__ import annotations

from array import array

from pyroaring import BitMap

from tui.search.index import SearchIndex
from tui.search.postings import EMPTY, PREFIX, SLOT, Positions, Store
from tui.search.segment import FIELDS, Segment

_TOP = 1 << 32
"""Past the largest number a bitmap holds."""


def _splice(bits: BitMap, start: int, end: int, delta: int, mine: BitMap) -> BitMap:
    """``bits`` with the numbers ``start`` to ``end - 1`` replaced by ``mine`` and those from
    ``end`` moved by ``delta``."""
    if not bits or bits.max() < start:
        return bits | mine if mine else bits
    if bits.min() >= end and not mine:
        return bits.shift(delta) if delta else bits
    below = bits.copy()
    below.remove_range(start, _TOP)
    after = bits.copy()
    after.remove_range(0, end)
    if delta:
        after = after.shift(delta)
    found = below | mine | after
    found.run_optimize()
    return found


def _incoming(words: list[str], numbers: list[list[int]], start: int) -> dict[str, BitMap]:
    return {word: BitMap(found).shift(start) if start else BitMap(found)
            for word, found in zip(words, numbers, strict=True)}


def _spliced_store(store: Store, incoming: dict[str, BitMap], start: int, end: int,
                   delta: int) -> Store:
    """``store`` with a briefing's (or its tokens') range replaced by ``incoming``."""
    mine_of: dict[str, BitMap] = {}  # the incoming bitmaps' two-letter prefix unions
    if store.prefixed:
        grouped: dict[str, list[BitMap]] = {}
        for word, found in incoming.items():
            if len(word) >= PREFIX:
                grouped.setdefault(word[:PREFIX], []).append(found)
        mine_of = {key: BitMap.union(EMPTY, *found) for key, found in grouped.items()}
    maps: dict[str, BitMap] = {}
    for word in store.vocabulary:
        found = _splice(store.exact(word), start, end, delta, incoming.pop(word, EMPTY))
        if found:
            maps[word] = found
    for word, found in incoming.items():  # words new to the library
        if found:
            maps[word] = found
    prefixes: dict[str, BitMap] | None = None
    if store.prefixed:
        prefixes = {}
        used = {word[:PREFIX] for word in maps if len(word) >= PREFIX}
        for key in sorted({*store.keys, *mine_of} & used):
            bits = _splice(store.prefix(key), start, end, delta, mine_of.get(key, EMPTY))
            if bits:
                prefixes[key] = bits
    return Store.of_maps(maps, prefixes, serialised=store.serialised_form)


def replaced(index: SearchIndex, number: int, segment: Segment) -> SearchIndex:
    """``index`` with briefing ``number``'s statements replaced by ``segment``'s."""
    if not 0 <= number < index.briefings:
        raise IndexError(f"briefing {number} is not in an index of {index.briefings}")
    start = index._starts[number]
    end = start + index.cards[number].statements
    delta = segment.count - index.cards[number].statements
    fields: dict[str, Store] = {}
    for name in FIELDS:
        words, numbers = segment.postings[name]
        fields[name] = _spliced_store(index.fields[name], _incoming(words, numbers, start),
                                      start, end, delta)
    positions = _spliced_positions(index.positions, segment, start, end, delta)
    result = SearchIndex.__new__(SearchIndex)
    result.cards = [*index.cards[:number], segment.card, *index.cards[number + 1:]]
    statements = list(index._statements)
    statements[number] = segment.statements
    result._statements = statements
    result._read_statements = index._read_statements
    result._setup(fields, positions)
    return result


def _spliced_positions(positions: Positions, segment: Segment, start: int, end: int,
                       delta: int) -> Positions:
    """The positions with the briefing's tokens replaced by those of ``segment``'s texts."""
    starts, owners = positions.starts, positions.owners
    limit = len(owners) << SLOT
    first = starts[start] if start < len(starts) else limit
    last = starts[end] if end < len(starts) else limit
    mine = Positions.of_texts(segment.texts)
    tokens = {word: mine.store.exact(word).shift(first) if first else mine.store.exact(word)
              for word in mine.store.vocabulary}
    added = len(mine.owners) << SLOT
    token_delta = added - (last - first)
    store = _spliced_store(positions.store, tokens, first, last, token_delta)
    new_starts = array("I", starts[:start])
    new_starts.extend(token + first for token in mine.starts)
    new_starts.extend(token + token_delta for token in starts[end:])
    new_owners = array("I", owners[: first >> SLOT])
    new_owners.extend(owner + start for owner in mine.owners)
    new_owners.extend(owner + delta for owner in owners[last >> SLOT:])
    return Positions(store, new_starts, new_owners)

