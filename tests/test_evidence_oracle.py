"""The matcher against a straightforward reference: the same spans, the same misses.

:mod:`tui.format.evidence` normalises a source in a few passes in C, maps offsets back piecewise,
normalises a briefing's excerpts all at once and looks for a paragraph's end only when an elided
excerpt needs it. The reference below does each step the plain way, one character at a time,
straight from the format's rules: every excerpt of the bundled and generated briefings, and
texts and excerpts made to be awkward, must come out the same from both.
"""

from __future__ import annotations

import bisect
import importlib.util
import random
import re
import sys

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.format import evidence
from tui.format.anchoring import evidence_items, excerpts_to_check
from tui.format.evidence import Miss, SourceText, excerpt_parts, excerpts_parts, normalise
from tui.format.loader import load
from tui.format.model import Briefing
from tui.library.files import bundled_library

Spans = tuple[tuple[int, int], ...]

# --- the reference -------------------------------------------------------------------------------


def reference_normal(text: str) -> tuple[str, list[int]]:
    """The text as the matcher compares it, and for each of its characters the offset in
    ``text`` it comes from: quotes folded, leading and trailing whitespace dropped, each run of
    whitespace one space standing for the run's last character."""
    normal: list[str] = []
    origin: list[int] = []
    i, end = 0, len(text)
    while i < end and text[i].isspace():
        i += 1
    while end > i and text[end - 1].isspace():
        end -= 1
    while i < end:
        if text[i].isspace():
            j = i
            while text[j].isspace():
                j += 1
            normal.append(" ")
            origin.append(j - 1)
            i = j
        else:
            normal.append(evidence._QUOTES_FOLDED.get(text[i], text[i]))
            origin.append(i)
            i += 1
    return "".join(normal), origin


def reference_parts(excerpt: str) -> list[str]:
    """The excerpt split at each ``...`` or ``\u2026``, each part normalised, empty ones dropped."""
    pieces = re.split(r"\.\.\.|\u2026", excerpt)
    return [part for part in (reference_normal(piece)[0] for piece in pieces) if part]


def reference_locate(text: str, excerpt: str) -> Spans | None:
    """The spans of the first occurrence of the excerpt's first part whose paragraph holds the
    other parts in order, each found leftmost; None when there is none."""
    normal, origin = reference_normal(text)
    parts = reference_parts(excerpt)
    if not parts:
        return None
    breaks = [m.end() for m in re.finditer(r"\n[ \t\r\f\v]*\n", text)]
    if not breaks:  # a text without a blank line has a paragraph a line
        breaks = [m.end() for m in re.finditer("\n", text)]
    # A paragraph starts at the first normalised character at or after its break.
    starts = sorted({0, *(bisect.bisect_left(origin, offset) for offset in breaks)})
    start = normal.find(parts[0])
    while start != -1:  # every occurrence of the first part, in order
        limit = next((s for s in starts if s > start), len(normal))
        spans = [(start, start + len(parts[0]))]
        for part in parts[1:]:
            found = normal.find(part, spans[-1][1], limit)
            if found == -1:
                break
            spans.append((found, found + len(part)))
        else:
            return tuple((origin[a], origin[b - 1] + 1) for a, b in spans)
        start = normal.find(parts[0], start + 1)
    return None


def assert_same(text: str, excerpts: list[str]) -> None:
    """The matcher and the reference agree on the text and on every excerpt of it."""
    source = SourceText(text)
    assert source.normal == reference_normal(text)[0]
    expected_parts = [reference_parts(excerpt) for excerpt in excerpts]
    assert excerpts_parts(excerpts) == expected_parts
    for excerpt, parts in zip(excerpts, expected_parts, strict=True):
        assert excerpt_parts(excerpt) == parts
        assert normalise(excerpt) == reference_normal(excerpt)[0]
        expected = reference_locate(text, excerpt)
        found = source.locate(excerpt, hint=False)
        assert found == (Miss(hint=None) if expected is None else expected), (text, excerpt)
        assert source.find(parts) == expected


def test_the_whitespace_the_matcher_knows_is_every_whitespace_character():
    spaces = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert set(evidence._OTHER_WHITESPACE) | {" "} == spaces
    assert len(evidence._OTHER_WHITESPACE) == len(spaces) - 1
    assert re.findall(r"\s", "".join(sorted(spaces))) == sorted(spaces)


# --- the briefings -------------------------------------------------------------------------------


def _excerpts(briefing: Briefing, source_id: str) -> list[str]:
    return [
        excerpt
        for loc, source, excerpts, direct in evidence_items(briefing)
        if source == source_id
        for _, excerpt, _ in excerpts_to_check(loc, excerpts, direct)
    ]


def _variants(excerpt: str, rng: random.Random) -> list[str]:
    """Near misses and look-alikes of a real excerpt."""
    words = excerpt.split()
    out = [excerpt.upper(), excerpt + " x", "x" + excerpt, excerpt.replace(" ", "\n\n", 1)]
    if len(words) > 2:
        cut = rng.randrange(1, len(words) - 1)
        out.append(" ".join(words[:cut]) + " ... " + " ".join(words[cut + 1 :]))
        out.append(" ".join(words[cut:]) + " ... " + " ".join(words[:cut]))  # out of order
        out.append(" ".join(words[:cut] + words[cut + 1 :]))  # a word dropped
        out.append(words[0] + " \u2026 " + words[-1])
    return out


