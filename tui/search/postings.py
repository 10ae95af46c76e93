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
from itertools import accumulate
from typing import NamedTuple

from pyroaring import BitMap

EMPTY = BitMap()
PREFIX = 2
"""A store that keeps prefix unions keeps those of every two-letter prefix; a one-letter
prefix is the union of its two-letter ones (and of the one-letter word, if there is one)."""
PREFIXED_WORDS = 1000
"""Stores of fewer words keep no prefix unions (a union of their words is quick)."""
CACHE = 4096
"""Bitmaps a store keeps deserialised, and unions of other prefixes it keeps, at most."""


def make(numbers: Iterable[int]) -> BitMap:
    """A compact bitmap of ``numbers``."""
    bits = BitMap(numbers)
    bits.run_optimize()
    bits.shrink_to_fit()
    return bits


def union(maps: Iterable[BitMap]) -> BitMap:
    return BitMap.union(EMPTY, *maps)


def offsets_of(sizes: Iterable[int], start: int) -> array:
    """Where bitmaps of these sizes, one after another from ``start``, begin (and the last
    ends)."""
    return array("Q", accumulate(sizes, initial=start))


class Store:
    """Word → bitmap: built, or serialised in one buffer and read a word at a time.

    ``words`` (sorted) and ``offsets`` say where each word's bitmap is in ``buffer``
    (``offsets[n]`` to ``offsets[n + 1]``); ``keys`` and ``key_offsets`` the same for the
    two-letter prefix unions. No Python object per word but its string: the garbage collector
    has nothing to walk.
    """

    def __init__(self, maps: dict[str, BitMap] | None = None, *,
                 prefixes: dict[str, BitMap] | None = None, buffer: bytes | memoryview = b"",
                 words: list[str] | None = None, offsets: array | None = None,
                 keys: list[str] | None = None, key_offsets: array | None = None,
                 damaged: Callable[[], None] = lambda: None) -> None:
        self._maps = maps if maps is not None else {}
        self._built = words is None
        # Tuples of strings: the garbage collector stops walking them after one look.
        self.vocabulary: tuple[str, ...] = tuple(sorted(self._maps) if words is None else words)
        self._buffer = buffer
        self._offsets = offsets
        self._prefixes = prefixes if prefixes is not None else {}
        self.keys: tuple[str, ...] = tuple(sorted(self._prefixes) if keys is None else keys)
        self._key_offsets = key_offsets
        self.prefixed = bool(self.keys)
        """The unions of every two-letter prefix are kept (one absent means no word has it)."""
        self._other: dict[str, BitMap] = {}
        self._damaged = damaged

    @classmethod
    def _packed(cls, words: list[str], blobs: list[bytes], keys: list[str],
                key_blobs: list[bytes]) -> Store:
        """A store kept serialised, of the words' and prefixes' serialised bitmaps."""
        offsets = offsets_of(map(len, blobs), 0)
        key_offsets = offsets_of(map(len, key_blobs), offsets[-1])
        return cls(buffer=b"".join([*blobs, *key_blobs]), words=words, offsets=offsets,
                   keys=keys, key_offsets=key_offsets)

    @classmethod
    def of_maps(cls, maps: dict[str, BitMap], prefixes: dict[str, BitMap] | None, *,
                serialised: bool) -> Store:
        """A store of these bitmaps and prefix unions (made if None and there are enough
        words), kept as objects or serialised."""
        if prefixes is None:
            prefixes = {}
            if len(maps) >= PREFIXED_WORDS:
                groups: dict[str, list[BitMap]] = {}
                for word, bits in maps.items():
                    if len(word) >= PREFIX:
                        groups.setdefault(word[:PREFIX], []).append(bits)
                prefixes = {key: union(found) for key, found in groups.items()}
        if not serialised:
            return cls(maps, prefixes=prefixes)
        words, keys = sorted(maps), sorted(prefixes)
        return cls._packed(words, [maps[word].serialize() for word in words], keys,
                           [prefixes[key].serialize() for key in keys])

    @property
    def serialised_form(self) -> bool:
        """The bitmaps are kept serialised, read a word at a time."""
        return not self._built

    def _read(self, offsets: array, number: int) -> BitMap:
        try:
            return BitMap.deserialize(bytes(self._buffer[offsets[number]:offsets[number + 1]]))
        except Exception:  # noqa: BLE001 - forged: nothing matches it, and the owner is told
            self._damaged()
            return EMPTY

    def exact(self, word: str) -> BitMap:
        found = self._maps.get(word)
        if found is not None or self._built:
            return EMPTY if found is None else found
        number = _find(self.vocabulary, word)
        if number is None:
            return EMPTY
        assert self._offsets is not None
        return self._remember(word, self._read(self._offsets, number))

    def _remember(self, word: str, found: BitMap) -> BitMap:
        """``found`` kept as ``word``'s bitmap, among at most :data:`CACHE` (all forgotten
        when that many are kept)."""
        if len(self._maps) >= CACHE:
            self._maps.clear()
        self._maps[word] = found
        return found

    def words_from(self, start: str) -> tuple[str, ...]:
        """The words starting with ``start``, in order."""
        return _starting(self.vocabulary, start)

    def between(self, low: str | None, high: str | None) -> BitMap:
        """The union of the words from ``low`` up to every word starting with ``high``."""
        vocabulary = self.vocabulary
        first = 0 if low is None else bisect.bisect_left(vocabulary, low)
        last = (len(vocabulary) if high is None
                else bisect.bisect_left(vocabulary, high + "\U0010ffff"))
        return self._union_of(first, last)

    def _union_of(self, first: int, last: int) -> BitMap:
        """The union of the bitmaps of words ``first`` to ``last - 1`` of the vocabulary."""
        return union(self.exact(word) for word in self.vocabulary[first:last])

    def _kept(self, key: str) -> BitMap:
        """A kept two-letter prefix union (empty if no word has the prefix)."""
        found = self._prefixes.get(key)
        if found is not None:
            return found
        number = _find(self.keys, key)
        if number is None or self._key_offsets is None:
            return EMPTY
        found = self._prefixes[key] = self._read(self._key_offsets, number)
        return found

    def prefix(self, start: str) -> BitMap:
        """The union of every word starting with ``start``."""
        if self.prefixed and len(start) == PREFIX:
            return self._kept(start)
        found = self._other.get(start)
        if found is not None:
            return found
        if self.prefixed and len(start) < PREFIX:
            found = union([self.exact(start), *map(self._kept, _starting(self.keys, start))])
        else:
            found = self._union_of(*_bounds(self.vocabulary, start))
        if len(self._other) >= CACHE:
            self._other.clear()
        self._other[start] = found
        return found

    # ------------------------------------------------------------------ saving

    def serialised(self) -> tuple[list[str], Iterable[bytes | memoryview], list[str],
                                  Iterable[bytes | memoryview]]:
        """Words and their serialised bitmaps, then prefixes and theirs (for a snapshot): the
        bitmaps each made as the one before it is written, not all held at once."""
        if not self._built and self._offsets is not None:  # already: views of the bytes
            buffer, offsets = memoryview(self._buffer), self._offsets
            blobs: list[bytes | memoryview] = [buffer[offsets[n]:offsets[n + 1]]
                                               for n in range(len(self.vocabulary))]
            key_offsets = self._key_offsets
            assert key_offsets is not None
            key_blobs: list[bytes | memoryview] = [buffer[key_offsets[n]:key_offsets[n + 1]]
                                                   for n in range(len(self.keys))]
            return list(self.vocabulary), blobs, list(self.keys), key_blobs
        return (list(self.vocabulary), (self.exact(word).serialize() for word in self.vocabulary),
                list(self.keys), (self._kept(key).serialize() for key in self.keys))


