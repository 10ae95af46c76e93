"""The search index's postings: compressed bitmaps (Roaring, via ``pyroaring``) per word.

Two kinds, each a :class:`Store` of word → bitmap:

* **statement postings**, one store per field: the statements holding a word, by statement
  number (0 is the library's first statement, numbers run on across briefings without gaps);
  with the unions of every one- and two-letter prefix made once, so the first keystrokes of a
  query are one look-up each;
* **positions**, one store: where each word of the statements' texts stands, as token numbers
  (a statement's words are consecutive numbers, and one number between two statements belongs
  to no word), so a phrase is bitmap shifts and intersections, never a scan of the texts.

A Roaring bitmap costs about two bytes per entry, and a whole 64 Ki range a word is dense in
(a common word) costs 8 KiB; so memory and disk grow with the text, not with vocabulary ×
library size as the Python-int bitmaps before them did.

A store holds either bitmaps or their serialised form (Roaring's portable format) in one buffer,
deserialised one word at a time when a query first needs it, and kept in a bounded cache: that is
how a snapshot opens without reading every bitmap, and how positions (a bitmap per word over
the whole library's text) stay a few bytes per word in memory. A serialised bitmap that does not
read back (a forged snapshot: damage fails its checksum first) counts as empty and is reported
to ``damaged``; results are masked to real statements by the index either way.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable

from pyroaring import BitMap

EMPTY = BitMap()
PREFIXED = (1, 2)
"""Prefix lengths whose unions a field's store keeps."""
CACHE = 4096
"""Bitmaps a store keeps deserialised, and unions of longer prefixes it keeps, at most."""


def make(numbers: Iterable[int]) -> BitMap:
    """A compact bitmap of ``numbers``."""
    bits = BitMap(numbers)
    bits.run_optimize()
    bits.shrink_to_fit()
    return bits


def union(maps: Iterable[BitMap]) -> BitMap:
    return BitMap.union(EMPTY, *maps)


class Store:
    """Word → bitmap: built, or serialised in one buffer and read a word at a time."""

    def __init__(self, maps: dict[str, BitMap] | None = None, *,
                 buffer: bytes | memoryview = b"", places: dict[str, tuple[int, int]] | None = None,
                 prefixes: dict[str, BitMap] | None = None,
                 prefix_places: dict[str, tuple[int, int]] | None = None,
                 prefixed: bool = False, damaged: Callable[[], None] = lambda: None) -> None:
        self._maps = maps if maps is not None else {}
        self._buffer = buffer
        self._places = places
        self.vocabulary = sorted(maps if places is None else places)
        self._prefixes = prefixes if prefixes is not None else {}
        self._prefix_places = prefix_places or {}
        self._longer: dict[str, BitMap] = {}
        self.prefixed = prefixed
        """The unions of every prefix of the lengths :data:`PREFIXED` are kept (one absent
        means no word has it)."""
        self._damaged = damaged

    @classmethod
    def build(cls, numbers: dict[str, array], *, prefixed: bool = True) -> Store:
        """A store of the given numbers per word (with prefix unions if ``prefixed``)."""
        maps = {word: make(found) for word, found in numbers.items()}
        prefixes: dict[str, BitMap] = {}
        if prefixed:
            groups: dict[str, list[BitMap]] = {}
            for word, bits in maps.items():
                for length in PREFIXED:
                    if len(word) >= length:
                        groups.setdefault(word[:length], []).append(bits)
            prefixes = {key: union(found) for key, found in groups.items()}
            for bits in prefixes.values():
                bits.run_optimize()
        return cls(maps, prefixes=prefixes, prefixed=prefixed)

    def __contains__(self, word: str) -> bool:
        return word in (self._maps if self._places is None else self._places)

    def _read(self, place: tuple[int, int]) -> BitMap:
        offset, length = place
        try:
            return BitMap.deserialize(bytes(self._buffer[offset:offset + length]))
        except Exception:  # noqa: BLE001 - forged: nothing matches it, and the owner is told
            self._damaged()
            return EMPTY

    def exact(self, word: str) -> BitMap:
        found = self._maps.get(word)
        if found is not None or self._places is None:
            return EMPTY if found is None else found
        place = self._places.get(word)
        if place is None:
            return EMPTY
        found = self._read(place)
        if len(self._maps) >= CACHE:
            self._maps.clear()
        self._maps[word] = found
        return found

    def words_from(self, start: str) -> list[str]:
        """The words starting with ``start``, in order."""
        low = bisect.bisect_left(self.vocabulary, start)
        high = bisect.bisect_left(self.vocabulary, start + "\U0010ffff")
        return self.vocabulary[low:high]

    def between(self, low: str | None, high: str | None) -> BitMap:
        """The union of the words from ``low`` up to every word starting with ``high``."""
        vocabulary = self.vocabulary
        first = 0 if low is None else bisect.bisect_left(vocabulary, low)
        last = (len(vocabulary) if high is None
                else bisect.bisect_left(vocabulary, high + "\U0010ffff"))
        return union(self.exact(word) for word in vocabulary[first:last])

    def prefix(self, start: str) -> BitMap:
        """The union of every word starting with ``start``."""
        found = self._prefixes.get(start)
        if found is None and start in self._prefix_places:
            found = self._prefixes[start] = self._read(self._prefix_places[start])
        if found is None:
            found = self._longer.get(start)
        if found is not None:
            return found
        if self.prefixed and len(start) in PREFIXED:
            return EMPTY  # no word has it
        found = union(self.exact(word) for word in self.words_from(start))
        if len(self._longer) >= CACHE:
            self._longer.clear()
        self._longer[start] = found
        return found

    @classmethod
    def build_serialised(cls, numbers: dict[str, array]) -> Store:
        """A store of the given numbers per word, with prefix unions, kept serialised (each
        word's bitmap made, serialised and dropped in turn, so they are never all objects)."""
        blobs: list[bytes] = []
        where: dict[str, tuple[int, int]] = {}
        groups: dict[str, BitMap] = {}
        offset = 0
        for word in sorted(numbers):
            bits = make(numbers[word])
            for length in PREFIXED:
                if len(word) >= length:
                    key = word[:length]
                    found = groups.get(key)
                    if found is None:
                        groups[key] = bits.copy()
                    else:
                        found |= bits
            blob = bits.serialize()
            where[word] = (offset, len(blob))
            offset += len(blob)
            blobs.append(blob)
        prefix_where: dict[str, tuple[int, int]] = {}
        for key in sorted(groups):
            bits = groups.pop(key)
            bits.run_optimize()
            blob = bits.serialize()
            prefix_where[key] = (offset, len(blob))
            offset += len(blob)
            blobs.append(blob)
        return cls(buffer=b"".join(blobs), places=where, prefix_places=prefix_where,
                   prefixed=True)

    # ------------------------------------------------------------------ saving

    def serialised(self) -> tuple[list[str], list[bytes], list[str], list[bytes]]:
        """Words and their serialised bitmaps, then prefixes and theirs (for a snapshot)."""
        words = self.vocabulary
        blobs = [self.exact(word).serialize() for word in words]
        keys = sorted(self._prefixes.keys() | self._prefix_places.keys())
        return words, blobs, keys, [self.prefix(key).serialize() for key in keys]


