"""(word, number) pairs grouped by word, in numpy: how postings are made without a Python step
per pair.

Both ends of indexing have pairs to group: a worker, a briefing's words and the statements (or
token positions) holding them (:meth:`TextPairs.of`, for :meth:`tui.search.segment.Segment.of`);
the reader, a library's words and statement numbers, brought a briefing at a time
(:mod:`tui.search.merge`). Each word is a number (its place in a vocabulary) and each pair a
64-bit key, the word over the number; one sort of the keys puts every word's numbers together
and ascending, in the words' order, in C.

This module is headless: no Textual.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, count

import numpy as np

from tui.search.packed import Postings, Tokens
from tui.search.postings import SLOT

_HIGH = np.uint64(32)


def by_word(words: np.ndarray, numbers: np.ndarray, vocabulary: int, *,
            distinct: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """How many numbers each of ``vocabulary`` words has, and the numbers grouped by word (word
    0's first). ``words`` are each below ``vocabulary``, ``numbers`` below 2**32.

    Each word's numbers stay in the order given (so ascending, when they come ascending); with
    ``distinct``, they come out ascending whatever their order, a pair given twice once.
    """
    if distinct:
        keys = (words.astype(np.uint64) << _HIGH) | numbers.astype(np.uint64)
        keys.sort()
        if len(keys) > 1:  # (np.unique does more, and takes ten times as long)
            keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
        words, numbers = keys >> _HIGH, keys
    else:
        numbers = numbers[_stable_order(words, vocabulary)]
    counts = np.bincount(words.astype(np.intp), minlength=vocabulary)
    return counts.astype(np.uint32), numbers.astype(np.uint32)


PIECE = 1 << 18
""":func:`pairs_by_word` groups about this many numbers at a time, looking at most this many
pairs at a time."""


def pairs_by_word(words: np.ndarray, counts: np.ndarray, numbers: np.ndarray,
                  vocabulary: int, place: np.ndarray | None = None) -> tuple[np.ndarray, array]:
    """:func:`by_word` of pairs that each give a word several numbers: pair ``n`` gives word
    ``words[n]`` (or ``place[words[n]]``) the next ``counts[n]`` of ``numbers``. Each word's
    numbers stay in the order given.

    A piece of about :data:`PIECE` numbers at a time, each piece's numbers put straight where
    they go: beside the numbers given and those grouped, a piece's worth of memory, not a sort
    (or a copy) of all of them.
    """
    def piece_of(first: int, last: int) -> np.ndarray:
        found = words[first:last]
        return found if place is None else place[found]

    totals = np.zeros(vocabulary, np.int64)
    for first in range(0, len(words), PIECE):
        totals += np.bincount(piece_of(first, first + PIECE), weights=counts[first:first + PIECE],
                              minlength=vocabulary).astype(np.int64)
    starts = np.cumsum(totals) - totals  # where each word's numbers go
    placed = np.zeros(vocabulary, np.int64)  # how many of them are there so far
    grouped = array("I", [0]) * len(numbers)
    into = np.frombuffer(grouped, np.uint32)  # a view: written in place
    pair = begun = 0
    while pair < len(words):
        ends = np.cumsum(counts[pair:pair + PIECE], dtype=np.int64)  # of the next pairs' numbers
        last = max(1, int(np.searchsorted(ends, PIECE, side="right")))
        piece_words = np.repeat(piece_of(pair, pair + last), counts[pair:pair + last])
        order = _stable_order(piece_words, vocabulary)
        piece_words = piece_words[order]
        piece = np.bincount(piece_words, minlength=vocabulary)
        firsts = np.cumsum(piece) - piece  # where each word's numbers are in the piece
        end = begun + int(ends[last - 1])
        into[starts[piece_words] + placed[piece_words]
             + np.arange(len(piece_words)) - firsts[piece_words]] = numbers[begun:end][order]
        placed += piece
        pair, begun = pair + last, end
    del into
    return totals.astype(np.uint32), grouped


def _stable_order(words: np.ndarray, vocabulary: int) -> np.ndarray:
    """The order that sorts ``words``, equal ones kept in their order: numpy's radix sort of
    16-bit numbers, once, or twice (low halves, then high) for a larger vocabulary."""
    if vocabulary <= 1 << 16:
        return np.argsort(words.astype(np.uint16), kind="stable")
    order = np.argsort((words & 0xFFFF).astype(np.uint16), kind="stable")
    return order[np.argsort((words[order] >> 16).astype(np.uint16), kind="stable")]


def as_array(numbers: np.ndarray) -> array:
    """An ``array`` of unsigned 32-bit numbers (what postings hold), copied once."""
    moved = array("I")
    moved.frombytes(np.ascontiguousarray(numbers, np.uint32).data.cast("B"))
    return moved


@dataclass(frozen=True)
class TextPairs:
    """A briefing's statements' folded words, each word numbered as it is first seen: where each
    stands (:attr:`tokens`), and the (word, statement) pair of every word of every text."""

    ids: defaultdict[str, int]
    """Each word's number: the texts' words first, in order; more may be added (see
    :meth:`postings`)."""
    tokens: Tokens
    words: np.ndarray
    """Each token's word's number."""
    statements: np.ndarray
    """Each token's statement."""

    @classmethod
    def of(cls, texts: list[list[str]]) -> TextPairs:
        """Statement ``n``'s words are ``texts[n]``. Positions as :meth:`Tokens.of` gives
        them: statement ``n`` starts a slot (:data:`~tui.search.postings.SLOT`), its words are
        consecutive tokens, and the token after its last word is no word's."""
        ids: defaultdict[str, int] = defaultdict(count().__next__)
        flat = list(chain.from_iterable(texts))
        words = np.fromiter(map(ids.__getitem__, flat), np.uint32, len(flat))
        lengths = np.fromiter(map(len, texts), np.int64, len(texts))
        slots = (lengths >> SLOT) + 1  # its words and the gap after them, in whole slots
        first_slot = np.cumsum(slots) - slots
        first_token = np.cumsum(lengths) - lengths
        statements = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        positions = ((first_slot << SLOT)[statements]
                     + np.arange(len(flat), dtype=np.int64) - first_token[statements])
        counts, numbers = by_word(words, positions, len(ids))
        postings = Postings(list(ids), as_array(counts), as_array(numbers))
        owners = np.repeat(np.arange(len(texts), dtype=np.int64), slots)
        return cls(ids, Tokens(postings, as_array(first_slot << SLOT), as_array(owners)),
                   words, statements)

    def postings(self, words: list[int], statements: list[int]) -> Postings:
        """Each word's statements: those whose texts hold it, and ``statements[n]`` for word
        ``words[n]`` (numbers of :attr:`ids`); every numbered word, in the order numbered."""
        vocabulary = len(self.ids)
        counts, numbers = by_word(
            np.concatenate([self.words, np.array(words, np.uint32)]),
            np.concatenate([self.statements, np.array(statements, np.int64)]),
            vocabulary, distinct=True)
        return Postings(list(self.ids), as_array(counts), as_array(numbers))
