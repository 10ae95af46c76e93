"""The stance matrix: countries down, topics across, each cell the country's stance.

The grid is a line-API widget (:class:`MatrixGrid`): it draws only the rows and columns on
screen, so 500 countries × 10 topics costs no more than 10 × 5. The country column and the
topic header stay put while the cells scroll under them. Every cell carries its stance as a
word, so the matrix reads the same without colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells, set_cell_size
from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from tui.format.wording import NO_POSITION, NO_POSITION_WORDS, STANCE_MEANINGS, STANCES
from tui.reader import selection
from tui.reader.selection import Selection
from tui.reader.styles import (
    CHIP_WIDTH,
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
    from tui.format.model import Country, Position, Topic


def stance_counts(document: Document) -> tuple[dict[str, int], int]:
    """Positions per stance (every stance, in order) and the number of empty cells."""
    briefing = document.briefing
    codes = {country.code for country in briefing.countries}
    topic_ids = {topic.id for topic in briefing.topics}
    counts = dict.fromkeys(STANCES, 0)
    filled = 0
    for position in briefing.positions:
        if position.country in codes and position.topic in topic_ids:
            counts[_stance(position)] += 1
            filled += 1
    return counts, len(codes) * len(topic_ids) - filled


def _stance(position: Position) -> str:
    stance = position.stance
    return stance.value if hasattr(stance, "value") else str(stance)


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

    DEFAULT_CSS = "Packed { height: auto; }"

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


def legend_entries(counts: dict[str, int], empty: int) -> list[Text]:
    """Every stance chip with its meaning and how many cells hold it (most frequent first),
    then the empty cells.

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
    return entries


@dataclass(frozen=True)
class Cell:
    """The selected cell: a country, a topic, and the position there (if any)."""

    country: Country
    topic: Topic
    position: Position | None


