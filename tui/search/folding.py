"""Text folding for search: the one rule for what counts as the same word.

Case and accents are ignored ("Jürgen" and "jurgen" are one word); a word is a run of word
characters. The index, the query parser and the highlighting of results all fold through here.

:func:`words` is on the path of every statement a cold load indexes, so it takes shortcuts that
give the same words as ``WORD.findall(fold(text))``: an ASCII text is lower-cased and split in
one byte translation (a word character is a letter, a digit or ``_``; every other ASCII
character is a gap), and a text that folds to ASCII is split the same way. They hold for
``WORD`` as it is, runs of word characters; with another rule, words are its matches.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_UNDECOMPOSED_CHARS = {
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"
}
_UNDECOMPOSED = str.maketrans(_UNDECOMPOSED_CHARS)
_HAS_UNDECOMPOSED = re.compile(f"[{''.join(_UNDECOMPOSED_CHARS)}]")
WORD = re.compile(r"\w+")
_SHORTCUTS = WORD.pattern == r"\w+"
"""The shortcuts of :func:`words` give ``WORD``'s words only for runs of word characters."""


def _gaps(lower: bool) -> bytes:
    """A ``bytes.translate`` table for ASCII: every character that is not a word character
    (``WORD``'s ``\\w``) becomes a space, and, if ``lower``, ``A``-``Z`` become ``a``-``z``."""
    table = bytearray(range(256))
    for code in range(128):
        character = chr(code)
        if not WORD.fullmatch(character):
            table[code] = ord(" ")
        elif lower:
            table[code] = ord(character.lower())
    return bytes(table)


_LOWER_SPLIT = _gaps(lower=True)
_SPLIT = _gaps(lower=False)


def fold(text: str) -> str:
    """Lower-case ``text`` without accents, for matching ("Jürgen" → "jurgen")."""
    if text.isascii():
        return text.lower()
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    # The undecomposed letters are not ASCII: most folded texts need no pass for them.
    if not text.isascii() and _HAS_UNDECOMPOSED.search(text):
        text = text.translate(_UNDECOMPOSED)
    return text


def words(text: str) -> list[str]:
    """The folded words of ``text``: ``WORD.findall(fold(text))``."""
    if not _SHORTCUTS:
        return WORD.findall(fold(text))
    if text.isascii():
        # ASCII lower-cases to ASCII, so the bytes are the characters.
        return text.encode("ascii").translate(_LOWER_SPLIT).decode("ascii").split()
    folded = _fold_unicode(text)
    if folded.isascii():
        # Not lower-cased again: folding can leave capitals ("ℌ" is "H" after NFKD).
        return folded.encode("ascii").translate(_SPLIT).decode("ascii").split()
    return WORD.findall(folded)


@functools.lru_cache(maxsize=4096)
def _cached_words(text: str) -> tuple[str, ...]:
    return tuple(words(text))


def short_words(text: str) -> tuple[str, ...]:
    """:func:`words` of an id, name, role or title: these repeat across a library's briefings,
    so a process folds each once (a long text is folded each time, not kept)."""
    return _cached_words(text) if len(text) <= 200 else tuple(words(text))
