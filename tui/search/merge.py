"""A library's segments merged into the parts of its search index, a briefing at a time.

The reader's loader gets segments one by one (from cache entries, or from worker processes as
they load the files); each is merged as it comes, while the next ones are still being loaded,
so what is left once the last one is in is making the bitmaps. Each word's statement numbers
grow a briefing at a time, in library order, as arrays; they become compressed bitmaps at the
end (:class:`tui.search.postings.Store`), and the statements' texts word positions
(:class:`tui.search.postings.PositionsBuilder`).
"""

from __future__ import annotations

from array import array

from tui.search.postings import Positions, PositionsBuilder, Store
from tui.search.segment import FIELDS, Card, Segment, Statements


class Merger:
    """Segments added in library order; :meth:`done` gives the fields and positions."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self.statements: list[Statements] = []
        self._numbers: dict[str, dict[str, array]] = {name: {} for name in FIELDS}
        self._positions = PositionsBuilder()
        self._base = 0

    def add(self, segment: Segment) -> None:
        """The next briefing's segment."""
        base = self._base
        for name in FIELDS:
            into = self._numbers[name]
            get = into.get
            found, lists = segment.postings[name]
            for word, local in zip(found, lists, strict=True):
                moved = map(base.__add__, local) if base else local
                target = get(word)
                if target is None:
                    into[word] = array("I", moved)
                else:
                    target.extend(moved)
        self._positions.add(segment.texts)
        self.cards.append(segment.card)
        self.statements.append(segment.statements)
        self._base = base + segment.count

    def done(self) -> tuple[dict[str, Store], Positions]:
        """The statement postings of each field, and the positions (the merger is spent)."""
        numbers = self._numbers
        fields = {name: Store.build(numbers.pop(name)) for name in FIELDS}
        return fields, self._positions.done()
