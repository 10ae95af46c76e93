"""Locate evidence excerpts in a source text, under the format's matching rules.

* Differences in whitespace are ignored (any run of spaces, tabs and newlines is one space).
* Straight and curly quotes and apostrophes are the same character.
* ``...`` or ``…`` inside an excerpt stands for omitted words: the parts must appear in order,
  within one paragraph. Paragraphs are separated by blank lines; a text without any blank line
  has one paragraph per line (the shape of the bundled article).

A match is a tuple of spans, character offsets ``(start, end)`` into the original source text, one
per part of the excerpt. A miss comes with the closest passage of the source as a hint.

Cost: locating is linear in the text (see :meth:`SourceText.find`). The closest passage is
looked for within a budget of work per miss and per text (:data:`HINT_WORK_PER_MISS`,
:data:`HINT_WORK_PER_TEXT`); past it the miss is still a miss, reported without a hint.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import operator
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
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_NEWLINE = re.compile(r"\n")
_ELISION = re.compile(r"\.\.\.|\u2026")
_NOT_WORD = re.compile(r"[^\w ]+")
_SPACE_RUNS = re.compile("  +")

_OTHER_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every whitespace character but the space: those of ``str.isspace``, ``str.split`` and the
regex ``\\s`` (a test checks the list against every code point)."""

HINT_SCORE = 40.0
"""Least similarity (0-100) of a passage offered as the closest one."""

HINT_WORK_PER_MISS = 40_000_000
"""Work allowed to look for one miss's closest passage, in units of about a nanosecond: a
comparison of ``m`` with ``n`` characters costs about ``m * n / 64`` (rapidfuzz's bit-parallel
similarity), a pass over the text's words about 50 a word."""

HINT_WORK_PER_TEXT = 400_000_000
"""Work allowed for the closest passages of all the misses in one source text."""

MAX_CANDIDATES = 5_000
"""Most passages compared in full with one excerpt (the others are ranked by shared words)."""

_WORD_PASS = 50
"""Cost of one word in a Python-level pass over the text (see ``HINT_WORK_PER_MISS``)."""


def _fold_quotes(text: str) -> str:
    """Straight quotes for curly ones. One ``in`` and at most one ``replace`` a quote character,
    each a pass in C (``str.translate`` and a regex pass cost ten times more on a source)."""
    for quote, straight in _QUOTES_FOLDED.items():
        if quote in text:
            text = text.replace(quote, straight)
    return text


def _spaces(text: str) -> str:
    """``text`` with every whitespace character a space (the same length, the same offsets)."""
    for space in _OTHER_WHITESPACE:
        if space in text:
            text = text.replace(space, " ")
    return text


def normalise(text: str) -> str:
    """Fold quotes and collapse whitespace, as the matcher compares text."""
    return " ".join(_fold_quotes(text).split())


def excerpt_parts(excerpt: str) -> list[str]:
    """The normalised parts of an excerpt: split at each ``...`` or ``…``, empty parts dropped."""
    normal = normalise(excerpt)
    if "..." in normal or "\u2026" in normal:
        return _elided_parts(normal)
    return [normal] if normal else []


def excerpts_parts(excerpts: list[str]) -> list[list[str]]:
    """:func:`excerpt_parts` of each excerpt, in a few passes over all of them joined (one
    at a time, an excerpt costs a few Python calls; a briefing has hundreds)."""
    spaced = _spaces(_fold_quotes("\0".join(excerpts)))
    if "  " in spaced:
        spaced = _SPACE_RUNS.sub(" ", spaced)
    pieces = spaced.split("\0")
    if len(pieces) != len(excerpts):  # an excerpt holds the separator
        return [excerpt_parts(excerpt) for excerpt in excerpts]
    return [
        _elided_parts(normal) if "..." in normal or "\u2026" in normal else [normal] if normal else []
        for normal in [piece.strip(" ") for piece in pieces]
    ]


def _elided_parts(normal: str) -> list[str]:
    """The parts of a normalised excerpt holding ``...`` or ``…``. Normalising keeps every dot
    and only makes whitespace single spaces: splitting the normalised excerpt and trimming the
    parts is normalising the parts (the regex split is slow, it has no literal prefix: an
    excerpt without elision is not split)."""
    return [part for part in (piece.strip(" ") for piece in _ELISION.split(normal)) if part]


@dataclass(frozen=True)
class Passage:
    """A passage of a source text: the closest one to an excerpt that is not in it."""

    text: str
    """The passage as the matcher compares it (quotes folded, whitespace collapsed)."""
    span: Span
    """Where it is in the original text."""
    score: float
    """How like the excerpt it is, 0 to 100 (rapidfuzz's ratio, case folded)."""


@dataclass(frozen=True)
class Miss:
    """An excerpt that is not in the source, with the closest passage as a hint."""

    hint: str | None
    """The closest passage's text, or None when no passage is close (or none was looked for)."""
    passage: Passage | None = None
    """The closest passage, where it is and how close."""
    skipped: str | None = None
    """Why no passage was looked for (the excerpt too long, the text's budget spent), or None."""


