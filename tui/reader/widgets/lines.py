"""One line of a line-API widget: a ``Text`` drawn as a ``Strip`` of exactly the given width.

The lists, grids and the source text all draw their lines this way (one definition): the text
on one line, cut with an ellipsis where it is too long, its own styles over the line's style,
padded to the width.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


def line_strip(text: Text, width: int, style: Style, console: Console,
               *, cut: bool = True) -> Strip:
    """``text`` as one line of exactly ``width`` cells over ``style`` (cut with … unless
    ``cut`` is False, for a line already laid out to the width)."""
    if width <= 0:
        return Strip.blank(0)
    line = text.copy()
    line.no_wrap = True
    line.end = ""
    if cut:
        line.truncate(width, overflow="ellipsis")
    segments = [Segment(part.text, style + part.style if part.style else style)
                for part in line.render(console)]
    return Strip(segments, cell_len(line.plain)).extend_cell_length(width, style).crop(0, width)


def wrap_cells(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` cells (a longer word is cut in pieces)."""
    result: list[str] = []
    current = ""
    for word in text.split():
        pieces = chop_cells(word, width) if cell_len(word) > width else [word]
        for piece in pieces:
            if current and cell_len(current) + 1 + cell_len(piece) <= width:
                current += " " + piece
            else:
                if current:
                    result.append(current)
                current = piece
    if current:
        result.append(current)
    return result
