"""Evidence matching with a bounded cost (issue 17): the verbatim rule unchanged, no hang.

Speed is measured in ``bench`` (``python -m bench check_miss``), never asserted here; the CLI
cases below run in a subprocess with a generous hang guard.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.format import evidence
from tui.format.evidence import Miss, SourceText, normalise

ARTICLE = (
    "Leaders met in Paris on Monday to discuss support for Ukraine.\n\n"
    "The German Chancellor said no European country would deploy troops to Ukraine.\n\n"
    "President Biden stated that US troops would not be sent to Ukraine before the invasion.\n\n"
    "The Kremlin warned of direct conflict if NATO troops were deployed.\n"
)

BRIEFING = """\
format: 1
id: costly
title: T
summary: S
sources:
  - id: s
    title: Src
    file: source.txt
countries:
  - code: FR
    name: France
caveats:
  - text: fine
    evidence: The German Chancellor said
  - text: costly
    evidence: "{excerpt}"
"""


def _check(tmp_path: Path, excerpt: str, source: str = ARTICLE) -> subprocess.CompletedProcess[str]:
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    path = tmp_path / "b.yaml"
    path.write_text(BRIEFING.format(excerpt=excerpt), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "tui", "check", str(path)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def _long_source(paragraphs: int = 60) -> str:
    """About 330 bytes a paragraph of the article's words shuffled, then the article (60
    paragraphs: the size of a generated library's sources)."""
    rng = random.Random(1)
    words = ARTICLE.split()
    shuffled = (" ".join(rng.choice(words) for _ in range(55)) for _ in range(paragraphs))
    return "\n\n".join(shuffled) + "\n\n" + ARTICLE


def test_check_reports_a_missing_100k_excerpt_at_its_line(tmp_path):
    source = _long_source(120)
    rng = random.Random(2)
    excerpt = " ".join(rng.choice(source.split()) for _ in range(17_000))[:100_000]
    assert len(excerpt) >= 99_000
    done = _check(tmp_path, excerpt, source)
    assert done.returncode == 1, done.stderr
    (line,) = done.stdout.splitlines()
    where = f"{tmp_path / 'b.yaml'}:16:15"
    assert line.startswith(f"{where}: error: excerpt not found in source 's': \"")
    assert line.endswith('..."; no hint (too long to look for the closest passage)')
    assert "1 problem" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_reports_1000_elisions_whose_last_part_is_absent(tmp_path):
    source = _long_source()
    parts = [("the", "to", "troops", "Ukraine")[n % 4] for n in range(999)] + ["quokkamarker"]
    done = _check(tmp_path, " ... ".join(parts), source.replace("\n\n", " ").replace("\n", " "))
    assert done.returncode == 1, done.stderr
    (line,) = done.stdout.splitlines()
    assert line.startswith(f"{tmp_path / 'b.yaml'}:16:15: error: excerpt not found in source 's': ")
    assert '"the ... to ... troops ... Ukraine ...' in line


def test_a_library_holding_a_costly_miss_opens_with_the_others_searchable(tmp_path, cache_dir):
    """The reader's way of opening a library (worker processes, as the reader and ``quotes``
    do): the costly file gets its one error at its line, the other briefings are searchable."""
    from helpers import write_briefing

    from tui.library.files import find_briefings
    from tui.library.ingest import open_library
    from tui.search.query import parse_query

    library = tmp_path / "library"
    library.mkdir()
    write_briefing(library, "good.yaml")
    rng = random.Random(2)
    source = _long_source(120)
    costly = library / "costly"  # a folder of its own, with its own source.txt
    costly.mkdir()
    (costly / "source.txt").write_text(source, encoding="utf-8")
    excerpt = " ".join(rng.choice(source.split()) for _ in range(17_000))[:100_000]
    (costly / "b.yaml").write_text(BRIEFING.format(excerpt=excerpt), encoding="utf-8")
    files, unreadable = find_briefings([library])
    assert not unreadable and len(files) == 2
    opened = open_library(files, workers=2)
    assert opened is not None
    (problem,) = opened.problems
    assert str(problem).startswith(f"{costly / 'b.yaml'}:16:15: error: excerpt not found")
    assert [path.name for path in opened.files] == ["good.yaml"]
    assert opened.index.search(parse_query("troops")).count >= 1