def _cost(excerpt_length: int, passage_length: int) -> int:
    """Work of comparing two strings of these lengths (see ``HINT_WORK_PER_MISS``)."""
    return excerpt_length * passage_length // 64 + excerpt_length + passage_length


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
        # Every whitespace character a space, the runs to collapse are runs of two spaces or
        # more. Split at each pair of spaces: a run of n spaces leaves n // 2 - 1 empty pieces,
        # and a space at the start of the next piece when n is odd.
        pieces = _spaces(body.rstrip()).split("  ")
        # Segment k starts at normalised offset _seg_normal[k], which is _seg_text[k] in ``text``;
        # within a segment both advance together.
        seg_normal = [0]
        seg_text = [lead]
        chunks = [pieces[0]]  # the text between runs
        at_text = lead + len(pieces[0]) + 2  # where the next piece starts in ``text``
        at_normal = len(pieces[0])  # where the next run's single space is in ``normal``
        for piece in itertools.islice(pieces, 1, None):
            if not piece:
                at_text += 2
                continue
            if piece[0] == " ":
                piece = piece[1:]
                at_text += 1
            seg_normal.append(at_normal)
            seg_text.append(at_text - 1)  # the run's last character
            chunks.append(piece)
            at_normal += len(piece) + 1
            at_text += len(piece) + 2
        self.normal = chunks[0] if len(chunks) == 1 else " ".join(chunks)
        self._seg_normal = seg_normal
        self._seg_text = seg_text
        self._blank_lines: bool | None = None  # whether the text has a blank line, when asked
        self._hint_work_left = HINT_WORK_PER_TEXT
        self._words: list[str] | None = None  # built when a miss first needs them
        self._word_starts: list[int] = []
        self._tokens: list[str] | None = None
        self._line_starts: list[int] | None = None

    def line_of(self, offset: int) -> int:
        """The 1-based line of ``text`` holding the character at ``offset``."""
        if self._line_starts is None:
            self._line_starts = [m.end() for m in _NEWLINE.finditer(self.text)]
        return bisect.bisect_right(self._line_starts, offset) + 1

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

    def _paragraph_end(self, normal_offset: int) -> int:
        """The normalised offset where the paragraph holding the character at ``normal_offset``
        (not a space) ends: where the next one starts, else the text's length.

        Paragraphs are separated by blank lines; a text without any has one paragraph per line.
        A paragraph starts at the first normalised character at or after the end of the blank
        line (or line break) before it. Only the next one is looked for: the blank line found
        from a character that is not whitespace is the one a pass over the whole text finds.
        """
        text = self.text
        at = self._offset(normal_offset)
        if self._blank_lines is None:
            self._blank_lines = _BLANK_LINE.search(text) is not None
        if self._blank_lines:
            match = _BLANK_LINE.search(text, at)
            after = -1 if match is None else match.end()
        else:
            after = text.find("\n", at)
            after = -1 if after == -1 else after + 1
        return len(self.normal) if after == -1 else self._first_at_or_after(after)

    def _span(self, start: int, end: int) -> Span:
        """Map a normalised ``[start, end)`` to original offsets."""
        seg_normal = self._seg_normal
        seg_text = self._seg_text
        k = bisect.bisect_right(seg_normal, start) - 1
        last = end - 1
        j = bisect.bisect_right(seg_normal, last, k) - 1
        return (seg_text[k] + start - seg_normal[k], seg_text[j] + last - seg_normal[j] + 1)

    def locate(self, excerpt: str, *, hint: bool = True) -> tuple[Span, ...] | Miss:
        """The spans of ``excerpt`` in the text, or a :class:`Miss` with a hint (see
        :meth:`find`). ``hint=False`` skips the closest passage of a miss."""
        return self.locate_parts(excerpt_parts(excerpt), hint=hint)

    def locate_parts(self, parts: list[str], *, hint: bool = True) -> tuple[Span, ...] | Miss:
        """:meth:`locate` for an excerpt's parts (:func:`excerpt_parts`)."""
        spans = self.find(parts)
        return self.missed(parts, hint=hint) if spans is None else spans

    def missed(self, parts: list[str], *, hint: bool = True) -> Miss:
        """The :class:`Miss` of parts :meth:`find` did not find."""
        if not parts or not hint:
            return Miss(hint=None)
        return self._miss(" ".join(parts))

    def find(self, parts: list[str]) -> tuple[Span, ...] | None:
        """The spans of an excerpt's parts (:func:`excerpt_parts`) in the text, or None.

        The parts of an elided excerpt are matched leftmost-first within the paragraph of the
        first part's first occurrence. That is complete: if the parts cannot follow that
        occurrence within its paragraph, they cannot follow a later one in the same paragraph
        (each part could only be found at or after where it was found before), so the search
        goes on in the next paragraph. Each character is scanned a bounded number of times:
        linear in the text, whatever the number of parts.
        """
        if not parts:
            return None
        first = parts[0]
        normal = self.normal
        start = normal.find(first)
        if start == -1:
            return None
        if len(parts) == 1:  # the usual case: no paragraph to keep to (_span, inlined)
            seg_normal = self._seg_normal
            seg_text = self._seg_text
            k = bisect.bisect_right(seg_normal, start) - 1
            last = start + len(first) - 1
            j = bisect.bisect_right(seg_normal, last, k) - 1
            return ((seg_text[k] + start - seg_normal[k], seg_text[j] + last - seg_normal[j] + 1),)
        while start != -1:
            limit = self._paragraph_end(start)
            spans = self._rest(parts, start, limit)
            if spans is not None:
                return spans
            start = normal.find(first, limit)
        return None

    def _rest(self, parts: list[str], start: int, limit: int) -> tuple[Span, ...] | None:
        spans = [self._span(start, start + len(parts[0]))]
        position = start + len(parts[0])
        for part in parts[1:]:
            found = self.normal.find(part, position, limit)
            if found == -1:
                return None
            spans.append(self._span(found, found + len(part)))
            position = found + len(part)
        return tuple(spans)

    def _miss(self, excerpt: str) -> Miss:
        found = self.closest(excerpt)
        if isinstance(found, str):
            return Miss(hint=None, skipped=found)
        if found is None:
            return Miss(hint=None)
        return Miss(hint=found.text, passage=found)

    # --- the closest passage -----------------------------------------------------------------

    def _prepare_words(self) -> None:
        if self._words is None:
            self._words = self.normal.split(" ") if self.normal else []
            starts = [0]
            starts.extend(itertools.accumulate(map((1).__add__, map(len, self._words))))
            self._word_starts = starts  # word k is normal[starts[k] : starts[k + 1] - 1]

    def _window(self, index: int, size: int) -> tuple[int, int]:
        """Normalised ``[start, end)`` of the ``size`` words from word ``index``."""
        starts = self._word_starts
        last = min(index + size, len(starts) - 1)
        return starts[index], starts[last] - 1

    def closest(self, excerpt: str) -> Passage | None | str:
        """The passage of the source most like ``excerpt`` (normalised), for "did you mean ...".

        Passages are runs of as many words as the excerpt has, compared case folded with
        rapidfuzz's ratio; the best one scoring at least :data:`HINT_SCORE` is returned, else
        None. When the text has more passages than the budget allows comparing, those sharing
        the most words with the excerpt are compared. A string says why none was looked for
        (the budget would not allow comparing even one passage).
        """
        if not excerpt or not self.normal:
            return None
        self._prepare_words()
        assert self._words is not None
        words = self._words
        size = max(1, excerpt.count(" ") + 1)
        windows = max(1, len(words) - size + 1)
        width = self._window(0, size)[1]  # about the length of every passage
        budget = min(HINT_WORK_PER_MISS, self._hint_work_left)
        why = (
            "the source's budget for looking for closest passages is spent"
            if budget < HINT_WORK_PER_MISS
            else "too long to look for the closest passage"
        )
        each = _cost(len(excerpt), width)
        affordable = min(budget // each, MAX_CANDIDATES)
        if windows <= affordable:
            candidates: list[int] = list(range(windows))
            spent = each * windows
        else:
            spent = _WORD_PASS * len(words)
            affordable = min(MAX_CANDIDATES, max(0, budget - spent) // each)
            if affordable < 1:
                return why
            candidates = self._by_shared_words(excerpt, size, windows, affordable)
            spent += each * len(candidates)
        self._hint_work_left -= spent
        from rapidfuzz import fuzz, process  # only for misses: most loads never need it

        spans = [self._window(index, size) for index in candidates]
        normal = self.normal
        found = process.extractOne(
            excerpt.casefold(),
            [normal[start:end].casefold() for start, end in spans],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=HINT_SCORE,
        )
        if found is None:
            return None
        _, score, at = found
        start, end = spans[at]
        return Passage(normal[start:end], self._span(start, end), score)

    def _by_shared_words(self, excerpt: str, size: int, windows: int, count: int) -> list[int]:
        """The ``count`` passages (start word indexes, in text order) sharing the most words
        with ``excerpt`` (case and punctuation ignored); ties go to the earlier."""
        if self._tokens is None:  # one per word: case folding adds no space, nor does the regex
            self._tokens = _NOT_WORD.sub("", self.normal.casefold()).split(" ")
        wanted = set(_NOT_WORD.sub("", excerpt.casefold()).split(" ")) - {""}
        shared = [0, *itertools.accumulate(token in wanted for token in self._tokens)]
        scores = list(map(operator.sub, shared[size : size + windows], shared[:windows]))
        best = heapq.nlargest(count, range(windows), key=scores.__getitem__)
        return sorted(best)