class ArrayStore(Store):
    """A store of each word's numbers as they were merged (:class:`Parts`: every word's
    numbers one after another, the words in order), whose bitmaps, and prefix unions, are made
    when a query first needs them.

    So an index merged from a library's segments is searchable at once, without making a bitmap
    for each of a hundred thousand words first (most are never asked for); the snapshot,
    written later, makes them all. A prefix's words are side by side, so its union is made from
    one slice of the numbers. ``serialised``: what :attr:`serialised_form` says (how a splice of
    every word rebuilds it: as objects, or serialised).
    """

    class Parts(NamedTuple):
        """The merged numbers of a field: word ``n``'s are ``numbers[starts[n]:starts[n + 1]]``,
        ascending."""

        vocabulary: tuple[str, ...]
        """The words, sorted."""
        starts: array
        numbers: array

    def __init__(self, parts: Parts, *, serialised: bool) -> None:
        super().__init__({}, prefixes={})
        self._parts = parts
        self._built = False  # bitmaps are made on demand, not all there
        self._serialised = serialised
        self.vocabulary = parts.vocabulary
        self.prefixed = len(parts.vocabulary) >= PREFIXED_WORDS
        if self.prefixed:
            self.keys = tuple(sorted({word[:PREFIX] for word in parts.vocabulary
                                      if len(word) >= PREFIX}))

    @property
    def serialised_form(self) -> bool:
        return self._serialised

    def _union_of(self, first: int, last: int) -> BitMap:
        """One bitmap of the numbers of words ``first`` to ``last - 1``, side by side: no
        bitmap made per word."""
        starts = self._parts.starts
        return make(self._parts.numbers[starts[first]:starts[last]])

    def exact(self, word: str) -> BitMap:
        found = self._maps.get(word)
        if found is not None:
            return found
        number = _find(self.vocabulary, word)
        if number is None:
            return EMPTY
        return self._remember(word, self._union_of(number, number + 1))

    def _kept(self, key: str) -> BitMap:
        found = self._prefixes.get(key)
        if found is None:
            if not (self.prefixed and len(key) == PREFIX):
                return EMPTY
            found = self._prefixes[key] = self._union_of(*_bounds(self.vocabulary, key))
        return found


def _find(sorted_words: tuple[str, ...], word: str) -> int | None:
    """Where ``word`` is in ``sorted_words`` (a look-up by bisection: no dictionary of a store's
    words to build when a snapshot is opened)."""
    at = bisect.bisect_left(sorted_words, word)
    return at if at < len(sorted_words) and sorted_words[at] == word else None


def _bounds(sorted_words: tuple[str, ...], start: str) -> tuple[int, int]:
    """Where the words starting with ``start`` are in ``sorted_words`` (first, and past last)."""
    return (bisect.bisect_left(sorted_words, start),
            bisect.bisect_left(sorted_words, start + "\U0010ffff"))


def _starting(sorted_words: tuple[str, ...], start: str) -> tuple[str, ...]:
    low, high = _bounds(sorted_words, start)
    return sorted_words[low:high]


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
