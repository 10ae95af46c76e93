"""Quote search over every open briefing: an index built once, queried per keystroke.

Query language (shared by the reader and ``briefing quotes``):

* words are ANDed, case- and accent-insensitive ("jurgen" finds "Jürgen");
* the last word matches as a prefix (results follow typing), unless the query ends in a space;
* ``"quoted phrases"`` match exactly (as consecutive words);
* filters ``speaker:``, ``country:``, ``topic:``, ``kind:direct|reported`` and ``briefing:``
  combine with words; a filter's value is a word prefix or a quoted phrase, and repeating a
  filter ORs its values.

Words match the statement's text, speaker name and role, country, and reporting outlet.
Results are ranked in tiers: statements holding the query's words as a phrase first, then those
whose speaker matches, then the rest, each tier in library order.

Postings are Python ints used as bitmaps over statement numbers, so AND and OR run in C over
machine words, and a result is a bitmap whose rows are materialised only as far as they are
read: the cost of a query does not grow with the number of rows shown.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .document import Document
from .model import Actor, Country, Statement

FILTERS = ("speaker", "country", "topic", "kind", "briefing")

RANK_LIMIT = 5_000
"""Above this many matches, results are not reordered by phrase (see ``SearchIndex.search``)."""

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
_WORD = re.compile(r"\w+")
_QUERY_TOKEN = re.compile(r'(?:(\w+):)?(?:"([^"]*)"?|(\S+))')


def fold(text: str) -> str:
    """Lower-case ``text`` without accents, for matching ("Jürgen" → "jurgen")."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", text).translate(_UNDECOMPOSED)


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text))


