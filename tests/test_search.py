"""The quote search engine: semantics of words, prefixes, phrases, filters and ranking."""

from __future__ import annotations

import pytest
from helpers import BRIEFING, write_briefing
from pyroaring import BitMap

from tui.format.loader import load
from tui.library.files import bundled_library, find_briefings
from tui.search.folding import fold
from tui.search.index import SearchIndex
from tui.search.query import highlights, parse_query


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    test_doc = load(write_briefing(tmp_path_factory.mktemp("lib")))
    files, _ = find_briefings([bundled_library()])
    return SearchIndex.of_documents([test_doc, *(load(path) for path in files)])


def ids(results, limit=None):
    return [hit.statement.id for hit in results.hits(0, limit)]


def test_fold_ignores_case_and_accents():
    assert fold("Jürgen MÜLLER") == "jurgen muller"
    assert fold("Łukasz Søren") == "lukasz soren"
    assert fold("ascii Text") == "ascii text"


def test_empty_query_lists_everything(index):
    results = index.search("")
    assert results.count == len(index) > 10


def test_accent_insensitive_speaker_word(index):
    assert ids(index.search("jurgen")) == ["mueller-no-troops"]
    assert ids(index.search("JÜRGEN")) == ["mueller-no-troops"]


def test_words_are_anded(index):
    assert ids(index.search("troops mueller")) == ["mueller-no-troops"]
    assert index.search("troops sanctions").count == 0


def test_last_word_is_a_prefix_while_typing(index):
    assert ids(index.search("everyone hu")) == ["lopez-sanctions"]
    # A finished word (followed by a space) must match whole.
    assert index.search("everyone hu ").count == 0
    # Only the last word is a prefix.
    assert index.search("hu everyone").count == 0


def test_quoted_phrase_matches_exactly(index):
    assert ids(index.search('"would hurt"')) == ["lopez-sanctions"]
    assert index.search('"hurt would"').count == 0
    # An unclosed phrase is a prefix phrase while typing.
    assert ids(index.search('"would hu')) == ["lopez-sanctions"]


def test_filters_combine_with_words(index):
    assert ids(index.search("speaker:lopez")) == ["lopez-sanctions", "lopez-talks"]
    assert ids(index.search("speaker:lopez kind:reported")) == ["lopez-talks"]
    assert ids(index.search("country:de troops briefing:test")) == ["mueller-no-troops"]
    assert ids(index.search("topic:sanctions")) == ["lopez-sanctions"]
    assert ids(index.search('speaker:"ana lopez" talks')) == ["lopez-talks"]
    macron = index.search("speaker:macron briefing:nato")
    assert macron.count >= 3
    assert all(hit.speaker.name == "Emmanuel Macron" for hit in macron.hits())
    assert index.search("briefing:test-briefing").count == 4


def test_repeated_filter_is_an_or(index):
    assert set(ids(index.search("speaker:lopez speaker:mueller"))) == {
        "mueller-no-troops", "lopez-sanctions", "lopez-talks"
    }


def test_kind_filter(index):
    direct = index.search("kind:direct")
    assert direct.count >= 3
    assert all(hit.statement.kind == "direct" for hit in direct.hits())


def test_phrase_then_speaker_matches_rank_first(index):
    results = index.search("no troops")
    # The statement holding "no troops" as a phrase comes before scattered matches.
    assert results.hit(0).statement.id == "mueller-no-troops"
    by_speaker = index.search("lopez")
    assert {hit.statement.id for hit in by_speaker.hits(0, 2)} == {"lopez-sanctions", "lopez-talks"}


def test_empty_result_says_why_and_how_to_widen(index):
    results = index.search("troops sanctions")
    assert results.count == 0
    assert "remove a word" in results.why_empty()
    unknown = index.search("colour:red")
    assert unknown.count == 0
    assert "unknown filter" in unknown.why_empty()


def test_markup_in_text_is_searchable_literally(index):
    assert ids(index.search("plan")) == ["mod-plan"]


def test_highlights_mark_matched_words_in_original_text():
    text = "Jürgen said no troops will be sent"
    query = parse_query("jurgen tro")
    assert [text[a:b] for a, b in highlights(text, query)] == ["Jürgen", "troops"]


def test_results_are_read_lazily(index):
    results = index.search("")
    assert len(results.hits(0, 3)) == 3
    assert len(results._rows) == 3  # only the rows read so far were materialised
    last = results.hit(results.count - 1)
    assert last.briefing == index.briefings - 1
    assert last.statement.id == index.statements_of(index.briefings - 1).columns["id"][-1]
    assert len(results._rows) == results.count