def places(words: list[str], sizes: list[int], start: int) -> tuple[dict[str, tuple[int, int]], int]:
    """Where each word's bitmap is in a buffer holding them one after another from ``start``;
    and where they end."""
    found = {}
    for word, size in zip(words, sizes, strict=True):
        found[word] = (start, size)
        start += size
    return found, start


SLOT = 5
"""Token numbers come in slots of ``2 ** SLOT``: each statement starts a slot (a long one takes
several), so a token's statement is its slot's owner, one shift and one look-up."""


class Positions:
    """Where each word of the statements' texts stands: phrases as bitmap arithmetic.

    Statement ``n``'s words are the token numbers ``starts[n]``, ``starts[n] + 1``, ...; the
    number after its last word is never a word's, so a phrase never runs from one statement into
    the next. ``owners[t >> SLOT]`` is the statement of token ``t``.
    """

    def __init__(self, store: Store, starts: array, owners: array) -> None:
        self.store = store
        self.starts = starts
        self.owners = owners

    @classmethod
    def of_texts(cls, texts: Iterable[str]) -> Positions:
        """The positions of the words of ``texts`` (folded words one space apart)."""
        numbers: dict[str, array] = {}
        starts = array("I")
        owners = array("I")
        get = numbers.get
        for number, text in enumerate(texts):
            token = len(owners) << SLOT
            starts.append(token)
            found_words = text.split()
            for word in found_words:
                found = get(word)
                if found is None:
                    numbers[word] = array("I", (token,))
                else:
                    found.append(token)
                token += 1
            # Its words and the gap after them, in whole slots.
            owners.extend([number] * ((len(found_words) >> SLOT) + 1))
        # Kept serialised: a bitmap per word over the whole text costs far more as objects.
        return cls(Store.build_serialised(numbers), starts, owners)

    def phrase(self, words: tuple[str, ...], prefix: bool, candidates: BitMap) -> BitMap:
        """The statements among ``candidates`` holding ``words`` consecutively (the last as a
        prefix if ``prefix``)."""
        store = self.store
        ends: BitMap | None = None
        for number, word in enumerate(words):
            found = (store.prefix(word) if prefix and number == len(words) - 1
                     else store.exact(word))
            ends = found if ends is None else ends.shift(1) & found
            if not ends:
                return EMPTY
        assert ends is not None
        return self.statements(ends, candidates)

    def statements(self, tokens: BitMap, candidates: BitMap) -> BitMap:
        """The statements among ``candidates`` holding any of ``tokens``."""
        owners = self.owners
        limit = len(owners) << SLOT
        if tokens and tokens.max() >= limit:  # a forged snapshot's: no statement has them
            tokens = tokens - BitMap(range(limit, tokens.max() + 1))
        if len(candidates) < len(tokens):
            starts, count = self.starts, len(self.starts)
            found = []
            for number in candidates:
                end = starts[number + 1] if number + 1 < count else limit
                if tokens.range_cardinality(starts[number], end):
                    found.append(number)
            return BitMap(found)
        return BitMap([owners[token >> SLOT] for token in tokens]) & candidates
