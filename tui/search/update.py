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

import bisect
import heapq
from array import array

from pyroaring import BitMap

from tui.search.index import SearchIndex
from tui.search.postings import EMPTY, PREFIX, SLOT, Positions, Store
from tui.search.segment import FIELDS, Postings, Segment

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


def _incoming(postings: Postings, start: int) -> dict[str, BitMap]:
    return {word: BitMap(found).shift(start) if start else BitMap(found)
            for word, found in postings.lists()}


def _prefix_unions(incoming: dict[str, BitMap]) -> dict[str, BitMap]:
    """The incoming bitmaps' two-letter prefix unions."""
    grouped: dict[str, list[BitMap]] = {}
    for word, found in incoming.items():
        if len(word) >= PREFIX:
            grouped.setdefault(word[:PREFIX], []).append(found)
    return {key: BitMap.union(EMPTY, *found) for key, found in grouped.items()}


DEPTH = 8
"""Splices of splices are kept lazy this deep; the next one makes every bitmap."""


def _spliced_store(store: Store, incoming: dict[str, BitMap], start: int, end: int,
                   delta: int) -> Store:
    """``store`` with a briefing's (or its tokens') range replaced by ``incoming``: lazily
    (each bitmap spliced when a query first needs it), unless splices are already
    :data:`DEPTH` deep."""
    if isinstance(store, SplicedStore) and store.depth >= DEPTH:
        return _materialised(store, incoming, start, end, delta)
    return SplicedStore(store, incoming, start, end, delta)


def _materialised(store: Store, incoming: dict[str, BitMap], start: int, end: int,
                  delta: int) -> Store:
    """:func:`_spliced_store`, every bitmap made now."""
    incoming = dict(incoming)
    mine_of: dict[str, BitMap] = _prefix_unions(incoming) if store.prefixed else {}
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


class SplicedStore(Store):
    """A store with a range of numbers replaced, each bitmap spliced when first asked for.

    A splice over every word of a library (a hundred thousand bitmaps, most of them read from a
    snapshot first) takes seconds; a query needs a handful of them.
    """

    def __init__(self, base: Store, incoming: dict[str, BitMap], start: int, end: int,
                 delta: int) -> None:
        super().__init__({}, prefixes={})
        self._base = base
        self._incoming = incoming
        self._range = (start, end, delta)
        self._built = False  # bitmaps are made on demand, not all there
        self.depth: int = getattr(base, "depth", 0) + 1
        new = sorted(word for word in incoming if _find_missing(base.vocabulary, word))
        self.vocabulary = tuple(heapq.merge(base.vocabulary, new)) if new else base.vocabulary
        self.prefixed = base.prefixed
        self._mine_of = _prefix_unions(incoming) if base.prefixed else {}
        if self.prefixed:
            self.keys = tuple(sorted({*base.keys, *self._mine_of}))

    def exact(self, word: str) -> BitMap:
        found = self._maps.get(word)
        if found is None:
            start, end, delta = self._range
            found = self._remember(word, _splice(self._base.exact(word), start, end, delta,
                                                 self._incoming.get(word, EMPTY)))
        return found

    def _kept(self, key: str) -> BitMap:
        found = self._prefixes.get(key)
        if found is None:
            start, end, delta = self._range
            found = self._prefixes[key] = _splice(self._base.prefix(key), start, end, delta,
                                                  self._mine_of.get(key, EMPTY))
        return found

    @property
    def serialised_form(self) -> bool:
        return self._base.serialised_form


def _find_missing(words: tuple[str, ...], word: str) -> bool:
    at = bisect.bisect_left(words, word)
    return at == len(words) or words[at] != word


def replaced(index: SearchIndex, number: int, segment: Segment) -> SearchIndex:
    """``index`` with briefing ``number``'s statements replaced by ``segment``'s."""
    if not 0 <= number < index.briefings:
        raise IndexError(f"briefing {number} is not in an index of {index.briefings}")
    start = index._starts[number]
    end = start + index.cards[number].statements
    delta = segment.count - index.cards[number].statements
    fields: dict[str, Store] = {}
    for name in FIELDS:
        fields[name] = _spliced_store(index.fields[name], _incoming(segment.postings[name], start),
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
    mine = segment.tokens
    tokens = _incoming(mine.postings, first)
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

