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

_QUOTES_FOLDED = {
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
_ELISION = re.compile(r"\s*(?:\.\.\.|…)\s*")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_NEWLINE = re.compile(r"\n")
_RUNS = re.compile(r"\s\s+")
_QUOTES = re.compile("[" + "".join(re.escape(c) for c in _QUOTES_FOLDED) + "]")
_SINGLE_QUOTES = re.compile(
    "[" + "".join(re.escape(c) for c, folded in _QUOTES_FOLDED.items() if folded == "'") + "]"
)
_DOUBLE_QUOTES = re.compile(
    "[" + "".join(re.escape(c) for c, folded in _QUOTES_FOLDED.items() if folded == '"') + "]"
)


def _fold_quotes(text: str) -> str:
    """Straight quotes for curly ones (regex passes: much faster than ``str.translate``)."""
    if _QUOTES.search(text) is None:
        return text
    return _DOUBLE_QUOTES.sub('"', _SINGLE_QUOTES.sub("'", text))


def normalise(text: str) -> str:
    """Fold quotes and collapse whitespace, as the matcher compares text."""
    return " ".join(_fold_quotes(text).split())


@dataclass(frozen=True)
class Miss:
    """An excerpt that is not in the source, with the closest passage as a hint."""

    hint: str | None


class SourceText:
    """A source text prepared for locating excerpts in it (built once per file).

    ``normal`` is the text as the matcher compares it (quotes folded, whitespace collapsed).
    Its offsets map back to ``text`` piecewise: the map only changes after a run of two or more
    whitespace characters (and at the start, for leading whitespace), so only those runs are
    recorded, and an offset is mapped when a span is needed. A normalised character maps to the
    original character it comes from; the space standing for a run of whitespace maps to the
    run's last character.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        folded = _fold_quotes(text)
        body = folded.lstrip()
        lead = len(folded) - len(body)
        self.normal = " ".join(body.split())  # runs of whitespace (str.isspace) as one space
        # Segment k starts at normalised offset _seg_normal[k], which is _seg_text[k] in ``text``;
        # within a segment both advance together.
        seg_normal = [0]
        seg_text = [lead]
        shift = lead  # offset in text minus normalised offset, in the current segment
        for match in _RUNS.finditer(folded, lead, lead + len(body.rstrip())):
            start, end = match.span()
            at = start - shift  # where the run's single space is in the normalised text
            shift += end - start - 1
            seg_normal.append(at)
            seg_text.append(end - 1)
        self._seg_normal = seg_normal
        self._seg_text = seg_text
        self._paragraph_starts = self._paragraphs(text)

    def _offset(self, normal_offset: int) -> int:
        """The offset in ``text`` of the normalised character at ``normal_offset``."""
        k = bisect.bisect_right(self._seg_normal, normal_offset) - 1
        return self._seg_text[k] + normal_offset - self._seg_normal[k]

    def _first_at_or_after(self, text_offset: int) -> int:
        """The first normalised offset whose character is at or after ``text_offset``."""
        k = bisect.bisect_right(self._seg_text, text_offset) - 1
        if k < 0:
            return 0
        found = self._seg_normal[k] + text_offset - self._seg_text[k]
        limit = self._seg_normal[k + 1] if k + 1 < len(self._seg_normal) else len(self.normal)
        return min(found, limit)

    def _paragraphs(self, text: str) -> list[int]:
        """Normalised offsets where paragraphs start (sorted)."""
        breaks = [m.end() for m in _BLANK_LINE.finditer(text)]
        if not breaks:
            breaks = [m.end() for m in _NEWLINE.finditer(text)]
        starts = [0]
        for original in breaks:
            starts.append(self._first_at_or_after(original))
        return sorted(set(starts))

    def _paragraph_end(self, normal_offset: int) -> int:
        index = bisect.bisect_right(self._paragraph_starts, normal_offset)
        if index < len(self._paragraph_starts):
            return self._paragraph_starts[index]
        return len(self.normal)

    def _span(self, start: int, end: int) -> Span:
        """Map a normalised ``[start, end)`` to original offsets."""
        return (self._offset(start), self._offset(end - 1) + 1)

    def locate(self, excerpt: str) -> tuple[Span, ...] | Miss:
        """The spans of ``excerpt`` in the text, or a :class:`Miss` with a hint."""
        if "..." in excerpt or "…" in excerpt:
            pieces = _ELISION.split(excerpt)
        else:
            pieces = [excerpt]  # no elision (the regex split is slow, having no literal prefix)
        parts = [part for part in map(normalise, pieces) if part]
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
