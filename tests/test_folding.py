"""Search folding: ``words`` takes shortcuts, and must give the words the plain rule gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.search.folding import fold, words

# The rule as it was first written (the oracle): fold, then every run of word characters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


def oracle_fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", text).translate(_UNDECOMPOSED)


def oracle_words(text: str) -> list[str]:
    return re.findall(r"\w+", oracle_fold(text))


TRICKY = [
    "", " ", "Jürgen Müller's office", "Ærøskøbing œuvre Łódź ħ đ þorn ðe", "ﬁnance ﬂow ǆ",
    "rock'n'roll — well-known, mid–term; e-mail", "2024-03-04 12½ ² ³ ① Ⅻ ٣", "北京 東京 서울",
    "😀 👍🏽 flags 🇺🇦", "e\u0301 a\u0308 \u0301alone", "İstanbul ISTANBUL ı i̇", "Straße STRASSE ẞ",
    "a\u00a0b\u2009c\u202fd", "ℌello ㎒ ℡ ﬀ", "tab\there\nnew\rline\x0bv\x0cf\x1cfs\x1fus",
    "under_score __x__ _", "Ωμέγα ΣΊΣΥΦΟΣ ς", "Привет, мир", "ا ب ت \u064b", "क्षत्रिय",
    "x\x00y", "q\"uote\\back", "Ǆemal ǅ ǆ", "ﬃ ﬄ ﬅ", "Ⅳ ⅳ", "µ μ",
]


def test_words_on_tricky_texts_are_the_oracles():
    for text in TRICKY:
        assert words(text) == oracle_words(text), text
        assert fold(text) == oracle_fold(text), text


def test_words_keep_capitals_that_folding_leaves():
    # NFKD after casefold turns "ℌ" into "H": the shortcut must not lower-case it on the way.
    assert words("ℌ") == oracle_words("ℌ") == ["H"]


_ALPHABET = st.sampled_from(sorted({ch for text in TRICKY for ch in text} | set("AZaz09_ -'")))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=40) | st.text(max_size=40))
@example("Ab\u00a0Ç")
def test_words_are_the_oracles(text: str):
    assert words(text) == oracle_words(text)
    assert fold(text) == oracle_fold(text)
