"""The Matrix view: the legend of stances, the grid (:mod:`tui.reader.views.matrix_grid`) and
the selected cell's detail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.format.claims import INFERRED_LEGEND, basis_words
from tui.format.wording import NO_POSITION, NO_POSITION_WORDS, STANCE_MEANINGS, STANCES
from tui.reader import selection
from tui.reader.selection import Selection
from tui.reader.styles import (
    DIM,
    HEADING,
    block,
    plain,
    quoted_excerpt,
    stacked,
    stance_chip,
)

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.model import Position

from tui.reader.views.matrix_grid import Cell, MatrixGrid


def stance_counts(document: Document) -> tuple[dict[str, int], int]:
    """Positions per stance (every stance, in order) and the number of empty cells."""
    briefing = document.briefing
    codes = {country.code for country in briefing.countries}
    topic_ids = {topic.id for topic in briefing.topics}
    counts = dict.fromkeys(STANCES, 0)
    filled = 0
    for position in briefing.positions:
        if position.country in codes and position.topic in topic_ids:
            counts[position.stance] += 1
            filled += 1
    return counts, len(codes) * len(topic_ids) - filled

def chip_words(entries: list[Text], width: int, separator: str = "  ") -> Text:
    """Entries packed greedily into lines of ``width`` cells (an entry never splits)."""
    result = Text(end="", no_wrap=True, overflow="ellipsis")
    used = 0
    for entry in entries:
        size = entry.cell_len
        if used and used + len(separator) + size > width:
            result.append("\n")
            used = 0
        elif used:
            result.append(separator)
            used += len(separator)
        result.append_text(entry)
        used += size
    return result


class Packed(Widget):
    """A few chips-with-words, packed into as many lines as the width needs."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Text] = []

    def set_entries(self, entries: list[Text]) -> None:
        self.entries = entries
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.entries:
            return 1
        return len(chip_words(self.entries, max(1, width)).plain.split("\n"))

    def render(self) -> Text:
        return chip_words(self.entries, max(1, self.content_size.width))


def legend_entries(counts: dict[str, int], empty: int, inferred: int = 0) -> list[Text]:
    """Every stance chip with its meaning and how many cells hold it (most frequent first),
    then the empty cells, then how many positions the curator inferred.

    ``OPPOSES against it (9) · WARNS warns of consequences (1) · …``: the words carry the
    meaning without colour, and read the same for a count of 0, 1 or many.
    """
    order = sorted(STANCES, key=lambda stance: -counts[stance])
    entries = []
    for stance in order:
        entry = Text(end="")
        entry.append_text(stance_chip(stance))
        entry.append(f" {STANCE_MEANINGS[stance]}", style=DIM)
        entry.append(f" ({counts[stance]:,})", style="bold" if counts[stance] else DIM)
        entries.append(entry)
    entries.append(Text(f"{NO_POSITION} {NO_POSITION_WORDS} ({empty:,})", style=DIM, end=""))
    if inferred:
        entries.append(Text(f"{INFERRED_LEGEND} ({inferred:,})", style=DIM, end=""))
    return entries

