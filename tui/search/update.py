"""One briefing of a search index replaced by its new segment, without rebuilding the rest.

When a briefing the reader shows is saved again, its statements must be found by their new
words at once; rebuilding the index of a library of 10,000 briefings would read every other
briefing's segment again. :func:`replaced` instead splices the new segment's bits into each
word's bitmap where the briefing's statements are, shifting the bits of the briefings after it
when the briefing's slot (its statements, rounded up to eight) grew or shrank. Words that occur
only before the briefing are kept as they are; words that occur only after it move by an offset.

The index is a value: a new one is returned and the old one is left as it was, so a search
running on it meanwhile is not disturbed. This module knows the index's inner layout
(:mod:`tui.search.index`); it is the one place outside it that does.
"""

from __future__ import annotations

from tui.search.index import SearchIndex
from tui.search.segment import FIELDS, Segment


def _slot(count: int) -> int:
    return (count + 7) & ~7


def _segment_bits(segment: Segment, name: str) -> dict[str, int]:
    """The segment's bitmaps of one field, as ints (bit ``n``: its ``n``-th statement)."""
    found, blob = segment.postings[name]
    width = segment.width
    return {word: int.from_bytes(blob[n * width:(n + 1) * width], "little")
            for n, word in enumerate(found)}


def replaced(index: SearchIndex, number: int, segment: Segment) -> SearchIndex:
    """``index`` with briefing ``number``'s statements replaced by ``segment``'s."""
    if not 0 <= number < index.briefings:
        raise IndexError(f"briefing {number} is not in an index of {index.briefings}")
    start = index._starts[number]
    old = _slot(index.cards[number].statements)
    new = _slot(segment.card.statements)
    delta = new - old
    end = start + old
    below = (1 << start) - 1
    fields: dict[str, dict[str, tuple[int, int]]] = {}
    for name in FIELDS:
        incoming = _segment_bits(segment, name)
        postings: dict[str, tuple[int, int]] = {}
        for word, (shift, bits) in index._fields[name].bitmaps.items():
            mine = incoming.pop(word, 0)
            if shift >= end and not mine:  # only after the briefing: moves with the slot
                postings[word] = (shift + delta, bits)
                continue
            whole = bits << shift
            if whole.bit_length() <= start and not mine:  # only before it: kept as it is
                postings[word] = (shift, bits)
                continue
            spliced = (whole & below) | (mine << start) | ((whole >> end) << (end + delta))
            if spliced:
                low = (spliced & -spliced).bit_length() - 1
                low &= ~7
                postings[word] = (low, spliced >> low)
        for word, mine in incoming.items():  # words new to the library
            if mine:
                postings[word] = (start, mine)
        fields[name] = postings
    texts = list(index._texts)
    texts[start:end] = [*segment.texts, *([""] * (new - segment.card.statements))]
    result = SearchIndex.__new__(SearchIndex)
    result.cards = [*index.cards[:number], segment.card, *index.cards[number + 1:]]
    statements = list(index._statements)
    statements[number] = segment.statements
    result._statements = statements
    result._read_statements = index._read_statements
    result._setup(texts, "\n".join(texts), fields)
    return result
