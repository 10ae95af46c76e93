"""Where an item of a briefing is written: its location in the data, and the line it starts on.

``location_of(briefing, "statements", "mueller-no-troops")`` is ``("statements", 3)``; the
line of that entry in the file is ``line_of(text, ("statements", 3))``, found by composing the
file's YAML nodes (:class:`tui.format.positions.Locator`), so it is the line as the file is now,
whatever was loaded before. The reader's ``e`` (edit) opens an editor there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.format.positions import Loc, Locator

if TYPE_CHECKING:
    from tui.format.model import Briefing

ITEM_LISTS = ("sources", "countries", "actors", "topics", "positions", "statements", "debates",
              "risks", "caveats")
"""The briefing's lists of items."""


def _matches(item: object, key: object) -> bool:
    if isinstance(key, str):
        return key in (getattr(item, "id", None), getattr(item, "code", None))
    if isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key):
        return (getattr(item, "country", None), getattr(item, "topic", None)) == key
    return False


def location_of(briefing: Briefing, list_name: str, key: object) -> Loc | None:
    """The location of an item of ``briefing.<list_name>``: ``(list_name, index)``.

    ``key`` is the item itself (found by identity, then by equality), its index, its ``id``
    (a country's ``code``), or a position's ``(country, topic)``. None if there is no such item.
    """
    if list_name not in ITEM_LISTS:
        raise ValueError(f"unknown list {list_name!r}; expected one of {', '.join(ITEM_LISTS)}")
    items: tuple[object, ...] = getattr(briefing, list_name)
    if isinstance(key, int) and not isinstance(key, bool):
        return (list_name, key) if 0 <= key < len(items) else None
    for index, item in enumerate(items):
        if item is key:
            return (list_name, index)
    for index, item in enumerate(items):
        if item == key or _matches(item, key):
            return (list_name, index)
    return None


def line_of(text: str, loc: Loc) -> int:
    """The line (1-based) where the node at ``loc`` starts in a briefing's YAML ``text``; as deep
    as the text goes (the list, if the entry is not there any more), 1 if it does not compose."""
    return Locator(text, "").position(loc)[0]


def line_in_file(path: Path, loc: Loc) -> int:
    """:func:`line_of` the file at ``path`` as it is now (1 if it cannot be read)."""
    from tui.format.loader import read_text
    from tui.format.problems import BriefingError

    try:
        text = read_text(path)
    except BriefingError:
        return 1
    return line_of(text, loc)