class MatrixGrid(ScrollView, can_focus=True):
    """Countries × topics as stance chips, with a cell cursor and a fixed header and name column."""

    HELP_SECTION = "Matrix"

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="the cell above"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="the cell below"),
        Binding("left,h", "cursor_left", "Left", show=False, tooltip="the cell to the left"),
        Binding("right,l", "cursor_right", "Right", show=False, tooltip="the cell to the right"),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter", "select", "Open country", show=False, tooltip="open the cell's country"),
    ]

    COMPONENT_CLASSES = {
        "matrix-grid--header",
        "matrix-grid--header-cursor",
        "matrix-grid--cursor-row",
        "matrix-grid--cursor-cell",
        "matrix-grid--empty",
    }

    DEFAULT_CSS = """
    MatrixGrid { overflow-x: auto; overflow-y: auto; scrollbar-size-vertical: 1; }
    MatrixGrid > .matrix-grid--header { text-style: bold; }
    MatrixGrid > .matrix-grid--header-cursor { text-style: bold reverse; }
    MatrixGrid > .matrix-grid--cursor-row { background: $boost; }
    MatrixGrid:focus > .matrix-grid--cursor-row { background: $block-cursor-background 50%; }
    MatrixGrid > .matrix-grid--cursor-cell { color: $foreground; text-style: bold; }
    MatrixGrid > .matrix-grid--empty { color: $text-muted; text-style: italic; }
    """

    HEADER = 2
    """Lines of topic titles above the cells (one on a very low screen)."""
    MIN_COLUMN = CHIP_WIDTH + 1
    """A gap (the cursor's left mark, or the right mark of the column before) and a chip."""
    MAX_COLUMN = 22
    """Columns widen up to this to show more of the topic titles when there is room."""

    class Moved(Message):
        """The cell cursor moved."""

        def __init__(self, row: int, column: int) -> None:
            super().__init__()
            self.row = row
            self.column = column

    class Chosen(Message):
        """Enter (or a double click) on a cell."""

        def __init__(self, row: int, column: int) -> None:
            super().__init__()
            self.row = row
            self.column = column

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.countries: tuple[Country, ...] = ()
        self.topics: tuple[Topic, ...] = ()
        self.positions: dict[tuple[str, str], Position] = {}
        self.row = 0
        self.column = 0
        self.empty_message = "Loading…"
        self._titles: list[tuple[str, str]] = []
        self.column_width = self.MIN_COLUMN
        self._name_natural = 8

    # ------------------------------------------------------------------ content

    def load(
        self,
        countries: tuple[Country, ...],
        topics: tuple[Topic, ...],
        positions: dict[tuple[str, str], Position],
        *,
        row: int = 0,
        column: int = 0,
        empty: str = "",
    ) -> None:
        """Show a matrix (rows and columns in the given order) with the cursor on a cell."""
        self.countries = countries
        self.topics = topics
        self.positions = positions
        self.empty_message = empty
        self._titles = []
        widest = max((cell_len(plain(f"{c.code} {c.name}").plain) for c in countries), default=0)
        self._name_natural = max(8, min(widest, 24))
        self.row = self._clamp(row, len(countries))
        self.column = self._clamp(column, len(topics))
        self._update_size()
        self.scroll_to(0, 0, animate=False, immediate=True, force=True)
        self._scroll_cursor_into_view()
        self.refresh()

    @property
    def header_height(self) -> int:
        return self.HEADER if self.size.height >= 8 else 1

    @property
    def has_cells(self) -> bool:
        return bool(self.countries and self.topics)

    @staticmethod
    def _clamp(index: int, count: int) -> int:
        return max(0, min(index, count - 1)) if count else 0

    def _abbreviate(self, title: str) -> tuple[str, str]:
        """A topic title in two lines of a column (word-wrapped, the rest cut with …)."""
        width = self.column_width - 1
        parts = wrap_cells(plain(title).plain, width)
        first = parts[0] if parts else ""
        second = parts[1] if len(parts) > 1 else ""
        if len(parts) > 2:
            second = set_cell_size(second, width - 1).rstrip() + "…"
        return first, second

    def _name_width(self) -> int:
        """Width of the country column (narrower on a narrow screen)."""
        return max(4, min(self._name_natural, self.size.width // 3))

    @property
    def _trailer(self) -> int:
        """Cells after the last column: room for the cursor's right mark in narrow columns."""
        return 1 if self.column_width == self.MIN_COLUMN else 0

    def _update_size(self) -> None:
        if not self.has_cells:
            self.virtual_size = Size(max(1, self.size.width), 1)
            return
        room = self.size.width - 1 - self._name_width() - 1 - 1
        column = max(self.MIN_COLUMN, min(self.MAX_COLUMN, room // len(self.topics)))
        if column != self.column_width or len(self._titles) != len(self.topics):
            self.column_width = column
            self._titles = [self._abbreviate(topic.title) for topic in self.topics]
        width = self._name_width() + 1 + len(self.topics) * column + self._trailer
        self.virtual_size = Size(width, self.header_height + len(self.countries))

    def on_resize(self, event: events.Resize) -> None:
        self._update_size()
        self._scroll_cursor_into_view()
        self.refresh()

    # ------------------------------------------------------------------ rendering

    def _visible_columns(self, scroll_x: int, area: int) -> range:
        first = scroll_x // self.column_width
        last = min(len(self.topics), (scroll_x + area) // self.column_width + 1)
        return range(first, last)

    def _fit(self, text: Text, width: int, style: Style) -> Strip:
        """One line of ``text`` in exactly ``width`` cells, over ``style``."""
        if width <= 0:
            return Strip.blank(0)
        line = text.copy()
        line.no_wrap = True
        line.end = ""
        line.truncate(width, overflow="ellipsis")
        segments = [
            Segment(s.text, style + s.style if s.style else style)
            for s in line.render(self.app.console)
        ]
        return Strip(segments, line.cell_len).extend_cell_length(width, style).crop(0, width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0)
        if not self.has_cells:
            message = self.empty_message or "Nothing to show."
            wrapped = plain(message).wrap(self.app.console, width)
            if y < len(wrapped):
                style = base + self.get_component_rich_style("matrix-grid--empty")
                return self._fit(wrapped[y], width, style)
            return Strip.blank(width, base)
        scroll_x, scroll_y = (int(value) for value in self.scroll_offset)
        name_width = min(self._name_width(), width)
        area = max(0, width - name_width - 1)
        columns = self._visible_columns(scroll_x, area)
        if y < self.header_height:
            return self._header_line(y, base, width, name_width, area, scroll_x, columns)
        row = scroll_y + y - self.header_height
        if row >= len(self.countries):
            return Strip.blank(width, base)
        style = base
        if row == self.row:
            style = base + self.get_component_rich_style("matrix-grid--cursor-row")
        country = self.countries[row]
        name = Text(end="")
        name.append(f"{country.code} ", style=DIM)
        name.append_text(plain(country.name, "bold" if row == self.row else ""))
        cells = Text(end="")
        for column in columns:
            cells.append_text(self._cell(row, column))
        if columns and columns.stop == len(self.topics) and self._trailer:
            selected = row == self.row and self.column == len(self.topics) - 1
            cells.append_text(self._mark("]" if selected else " ", selected))
        return self._join(name, cells, style, width, name_width, area, scroll_x, columns)

    def _cell(self, row: int, column: int) -> Text:
        country = self.countries[row]
        topic = self.topics[column]
        position = self.positions.get((country.code, topic.id))
        on_row = row == self.row
        selected = on_row and column == self.column
        after = on_row and column == self.column + 1 and bool(self._trailer)
        text = self._mark("[" if selected else "]" if after else " ", selected or after)
        if position is not None:
            chip = stance_chip(_stance(position), width=CHIP_WIDTH)
            if selected:
                chip.stylize("underline")
            text.append_text(chip)
        elif selected:
            text.append(NO_POSITION.center(CHIP_WIDTH), style=self._cursor_style())
        else:
            text.append(NO_POSITION.center(CHIP_WIDTH), style=DIM)
        tail = self.column_width - self.MIN_COLUMN
        if tail > 0:
            text.append_text(self._mark("]" if selected else " ", selected))
            text.append(" " * (tail - 1))
        return text

    def _cursor_style(self) -> Style:
        return self.get_component_rich_style("matrix-grid--cursor-cell", partial=True)

    def _mark(self, char: str, marked: bool) -> Text:
        """The gap before a chip: a cursor bracket or a space."""
        return Text(char, style=self._cursor_style() if marked else "", end="")

    def _header_line(
        self, y: int, base: Style, width: int, name_width: int, area: int, scroll_x: int, columns: range
    ) -> Strip:
        header = self.get_component_rich_style("matrix-grid--header", partial=True)
        cursor = self.get_component_rich_style("matrix-grid--header-cursor", partial=True)
        if y == 0:
            name = Text("Country", style=header, end="")
        else:
            size = self.column_width
            shown = [c for c in columns if c * size >= scroll_x
                     and (c + 1) * size + self._trailer <= scroll_x + area]
            if shown and len(shown) < len(self.topics):
                name = Text(f"topics {shown[0] + 1}–{shown[-1] + 1}/{len(self.topics)}", style=DIM, end="")
            else:
                name = Text(f"{len(self.countries)} × {len(self.topics)}", style=DIM, end="")
        titles = Text(end="")
        for column in columns:
            parts = self._titles[column] if column < len(self._titles) else ("", "")
            words = parts[y]
            style = cursor if column == self.column else header
            span = max(CHIP_WIDTH, *(cell_len(part) for part in parts))
            titles.append(" ")
            titles.append(set_cell_size(words, span), style=style)
            titles.append(" " * (self.column_width - 1 - span))
        if columns and columns.stop == len(self.topics) and self._trailer:
            titles.append(" ")
        return self._join(name, titles, base, width, name_width, area, scroll_x, columns)

    def _join(
        self,
        name: Text,
        cells: Text,
        style: Style,
        width: int,
        name_width: int,
        area: int,
        scroll_x: int,
        columns: range,
    ) -> Strip:
        left = self._fit(name, name_width, style)
        if area <= 0:
            return left.extend_cell_length(width, style).crop(0, width)
        separator = Strip([Segment("│", style + DIM)], 1)
        offset = scroll_x - (columns.start * self.column_width if columns else 0)
        right = self._fit(cells, cells.cell_len, style).crop(offset, offset + area) if cells.cell_len else Strip.blank(0)
        right = right.extend_cell_length(area, style).crop(0, area)
        return Strip.join([left, separator, self._hide_cut_columns(right, style, area, offset, scroll_x, columns)])

    def _hide_cut_columns(
        self, right: Strip, style: Style, area: int, offset: int, scroll_x: int, columns: range
    ) -> Strip:
        """Blank the columns cut by the edges (half a chip says nothing), marking more with ‹ ›."""
        if not columns:
            return right
        size = self.column_width
        marker = style + DIM
        if offset > 0:
            cut = min(area, size - offset)
            right = Strip.join([Strip([Segment("‹".ljust(cut), marker)], cut), right.crop(cut, area)])
        last = columns.stop - 1
        start = last * size - scroll_x + 1  # keep the gap before it: the previous column's "]"
        if (last != columns.start or offset == 0) and 0 < start < area < start + size - 1:
            cut = area - start
            right = Strip.join([right.crop(0, start), Strip([Segment("›".rjust(cut), marker)], cut)])
        return right

    # ------------------------------------------------------------------ cursor

    def _rows_in_view(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height)

    def _scroll_cursor_into_view(self) -> None:
        if not self.has_cells or not self.size.width:
            return
        scroll_x, scroll_y = (int(value) for value in self.scroll_offset)
        rows = self._rows_in_view()
        if self.row < scroll_y:
            scroll_y = self.row
        elif self.row >= scroll_y + rows:
            scroll_y = self.row - rows + 1
        area = max(1, self.scrollable_content_region.width - self._name_width() - 1)
        left = self.column * self.column_width
        span = self.column_width + self._trailer  # the chip and both brackets
        if left < scroll_x or span > area:
            scroll_x = left
        elif left + span > scroll_x + area:
            # Whole columns at the left edge: scroll by column widths.
            size = self.column_width
            scroll_x = min(left, -(-(left + span - area) // size) * size)
        self.scroll_to(scroll_x, scroll_y, animate=False, immediate=True, force=True)

    def move_to(self, row: int, column: int) -> None:
        """Put the cursor on a cell (clamped to the grid)."""
        if not self.has_cells:
            return
        row = self._clamp(row, len(self.countries))
        column = self._clamp(column, len(self.topics))
        if (row, column) == (self.row, self.column):
            return
        self.row, self.column = row, column
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Moved(row, column))

    def action_cursor_up(self) -> None:
        self.move_to(self.row - 1, self.column)

    def action_cursor_down(self) -> None:
        self.move_to(self.row + 1, self.column)

    def action_cursor_left(self) -> None:
        self.move_to(self.row, self.column - 1)

    def action_cursor_right(self) -> None:
        self.move_to(self.row, self.column + 1)

    def action_first(self) -> None:
        self.move_to(0, self.column)

    def action_last(self) -> None:
        self.move_to(len(self.countries) - 1, self.column)

    def action_page_up(self) -> None:
        self.move_to(self.row - self._rows_in_view(), self.column)

    def action_page_down(self) -> None:
        self.move_to(self.row + self._rows_in_view(), self.column)

    def action_select(self) -> None:
        if self.has_cells:
            self.post_message(self.Chosen(self.row, self.column))

    def on_click(self, event: events.Click) -> None:
        if not self.has_cells:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        self.focus()
        scroll_x, scroll_y = (int(value) for value in self.scroll_offset)
        name_width = self._name_width()
        row, column = self.row, self.column
        if offset.y >= self.header_height:
            row = scroll_y + offset.y - self.header_height
            if row >= len(self.countries):
                return
        if offset.x > name_width:
            column = min((offset.x - name_width - 1 + scroll_x) // self.column_width, len(self.topics) - 1)
        if (row, column) == (self.row, self.column) and event.chain >= 2 and offset.y >= self.header_height:
            self.action_select()
        else:
            self.move_to(row, column)


class MatrixView(Vertical):
    """Counts and legend, the stance matrix, and the selected cell's detail below."""

    DEFAULT_CSS = """
    MatrixView #matrix-legend { height: auto; max-height: 25%; padding: 0 1; }
    MatrixView #matrix-grid { height: 1fr; min-height: 3; }
    MatrixView #matrix-detail { height: 40%; border-top: solid $primary 50%; padding: 0 1; }
    MatrixView #matrix-detail:focus { background: $boost; }
    """

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

    def show(self, document: Document, *, country: str | None = None, topic: str | None = None) -> None:
        """Show the matrix of ``document``, the cursor on ``country`` × ``topic`` if given."""
        self.document = document
        briefing = document.briefing
        positions = {(p.country, p.topic): p for p in briefing.positions}
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
            legend.set_entries(legend_entries(counts, none))
        else:
            legend.set_entries([Text("No topics: no positions to count.", style=DIM, end="")])
        self._show_cell()

    @staticmethod
    def _index(keys: list[str], key: str | None) -> int:
        return keys.index(key) if key is not None and key in keys else 0

    def select(self, country: str | None = None, topic: str | None = None) -> None:
        """Move the cursor to a country (row) and/or a topic (column)."""
        grid = self.grid
        row = self._index([c.code for c in grid.countries], country) if country else grid.row
        column = self._index([t.id for t in grid.topics], topic) if topic else grid.column
        grid.move_to(row, column)

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
        stance = _stance(position)
        line = Text(end="")
        line.append_text(stance_chip(stance))
        line.append(f" {position.stance.label} — {STANCE_MEANINGS[stance]}")
        parts.append(line)
        if position.summary:
            parts.append(block(position.summary))
        if position.evidence:
            parts.append(Text(f"Evidence ({len(position.evidence)})", style=HEADING, end=""))
            parts.extend(quoted_excerpt(excerpt) for excerpt in position.evidence)
        else:
            parts.append(Text("No evidence given.", style=DIM, end=""))
    parts.append(Text("Enter: open the country  ·  arrows or h/j/k/l: move", style=DIM, end=""))
    return stacked(parts)
