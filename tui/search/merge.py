"""A library's segments merged into the parts of its search index, a briefing at a time.

The reader's loader gets segments one by one (from cache entries, or from worker processes as
they load the files); each is merged as it comes, while the next ones are still being loaded.
A segment's postings are kept as they come, a field at a time: each word's number in the field
(the words numbered as they are first seen), how many statement numbers it has in the
briefing, and the numbers themselves, moved to where the briefing starts (:func:`shifted`, in
C). No step per (word, briefing) pair but a dictionary look-up inside ``map``.

Once the last segment is in, each field's numbers are grouped by word in a few passes of numpy
(:meth:`Pairs.grouped`, :func:`tui.search.grouping.pairs_by_word`), each word numbered by its place
in the sorted vocabulary: every word's numbers come out ascending and the words in order, one
after another in one array (:class:`tui.search.postings.ArrayStore`); the same for the word
positions of the statements' texts (:class:`tui.search.postings.Positions`). Bitmaps are made
from them when a query first needs them.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from itertools import count
from typing import TYPE_CHECKING

from tui.search.postings import SLOT, ArrayStore, Positions, Store
from tui.search.segment import FIELDS, Card, Postings, Segment, Statements

if TYPE_CHECKING:
    from tui.search.saved import PackedStatements

_ONE = array("I", [1]).tobytes()
COMPACT_PAIRS = 1 << 21
"""A field's pairs are compacted (:meth:`Pairs._compact`) every this many: about once per
200,000 statements of "all" and of the positions, and never in a library of 100,000."""
TRIM_FROM = 1000
"""From this many briefings, :meth:`Merger.done` first returns freed memory to the system."""
NUMPY_FROM = 50_000
"""A field of fewer statement numbers than this (a few briefings) is grouped a pair at a time:
quicker than importing numpy (70 ms)."""


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


class Pairs:
    """One field's postings as the segments bring them: per (word, briefing) pair, the word's
    number and how many statement numbers it has; and the numbers, in the same order.

    Every :data:`COMPACT_PAIRS` pairs, those added since the last time are grouped into one
    pair per word (:meth:`_compact`): a word's pairs still give its numbers in library order,
    and a large library's pairs take a fraction of the memory.
    """

    def __init__(self) -> None:
        self.ids: defaultdict[str, int] = defaultdict(count().__next__)
        """Each word's number, in the order the words were first seen."""
        self.words = array("I")
        self.counts = array("I")
        self.numbers = array("I")
        self._compacted = (0, 0)  # the pairs and numbers before the last compaction

    def add(self, postings: Postings, base: int, below: int) -> None:
        """A briefing's postings (each number under ``below``), moved up by ``base``."""
        self.words.extend(map(self.ids.__getitem__, postings.words))
        self.counts += postings.counts
        self.numbers += shifted(postings.numbers, base, below)
        if len(self.words) - self._compacted[0] >= COMPACT_PAIRS:
            self._compact()

    def _compact(self) -> None:
        """The pairs since the last compaction, one per word (in the words' order)."""
        import numpy as np

        from tui.search.grouping import pairs_by_word

        pairs, numbers = self._compacted
        totals, grouped = pairs_by_word(np.frombuffer(self.words, np.uint32)[pairs:],
                                        np.frombuffer(self.counts, np.uint32)[pairs:],
                                        np.frombuffer(self.numbers, np.uint32)[numbers:],
                                        len(self.ids))
        present = np.flatnonzero(totals)
        del self.words[pairs:], self.counts[pairs:], self.numbers[numbers:]
        self.words.frombytes(present.astype(np.uint32).data.cast("B"))
        self.counts.frombytes(totals[present].data.cast("B"))
        self.numbers += grouped
        self._compacted = (len(self.words), len(self.numbers))

    def grouped(self) -> ArrayStore.Parts:
        """The words in order, where each one's numbers start (and the last ends), and the
        numbers, each word's ascending (the pairs are spent)."""
        ids, self.ids = self.ids, defaultdict(count().__next__)
        vocabulary = sorted(ids)
        if len(self.numbers) < NUMPY_FROM:
            return self._plainly(ids, vocabulary)
        import numpy as np  # only here: a start from a snapshot merges nothing

        from tui.search.grouping import pairs_by_word

        place = np.empty(len(vocabulary), np.uint32)  # a word's number → its place in order
        place[np.fromiter(map(ids.__getitem__, vocabulary), np.intp, len(vocabulary))] = (
            np.arange(len(vocabulary), dtype=np.uint32))
        del ids
        counts, numbers = pairs_by_word(np.frombuffer(self.words, np.uint32),
                                        np.frombuffer(self.counts, np.uint32),
                                        np.frombuffer(self.numbers, np.uint32), len(vocabulary),
                                        place)
        self.words, self.counts, self.numbers = array("I"), array("I"), array("I")
        starts = array("Q", [0])
        starts.frombytes(np.cumsum(counts, dtype=np.uint64).data.cast("B"))
        return ArrayStore.Parts(tuple(vocabulary), starts, numbers)

    def _plainly(self, ids: dict[str, int], vocabulary: list[str]) -> ArrayStore.Parts:
        """:meth:`grouped`, a pair at a time (each word's numbers come ascending)."""
        by_id: dict[int, array] = {}
        numbers, at = self.numbers, 0
        for number, size in zip(self.words, self.counts, strict=True):
            held = by_id.get(number)
            if held is None:
                by_id[number] = numbers[at:at + size]
            else:
                held += numbers[at:at + size]
            at += size
        self.words, self.counts, self.numbers = array("I"), array("I"), array("I")
        grouped, starts = array("I"), array("Q", [0])
        for word in vocabulary:
            grouped += by_id[ids[word]]
            starts.append(len(grouped))
        return ArrayStore.Parts(tuple(vocabulary), starts, grouped)


