"""The evidence matcher: whitespace, quotes, elision, paragraphs, hints and spans."""

from __future__ import annotations

import pytest

from tui.format.evidence import Miss, SourceText, normalise

ARTICLE = (
    "Several countries have decided against sending troops, following Macron\u2019s statement\n"
    "that \u201cnothing should be ruled out\u201d.   The   minister\tsaid it was 'too early'.\n"
    "\n"
    'Per BBC, the Chancellor confirmed that the "agreed position" remains unchanged,\n'
    "stating that no member state would deploy troops.\n"
    "\n"
    "Meanwhile the president is confident \u2026 that aid is key.\n"
)


@pytest.fixture(scope="module")
def source() -> SourceText:
    return SourceText(ARTICLE)


def found(source: SourceText, excerpt: str) -> list[str]:
    """The original text of each span of ``excerpt`` (fails on a miss)."""
    spans = source.locate(excerpt)
    assert not isinstance(spans, Miss), f"{excerpt!r} not found (hint: {spans.hint!r})"
    for start, end in spans:
        assert 0 <= start < end <= len(source.text)
    return [source.text[start:end] for start, end in spans]


def missed(source: SourceText, excerpt: str) -> Miss:
    result = source.locate(excerpt)
    assert isinstance(result, Miss), f"{excerpt!r} unexpectedly found at {result}"
    return result


# --- exact and whitespace ------------------------------------------------------------------------


def test_exact_excerpt(source):
    assert found(source, "decided against sending troops") == ["decided against sending troops"]
    start = ARTICLE.index("decided against")
    assert source.locate("decided against sending troops") == ((start, start + 30),)


def test_whole_first_sentence_across_a_line_break(source):
    excerpt = "following Macron\u2019s statement that \u201cnothing should be ruled out\u201d."
    assert found(source, excerpt) == [
        "following Macron\u2019s statement\nthat \u201cnothing should be ruled out\u201d."
    ]


def test_newline_in_the_source_matches_a_space(source):
    assert found(source, "remains unchanged, stating that") == [
        "remains unchanged,\nstating that"
    ]


def test_multiple_spaces_and_tabs_in_the_source(source):
    assert found(source, "The minister said it") == ["The   minister\tsaid it"]


def test_newlines_and_spaces_in_the_excerpt(source):
    assert found(source, "  decided\n   against \t sending\n\ntroops ") == [
        "decided against sending troops"
    ]


def test_case_and_words_still_matter(source):
    missed(source, "DECIDED against sending troops")
    missed(source, "decided against sending ground troops")
    missed(source, "decidedagainst sending troops")


# --- quotes --------------------------------------------------------------------------------------


def test_straight_quotes_in_the_excerpt_match_curly_quotes_in_the_source(source):
    assert found(source, "Macron's statement that \"nothing should be ruled out\"") == [
        "Macron\u2019s statement\nthat \u201cnothing should be ruled out\u201d"
    ]


def test_curly_quotes_in_the_excerpt_match_straight_quotes_in_the_source(source):
    assert found(source, "it was \u2018too early\u2019") == ["it was 'too early'"]
    assert found(source, "the \u201cagreed position\u201d remains") == [
        'the "agreed position" remains'
    ]


def test_curly_apostrophe_both_ways():
    curly = SourceText("The minister\u2019s view.")
    straight = SourceText("The minister's view.")
    assert found(curly, "minister's view") == ["minister\u2019s view"]
    assert found(straight, "minister\u2019s view") == ["minister's view"]


def test_a_quote_does_not_match_a_letter(source):
    missed(source, "Macrons statement")


def test_normalise():
    assert normalise("  \u201cA\u201d \n\t b\u2019s  ") == '"A" b\'s'


# --- elision -------------------------------------------------------------------------------------


@pytest.mark.parametrize("dots", ["...", "\u2026", " ... ", " \u2026 ", "..."])
def test_elision_in_order(source, dots):
    assert found(source, f"Per BBC{dots}remains unchanged") == ["Per BBC", "remains unchanged"]


def test_elision_with_several_parts(source):
    assert found(source, "Per BBC, the Chancellor ... agreed position ... no member state") == [
        "Per BBC, the Chancellor",
        "agreed position",
        "no member state",
    ]


def test_elision_at_the_ends_is_ignored(source):
    assert found(source, "... Per BBC ...") == ["Per BBC"]


def test_elision_parts_out_of_order_fail(source):
    missed(source, "remains unchanged ... Per BBC")
    missed(source, "no member state \u2026 the Chancellor")


def test_elision_part_missing_fails(source):
    missed(source, "Per BBC ... remains the same")