def test_check_still_verifies_a_long_elided_excerpt_that_is_there(tmp_path):
    words = ARTICLE.split("\n\n")[1].split()
    done = _check(tmp_path, " ... ".join(words))
    assert done.returncode == 0, done.stdout
    assert "2 excerpts verified" in done.stdout


# --- the greedy match is the old exhaustive one -------------------------------------------------


def _exhaustive(source: SourceText, excerpt: str) -> tuple[tuple[int, int], ...] | None:
    """The matcher before issue 17: every occurrence of the first part retried."""
    parts = evidence.excerpt_parts(excerpt)
    if not parts:
        return None
    start = source.normal.find(parts[0])
    while start != -1:
        spans = source._rest(parts, start, source._paragraph_end(start))
        if spans is not None:
            return spans
        start = source.normal.find(parts[0], start + 1)
    return None


_WORDS = st.sampled_from(["a", "b", "ab", "ba", "a b", "'a'", "\u2019b\u2019", "...", "\u2026"])
_BREAKS = st.sampled_from([" ", "  ", "\n", "\n\n", " \n \n", "\t"])


@st.composite
def _texts(draw) -> str:
    pieces = draw(st.lists(st.tuples(_WORDS, _BREAKS), min_size=1, max_size=25))
    return "".join(word + gap for word, gap in pieces)


@settings(max_examples=400, deadline=None)
@given(_texts(), st.lists(st.tuples(_WORDS, st.sampled_from([" ", " ... ", "\u2026", " "])),
                          min_size=1, max_size=6))
def test_greedy_location_equals_the_exhaustive_search(text, pieces):
    excerpt = "".join(word + gap for word, gap in pieces)
    source = SourceText(text)
    expected = _exhaustive(source, excerpt)
    found = source.locate(excerpt, hint=False)
    if expected is None:
        assert isinstance(found, Miss)
    else:
        assert found == expected


def test_the_elision_split_never_backtracks_over_long_whitespace():
    excerpt = "a ..." + " " * 200_000 + "b\u2026" + "\n" * 100_000 + "c"
    assert evidence.excerpt_parts(excerpt) == ["a", "b", "c"]


# --- hints within a budget ----------------------------------------------------------------------


def test_a_miss_beyond_the_budget_is_reported_without_a_hint(monkeypatch):
    monkeypatch.setattr(evidence, "HINT_WORK_PER_MISS", 1_000)
    source = SourceText(ARTICLE)
    miss = source.locate("The German Chancellor said no European country would deploy soldiers")
    assert isinstance(miss, Miss)
    assert miss.hint is None and miss.passage is None
    assert miss.skipped == "too long to look for the closest passage"


def test_once_a_texts_budget_is_spent_misses_say_so(monkeypatch):
    monkeypatch.setattr(evidence, "HINT_WORK_PER_TEXT", 20_000)
    source = SourceText(ARTICLE)
    misses = [source.locate(f"The German Chancellor said no {n} country") for n in range(20)]
    assert all(isinstance(miss, Miss) for miss in misses)
    assert misses[0].hint == "The German Chancellor said no European country"
    assert misses[-1].hint is None
    assert misses[-1].skipped == "the source's budget for looking for closest passages is spent"


def test_the_closest_passage_is_found_among_passages_ranked_by_shared_words(monkeypatch):
    monkeypatch.setattr(evidence, "MAX_CANDIDATES", 3)  # 60 passages: only 3 compared in full
    source = SourceText(ARTICLE)
    miss = source.locate("US troops would never be sent to Ukraine")
    assert isinstance(miss, Miss)
    assert miss.hint == "US troops would not be sent to Ukraine"
    start, end = miss.passage.span
    assert normalise(ARTICLE[start:end]) == miss.hint
    assert miss.passage.score > 75


@pytest.mark.parametrize("excerpt", ["", "   ", "...", " \u2026 ... "])
def test_an_empty_excerpt_costs_nothing(excerpt):
    assert SourceText(ARTICLE).locate(excerpt) == Miss(hint=None)
