"""Postings grouped by word in numpy (``tui.search.grouping``) give what plain loops give, and
a merge grouped by numpy is the merge grouped a pair at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.search import grouping, merge
from tui.search.grouping import TextPairs, by_word, pairs_by_word
from tui.search.packed import Tokens
from tui.search.segment import FIELDS, Segment


def _plain(words: list[int], numbers: list[int], vocabulary: int, distinct: bool):
    grouped: dict[int, list[int]] = {}
    for word, number in zip(words, numbers, strict=True):
        grouped.setdefault(word, []).append(number)
    if distinct:
        grouped = {word: sorted(set(found)) for word, found in grouped.items()}
    counts = [len(grouped.get(word, ())) for word in range(vocabulary)]
    return counts, [n for word in sorted(grouped) for n in grouped[word]]


@st.composite
def _pairs(draw):
    # Vocabularies past 2**16 take the two-pass radix order.
    vocabulary = draw(st.sampled_from([1, 3, 300, 70_000]))
    size = draw(st.integers(0, 300))
    words = draw(st.lists(st.integers(0, vocabulary - 1), min_size=size, max_size=size))
    numbers = draw(st.lists(st.integers(0, 2**32 - 1), min_size=size, max_size=size))
    return vocabulary, words, numbers


@settings(max_examples=300, deadline=None)
@given(_pairs(), st.booleans())
def test_by_word_is_the_plain_grouping(pairs, distinct: bool):
    vocabulary, words, numbers = pairs
    counts, grouped = by_word(np.array(words, np.uint32), np.array(numbers, np.uint32),
                              vocabulary, distinct=distinct)
    assert (counts.tolist(), grouped.tolist()) == _plain(words, numbers, vocabulary, distinct)


@settings(max_examples=300, deadline=None)
@given(_pairs(), st.sampled_from([1, 2, 7, 1 << 20]), st.data())
def test_pairs_by_word_is_the_plain_grouping(pairs, piece: int, data):
    """However the pairs fall into pieces (a pair's numbers never split), each word gets its
    numbers in the order given."""
    vocabulary, words, numbers = pairs
    counts = data.draw(st.lists(st.integers(0, 4), min_size=len(words), max_size=len(words)))
    numbers = (numbers * 5)[:sum(counts)] + [7] * max(0, sum(counts) - 5 * len(numbers))
    every = [word for word, size in zip(words, counts, strict=True) for _ in range(size)]
    # Through ``place``: word n is word vocabulary - 1 - n.
    place = np.arange(vocabulary, dtype=np.uint32)[::-1].copy() if data.draw(st.booleans()) else None
    grouping.PIECE, before = piece, grouping.PIECE
    try:
        totals, grouped = pairs_by_word(np.array(words, np.uint32), np.array(counts, np.uint32),
                                        np.array(numbers, np.uint32), vocabulary, place)
    finally:
        grouping.PIECE = before
    if place is not None:
        every = [vocabulary - 1 - word for word in every]
    assert (totals.tolist(), grouped.tolist()) == _plain(every, numbers, vocabulary, False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "talks", "é", "x"]), max_size=70),
                max_size=8))
def test_text_pairs_are_the_tokens_of_the_texts(texts: list[list[str]]):
    """Positions as :meth:`Tokens.of` makes them token by token (a long statement takes
    several slots), and each token's word and statement."""
    pairs = TextPairs.of(texts)
    assert pairs.tokens == Tokens.of(texts)
    flat = [word for text in texts for word in text]
    assert [list(pairs.ids)[n] for n in pairs.words.tolist()] == flat
    assert pairs.statements.tolist() == [n for n, text in enumerate(texts) for _ in text]


def _merged(segments: list[Segment]):
    merger = merge.Merger()
    for segment in segments:
        merger.add(segment)
    fields, positions = merger.done()
    return ({name: store._parts for name, store in fields.items()},  # type: ignore[attr-defined]
            positions.store._parts, positions.starts, positions.owners)  # type: ignore[attr-defined]


@pytest.mark.parametrize("vocabulary", ["synthetic", "real"])
def test_a_merge_grouped_by_numpy_is_the_merge_grouped_plainly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vocabulary: str):
    if vocabulary == "real":
        pytest.importorskip("wordfreq", reason="the real vocabulary needs the bench extra")
    from bench.generate import generate_library
    from tui.format.loader import load

    generate_library(tmp_path, files=6, statements_per_file=80, seed=3, vocabulary=vocabulary)
    segments = [Segment.of(load(path)) for path in sorted(tmp_path.glob("*.yaml"))]
    monkeypatch.setattr(merge, "NUMPY_FROM", 0)
    by_numpy = _merged(segments)
    monkeypatch.setattr(merge, "COMPACT_PAIRS", 37)  # compacted many times over
    compacted = _merged(segments)
    monkeypatch.setattr(merge, "NUMPY_FROM", 1 << 40)
    monkeypatch.setattr(merge, "COMPACT_PAIRS", 1 << 40)
    plainly = _merged(segments)
    assert by_numpy == plainly
    assert compacted == plainly
    fields = by_numpy[0]
    assert set(fields) == set(FIELDS)
    assert all(parts.starts[-1] == len(parts.numbers) for parts in fields.values())
    assert len(fields["all"].vocabulary) > 100


def test_a_merged_store_unites_a_prefix_or_a_range_from_one_slice(tmp_path: Path):
    """A merged field's words lie side by side, so a prefix's (or a date range's) union is one
    slice of the numbers: the same statements as the union of each word's bitmap."""
    from pyroaring import BitMap

    from bench.generate import generate_library
    from tui.format.loader import load
    from tui.search.index import SearchIndex

    generate_library(tmp_path, files=4, statements_per_file=60, seed=9)
    index = SearchIndex([Segment.of(load(path)) for path in sorted(tmp_path.glob("*.yaml"))])
    for name in ("all", "date"):
        store = index.fields[name]
        words = store.vocabulary
        starts = sorted({word[:size] for word in words for size in (1, 2, 3, 4)}) + ["zzzz"]
        for start in starts:
            expected = BitMap().union(*(store.exact(w) for w in words if w.startswith(start)))
            assert store.prefix(start) == expected, (name, start)
        low, high = words[len(words) // 4], words[len(words) // 2][:3]
        expected = BitMap().union(*(store.exact(w) for w in words
                                    if low <= w and (w < high or w.startswith(high))))
        assert store.between(low, high) == expected
        assert len(expected) > 0