def test_every_excerpt_of_the_bundled_briefings_and_their_near_misses():
    rng = random.Random(0)
    paths = sorted(bundled_library().rglob("*.yaml"))
    assert paths
    for path in paths:
        document = load(path)
        for source_id, text in document.source_texts.items():
            excerpts = _excerpts(document.briefing, source_id)
            for excerpt in excerpts:
                assert document.spans[(source_id, excerpt)] == reference_locate(text, excerpt)
            near = [variant for excerpt in excerpts for variant in _variants(excerpt, rng)]
            assert_same(text, excerpts + near)


@pytest.mark.parametrize("vocabulary", ["synthetic", "real"])
def test_every_excerpt_of_generated_briefings_and_their_near_misses(vocabulary, tmp_path):
    if vocabulary == "real" and importlib.util.find_spec("wordfreq") is None:
        pytest.skip("the real vocabulary needs wordfreq (pip install -e '.[bench]')")
    from bench.generate import render_briefing

    rng = random.Random(1)
    for index in range(3):
        _, yaml_text, source_text = render_briefing(index, 60, seed=5, vocabulary=vocabulary)
        briefing = Briefing.model_validate(yaml.safe_load(yaml_text))
        (source,) = [source for source in briefing.sources if source.file]
        excerpts = _excerpts(briefing, source.id)
        assert len(excerpts) > 60
        (tmp_path / source.file).write_text(source_text, encoding="utf-8")
        path = tmp_path / f"{index}.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        document = load(path)
        assert {excerpt for (_, excerpt) in document.spans} == set(excerpts)
        for excerpt in excerpts:
            assert document.spans[(source.id, excerpt)] == reference_locate(source_text, excerpt)
        near = [variant for excerpt in excerpts[:40] for variant in _variants(excerpt, rng)]
        assert_same(source_text, excerpts + near)


# --- awkward texts -------------------------------------------------------------------------------

WHITESPACE = [" ", " ", " ", "\n", "\n\n", "\n \t\n", "\r\n", "\r\n\r\n", "\n\n\n", "\t", "  ",
              *evidence._OTHER_WHITESPACE]
QUOTES = ["'", '"', *evidence._QUOTES_FOLDED]
WORDS = ["a", "b", "ab", "ba", "aba", "A", "B", "\u00e9t\u00e9", "e\u0301", "\u00df", "SS", "\u0130",
         "-", "\u2013", "\u2014", ".", "..", "...", "....", "\u2026", ",", "\u200b", "\ufeff",
         "\U0001f600", "x\u00a0y"]
PIECES = st.sampled_from(WORDS + QUOTES + WHITESPACE)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@st.composite
def text_and_excerpts(draw) -> tuple[str, list[str]]:
    text = draw(TEXTS)
    excerpts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["slice", "slice", "slice", "changed", "random", "elided"]))
        if kind == "random" or not text:
            excerpts.append(draw(TEXTS))
            continue
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        excerpt = text[start:end]
        if kind == "changed":  # other whitespace, other quotes, other case, a character off
            excerpt = draw(st.sampled_from([
                re.sub(r"\s+", draw(st.sampled_from(WHITESPACE)), excerpt),
                normalise(excerpt), excerpt.upper(), excerpt.casefold(),
                excerpt.replace('"', "\u201c").replace("'", "\u2019"),
                excerpt[1:] + draw(PIECES), draw(PIECES) + excerpt[:-1],
            ]))
        elif kind == "elided":
            cut = draw(st.integers(0, len(excerpt)))
            later = draw(st.integers(end, len(text)))
            excerpt = excerpt[:cut] + draw(st.sampled_from(["...", "\u2026", " ... "])) + (
                text[later : later + draw(st.integers(0, 8))]
            )
        excerpts.append(excerpt)
    return text, excerpts


@settings(max_examples=1500, deadline=None)
@given(text_and_excerpts())
@example(("", ["", "a", " ", "..."]))
@example(("a b", ["a b", "a", "b", "a\nb", "a\u00a0b", "a ... b", "b ... a", "a b "]))
@example((" \n a  b\t\n\n  c \u201cd\u201d e\u2019s \n", ["a b", "c \"d\" e's", "b c", "b ... c"]))
@example(("ab ab\n\nab b", ["ab b", "ab ... b", "b ... ab", "ab\n\nab", "ab ab ab"]))
@example(("x\u3000\u2000y\u205f\u202f z", ["x y", "y z", "x ... z"]))
@example(("one\nline\ntwo", ["one ... line", "line ... two", "one line"]))
@example(("p.\n\n\n\nq ... r\u2026s", ["p ... q", "q ... r", "r\u2026s", "....", "r ... s"]))
@example(("a\x00b a b", ["a\x00b", "a b", "a ... b"]))
@example(("\u00e9t\u00e9 e\u0301 \U0001f600 \u201cq\u201d", ['"q"', "e\u0301 \U0001f600", "\u00e9t\u00e9"]))
def test_awkward_texts_and_excerpts(case):
    text, excerpts = case
    assert_same(text, excerpts)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, max_size=8))
def test_excerpts_normalised_together_as_one_at_a_time(excerpts):
    assert excerpts_parts(excerpts) == [reference_parts(excerpt) for excerpt in excerpts]
