"""The search index over every open briefing: built once, queried per keystroke.

Words match the statement's text, speaker name and role, country, and reporting outlet.
Results are ranked in tiers: statements holding the query's words as a phrase first, then those
whose speaker matches, then the rest, each tier in library order.

Postings are compressed bitmaps over statement numbers (:mod:`tui.search.postings`), so AND,
OR and NOT run in C, a phrase is bitmap arithmetic over word positions, and a result is a
bitmap whose rows are materialised only as far as they are read: the cost of a query does not
grow with the number of rows shown.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pyroaring import BitMap

from tui.format.claims import credibility_search_words
from tui.search.folding import words
from tui.search.merge import Merger
from tui.search.postings import EMPTY, Positions, Store, union
from tui.search.query import FILTERS, Dates, Query, Term, parse_query
from tui.search.saved import AnyStatements
from tui.search.segment import Card, Row, Segment, Speaker

if TYPE_CHECKING:
    from tui.format.document import Document

RANK_LIMIT = 5_000
"""Above this many matches, results are not reordered by phrase (see ``SearchIndex.search``)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One statement in the index, with what a result shows of it."""

    briefing: int
    """Number of its briefing among the index's segments (the reader's library order)."""
    card: Card
    statement: Row
    speaker: Speaker | None
    """The speaker, if the briefing lists them."""
    country: str | None
    """The speaker's country name, if they have one."""

    @property
    def country_code(self) -> str | None:
        return self.speaker.country if self.speaker else None

    @property
    def speaker_name(self) -> str:
        return self.speaker.name if self.speaker else self.statement.speaker


class SearchIndex:
    """Every statement of the open briefings, indexed by word for each field.

    Merged from one :class:`~tui.search.segment.Segment` per briefing, or restored whole from a
    snapshot (see :mod:`tui.library.snapshot`). Statements are numbered from 0 in library order,
    each briefing's right after the one before.
    """

    def __init__(self, segments: Iterable[Segment] | Merger) -> None:
        if isinstance(segments, Merger):
            merger = segments
        else:
            merger = Merger()
            for segment in segments:
                merger.add(segment)
        self.cards = merger.cards
        self._statements: list[AnyStatements | None] = [*merger.statements]
        self._read_statements: Callable[[int], AnyStatements] | None = None
        self._setup(*merger.done())

    def _setup(self, fields: dict[str, Store], positions: Positions) -> None:
        """What both ways of building an index share: where briefings start, the postings."""
        starts = []
        row = 0
        for card in self.cards:
            starts.append(row)
            row += card.statements
        self._starts = starts
        self.statements = row
        self.size = row
        """Statement numbers in use (0 to ``size - 1``)."""
        self._fields = fields
        self._positions = positions
        self._all = BitMap(range(row))

    @classmethod
    def restore(
        cls,
        cards: list[Card],
        fields: dict[str, Store],
        positions: Positions,
        read_statements: Callable[[int], AnyStatements],
    ) -> SearchIndex:
        """An index from the parts :mod:`tui.library.snapshot` saved; ``read_statements(n)``
        gives briefing ``n``'s statements when first needed."""
        index = cls.__new__(cls)
        index.cards = cards
        index._statements = [None] * len(cards)
        index._read_statements = read_statements
        index._setup(fields, positions)
        return index

    @property
    def fields(self) -> dict[str, Store]:
        """The statement postings of each field (what a snapshot saves)."""
        return self._fields

    @property
    def positions(self) -> Positions:
        """Where each word of the statements' texts stands (what a snapshot saves)."""
        return self._positions

    def statements_of(self, briefing: int) -> AnyStatements:
        """Briefing ``briefing``'s statements (read from the snapshot on first use)."""
        found = self._statements[briefing]
        if found is None:
            assert self._read_statements is not None
            found = self._statements[briefing] = self._read_statements(briefing)
        return found

    @classmethod
    def of_documents(cls, documents: Iterable[Document]) -> SearchIndex:
        """The index of loaded documents (building each one's segment)."""
        return cls(Segment.of(document) for document in documents)

    @property
    def briefings(self) -> int:
        """How many briefings the index holds."""
        return len(self.cards)

    def hit(self, number: int) -> Hit:
        """The statement numbered ``number``."""
        briefing = bisect.bisect_right(self._starts, number) - 1
        statements = self.statements_of(briefing)
        statement = statements.row(number - self._starts[briefing])
        speaker = statements.speakers.get(statement.speaker)
        country = (statements.countries.get(speaker.country)
                   if speaker and speaker.country else None)
        return Hit(briefing, self.cards[briefing], statement, speaker, country)

    def __len__(self) -> int:
        return self.statements

    # ------------------------------------------------------------------------- queries

    @staticmethod
    def _term(store: Store, term: Term) -> BitMap:
        """Statements holding every word of the term (the last one as a prefix if asked)."""
        bits: BitMap | None = None
        for number, word in enumerate(term.words):
            last = number == len(term.words) - 1
            found = store.prefix(word) if (last and term.prefix) else store.exact(word)
            bits = found if bits is None else bits & found
            if not bits:
                return EMPTY
        return EMPTY if bits is None else bits

    def _words(self, term: Term, candidates: BitMap) -> BitMap:
        """Statements among ``candidates`` matching a term of the free text."""
        bits = candidates & self._term(self._fields["all"], term)
        if term.phrase and bits:
            bits = self._positions.phrase(term.words, term.prefix, bits)
        return bits

    def _value(self, name: str, value: Term | Dates, candidates: BitMap) -> BitMap:
        """Statements among ``candidates`` matching a filter's value (or a free-text term)."""
        if isinstance(value, Dates):
            return candidates & self._fields["date"].between(value.low, value.high)
        if name == "all":
            return self._words(value, candidates)
        found = candidates & self._term(self._fields[name], value)
        if value.phrase and found:
            found = self._field_phrase(name, value, found)
        return found

    def search(self, query: Query | str) -> Results:
        """Every statement matching ``query``, ranked."""
        if isinstance(query, str):
            query = parse_query(query)
        bits = EMPTY if query.bad_dates else self._all
        for name, values in query.filters:
            bits = union(self._value(name, value, bits) for value in values)
        if query.dates and bits:
            bits = union(self._value("date", value, bits) for value in query.dates)
        for group in query.choices:
            if bits:
                bits = union(self._value(name, value, bits) for name, value in group)
        for term in query.terms:
            if not bits:
                break
            bits = self._words(term, bits)
        for name, value in query.excluded:
            if bits:
                bits = bits - self._value(name, value, bits)
        bits = bits & self._all  # only real statements, whatever a snapshot's postings say
        tiers = [bits]
        free = query.free_words
        # Ranking by phrase costs a look at the candidates; past RANK_LIMIT matches the order
        # stays speaker-first then library order (a query that broad is refined while typing).
        only_phrase = len(query.terms) == 1 and query.terms[0].phrase
        if bits and len(free) > 1 and not only_phrase and len(bits) <= RANK_LIMIT:
            together = self._positions.phrase(free, query.terms[-1].prefix, bits)
            tiers = [together, bits - together]
        if bits and free:
            speaker = self._fields["speaker"]
            by_speaker = union(speaker.prefix(word) if len(word) > 2 else speaker.exact(word)
                               for word in free)
            last = tiers.pop()
            tiers.extend([last & by_speaker, last - by_speaker])
        return Results(self, query, tuple(tier for tier in tiers if tier))

    def _field_phrase(self, name: str, term: Term, candidates: BitMap) -> BitMap:
        """Filter values given as a quoted phrase: the field's words in order."""
        wanted = " ".join(term.words)
        return BitMap([number for number in candidates
                       if wanted in " ".join(self._field_words(name, self.hit(number)))])

    @staticmethod
    def _field_words(name: str, hit: Hit) -> list[str]:
        if name == "speaker":
            return words(hit.speaker.name) if hit.speaker else []
        if name == "country":
            return words(hit.country) if hit.country else []
        if name == "briefing":
            return words(hit.card.title)
        if name == "topic":
            return [w for topic in hit.statement.topics for w in words(topic)]
        if name == "credibility":
            return list(credibility_search_words(hit.statement.credibility))
        return [hit.statement.kind]