def test_index_at_scale_answers_from_bitmaps(tmp_path):
    """A large synthetic index: counts stay right and rows are read on demand."""
    document = load(write_briefing(tmp_path))
    index = SearchIndex.of_documents([document] * 2000)
    assert len(index) == 8000
    assert index.size == 8000  # numbered without gaps
    assert index.briefings == 2000
    results = index.search("hur")
    assert results.count == 2000
    assert results.hit(1999).statement.id == "lopez-sanctions"
    assert index.search('"no troops will" kind:direct').count == 2000


def test_a_merged_index_answers_as_its_briefings_do(tmp_path):
    """Merging moves each briefing's postings to where it starts: every word of every field
    gives the same statements as the briefings' own indexes, shifted to where each briefing
    starts, for words used in every briefing, in some (gaps between) and in one; so do the
    positions of the words of the texts (phrases)."""
    from helpers import BRIEFING

    documents = []
    for number in range(11):
        text = BRIEFING.replace("id: test-briefing", f"id: b{number}").replace(
            "text: Talks must go on.", f"text: Talks must go on, rare{number % 4} only{number}.")
        documents.append(load(write_briefing(tmp_path / f"b{number}", text=text)))
    documents.append(load(write_briefing(tmp_path / "big")))  # the same words, from elsewhere
    merged = SearchIndex.of_documents(documents)
    singles = [SearchIndex.of_documents([document]) for document in documents]
    starts = [0]
    for single in singles:
        starts.append(starts[-1] + single.size)
    assert merged.size == starts[-1]
    for name, postings in merged.fields.items():
        vocabulary = set().union(*(single.fields[name].vocabulary for single in singles))
        assert set(postings.vocabulary) == vocabulary
        for word in vocabulary:
            expected = BitMap()
            for start, single in zip(starts, singles, strict=False):
                expected |= single.fields[name].exact(word).shift(start)
            assert postings.exact(word) == expected, (name, word)
    assert merged.search("rare2").count == 3 and merged.search("only10").count == 1
    for phrase in ('"no troops will"', '"talks must go on rare1"', '"rare1 only"', '"go on r'):
        expected = BitMap()
        for start, single in zip(starts, singles, strict=False):
            expected |= BitMap(single.search(phrase).number(row) + start
                               for row in range(single.search(phrase).count))
        found = merged.search(phrase)
        assert BitMap(found.number(row) for row in range(found.count)) == expected, phrase


# ------------------------------------------------------------------ a | b, -word, date:


def test_either_of_two_words_phrases_or_filters(index):
    assert set(ids(index.search("briefing:test troops | hurt"))) == {
        "mueller-no-troops", "lopez-sanctions"}
    assert ids(index.search("briefing:test troops|hurt")) == ids(
        index.search("briefing:test troops | hurt"))
    assert set(ids(index.search('briefing:test "no troops" | "must go" '))) == {
        "mueller-no-troops", "lopez-talks"}
    assert set(ids(index.search("briefing:test speaker:mueller | kind:reported"))) == {
        "mueller-no-troops", "lopez-talks", "mod-plan"}
    # A choice of three, ANDed with the rest.
    assert set(ids(index.search("briefing:test plan | hurt | troops kind:reported"))) == {
        "mod-plan"}
    # The last word of a choice is a prefix while typing.
    assert set(ids(index.search("briefing:test troops | hu"))) == {
        "mueller-no-troops", "lopez-sanctions"}


def test_a_choice_is_the_union_and_a_minus_the_complement(index):
    everything = index.search("").count
    for word in ("troops", "lopez", "minister", "the", "would", "nothingmatchesthis"):
        found = {hit.statement.id + hit.card.id for hit in index.search(word + " ").hits()}
        left = {hit.statement.id + hit.card.id for hit in index.search("-" + word).hits()}
        assert not found & left and len(found) + len(left) == everything, word
    for first, second in (("troops", "sanctions"), ("lopez", "would"), ("the", "kind:direct")):
        either = {hit.statement.id + hit.card.id
                  for hit in index.search(f"{first} | {second} ").hits()}
        one = {hit.statement.id + hit.card.id for hit in index.search(first + " ").hits()}
        other = {hit.statement.id + hit.card.id for hit in index.search(second + " ").hits()}
        assert either == one | other, (first, second)


def test_minus_leaves_out_words_phrases_and_filters(index):
    assert set(ids(index.search("briefing:test -troops"))) == {
        "lopez-sanctions", "lopez-talks", "mod-plan"}
    assert set(ids(index.search('briefing:test -"would hurt"'))) == {
        "mueller-no-troops", "lopez-talks", "mod-plan"}
    assert set(ids(index.search("briefing:test -speaker:lopez"))) == {
        "mueller-no-troops", "mod-plan"}
    # A minus word is a whole word, never a prefix: typing it does not empty the results.
    assert index.search("briefing:test -tro").count == 4
    assert index.search("briefing:test -tro ").count == 4
    everything_out = index.search("briefing:test -kind:direct -kind:reported")
    assert everything_out.count == 0
    assert "remove a -word" in everything_out.why_empty()


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """Three briefings: as of 2031-05-04 (one statement dated 2031-04-28), as of 2030-12-01,
    and undated."""
    folder = tmp_path_factory.mktemp("dated")
    talks = "    text: Talks must go on.\n"
    assert talks in BRIEFING
    first = BRIEFING.replace(talks, talks + "    date: 2031-04-28\n")
    older = BRIEFING.replace("id: test-briefing", "id: older").replace(
        "date: 2031-05-04", "date: 2030-12-01")
    undated = BRIEFING.replace("id: test-briefing", "id: undated").replace(
        "date: 2031-05-04\n", "")
    documents = [load(write_briefing(folder / name, text=text))
                 for name, text in (("a", first), ("b", older), ("c", undated))]
    return SearchIndex.of_documents(documents)


