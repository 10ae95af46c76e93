"""Finding words in a source text as search folds them, at the text's own offsets."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tui.search.find import MAX_MATCHES, FoldedText, find, match_at
from tui.search.folding import fold


def found(text: str, query: str) -> list[str]:
    return [text[start:end] for start, end in find(text, query)]


def test_case_and_accents_are_ignored():
    text = "Jürgen Müller met JURGEN and jurgen."
    assert found(text, "jurgen") == ["Jürgen", "JURGEN", "jurgen"]
    assert found(text, "MÜLLER") == ["Müller"]


def test_offsets_stay_right_where_folding_changes_the_length():
    # "ß" folds to "ss", "æ" to "ae", "ﬁ" to "fi": the folded text is longer than the text.
    text = "Die Straße, Æsir und ﬁnal: strasse."
    assert found(text, "strasse") == ["Straße", "strasse"]
    assert found(text, "aesir") == ["Æsir"]
    assert found(text, "final") == ["ﬁnal"]
    assert found(text, "ß") == ["ß", "ss"]
    # Part of a character that folds to several finds the whole character, once.
    assert found("Straße", "s") == ["S", "ß"]
    # A decomposed accent (e + U+0301) folds away: the match keeps its mark.
    decomposed = unicodedata.normalize("NFD", "café, cafe")
    assert found(decomposed, "cafe") == [unicodedata.normalize("NFD", "café"), "cafe"]


def test_words_match_across_any_whitespace_and_a_query_without_words_finds_nothing():
    text = "no troops\nwill be   sent"
    assert found(text, "troops will be") == ["troops\nwill be"]
    assert find(text, "   ") == []
    assert find(text, "") == []


def test_regex_characters_are_literal():
    assert found("a.b a+b (x)", "a+b") == ["a+b"]
    assert found("a.b a+b (x)", "(x)") == ["(x)"]


def test_matches_are_capped():
    assert len(find("a " * (MAX_MATCHES + 5), "a")) == MAX_MATCHES


def test_match_at_gives_the_first_match_from_an_offset():
    spans = [(0, 2), (10, 12), (20, 22)]
    assert match_at(spans, 0) == 0
    assert match_at(spans, 5) == 1
    assert match_at(spans, 10) == 1
    assert match_at(spans, 21) == 0  # past the last: back to the first


@given(st.text(alphabet=st.sampled_from("aAäÄßsSæeé\u0301 İıﬁ\n"), max_size=40),
       st.text(alphabet=st.sampled_from("aäsßeé ﬁi"), min_size=1, max_size=4))
def test_every_match_holds_the_query_and_none_is_missed(text, query):
    wanted = " ".join(fold(query).split())
    spans = FoldedText(text).find(query)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert wanted in " ".join(fold(text[start:end]).split())
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    if wanted and wanted in " ".join(fold(text).split()):
        assert spans
