"""JSON export: the validated model exactly, so that an export loads back unchanged."""

from __future__ import annotations

import json
import re

from tui.export.common import briefing_of
from tui.format.document import Document
from tui.format.model import Briefing


def _escape_invisible_json(text: str) -> str:
    """Write bidi and invisible characters as ``\\uXXXX`` escapes (still the same JSON value).

    Also escaped: the characters YAML refuses raw (U+FFFE, U+FFFF), so that the export also
    loads as a briefing file. Characters outside the Basic Multilingual Plane stay literal:
    their escape would be a surrogate pair, which YAML loaders refuse.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return char if ord(char) > 0xFFFF else f"\\u{ord(char):04x}"

    return _INVISIBLE_JSON.sub(escape, text)


_INVISIBLE_JSON = re.compile(
    "[\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)


def to_json(document: Document | Briefing) -> str:
    """The validated briefing as JSON: it validates (and loads as a briefing file) unchanged."""
    data = briefing_of(document).model_dump(mode="json", exclude_none=True)
    return _escape_invisible_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


