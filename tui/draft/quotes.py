"""Find the words inside quotation marks in a paragraph of an article.

Recognised: straight ``"..."`` and ``'...'``, curly “...” and ‘...’, guillemets «...» and
»...«, single guillemets ‹...›, and the German „...“ and ‚...‘. Only the outermost quotation is
kept (a quote inside a quote belongs to it). A mark that could also be an apostrophe or an inch sign (``'``, ``’``, ``"``) opens a
quotation only after a space or an opening bracket, and closes one only before a
space or punctuation: ``don't`` and ``Macron's`` never do, and neither does the plural
possessive of ``the allies' position`` when the quotation closes later in the paragraph.

A quotation still open at the end of its paragraph runs to the end of the paragraph when the
next paragraph opens with the same mark (the convention for a quote over several paragraphs).
"""

from __future__ import annotations

from dataclasses import dataclass

_CLOSERS: dict[str, str] = {
    '"': '"',
    "\u201c": "\u201d",  # “ ... ”
    "\u201e": "\u201c\u201d",  # „ ... “ (German) or „ ... ” (Polish)
    "\u00ab": "\u00bb",  # « ... »
    "\u00bb": "\u00ab",  # » ... « (German, Danish)
    "\u2039": "\u203a",  # ‹ ... ›
    "\u203a": "\u2039",  # › ... ‹
    "'": "'",
    "\u2018": "\u2019",  # ‘ ... ’
    "\u201a": "\u2018\u2019",  # ‚ ... ‘ (German)
}
"""Each opening mark and the marks that close it."""

_APOSTROPHES = "'\u2019"
"""Marks that are also apostrophes: they open and close only where a quotation can."""

_OPEN_BEFORE = " \t\n\r\f\v\u00a0\u202f([{\u2014\u2013-/:" + "".join(_CLOSERS)
"""What may come right before an opening mark that is also an apostrophe."""

_CLOSE_AFTER = " \t\n\r\f\v\u00a0\u202f.,;:!?)]}\u2014\u2013-\u2026" + "".join(_CLOSERS) + "\u201d"
"""What may come right after a closing mark that is also an apostrophe."""

_SPACES = " \t\n\r\f\v\u00a0\u202f\u2009\u2007"
"""Spaces trimmed inside the marks (French style puts a narrow no-break space there)."""


@dataclass(frozen=True)
class Quote:
    """The words inside one pair of quotation marks, with offsets into the article's text."""

    opening: int
    """Offset of the opening mark."""
    closing: int
    """Offset just after the closing mark (the end of the paragraph for an unclosed one)."""
    start: int
    """Offset of the first quoted character (spaces inside the marks left out)."""
    end: int
    """Offset just after the last quoted character."""
    text: str
    """The quoted words: whitespace runs as one space, a trailing comma left out."""
    mark: str
    """The opening mark."""

    @property
    def words(self) -> int:
        return len(self.text.split())


def _may_open(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return before in _OPEN_BEFORE and not after.isspace()


def _may_close(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return not before.isspace() and after in _CLOSE_AFTER


def _possessive(text: str, at: int, end: int, mark: str) -> bool:
    """``allies' position``: an apostrophe after an ``s`` and before a lower-case word, when the
    quotation it would close closes again later in the paragraph."""
    if at == 0 or text[at - 1] not in "sS":
        return False
    rest = text[at + 1 : at + 3]
    if len(rest) < 2 or rest[0] != " " or not rest[1].islower():
        return False
    closers = _CLOSERS[mark]
    return any(text[later] in closers and _may_close(text, later) for later in range(at + 1, end))


def _scan(text: str, begin: int, end: int) -> tuple[list[tuple[int, int, str]], int | None]:
    """Outermost quotations in ``text[begin:end]`` as (opening, closing, mark), and the
    offset of an outermost opening mark left unclosed at the end (None if all closed)."""
    found: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str]] = []
    at = begin
    while at < end:
        char = text[at]
        closed = False
        for depth in range(len(stack) - 1, -1, -1):
            opening, mark = stack[depth]
            if char not in _CLOSERS[mark]:
                continue
            if char in _APOSTROPHES and (
                not _may_close(text, at) or _possessive(text, at, end, mark)
            ):
                break
            del stack[depth:]
            if not stack:
                found.append((opening, at + 1, mark))
            closed = True
            break
        if not closed and char in _CLOSERS:
            ambiguous = char in _APOSTROPHES or char in '"\u00bb\u203a'
            if not ambiguous or _may_open(text, at):
                stack.append((at, char))
        at += 1
    return found, (stack[0][0] if stack else None)


def _quote(text: str, opening: int, closing: int, closed: bool) -> Quote | None:
    start = opening + 1
    end = closing - 1 if closed else closing
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _SPACES:
        end -= 1
    words = " ".join(text[start:end].split())
    if words.endswith(","):
        words = words[:-1].rstrip()
    if sum(char.isalnum() for char in words) < 2:
        return None
    return Quote(opening, closing, start, end, words, text[opening])


def find_quotes(text: str, begin: int, end: int, *, next_paragraph: str = "") -> list[Quote]:
    """The outermost quotations of the paragraph ``text[begin:end]``, in order.

    ``next_paragraph`` is the start of the paragraph after it: a quotation left open that the
    next paragraph reopens with the same mark runs to the end of this one. Any other opening mark
    left unclosed is not a quotation (a stray mark, an inch sign), and the scan goes on after it.
    """
    quotes: list[Quote] = []
    at = begin
    while at < end:
        found, unclosed = _scan(text, at, end)
        for opening, closing, _mark in found:
            if unclosed is not None and opening > unclosed:
                break
            quote = _quote(text, opening, closing, closed=True)
            if quote is not None:
                quotes.append(quote)
        if unclosed is None:
            break
        if next_paragraph.lstrip(_SPACES)[:1] == text[unclosed] and not any(
            opening > unclosed for opening, _, _ in found
        ):
            quote = _quote(text, unclosed, end, closed=False)
            if quote is not None:
                quotes.append(quote)
            break
        at = unclosed + 1
    return quotes