@dataclass
class Results:
    """The ranked matches of a query; rows are materialised only as far as they are read."""

    index: SearchIndex
    query: Query
    tiers: tuple[BitMap, ...]
    _rows: list[int] = field(default_factory=list)
    _iterators: list[Iterator[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.count = sum(len(tier) for tier in self.tiers)
        self._iterators = [iter(tier) for tier in self.tiers]

    def __len__(self) -> int:
        return self.count

    def number(self, row: int) -> int:
        """The statement number at ``row`` of the ranking."""
        while len(self._rows) <= row and self._iterators:
            try:
                self._rows.append(next(self._iterators[0]))
            except StopIteration:
                self._iterators.pop(0)
        return self._rows[row]

    def hit(self, row: int) -> Hit:
        """The statement at ``row`` of the ranking."""
        return self.index.hit(self.number(row))

    def hits(self, start: int = 0, stop: int | None = None) -> list[Hit]:
        """Rows ``start`` to ``stop`` (default: all)."""
        stop = self.count if stop is None else min(stop, self.count)
        return [self.hit(row) for row in range(start, stop)]

    def why_empty(self) -> str:
        """For an empty result: why, and how to widen the query."""
        if self.count or not self.index.statements:
            return "No statements are loaded." if not self.index.statements else ""
        query = self.query
        hints = []
        if query.unknown:
            names = ", ".join(f"'{name}:'" for name in query.unknown)
            hints.append(f"unknown filter {names} (filters: {', '.join(f + ':' for f in FILTERS)})")
        if query.bad_dates:
            hints.append(f"'date:{query.bad_dates[0]}' is not a date: write date:2024, "
                         "date:2024-03, date:2024-03-05 or a range such as date:2024-01..2024-03")
        parts: list[Term | Dates] = [*query.terms, *query.dates]
        parts += [t for _, values in query.filters for t in values]
        parts += [value for group in query.choices for _, value in group]
        if len(parts) > 1:
            hints.append("remove a word or filter: all of them must match")
        if any(isinstance(term, Term) and term.phrase for term in parts):
            hints.append("drop the quotes to match the words in any order")
        if query.excluded:
            hints.append("remove a -word: statements holding it are left out")
        if not hints:
            hints.append("check the spelling, or type fewer letters")
        described = " ".join(
            [*(" ".join(t.words) for t in query.terms),
             *(f"{n}:{' '.join(t.words)}" for n, values in query.filters for t in values),
             *(f"date:{d.text}" for d in query.dates),
             *(" | ".join(_described(n, v) for n, v in group) for group in query.choices),
             *(f"-{_described(n, v)}" for n, v in query.excluded)]
        )
        return f"No statement matches {described!r}. Try: " + "; ".join(hints) + "."


def _described(name: str, value: Term | Dates) -> str:
    text = value.text if isinstance(value, Dates) else " ".join(value.words)
    return text if name == "all" else f"{name}:{text}"