def dated_ids(results):
    return sorted(f"{hit.card.id}/{hit.statement.id}" for hit in results.hits())


def test_a_date_is_the_statements_own_else_its_briefings(dated):
    assert dated_ids(dated.search("date:2031-04-28")) == ["test-briefing/lopez-talks"]
    may = dated.search("date:2031-05")
    assert may.count == 3 and "test-briefing/lopez-talks" not in dated_ids(may)
    assert dated.search("date:2031").count == 4
    assert dated.search("date:2030-12-01").count == 4
    # An undated statement of an undated briefing matches no date.
    assert dated.search("date:..9999").count == 8 and len(dated) == 12


def test_date_ranges_are_inclusive_and_may_be_open(dated):
    assert dated.search("date:2030-12..2031-04").count == 5
    assert dated.search("date:2031-04-28..2031-05-04").count == 4
    assert dated.search("date:2031-04-29..").count == 3
    assert dated.search("date:..2031-04").count == 5
    assert dated.search("date:2030..2030").count == 4
    assert dated.search("date:2032..").count == 0


def test_dates_combine_with_words_choices_and_minus(dated):
    assert dated_ids(dated.search("talks date:2031")) == ["test-briefing/lopez-talks"]
    assert dated.search("troops date:2031-05 | date:2030").count == 2
    assert dated.search("date:2031 | date:2030").count == 8
    assert dated.search("date:2031 -date:2031-04").count == 3
    # Repeated date: filters are one choice, as repeated filters are.
    assert dated.search("date:2031-04 date:2030").count == 5


def test_a_bad_date_matches_nothing_and_says_how_to_write_one(dated):
    for value in ("yesterday", "2031-5", "2031-05-04..x", "..", "2031-13", "2031-02-30",
                  "2031-00..2031-03", "2030..2031-04-31"):
        results = dated.search(f"date:{value}")
        assert results.count == 0, value
        assert "is not a date" in results.why_empty(), value
    # No value yet (while typing): the word "date", as for any filter name alone.
    assert dated.search("date:").count == dated.search("date").count == 0


def test_parse_query_keeps_choices_minus_and_dates_apart():
    query = parse_query('war | "peace talks" -speaker:lopez date:2024-01..2024-03 kind:direct')
    assert [[(name, part.words) for name, part in group] for group in query.choices] == [
        [("all", ("war",)), ("all", ("peace", "talks"))]]
    assert [(name, part.words) for name, part in query.excluded] == [("speaker", ("lopez",))]
    assert [(d.low, d.high) for d in query.dates] == [("2024-01", "2024-03")]
    assert query.filters[0][0] == "kind" and not query.terms
    assert parse_query("date:2024-05-01..").dates[0].high is None
    assert parse_query("date:..2024").dates[0].low is None
    text = "Peace talks and war"
    assert [text[a:b] for a, b in highlights(text, query)] == ["Peace", "talks", "war"]


@pytest.mark.parametrize("base", [0, 1, 7, 99_999, 2**31, 2**32 - 2**16 - 1])
def test_shifted_adds_the_base_to_every_number(base):
    """A segment's numbers are moved to where its briefing starts in one big-integer sum: each
    32-bit slot gets the base, none carries into the next."""
    from array import array

    from tui.search.merge import shifted

    numbers = array("I", [0, 1, 2**16 - 1, 2**16, 5, 10, 3, 0])
    assert list(shifted(numbers, base)) == [n + base for n in numbers]
    assert list(shifted(array("I"), base)) == []


def test_shifted_refuses_numbers_past_32_bits():
    from array import array

    from tui.search.merge import shifted

    with pytest.raises(OverflowError):
        shifted(array("I", [0, 11]), 2**32 - 11)
    assert list(shifted(array("I", [0, 10]), 2**32 - 11)) == [2**32 - 11, 2**32 - 1]
    # A bound the caller gives is checked in place of the largest number.
    assert list(shifted(array("I", [0, 10]), 2**32 - 11, below=11)) == [2**32 - 11, 2**32 - 1]
    with pytest.raises(OverflowError):
        shifted(array("I", [0, 1]), 2**32 - 11, below=12)
