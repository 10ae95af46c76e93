"""How briefing data looks: one stance colour scheme, and rich ``Text`` built from data.

Data text is never parsed as markup: everything here builds ``Text`` objects from plain
strings passed through :func:`printable`, so ``[b]`` or ``[@click=...]`` shows as written and
no control character reaches the terminal. Rich only; no Textual import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePath

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tui.format.claims import INFERRED_MARK
from tui.format.sanitize import printable, printable_spans
from tui.format.wording import STANCE_CHIPS

_READER = Path(__file__).parent
STYLESHEETS: list[str | PurePath] = [_READER / name for name in (
    "widgets/widgets.tcss", "views/views.tcss", "screens/screens.tcss", "app.tcss")]
"""The reader's Textual stylesheets (package files): the widgets', then the views', the
screens', and the app's own last, so its word wins. An app that shows a view on its own (a
test's) loads them too."""

# Keys are the stance values; ``model.Stance`` members are ``str`` enums and look up the same
# (this module stays free of the model so the reader paints before pydantic is imported).
# One scheme everywhere: a chip with the stance in words on a colour readable in dark and light
# themes (and the word alone carries the meaning without colour).
STANCE_STYLES: dict[str, Style] = {
    "supports": Style(color="#ffffff", bgcolor="#2e7d32", bold=True),
    "open": Style(color="#000000", bgcolor="#9ccc65", bold=True),
    "undecided": Style(color="#000000", bgcolor="#b0bec5", bold=True),
    "opposes": Style(color="#ffffff", bgcolor="#c62828", bold=True),
    "warns": Style(color="#000000", bgcolor="#ffb300", bold=True),
}

CHIP_WIDTH = max(len(word) for word in STANCE_CHIPS.values()) + 2
"""Every chip is as wide as the widest word, `` UNDECIDED ``, when chips stand in columns."""

DIRECT_STYLE = Style(bold=True)
REPORTED_STYLE = Style(italic=True)
MATCH_STYLE = Style(reverse=True, bold=True)
DIM = Style(dim=True)
HEADING = Style(bold=True, underline=True)


def plain(text: str | None, style: Style | str = "") -> Text:
    """Data text as a ``Text``: literal, one line, control characters made visible."""
    return Text(printable(text or ""), style=style, end="")


def marked(
    text: str | None,
    spans: list[tuple[int, int]],
    style: Style | str = "",
    mark: Style | str = MATCH_STYLE,
) -> Text:
    """Like :func:`plain`, with ``spans`` (offsets into ``text``, e.g. search matches) styled
    ``mark``: the offsets are moved past the stand-ins that make unsafe characters visible."""
    shown, moved = printable_spans(text or "", spans)
    result = Text(shown, style=style, end="")
    for start, end in moved:
        result.stylize(mark, start, end)
    return result


_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def reflow(text: str) -> str:
    """Plain-text paragraphs: single line breaks become spaces, blank lines separate."""
    paragraphs = _BLANK_LINES.split(text.strip())
    return "\n\n".join(_LINE_BREAK.sub(" ", paragraph) for paragraph in paragraphs)


def block(text: str | None, style: Style | str = "") -> Text:
    """Data text as a ``Text`` of paragraphs, reflowed to the width it is shown at."""
    return Text(printable(reflow(text or ""), multiline=True), style=style, end="")


def stance_chip(stance: str, *, width: int = 0, inferred: bool = False) -> Text:
    """The stance as a coloured chip with its word, e.g. `` OPPOSES ``; `` OPPOSES* `` when
    the curator infers it (the source does not state it)."""
    word = f" {STANCE_CHIPS[stance]}{INFERRED_MARK if inferred else ''} "
    if width:
        word = word.center(width)
    return Text(word, style=STANCE_STYLES[stance], end="")


def join(*parts: Text | str, separator: str = "") -> Text:
    """Concatenate texts (strings are taken literally, never as markup)."""
    result = Text(end="")
    for index, part in enumerate(parts):
        if index and separator:
            result.append(separator)
        if isinstance(part, Text):
            result.append_text(part)
        else:
            result.append(part)
    return result


def lines(parts: list[Text]) -> Text:
    """Texts one under the other (a single ``Text``, so it wraps and selects as one)."""
    joined = Text("\n", end="").join(parts)
    joined.end = "\n"
    return joined


def hanging(first: Text | str, rest: Text) -> Table:
    """``first``, then ``rest`` beside it; the lines ``rest`` wraps to start under its own
    first character, not at the left edge (a hanging indent: rich text cannot hang one by
    itself, a grid of two columns does)."""
    lead = first if isinstance(first, Text) else Text(first, end="")
    grid = Table.grid(padding=0)
    grid.add_column(width=cell_len(lead.plain), no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(lead, rest)
    return grid


def quoted_excerpt(text: str, indent: int = 2) -> Table:
    """An evidence excerpt in quotes, indented, its wrapped lines under its text."""
    body = block(text)
    body.append("”", style=DIM)
    return hanging(Text(" " * indent + "“", style=DIM, end=""), body)


def stacked(parts: Iterable[RenderableType]) -> Group:
    """Renderables one under the other (texts and hanging grids alike)."""
    shown: list[RenderableType] = []
    for part in parts:
        if isinstance(part, Text) and part.end != "\n":
            part = part.copy()
            part.end = "\n"
        shown.append(part)
    return Group(*shown)
