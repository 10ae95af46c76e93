"""Drafted items: those marked ``draft: true`` (written by ``briefing draft``, not yet reviewed).

:func:`is_draft` is the one test of whether an item (or the briefing itself) is a draft;
:func:`drafted_items` lists them with their place in the data, and :func:`draft_notices` words
them as ``PATH:LINE:COL: notice: drafted, not yet reviewed: ...`` for ``briefing check``.
"""

from __future__ import annotations

from pathlib import Path

from tui.format.document import Document
from tui.format.loader import read_text
from tui.format.model import Briefing
from tui.format.positions import Loc, Locator, describe
from tui.format.problems import BriefingError, Notice

ITEM_LISTS = (
    "sources", "countries", "actors", "topics", "positions", "statements", "debates", "risks",
    "caveats",
)
"""The lists of a briefing whose items may carry ``draft``, in the order of the format."""


def is_draft(item: object) -> bool:
    """True for an item (or a briefing) marked ``draft: true``: drafted, not yet reviewed."""
    return getattr(item, "draft", None) is True


def _label(item: object) -> str:
    for key in ("id", "code"):
        value = getattr(item, key, None)
        if isinstance(value, str):
            return f" '{value}'"
    text = getattr(item, "text", None) or getattr(item, "title", None)
    if isinstance(text, str):
        text = " ".join(text.split())
        return f' "{text}"' if len(text) <= 40 else f' "{text[:37]}..."'
    return ""


def drafted_items(briefing: Briefing) -> list[tuple[Loc, str]]:
    """Every drafted item: the location of its ``draft`` key and how to name it."""
    found: list[tuple[Loc, str]] = []
    if is_draft(briefing):
        found.append((("draft",), "the briefing's title and summary"))
    for key in ITEM_LISTS:
        for index, item in enumerate(getattr(briefing, key)):
            if is_draft(item):
                found.append(((key, index, "draft"), describe((key, index)) + _label(item)))
    return found


def draft_notices(document: Document, shown: str | None = None) -> list[Notice]:
    """One notice per drafted item of a loaded briefing, at the line of its ``draft`` key."""
    items = drafted_items(document.briefing)
    if not items:
        return []
    shown = shown or str(document.path)
    try:
        text = read_text(Path(document.path), shown=shown)
    except BriefingError:  # changed since it was loaded: the notices lose their positions
        text = ""
    locate = Locator(text, shown)
    notices = []
    for loc, label in items:
        where = locate.problem(loc, f"drafted, not yet reviewed: {label}", at_key=True)
        notices.append(Notice(where.path, where.line, where.column, where.message))
    return notices
