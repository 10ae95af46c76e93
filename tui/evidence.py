"""Locate evidence excerpts in a source text, under the format's matching rules.

* Differences in whitespace are ignored (any run of spaces, tabs and newlines is one space).
* Straight and curly quotes and apostrophes are the same character.
* ``...`` or ``…`` inside an excerpt stands for omitted words: the parts must appear in order,
  within one paragraph. Paragraphs are separated by blank lines; a text without any blank line
  has one paragraph per line (the shape of the bundled article).

A match is a tuple of spans, character offsets ``(start, end)`` into the original source text, one
per part of the excerpt. A miss comes with the closest passage of the source as a hint.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

Span = tuple[int, int]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_SPACE = re.compile(r"\s+")
_ELISION = re.compile(r"\s*(?:\.\.\.|…)\s*")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def normalise(text: str) -> str:
    """Fold quotes and collapse whitespace, as the matcher compares text."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class Miss:
    """An excerpt that is not in the source, with the closest passage as a hint."""

    hint: str | None


class SourceText:
    """A source text prepared for locating excerpts in it (built once per file)."""

    def __init__(self, text: str) -> None:
        self.text = text
        # The normalised text, and for each of its characters the offset in ``text``.
        chars: list[str] = []
        offsets: list[int] = []
        folded = text.translate(_QUOTES)
        pending_space = False
        for index, char in enumerate(folded):
            if char.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                offsets.append(index - 1)
                pending_space = False
            chars.append(char)
            offsets.append(index)
        self.normal = "".join(chars)
        self._offsets = offsets
        self._paragraph_starts = self._paragraphs(text)

    def _paragraphs(self, text: str) -> list[int]:
        """Normalised offsets where paragraphs start (sorted)."""
        breaks = [m.end() for m in _BLANK_LINE.finditer(text)]
        if not breaks:
            breaks = [m.end() for m in re.finditer(r"\n", text)]
        starts = [0]
        for original in breaks:
            starts.append(bisect.bisect_left(self._offsets, original))
        return sorted(set(starts))

    def _paragraph_end(self, normal_offset: int) -> int:
        index = bisect.bisect_right(self._paragraph_starts, normal_offset)
        if index < len(self._paragraph_starts):
            return self._paragraph_starts[index]
        return len(self.normal)

    def _span(self, start: int, end: int) -> Span:
        """Map a normalised ``[start, end)`` to original offsets."""
        return (self._offsets[start], self._offsets[end - 1] + 1)

    def locate(self, excerpt: str) -> tuple[Span, ...] | Miss:
        """The spans of ``excerpt`` in the text, or a :class:`Miss` with a hint."""
        parts = [part for part in (normalise(p) for p in _ELISION.split(excerpt)) if part]
        if not parts:
            return Miss(hint=None)
        first = parts[0]
        start = self.normal.find(first)
        while start != -1:
            spans = self._rest(parts, start)
            if spans is not None:
                return spans
            start = self.normal.find(first, start + 1)
        return Miss(hint=self.closest(" ".join(parts)))

    def _rest(self, parts: list[str], start: int) -> tuple[Span, ...] | None:
        limit = self._paragraph_end(start)
        spans = [self._span(start, start + len(parts[0]))]
        position = start + len(parts[0])
        for part in parts[1:]:
            found = self.normal.find(part, position, limit)
            if found == -1:
                return None
            spans.append(self._span(found, found + len(part)))
            position = found + len(part)
        return tuple(spans)

    def closest(self, excerpt: str, *, max_windows: int = 4000) -> str | None:
        """The passage of the source most like ``excerpt`` (for "did you mean ...")."""
        words = self.normal.split(" ")
        size = max(1, len(excerpt.split(" ")))
        if not words or not excerpt:
            return None
        stride = max(1, (len(words) - size + 1) // max_windows)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(excerpt.casefold())
        best_ratio, best = 0.0, None
        for index in range(0, max(1, len(words) - size + 1), stride):
            window = " ".join(words[index : index + size])
            matcher.set_seq1(window.casefold())
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best_ratio, best = ratio, window
        return best if best_ratio >= 0.4 else None
