"""Make untrusted text safe for a terminal: nothing in data may control it.

Control characters (C0, DEL, C1) would let a briefing move the cursor, set the window title or
write the clipboard; bidirectional overrides and invisible characters would reorder or hide
text. Each is replaced by a visible stand-in: ``\\x1b`` becomes ``␛``, other C0 controls their
Unicode control picture, and the rest ``⟨U+XXXX⟩``. Newline and tab are kept where the caller
allows them (tab becomes spaces in layouts).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

# C0 and DEL have printable "control pictures" at U+2400.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"

# Characters that reorder or hide text: every format character (Unicode category Cf: bidi
# embeddings, overrides and isolates, zero-width characters, invisible operators, tags), line and
# paragraph separators (Zl, Zp: a line break the layout does not count), and the other default
# ignorable characters (shown as nothing by a terminal). A test checks that every Cf, Zl and Zp
# character of the running Python's Unicode database is covered.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0"
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2"  # prepended concatenation marks
    "\u200b-\u200f"  # zero width space/non-joiner/joiner, LRM, RLM
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u206f"  # word joiner, invisible operators, bidi isolates, deprecated formatters
    "\ufeff\ufff0-\ufffb"  # zero width no-break space (BOM), interlinear annotation
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"  # tags and reserved ignorables
    "\ud800-\udfff"  # lone surrogates (not text)
)

# Variation selectors choose how the character before them looks (an emoji's colour form, a CJK
# glyph variant): one right after a visible character is kept. Anywhere else (at the start, after
# a space, a control or another selector) they show nothing and could carry hidden text.
_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_STRAY_SELECTOR = f"(?<![^\\s{_SELECTORS}\x00-\x1f\x7f-\x9f{_INVISIBLE}])[{_SELECTORS}]"

_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]|{_STRAY_SELECTOR}")
_UNSAFE_KEEP_NOTHING = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]|{_STRAY_SELECTOR}")


@lru_cache(maxsize=512)
def _stand_in(char: str) -> str:
    code = ord(char)
    if code in _PICTURES:
        return _PICTURES[code]
    return f"\u27e8U+{code:04X}\u27e9"


def _replace(match: re.Match[str]) -> str:
    return _stand_in(match.group())


def _one_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return _PICTURES.get(code, "\ufffd")


def printable(text: str, *, multiline: bool = False, same_length: bool = False) -> str:
    """``text`` with every control, bidi and invisible character made visible.

    With ``multiline`` newlines are kept and tabs expanded; otherwise both are shown as symbols
    so that one record stays on one line. With ``same_length`` every unsafe character becomes
    exactly one visible character (newlines kept, tabs and carriage returns as spaces), so
    offsets into the text stay valid.
    """
    if same_length:
        return _UNSAFE.sub(_one_char, text.replace("\t", " ").replace("\r", " "))
    if multiline:
        text = text.replace("\r\n", "\n").expandtabs(4)
        return _UNSAFE.sub(_replace, text) if _UNSAFE.search(text) else text
    return _UNSAFE_KEEP_NOTHING.sub(_replace, text) if _UNSAFE_KEEP_NOTHING.search(text) else text


def printable_spans(
    text: str, spans: Iterable[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """``printable(text)`` (one line) and ``spans`` of ``text`` moved onto it.

    A stand-in is longer than the character it shows (``⟨U+202E⟩``), so offsets found in the
    data (search matches, say) must be moved before they style the text shown.
    """
    spans = list(spans)
    matches = list(_UNSAFE_KEEP_NOTHING.finditer(text))
    if not matches:
        return text, spans
    starts: list[int] = []
    extra_before: list[int] = []  # how much longer the shown text is before each match
    pieces: list[str] = []
    extra = last = 0
    for match in matches:
        stand_in = _stand_in(match.group())
        pieces += [text[last : match.start()], stand_in]
        starts.append(match.start())
        extra_before.append(extra)
        extra += len(stand_in) - 1
        last = match.end()
    pieces.append(text[last:])

    def move(offset: int) -> int:
        before = bisect_left(starts, offset)  # matches that start before ``offset``
        return offset + (extra_before[before] if before < len(starts) else extra)

    return "".join(pieces), [(move(start), move(end)) for start, end in spans]


def _json_escape(match: re.Match[str]) -> str:
    data = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(data[i:i + 2], 'big'):04x}" for i in range(0, len(data), 2))


def printable_json(text: str) -> str:
    """JSON text with every character :func:`printable` would replace written as a ``\\u``
    escape: the same JSON value, and nothing in it can control a terminal."""
    return _UNSAFE_KEEP_NOTHING.sub(_json_escape, text) if _UNSAFE_KEEP_NOTHING.search(text) else text