class MatrixView(Vertical):
    """Counts and legend, the stance matrix, and the selected cell's detail below."""

    class CellChanged(Message):
        """The cell cursor moved: ``position`` is None where the country has no stance."""

        def __init__(self, country_code: str, topic_id: str, position: Position | None,
                     selection: Selection) -> None:
            super().__init__()
            self.country_code = country_code
            self.topic_id = topic_id
            self.position = position
            self.selection = selection

    class OpenCountry(Message):
        """Enter on a cell: show that country."""

        def __init__(self, country_code: str) -> None:
            super().__init__()
            self.country_code = country_code

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document: Document | None = None

    def compose(self):
        yield Packed(id="matrix-legend")
        yield MatrixGrid(id="matrix-grid")
        with VerticalScroll(id="matrix-detail"):
            yield Static(id="matrix-detail-body")

    @property
    def grid(self) -> MatrixGrid:
        return self.query_one("#matrix-grid", MatrixGrid)

    # ------------------------------------------------------------------ content

    @staticmethod
    def _index(keys: list[str], key: str | None) -> int:
        return keys.index(key) if key is not None and key in keys else 0

    def show(self, document: Document, *, country: str | None = None, topic: str | None = None) -> None:
        """Show the matrix of ``document``, the cursor on ``country`` × ``topic`` if given."""
        self.document = document
        briefing = document.briefing
        positions = briefing.lookups.positions
        row = self._index([c.code for c in briefing.countries], country)
        column = self._index([t.id for t in briefing.topics], topic)
        empty = ""
        if not briefing.topics:
            empty = (
                "This briefing tracks no topics, so there is no matrix of stances. "
                "The Countries view lists each country's statements."
            )
        self.grid.load(briefing.countries, briefing.topics, positions, row=row, column=column, empty=empty)
        counts, none = stance_counts(document)
        legend = self.query_one("#matrix-legend", Packed)
        if briefing.topics:
            inferred = sum(p.basis == "inferred" for p in briefing.positions)
            legend.set_entries(legend_entries(counts, none, inferred))
        else:
            legend.set_entries([Text("No topics: no positions to count.", style=DIM, end="")])
        self._show_cell()

    @property
    def cell(self) -> Cell | None:
        """The selected cell (None when the matrix is empty)."""
        grid = self.grid
        if self.document is None or not grid.has_cells:
            return None
        country = grid.countries[grid.row]
        topic = grid.topics[grid.column]
        return Cell(country, topic, grid.positions.get((country.code, topic.id)))

    @property
    def selection(self) -> Selection | None:
        """The cell under the cursor: its position, or nothing (None before a briefing)."""
        if self.document is None:
            return None
        cell = self.cell
        if cell is None:
            return selection.nothing(self.document, "The matrix is empty: no topics.")
        return selection.of_cell(self.document, cell.country, cell.topic, cell.position)

    # ------------------------------------------------------------------ events

    def on_matrix_grid_moved(self, event: MatrixGrid.Moved) -> None:
        event.stop()
        self._show_cell()

    def on_matrix_grid_chosen(self, event: MatrixGrid.Chosen) -> None:
        event.stop()
        cell = self.cell
        if cell is not None:
            self.post_message(self.OpenCountry(cell.country.code))

    def _show_cell(self) -> None:
        body = self.query_one("#matrix-detail-body", Static)
        cell = self.cell
        if cell is None:
            if self.document is not None and not self.document.briefing.topics:
                body.update(Text("No topics to compare: this briefing records no positions.", style=DIM))
            else:
                body.update(Text(""))
            return
        body.update(detail(cell))
        self.query_one("#matrix-detail", VerticalScroll).scroll_home(animate=False)
        chosen = self.selection
        assert chosen is not None
        self.post_message(self.CellChanged(cell.country.code, cell.topic.id, cell.position, chosen))


def detail(cell: Cell) -> Group:
    """The selected cell in full: country, topic, stance in words, summary and evidence."""
    country, topic, position = cell.country, cell.topic, cell.position
    title = Text(end="")
    title.append_text(plain(country.name, "bold"))
    title.append(f" ({country.code})", style=DIM)
    title.append(" on ", style=DIM)
    title.append_text(plain(topic.title, "bold"))
    parts: list[RenderableType] = [title]
    if topic.summary:
        parts.append(block(topic.summary, DIM))
    if position is None:
        parts.append(Text(f"{NO_POSITION} No position recorded.", style=DIM, end=""))
    else:
        stance = position.stance
        line = Text(end="")
        line.append_text(stance_chip(stance, inferred=position.basis == "inferred"))
        line.append(f" {position.stance.label} — {STANCE_MEANINGS[stance]}")
        parts.append(line)
        parts.append(plain(basis_words(position.basis, position.note),
                           "italic" if position.basis == "inferred" else DIM))
        if position.summary:
            parts.append(block(position.summary))
        if position.evidence:
            parts.append(Text(f"Evidence ({len(position.evidence)})", style=HEADING, end=""))
            parts.extend(quoted_excerpt(excerpt) for excerpt in position.evidence)
        else:
            parts.append(Text("No evidence given.", style=DIM, end=""))
    parts.append(Text("Enter: open the country  ·  arrows or h/j/k/l: move", style=DIM, end=""))
    return stacked(parts)