def test_an_ellipsis_in_the_source_is_matched_by_elision(source):
    assert found(source, "the president is confident ... that aid is key") == [
        "the president is confident",
        "that aid is key",
    ]


def test_elision_across_blank_line_paragraphs_fails(source):
    # Both parts exist, in order, but in different paragraphs.
    assert found(source, "too early") and found(source, "Per BBC")
    missed(source, "it was 'too early' ... Per BBC")
    missed(source, "nothing should be ruled out ... remains unchanged")


def test_elision_within_a_paragraph_of_several_lines(source):
    # Paragraphs are separated by blank lines; a single newline does not end one.
    assert found(source, "Per BBC ... would deploy troops") == ["Per BBC", "would deploy troops"]


def test_each_line_is_a_paragraph_when_the_text_has_no_blank_lines():
    text = SourceText(
        "First line says alpha.\nSecond line says beta.\nThird line says gamma.\n"
    )
    assert found(text, "First ... alpha") == ["First", "alpha"]
    assert found(text, "Second ... beta") == ["Second", "beta"]
    missed(text, "alpha ... beta")
    missed(text, "First line ... gamma")
    # "says" is in every line; only the occurrence in the line with "gamma" can match.
    spans = text.locate("says ... gamma")
    assert spans == ((text.text.index("says gamma"), text.text.index("says gamma") + 4),
                     (text.text.index("gamma"), text.text.index("gamma") + 5))
    assert found(text, "Third line says ... gamma") == ["Third line says", "gamma"]


def test_excerpt_without_elision_may_cross_lines():
    text = SourceText("First line says alpha.\nSecond line says beta.\n")
    assert found(text, "alpha. Second line") == ["alpha.\nSecond line"]


def test_first_part_found_later_when_the_first_occurrence_fails():
    text = SourceText("troops said no.\n\ntroops said yes and more.\n")
    assert found(text, "troops ... yes") == ["troops", "yes"]
    start = text.text.index("troops said yes")
    assert text.locate("troops ... yes")[0] == (start, start + len("troops"))


def test_empty_excerpt_is_a_miss_without_hint(source):
    assert source.locate("   ") == Miss(hint=None)
    assert source.locate("...") == Miss(hint=None)


# --- misses and hints ----------------------------------------------------------------------------


def test_miss_names_the_closest_passage(source):
    miss = missed(source, "the Chancellor confirmed that the agreed position remain unchanged")
    assert miss.hint == 'the Chancellor confirmed that the "agreed position" remains unchanged,'


def test_miss_hint_for_a_misspelt_word(source):
    assert missed(source, "decided aganst sending troops").hint == "decided against sending troops,"


def test_miss_hint_is_none_when_nothing_is_close(source):
    assert missed(source, "zzzz qqqq xxxx").hint is None


def test_miss_hint_for_elided_excerpt(source):
    miss = missed(source, "remains unchanged ... Per BBC")
    assert miss.hint is not None
    assert "unchanged" in miss.hint or "BBC" in miss.hint


# --- spans map back to the original text ---------------------------------------------------------


@pytest.mark.parametrize(
    "excerpt",
    [
        "following Macron's statement that \"nothing should be ruled out\".",
        "The minister said it was \u2018too early\u2019.",
        "the \u201cagreed position\u201d remains unchanged, stating that no member state",
        "Per BBC \u2026 \"agreed position\" ... would deploy troops.",
        "Meanwhile the president is confident",
    ],
)
def test_spans_slice_back_to_the_excerpt(source, excerpt):
    spans = source.locate(excerpt)
    assert not isinstance(spans, Miss)
    parts = [p for p in (normalise(x) for x in excerpt.replace("\u2026", "...").split("...")) if p]
    assert len(spans) == len(parts)
    assert [normalise(ARTICLE[a:b]) for a, b in spans] == parts
    # Spans never start or end on whitespace, and are in order without overlap.
    for (_, b), (c, _) in zip(spans, spans[1:], strict=False):
        assert b <= c
    for a, b in spans:
        assert not ARTICLE[a].isspace() and not ARTICLE[b - 1].isspace()


def test_spans_with_non_ascii_text_before_them():
    text = SourceText("Zürich \u2014 \u00e9t\u00e9 \U0001f600 then \u201cthe quote\u201d here.")
    (span,) = text.locate('"the quote"')
    assert text.text[span[0] : span[1]] == "\u201cthe quote\u201d"


def test_crlf_text():
    text = SourceText("one two\r\nthree four\r\n\r\nfive six\r\n")
    assert found(text, "two three") == ["two\r\nthree"]
    assert found(text, "one ... four") == ["one", "four"]
    missed(text, "one ... six")
