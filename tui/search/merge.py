"""A library's segments merged into the parts of its search index, a briefing at a time.

The reader's loader gets segments one by one (from cache entries, or from worker processes as
they load the files); each is merged as it comes, while the next ones are still being loaded,
so what is left once the last one is in is making the bitmaps. Each word's statement numbers
grow a briefing at a time, in library order, as arrays; they become compressed bitmaps at the
end (:class:`tui.search.postings.Store`), and so do the word positions of the statements'
texts, each briefing's moved to where its tokens start (:class:`tui.search.postings.Positions`).

A segment's numbers are moved to where its briefing starts a field at a time
(:func:`shifted`, in C), then each word's are copied onto the word's array: one step per (word,
briefing) pair, none per statement number.
"""

from __future__ import annotations

import sys
from array import array
from typing import TYPE_CHECKING

from tui.search.postings import SLOT, ArrayStore, Positions, Store
from tui.search.segment import FIELDS, Card, Postings, Segment, Statements

if TYPE_CHECKING:
    from tui.search.saved import PackedStatements

_ONE = array("I", [1]).tobytes()


def shifted(numbers: array, base: int, below: int | None = None) -> array:
    """``numbers`` (unsigned 32-bit) each plus ``base``, the sums below 2**32.

    The array's bytes read as one integer hold each number in its own 32 bits; adding ``base``
    times the integer with a 1 in every such slot adds ``base`` to each number, and no slot
    carries into the next while the sums fit in 32 bits: a few big-integer operations in C
    instead of a Python step per number. ``below``: a bound the caller knows every number is
    under (a segment's statement count), checked instead of the largest number.
    """
    if not base or not numbers:
        return numbers
    if base + (max(numbers) + 1 if below is None else below) > 1 << 32:
        raise OverflowError("statement numbers past 32 bits")
    count = len(numbers)
    total = (int.from_bytes(numbers, sys.byteorder)
             + base * int.from_bytes(_ONE * count, sys.byteorder))
    moved = array("I")
    moved.frombytes(total.to_bytes(4 * count, sys.byteorder))
    return moved


class Merger:
    """Segments added in library order; :meth:`done` gives the fields and positions."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self.statements: list[Statements | PackedStatements] = []
        self._numbers: dict[str, dict[str, array]] = {name: {} for name in FIELDS}
        self._tokens: dict[str, array] = {}
        self._starts = array("I")
        self._owners = array("I")
        self._base = 0

    def add(self, segment: Segment) -> None:
        """The next briefing's segment."""
        base, count = self._base, segment.count
        for name in FIELDS:
            _extend(self._numbers[name], segment.postings[name], base, count)
        # A checked segment's (and a worker's) numbers are each under its counts.
        tokens, first = segment.tokens, len(self._owners) << SLOT
        slots = len(tokens.owners) << SLOT
        _extend(self._tokens, tokens.postings, first, slots)
        self._starts += shifted(tokens.starts, first, slots)
        self._owners += shifted(tokens.owners, base, count)
        self.cards.append(segment.card)
        self.statements.append(segment.statements)
        self._base = base + segment.count

    def done(self) -> tuple[dict[str, Store], Positions]:
        """The statement postings of each field, and the positions (the merger is spent)."""
        # Bitmaps made as queries need them (all of them when the snapshot is written).
        numbers = self._numbers
        fields: dict[str, Store] = {name: ArrayStore(numbers.pop(name), serialised=False)
                                    for name in FIELDS}
        # Rebuilt serialised by a splice: a bitmap per word over the whole text costs far more
        # as objects.
        tokens, self._tokens = self._tokens, {}
        return fields, Positions(ArrayStore(tokens, serialised=True), self._starts, self._owners)


def _extend(into: dict[str, array], postings: Postings, base: int, below: int) -> None:
    """Each word's numbers of ``postings`` (each under ``below``), plus ``base``, appended to
    the word's in ``into``."""
    get = into.get
    moved = Postings(postings.words, postings.counts, shifted(postings.numbers, base, below))
    for word, numbers in moved.lists():
        target = get(word)
        if target is None:
            into[word] = numbers
        else:
            target += numbers
