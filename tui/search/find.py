"""Find words in a text as search folds them (case and accents ignored), at the text's offsets.

Folding can change a text's length ("ß" folds to "ss", "æ" to "ae", a decomposed "é" loses
its accent), so matches are found in the folded text and mapped back, character by character,
to offsets of the original: a match highlights exactly the characters it was found in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from tui.search.folding import fold

Span = tuple[int, int]

MAX_MATCHES = 10_000
"""At most this many matches are returned (the counter says "10000+" beyond)."""


@dataclass(frozen=True)
class FoldedText:
    """A text folded for finding, with the way back to its offsets."""

    text: str
    folded: str = field(init=False)
    _origin: tuple[int, ...] = field(init=False, repr=False)
    """For each folded character, the offset of the character of ``text`` it comes from
    (empty when folding kept every offset)."""

    def __post_init__(self) -> None:
        text = self.text
        folded = fold(text)
        origin: tuple[int, ...] = ()
        if len(folded) != len(text) or not text.isascii():
            pieces: list[str] = []
            starts: list[int] = []
            for offset, char in enumerate(text):
                piece = fold(char)
                pieces.append(piece)
                starts.extend([offset] * len(piece))
            folded = "".join(pieces)
            if len(folded) != len(text) or any(s != n for n, s in enumerate(starts)):
                origin = tuple(starts)
        object.__setattr__(self, "folded", folded)
        object.__setattr__(self, "_origin", origin)

    def original(self, start: int, end: int) -> Span:
        """The span of ``text`` that folded characters ``start:end`` come from."""
        origin = self._origin
        if not origin:
            return start, end
        first = origin[start]
        # The end is just past the original character of the last folded one (a character
        # that folds to several, or whose accent folded away, is taken whole).
        last = origin[end - 1]
        stop = last + 1
        while stop < len(self.text) and not fold(self.text[stop]):
            stop += 1  # combining marks after it belong to it
        return first, stop

    def find(self, query: str) -> list[Span]:
        """Every match of ``query``'s words, in order (whitespace between them matches any
        whitespace); none for a query without words. Matches never overlap."""
        pattern = _pattern(query)
        if pattern is None:
            return []
        found: list[Span] = []
        for match in pattern.finditer(self.folded):
            if match.end() > match.start():
                span = self.original(match.start(), match.end())
                if found and span[0] < found[-1][1]:
                    continue  # within a character already matched ("s" in the "ss" of "ß")
                found.append(span)
                if len(found) >= MAX_MATCHES:
                    break
        return found


def _pattern(query: str) -> re.Pattern[str] | None:
    parts = fold(query).split()
    if not parts:
        return None
    return re.compile(r"\s+".join(re.escape(part) for part in parts))


def find(text: str, query: str) -> list[Span]:
    """Spans of ``text`` matching ``query`` (see :meth:`FoldedText.find`)."""
    return FoldedText(text).find(query)


def match_at(spans: list[Span], offset: int) -> int:
    """The index of the first span starting at or after ``offset`` (0 past the last)."""
    index = bisect_right([start for start, _ in spans], offset - 1)
    return index if index < len(spans) else 0
