"""Splicing one briefing's new statements into a search index (a saved briefing, reloaded):
the result is the index built afresh from the new segments, word for word and bit for bit."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tui.format.loader import load
from tui.search import postings, update
from tui.search.index import SearchIndex
from tui.search.postings import Store
from tui.search.segment import Segment
from tui.search.update import replaced


def briefing(folder: Path, name: str, words: list[str]) -> Segment:
    """A briefing with one reported statement per word (its text: ``Said <word> today.``)."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = [f"Ana said {word} today." for word in words]
    (folder / f"{name}.txt").write_text(" ".join(sentences) or "Nothing said.", encoding="utf-8")
    statements = "".join(
        f"""
          - id: s{number}
            speaker: ana
            kind: reported
            text: Said {word} today.
            evidence: Ana said {word} today.
        """ for number, word in enumerate(words))
    text = textwrap.dedent(f"""\
        format: 1
        id: {name}
        title: Briefing {name} about {name}word
        summary: A test.
        sources:
          - id: wire
            title: Wire
            file: {name}.txt
        countries:
          - code: DE
            name: Germany
        actors:
          - id: ana
            name: Ana {name.capitalize()}
            country: DE
        """) + (f"statements:{textwrap.dedent(statements)}" if words else "")
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return Segment.of(load(path))


def _same_store(mine: Store, want: Store, what: str) -> None:
    # Words of a briefing without statements have empty bitmaps: whether they are kept
    # makes no difference to any search.
    assert {w for w in mine.vocabulary if mine.exact(w)} == {
        w for w in want.vocabulary if want.exact(w)}, what
    for word in want.vocabulary:
        assert mine.exact(word) == want.exact(word), (what, word)
        for length in (1, 2, 3):
            assert mine.prefix(word[:length]) == want.prefix(word[:length]), (what, word)


def same_index(got: SearchIndex, want: SearchIndex) -> None:
    assert got.size == want.size and got.statements == want.statements
    assert got.cards == want.cards
    for name, store in want.fields.items():
        _same_store(got.fields[name], store, name)
    _same_store(got.positions.store, want.positions.store, "positions")
    assert got.positions.starts == want.positions.starts
    assert got.positions.owners == want.positions.owners
    for number in range(want.size):
        assert got.hit(number) == want.hit(number)
    assert got._all == want._all

WORDS = {
    "a": ["alpha", "common", "apple"],
    "b": ["beta", "common", "bravo", "shared"],
    "c": ["gamma", "common", "shared", "charlie", "x1", "x2", "x3", "x4", "x5"],
}

CHANGES = [
    ("b", ["beta", "common", "bravo", "shared"]),  # saved unchanged
    ("b", ["beta", "common", "brand-new", "shared"]),  # a word replaced, same slot
    ("b", [f"many{n}" for n in range(13)] + ["common"]),  # the slot grows (4 → 14)
    ("c", ["gamma"]),  # the last briefing's slot shrinks (9 → 1)
    ("a", []),  # every statement removed
    ("a", ["apple", "alpha", "common", "extra", "more", "most", "again", "other", "ninth"]),
]


@pytest.mark.parametrize(("name", "words"), CHANGES)
def test_a_spliced_index_is_the_index_built_afresh(tmp_path, name, words):
    segments = {key: briefing(tmp_path / "old", key, value) for key, value in WORDS.items()}
    index = SearchIndex(segments.values())
    new = briefing(tmp_path / "new", name, words)
    number = list(WORDS).index(name)
    got = replaced(index, number, new)
    want = SearchIndex({**segments, name: new}.values())
    same_index(got, want)
    assert got.search("common").count == want.search("common").count
    for word in words:
        assert got.search(word).count == want.search(word).count >= 1
    # The old index is left as it was (a search may be running on it).
    same_index(index, SearchIndex(segments.values()))


def test_splicing_an_index_restored_from_a_snapshot(tmp_path):
    """A snapshot's index reads each briefing's statements when first needed: those of the
    others still come from there, the new briefing's from its segment."""
    segments = [briefing(tmp_path / "old", key, value) for key, value in WORDS.items()]
    built = SearchIndex(segments)
    read: list[int] = []

    def read_statements(number):
        read.append(number)
        return built.statements_of(number)

    restored = SearchIndex.restore(built.cards, built.fields, built.positions, read_statements)
    new = briefing(tmp_path / "new", "b", ["renamed", "common"])
    got = replaced(restored, 1, new)
    assert [hit.statement.text for hit in got.search("renamed").hits()] == ["Said renamed today."]
    assert got.search("common").count == 3
    assert 1 not in read
    same_index(got, SearchIndex([segments[0], new, segments[2]]))


def test_a_briefing_outside_the_index_is_refused(tmp_path):
    index = SearchIndex([briefing(tmp_path, "a", ["one"])])
    with pytest.raises(IndexError):
        replaced(index, 1, briefing(tmp_path, "b", ["two"]))


@pytest.mark.parametrize(("name", "words"), CHANGES)
def test_splicing_prefix_unions_and_serialised_stores(tmp_path, monkeypatch, name, words):
    """Stores of many words keep two-letter prefix unions, and a snapshot's are serialised:
    both are spliced to what building afresh gives."""
    monkeypatch.setattr(postings, "PREFIXED_WORDS", 1)
    segments = {key: briefing(tmp_path / "old", key, value) for key, value in WORDS.items()}
    built = SearchIndex(segments.values())
    assert built.fields["all"].prefixed
    serialised = {key: Store.of_maps({w: store.exact(w) for w in store.vocabulary},
                                     {k: store.prefix(k) for k in store.keys}, serialised=True)
                  for key, store in built.fields.items()}
    restored = SearchIndex.restore(built.cards, serialised, built.positions, built.statements_of)
    new = briefing(tmp_path / "new", name, words)
    number = list(WORDS).index(name)
    got = replaced(restored, number, new)
    assert got.fields["all"].serialised_form and got.fields["all"].prefixed
    same_index(got, SearchIndex({**segments, name: new}.values()))


def test_splices_of_splices_answer_as_the_index_built_afresh(tmp_path, monkeypatch):
    """Each save splices the index before it: lazily, and once splices are DEPTH deep, with
    every bitmap made (then lazily again)."""
    monkeypatch.setattr(postings, "PREFIXED_WORDS", 1)
    segments = {key: briefing(tmp_path / "old", key, value) for key, value in WORDS.items()}
    index = SearchIndex(segments.values())
    for turn in range(update.DEPTH * 2 + 3):
        name, words = CHANGES[turn % len(CHANGES)]
        words = [*words, f"turn{turn}"]
        new = briefing(tmp_path / f"new{turn}", name, words)
        segments[name] = new
        index = replaced(index, list(WORDS).index(name), new)
        same_index(index, SearchIndex(segments.values()))
        assert index.search(f"turn{turn}").count == 1
