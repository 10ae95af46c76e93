"""Text folding for search: the one rule for what counts as the same word.

Case and accents are ignored ("Jürgen" and "jurgen" are one word); a word is a run of word
characters. The index, the query parser and the highlighting of results all fold through here.
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case ``text`` without accents, for matching ("Jürgen" → "jurgen")."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", text).translate(_UNDECOMPOSED)


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return WORD.findall(fold(text))


