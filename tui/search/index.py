"""The search index over every open briefing: built once, queried per keystroke.

Words match the statement's text, speaker name and role, country, and reporting outlet.
Results are ranked in tiers: statements holding the query's words as a phrase first, then those
whose speaker matches, then the rest, each tier in library order.

Postings are Python ints used as bitmaps over statement numbers, so AND and OR run in C over
machine words, and a result is a bitmap whose rows are materialised only as far as they are
read: the cost of a query does not grow with the number of rows shown.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING

from tui.format.claims import credibility_search_words
from tui.search.folding import words
from tui.search.query import FILTERS, Query, Term, parse_query
from tui.search.segment import FIELDS, Card, Row, Segment, Speaker, Statements

if TYPE_CHECKING:
    from tui.format.document import Document

RANK_LIMIT = 5_000
"""Above this many matches, results are not reordered by phrase (see ``SearchIndex.search``)."""


# --------------------------------------------------------------------------------- bitmaps


def _bitmap(ids: Sequence[int], size: int) -> int:
    """A bitmap with the given bits set."""
    if not ids:
        return 0
    raw = bytearray((size >> 3) + 1)
    for number in ids:
        raw[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(raw, "little")


_BITS_OF_BYTE = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


def _holds(text: str, phrase: str, prefix: bool) -> bool:
    """``text`` (folded words, one space apart) holds ``phrase`` as whole words."""
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if (start == 0 or text[start - 1] == " ") and (
            prefix or end == len(text) or text[end] == " "
        ):
            return True
        start = text.find(phrase, start + 1)
    return False


def _iter_bits(bitmap: int) -> Iterator[int]:
    """Positions of the set bits, ascending."""
    raw = bitmap.to_bytes((bitmap.bit_length() + 7) >> 3, "little")
    for index, byte in enumerate(raw):
        if byte:
            base = index << 3
            for bit in _BITS_OF_BYTE[byte]:
                yield base + bit


class _Postings:
    """Words of one field → bitmap of statements; prefix look-ups by a sorted vocabulary.

    A bitmap is stored as ``(shift, bits)`` meaning ``bits << shift``, the shift being where
    its first briefing starts: a word used only in the last briefings of a large library costs
    the bytes of those briefings, not of the whole library.
    """

    def __init__(self, bitmaps: dict[str, tuple[int, int]]) -> None:
        self.bitmaps = bitmaps
        self.vocabulary = sorted(bitmaps)
        self._prefix_cache: dict[str, int] = {}
        # Unions for every one- and two-letter prefix, so short prefixes are one look-up.
        for word, (shift, bits) in bitmaps.items():
            for length in (1, 2):
                if len(word) >= length:
                    key = word[:length]
                    self._prefix_cache[key] = self._prefix_cache.get(key, 0) | (bits << shift)

    def exact(self, word: str) -> int:
        found = self.bitmaps.get(word)
        return found[1] << found[0] if found is not None else 0

    def prefix(self, start: str) -> int:
        cached = self._prefix_cache.get(start)
        if cached is not None or len(start) <= 2:
            return cached or 0
        low = bisect.bisect_left(self.vocabulary, start)
        high = bisect.bisect_left(self.vocabulary, start + "\U0010ffff")
        bits = 0
        for word in self.vocabulary[low:high]:
            shift, found = self.bitmaps[word]
            bits |= found << shift
        if len(self._prefix_cache) < 4096:
            self._prefix_cache[start] = bits
        return bits

    def term(self, term: Term) -> int:
        """Statements holding every word of the term (the last one as a prefix if asked)."""
        bits = -1
        for number, word in enumerate(term.words):
            last = number == len(term.words) - 1
            found = self.prefix(word) if (last and term.prefix) else self.exact(word)
            bits &= found
            if not bits:
                return 0
        return bits if bits != -1 else 0


# --------------------------------------------------------------------------------- the index


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
    snapshot (see :mod:`tui.library.snapshot`). Statement numbers are bit positions; each briefing's
    statements start on a multiple of eight, so merging a word's postings is copying each
    segment's bytes into place. The few positions between briefings belong to no statement and
    are never set.
    """

    def __init__(self, segments: Iterable[Segment]) -> None:
        segments = list(segments)
        self.cards = [segment.card for segment in segments]
        self._statements: list[Statements | None] = [segment.statements for segment in segments]
        self._read_statements: Callable[[int], Statements] | None = None
        texts: list[str] = []
        # Each word's bitmap grows a briefing at a time, in library order: zero bytes for the
        # briefings without the word since it was last seen, then this briefing's bytes.
        growing: dict[str, dict[str, tuple[int, bytearray]]] = {name: {} for name in FIELDS}
        for segment in segments:
            offset = len(texts) >> 3  # the byte where this briefing's bits start
            texts.extend(segment.texts)
            texts.extend([""] * (-len(texts) % 8))
            width = segment.width
            for name in FIELDS:
                into = growing[name]
                found, blob = segment.postings[name]
                start = 0
                for word in found:
                    bits = blob[start:start + width]
                    start += width
                    entry = into.get(word)
                    if entry is None:
                        into[word] = (offset, bytearray(bits))
                    else:
                        first, array = entry
                        gap = offset - first - len(array)
                        if gap:
                            array += bytes(gap)
                        array += bits
        fields = {
            name: {word: (first << 3, int.from_bytes(array, "little"))
                   for word, (first, array) in into.items()}
            for name, into in growing.items()
        }
        self._setup(texts, "\n".join(texts), fields)

    def _setup(self, texts: list[str], corpus: str,
               fields: dict[str, dict[str, tuple[int, int]]]) -> None:
        """What both ways of building an index share: positions, texts and postings."""
        starts = []
        slot = row = 0
        whole = bytearray(len(texts) >> 3)
        for card in self.cards:
            starts.append(slot)
            count = card.statements
            offset = slot >> 3
            whole[offset:offset + (count >> 3)] = b"\xff" * (count >> 3)
            if count & 7:
                whole[offset + (count >> 3)] = (1 << (count & 7)) - 1
            slot += (count + 7) & ~7
            row += count
        self._starts = starts
        self.size = slot
        """Bit positions in use, gaps between briefings included."""
        self.statements = row
        self._texts = texts
        self._corpus = corpus
        """Every statement's folded words, one statement per line (gaps too), for phrases."""
        self._starts_of_lines: list[int] | None = None
        self._fields = {name: _Postings(fields[name]) for name in FIELDS}
        self._all = int.from_bytes(whole, "little")

    @classmethod
    def restore(
        cls,
        cards: list[Card],
        corpus: str,
        fields: dict[str, dict[str, tuple[int, int]]],
        read_statements: Callable[[int], Statements],
    ) -> SearchIndex:
        """An index from the parts :mod:`tui.library.snapshot` saved: ``corpus`` holds each statement's
        folded words, a line each, with empty lines up to each briefing's next multiple of
        eight; ``read_statements(n)`` gives briefing ``n``'s statements when first needed."""
        index = cls.__new__(cls)
        index.cards = cards
        index._statements = [None] * len(cards)
        index._read_statements = read_statements
        index._setup(corpus.split("\n") if corpus else [], corpus, fields)
        return index

    def statements_of(self, briefing: int) -> Statements:
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
    def _line_starts(self) -> list[int]:
        """Where each statement's line starts in the corpus (worked out on first use)."""
        if self._starts_of_lines is None:
            self._starts_of_lines = [0, *accumulate(len(text) + 1 for text in self._texts)][
                : len(self._texts)]
        return self._starts_of_lines

    @property
    def briefings(self) -> int:
        """How many briefings the index holds."""
        return len(self.cards)

    def hit(self, number: int) -> Hit:
        """The statement at bit position ``number``."""
        briefing = bisect.bisect_right(self._starts, number) - 1
        statements = self.statements_of(briefing)
        statement = statements.row(number - self._starts[briefing])
        speaker = statements.speakers.get(statement.speaker)
        country = (statements.countries.get(speaker.country)
                   if speaker and speaker.country else None)
        return Hit(briefing, self.cards[briefing], statement, speaker, country)

    def __len__(self) -> int:
        return self.statements

    def _phrase(self, phrase: str, candidates: int, *, prefix: bool) -> int:
        """Statements among ``candidates`` whose text holds ``phrase`` as consecutive words."""
        if candidates.bit_count() * 8 < self.size:
            texts = self._texts
            found = [n for n in _iter_bits(candidates) if _holds(texts[n], phrase, prefix)]
            return _bitmap(found, self.size)
        corpus, starts, found = self._corpus, self._line_starts, []
        length, end_of_corpus = len(phrase), len(self._corpus)
        start = corpus.find(phrase)
        while start != -1:
            end = start + length
            if (start == 0 or corpus[start - 1] in " \n") and (
                prefix or end == end_of_corpus or corpus[end] in " \n"
            ):
                found.append(bisect.bisect_right(starts, start) - 1)
            start = corpus.find(phrase, start + 1)
        return _bitmap(found, self.size) & candidates

    def search(self, query: Query | str) -> Results:
        """Every statement matching ``query``, ranked."""
        if isinstance(query, str):
            query = parse_query(query)
        bits = self._all
        for name, values in query.filters:
            postings = self._fields[name]
            either = 0
            for term in values:
                found = postings.term(term)
                if term.phrase and found:
                    found = self._field_phrase(name, term, found)
                either |= found
            bits &= either
        everything = self._fields["all"]
        for term in query.terms:
            if not bits:
                break
            bits &= everything.term(term)
            if term.phrase and bits:
                bits = self._phrase(" ".join(term.words), bits, prefix=term.prefix)
        bits &= self._all  # never a position between briefings, whatever the postings say
        tiers = [bits]
        free = query.free_words
        # Ranking by phrase costs a scan of the candidates; past RANK_LIMIT matches the order
        # stays speaker-first then library order (a query that broad is refined while typing).
        if bits and len(free) > 1 and bits.bit_count() <= RANK_LIMIT:
            together = self._phrase(" ".join(free), bits, prefix=bool(query.terms[-1].prefix))
            tiers = [together, bits & ~together]
        if bits and free:
            speaker = self._fields["speaker"]
            by_speaker = 0
            for word in free:
                by_speaker |= speaker.prefix(word) if len(word) > 2 else speaker.exact(word)
            last = tiers.pop()
            tiers.extend([last & by_speaker, last & ~by_speaker])
        return Results(self, query, tuple(tier for tier in tiers if tier))

    def _field_phrase(self, name: str, term: Term, candidates: int) -> int:
        """Filter values given as a quoted phrase: the field's words in order."""
        wanted = " ".join(term.words)
        bits = 0
        for number in _iter_bits(candidates):
            if wanted in " ".join(self._field_words(name, self.hit(number))):
                bits |= 1 << number
        return bits

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
    """The statements matching a query, read row by row without materialising all of them."""

    index: SearchIndex
    query: Query
    tiers: tuple[int, ...]
    _rows: list[int] = field(default_factory=list)
    _iterators: list[Iterator[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.count = sum(tier.bit_count() for tier in self.tiers)
        self._iterators = [_iter_bits(tier) for tier in self.tiers]

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
        hints = []
        if self.query.unknown:
            names = ", ".join(f"'{name}:'" for name in self.query.unknown)
            hints.append(f"unknown filter {names} (filters: {', '.join(f + ':' for f in FILTERS)})")
        parts = [*self.query.terms, *(t for _, values in self.query.filters for t in values)]
        if len(parts) > 1:
            hints.append("remove a word or filter: all of them must match")
        if any(term.phrase for term in parts):
            hints.append("drop the quotes to match the words in any order")
        if not hints:
            hints.append("check the spelling, or type fewer letters")
        described = " ".join(
            [*(" ".join(t.words) for t in self.query.terms),
             *(f"{n}:{' '.join(t.words)}" for n, values in self.query.filters for t in values)]
        )
        return f"No statement matches {described!r}. Try: " + "; ".join(hints) + "."
