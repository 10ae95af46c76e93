"""Make untrusted text safe for a terminal: nothing in data may control it.

Control characters (C0, DEL, C1) would let a briefing move the cursor, set the window title or
write the clipboard; bidirectional overrides and invisible characters would reorder or hide
text. Each is replaced by a visible stand-in: ``\\x1b`` becomes ``␛``, other C0 controls their
Unicode control picture, and the rest ``⟨U+XXXX⟩``. Newline and tab are kept where the caller
allows them (tab becomes spaces in layouts).
"""

from __future__ import annotations

import re
from functools import lru_cache

# C0 and DEL have printable "control pictures" at U+2400.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"

# Characters that reorder or hide text: bidi controls, zero-width and other invisible formatters.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f"  # zero width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated formatters
    "\ufeff\u00ad\u180e\u034f\u061c\u115f\u1160\u3164\uffa0"
    "\ufff9\ufffa\ufffb"
)

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _INVISIBLE + "\U000e0000-\U000e007f\ud800-\udfff]"
)
_UNSAFE_KEEP_NOTHING = re.compile(
    "[\x00-\x1f\x7f-\x9f" + _INVISIBLE + "\U000e0000-\U000e007f\ud800-\udfff]"
)


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
    exactly one visible character (newlines kept, tabs as a picture), so offsets into the
    text stay valid.
    """
    if same_length:
        return _UNSAFE.sub(_one_char, text.replace("\t", " ").replace("\r", " "))
    if multiline:
        text = text.replace("\r\n", "\n").expandtabs(4)
        return _UNSAFE.sub(_replace, text) if _UNSAFE.search(text) else text
    return _UNSAFE_KEEP_NOTHING.sub(_replace, text) if _UNSAFE_KEEP_NOTHING.search(text) else text

