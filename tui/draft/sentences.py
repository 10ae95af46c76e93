"""Paragraphs and sentences of an article, as offsets into its text.

Paragraphs follow the evidence matcher's rule (:mod:`tui.format.evidence`): separated by blank
lines, or one per line in a text without any blank line. Sentences end at ``.``, ``!``, ``?`` or
``…`` (and the closing marks and brackets after it) before a space and a capital letter, a digit
or an opening mark, except after a known abbreviation (``Mr.``, ``Gen.``, ``U.S.``) or an initial
(``John F. Kennedy``), and never inside a quotation: a quotation of several sentences belongs to
the sentence it starts in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.draft.lexicon import words

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"[^\n]+")
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb\u00ab\u203a\u201c)\]]*(?=\s)")
_NEXT = re.compile(r"\s+([\"'\u201c\u2018\u201e\u201a\u00ab\u00bb\u2039(\[]?)[ \u00a0\u202f]?(\w)")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?\u2026]*$")

ABBREVIATIONS = words(
    """
    mr mrs ms mx dr prof sr jr st gen lt col maj capt cpt sgt adm cmdr gov sen rep rev hon pres
    fr no nos vs etc al approx est dept univ inc ltd corp co jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue tues wed thu thur thurs fri sat sun
    """
)
"""Words that end in a full stop without ending a sentence (lower case, without the stop)."""


@dataclass(frozen=True)
class Span:
    """A stretch of the article: ``text[start:end]``."""

    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """The paragraphs, trimmed of surrounding whitespace, empty ones left out."""
    if _BLANK_LINE.search(text):
        bounds, at = [], 0
        for match in _BLANK_LINE.finditer(text):
            bounds.append((at, match.start()))
            at = match.end()
        bounds.append((at, len(text)))
    else:
        bounds = [match.span() for match in _LINE.finditer(text)]
    found = []
    for start, end in bounds:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            found.append(Span(start + lead, start + lead + len(stripped)))
    return found


def _abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether the full stop ending at ``stop`` belongs to an abbreviation or an initial."""
    if text[stop - 1] != ".":
        return False
    match = _WORD_BEFORE.search(text, start, stop)
    if match is None:
        return False
    word = match.group(1).rstrip(".")
    if "." in word:  # U.S., e.g., a.m.
        return True
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentences(text: str, paragraph: Span, quotes: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """The sentences of one paragraph; ``quotes`` are (opening, closing) offsets of its
    quotations, inside which no sentence ends."""
    found: list[Span] = []
    start = paragraph.start
    for match in _END.finditer(text, paragraph.start, paragraph.end):
        stop = match.end()
        following = _NEXT.match(text, stop, paragraph.end)
        if following is None:
            continue
        letter = following.group(2)
        if not (letter.isupper() or letter.isdigit() or following.group(1)):
            continue
        if any(opening < stop < closing for opening, closing in quotes):
            continue
        if _abbreviation(text, start, match.start() + 1 if text[match.start()] == "." else stop):
            continue
        found.append(Span(start, stop))
        start = following.start(1) if following.group(1) else following.start(2)
    if start < paragraph.end:
        found.append(Span(start, paragraph.end))
    return found