class Merger:
    """Segments added in library order; :meth:`done` gives the fields and positions."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self.statements: list[Statements | PackedStatements] = []
        self._fields = {name: Pairs() for name in FIELDS}
        self._tokens = Pairs()
        self._starts = array("I")
        self._owners = array("I")
        self._base = 0

    def add(self, segment: Segment) -> None:
        """The next briefing's segment."""
        base, count = self._base, segment.count
        fields = self._fields
        for name in FIELDS:
            fields[name].add(segment.postings[name], base, count)
        # A checked segment's (and a worker's) numbers are each under its counts.
        tokens, first = segment.tokens, len(self._owners) << SLOT
        slots = len(tokens.owners) << SLOT
        self._tokens.add(tokens.postings, first, slots)
        self._starts += shifted(tokens.starts, first, slots)
        self._owners += shifted(tokens.owners, base, count)
        self.cards.append(segment.card)
        self.statements.append(segment.statements)
        self._base = base + segment.count

    def done(self) -> tuple[dict[str, Store], Positions]:
        """The statement postings of each field, and the positions (the merger is spent)."""
        if len(self.cards) >= TRIM_FROM:
            _give_back_freed_memory()  # each field's grouping comes on top of what is in use
        # Bitmaps made as queries need them (all of them when the snapshot is written).
        fields: dict[str, Store] = {name: ArrayStore(pairs.grouped(), serialised=False)
                                    for name, pairs in self._fields.items()}
        # Rebuilt serialised by a splice: a bitmap per word over the whole text costs far more
        # as objects.
        tokens = ArrayStore(self._tokens.grouped(), serialised=True)
        return fields, Positions(tokens, self._starts, self._owners)


def _give_back_freed_memory() -> None:
    """Return the heap's free pages to the system: glibc keeps them after a library's answers
    are decoded and its pairs compacted (75 MB at a million statements, measured), and what
    the grouping then allocates would come on top. Elsewhere than glibc, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