# --------------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Term:
    """Words that must all match; ``phrase`` when they must be consecutive."""

    words: tuple[str, ...]
    prefix: bool = False
    """The last word matches as a prefix."""
    phrase: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query."""

    text: str
    terms: tuple[Term, ...] = ()
    filters: tuple[tuple[str, tuple[Term, ...]], ...] = ()
    unknown: tuple[str, ...] = ()
    """Filter names that are not known (searched as words instead)."""

    @property
    def empty(self) -> bool:
        """No words and no filters: every statement matches."""
        return not self.terms and not self.filters

    @property
    def free_words(self) -> tuple[str, ...]:
        """Every word of the free text, in order."""
        return tuple(word for term in self.terms for word in term.words)


def parse_query(text: str) -> Query:
    """Parse a query typed in the search field."""
    terms: list[Term] = []
    filters: dict[str, list[Term]] = {}
    unknown: list[str] = []
    matches = list(_QUERY_TOKEN.finditer(text))
    trailing_space = text[-1:].isspace()
    for number, match in enumerate(matches):
        name, quoted, bare = match.groups()
        is_last = number == len(matches) - 1 and not trailing_space
        closed_quote = quoted is not None and match.end() > match.start(2) + len(quoted)
        value = quoted if quoted is not None else bare
        if name is not None:
            folded_name = fold(name)
            if folded_name not in FILTERS:
                unknown.append(name)
                value = f"{name} {value or ''}"
                name = None
            else:
                name = folded_name
        found = tuple(words(value or ""))
        if not found:
            continue
        phrase = quoted is not None and len(found) > 1
        term = Term(words=found, prefix=is_last and not closed_quote, phrase=phrase)
        if name is None:
            terms.append(term)
        else:
            filters.setdefault(name, []).append(term)
    return Query(
        text=text,
        terms=tuple(terms),
        filters=tuple((name, tuple(values)) for name, values in filters.items()),
        unknown=tuple(unknown),
    )


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
    """Words of one field → bitmap of statements; prefix look-ups by a sorted vocabulary."""

    def __init__(self, bitmaps: dict[str, int]) -> None:
        self.bitmaps = bitmaps
        self.vocabulary = sorted(bitmaps)
        self._prefix_cache: dict[str, int] = {}
        # Unions for every one- and two-letter prefix, so short prefixes are one look-up.
        for word, bits in bitmaps.items():
            for length in (1, 2):
                if len(word) >= length:
                    key = word[:length]
                    self._prefix_cache[key] = self._prefix_cache.get(key, 0) | bits

    @classmethod
    def of_lists(cls, lists: dict[str, list[int]], size: int) -> _Postings:
        """Postings from lists of statement numbers."""
        return cls({word: _bitmap(ids, size) for word, ids in lists.items()})

    def exact(self, word: str) -> int:
        return self.bitmaps.get(word, 0)

    def prefix(self, start: str) -> int:
        cached = self._prefix_cache.get(start)
        if cached is not None or len(start) <= 2:
            return cached or 0
        low = bisect.bisect_left(self.vocabulary, start)
        high = bisect.bisect_left(self.vocabulary, start + "\U0010ffff")
        bits = 0
        for word in self.vocabulary[low:high]:
            bits |= self.bitmaps[word]
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


@dataclass(frozen=True)
class Hit:
    """One statement in the index."""

    document: Document
    statement: Statement
    speaker: Actor | None
    country: Country | None


class SearchIndex:
    """Every statement of the open briefings, indexed by word for each field."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = list(documents)
        self.hits: list[Hit] = []
        texts: list[str] = []
        every: dict[str, list[int]] = {}
        by_field: dict[str, dict[str, list[int]]] = {"speaker": {}, "country": {}, "topic": {}}
        kinds: dict[str, list[int]] = {}
        briefing_bits: dict[str, int] = {}
        folded: dict[str, tuple[str, ...]] = {}  # words of short repeated strings, memoised

        def words_of(value: str) -> tuple[str, ...]:
            found = folded.get(value)
            if found is None:
                found = folded[value] = tuple(words(value))
            return found

        number = 0
        for document in self.documents:
            briefing = document.briefing
            actors = {actor.id: actor for actor in briefing.actors}
            countries = {country.code: country for country in briefing.countries}
            topic_words = {
                topic.id: {*words_of(topic.id), *words_of(topic.title)} for topic in briefing.topics
            }
            first = number
            by_speaker: dict[str, list[int]] = {}
            for statement in briefing.statements:
                speaker = actors.get(statement.speaker)
                country = countries.get(speaker.country) if speaker and speaker.country else None
                self.hits.append(Hit(document, statement, speaker, country))
                text_words = words(statement.text)
                texts.append(" ".join(text_words))
                found = set(text_words)
                if statement.reported_by:
                    found.update(words_of(statement.reported_by))
                for word in found:
                    every.setdefault(word, []).append(number)
                if statement.topics:
                    about: set[str] = set()
                    for topic_id in statement.topics:
                        about.update(topic_words.get(topic_id) or words_of(topic_id))
                    for word in about:
                        by_field["topic"].setdefault(word, []).append(number)
                kinds.setdefault(statement.kind, []).append(number)
                by_speaker.setdefault(statement.speaker, []).append(number)
                number += 1
            # Words of the speaker, role and country are shared by a speaker's statements.
            for speaker_id, numbers in by_speaker.items():
                speaker = actors.get(speaker_id)
                spoken = {*words_of(speaker_id), *(words_of(speaker.name) if speaker else ())}
                shared = set(spoken)
                if speaker and speaker.role:
                    shared.update(words_of(speaker.role))
                country = countries.get(speaker.country) if speaker and speaker.country else None
                placed = {country.code.lower(), *words_of(country.name)} if country else set()
                shared.update(placed)
                for name, found in (("speaker", spoken), ("country", placed)):
                    for word in found:
                        by_field[name].setdefault(word, []).extend(numbers)
                for word in shared:
                    every.setdefault(word, []).extend(numbers)
            # A briefing's statements are consecutive: its words cover one run of bits.
            run = ((1 << (number - first)) - 1) << first
            for word in {*words_of(briefing.id), *words_of(briefing.title)}:
                briefing_bits[word] = briefing_bits.get(word, 0) | run
        self.size = number
        self._texts = texts
        # One string of every statement's folded words, one statement per line, for phrases.
        self._corpus = "\n".join(texts)
        self._line_starts: list[int] = []
        offset = 0
        for text in texts:
            self._line_starts.append(offset)
            offset += len(text) + 1
        self._fields = {
            "all": _Postings.of_lists(every, number),
            **{name: _Postings.of_lists(lists, number) for name, lists in by_field.items()},
            "kind": _Postings.of_lists(kinds, number),
            "briefing": _Postings(briefing_bits),
        }
        self._all = (1 << number) - 1

    def __len__(self) -> int:
        return self.size

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
            if wanted in " ".join(self._field_words(name, self.hits[number])):
                bits |= 1 << number
        return bits

    @staticmethod
    def _field_words(name: str, hit: Hit) -> list[str]:
        if name == "speaker":
            return words(hit.speaker.name) if hit.speaker else []
        if name == "country":
            return words(hit.country.name) if hit.country else []
        if name == "briefing":
            return words(hit.document.briefing.title)
        if name == "topic":
            return [w for topic in hit.statement.topics for w in words(topic)]
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
        return self.index.hits[self.number(row)]

    def hits(self, start: int = 0, stop: int | None = None) -> list[Hit]:
        """Rows ``start`` to ``stop`` (default: all)."""
        stop = self.count if stop is None else min(stop, self.count)
        return [self.hit(row) for row in range(start, stop)]

    def why_empty(self) -> str:
        """For an empty result: why, and how to widen the query."""
        if self.count or not self.index.size:
            return "No statements are loaded." if not self.index.size else ""
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


def highlights(text: str, query: Query) -> list[tuple[int, int]]:
    """Spans of ``text`` that match the query's free words (for showing results)."""
    wanted: dict[str, bool] = {}
    for term in query.terms:
        for number, word in enumerate(term.words):
            prefix = term.prefix and number == len(term.words) - 1
            wanted[word] = wanted.get(word, False) or prefix
    if not wanted:
        return []
    spans = []
    for match in _WORD.finditer(text):
        token = fold(match.group())
        for word, prefix in wanted.items():
            if token == word or (prefix and token.startswith(word)):
                spans.append(match.span())
                break
    return spans
