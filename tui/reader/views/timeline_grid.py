"""The timeline's grid: countries down, topics across, each cell its stances over the story.

A line-API widget like the matrix (:class:`~tui.reader.views.matrix.MatrixGrid`): only the rows
on screen are drawn, and a cell's text costs the stances it shows, so a story of a hundred
briefings scrolls as fast as one of three. The cursor is on one stance of one cell: ←/→ step
through a cell's stances (then on to the next topic), ↑/↓ keep the date, ``n``/``N`` jump to
the next or previous change of the whole story in date order.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.format.story import Cell, Timeline
from tui.reader.styles import DIM, plain
from tui.reader.views.timeline_text import cell_text, fit_steps, natural_width, step_width
from tui.reader.widgets.lines import line_strip


def step_at(cell: Cell | None, moment: int) -> int:
    """The step of ``cell`` in effect at ``moment`` (its first before it begins)."""
    if cell is None:
        return 0
    found = 0
    for index, step in enumerate(cell.steps):
        if step.start <= moment:
            found = index
    return found


class TimelineGrid(ScrollView, can_focus=True):
    """The story's cells, one stance under the cursor."""

    HELP_SECTION = "Timeline"

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False,
                tooltip="the country above, at the same date"),
        Binding("down,j", "move(1)", "Down", show=False,
                tooltip="the country below, at the same date"),
        Binding("left,h", "step(-1)", "Earlier", show=False,
                tooltip="the stance before (past the first, the topic to the left)"),
        Binding("right,l", "step(1)", "Later", show=False,
                tooltip="the stance after (past the last, the topic to the right)"),
        Binding("left_square_bracket", "column(-1)", "Topic left", show=False,
                tooltip="the topic to the left"),
        Binding("right_square_bracket", "column(1)", "Topic right", show=False,
                tooltip="the topic to the right"),
        Binding("n", "change(1)", "Next change", tooltip="the next change of stance, by date"),
        Binding("N", "change(-1)", "Previous change", show=False,
                tooltip="the previous change of stance"),
        Binding("home,g", "edge(-1)", "First", show=False),
        Binding("end,G", "edge(1)", "Last", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("enter", "choose", "Evidence",
                tooltip="the change in both briefings: their stances and evidence"),
    ]

    COMPONENT_CLASSES = {"timeline-grid--cursor-row", "timeline-grid--empty",
                         "timeline-grid--header"}

    HEADER = 2
    MIN_COLUMN = 27
    """The narrowest column: a gap and ``‹3 OPPOSES 2030-01-01 5›``."""

    class Moved(Message):
        """The cursor moved to another stance or cell."""

    class Chosen(Message):
        """Enter (or a double click) on the cursor's stance."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline: Timeline | None = None
        self.row = 0
        self.column = 0
        self.step = 0
        self.goal = 0
        """The moment the cursor keeps when it moves up and down."""
        self.first_column = 0
        self.empty_message = "Loading…"
        self._natural: list[int] = []
        self._moved: list[int] = []
        self._name_natural = 8

    # ------------------------------------------------------------------ content

    def load(self, timeline: Timeline | None, *, moment: int = 0, empty: str = "") -> None:
        """Show ``timeline`` (None: nothing, with ``empty`` said), the cursor on the first
        cell at ``moment``."""
        self.timeline = timeline
        self.empty_message = empty
        self.row = self.column = self.first_column = 0
        self.goal = moment
        if timeline is not None:
            cells = [[timeline.cell(code, topic) for topic, _ in timeline.topics]
                     for code, _ in timeline.countries]
            self._natural = [max((natural_width(timeline, row[c]) for row in cells), default=2)
                             for c in range(len(timeline.topics))]
            self._moved = [sum(1 for row in cells if (cell := row[c]) is not None and cell.changed)
                           for c in range(len(timeline.topics))]
            widest = max((len(f"{code} {plain(name).plain}") for code, name in timeline.countries),
                         default=8)
            self._name_natural = max(8, min(widest, 26))
            self.row, self.column = self._start(timeline, cells, moment)
        self.step = step_at(self.cell, moment)
        self._update_size()
        self.scroll_to(0, 0, animate=False, immediate=True, force=True)
        self.refresh()

    @staticmethod
    def _start(timeline: Timeline, cells: list[list[Cell | None]], moment: int) -> tuple[int, int]:
        """Where the cursor starts: the first change made in the open briefing, else the first
        cell with a position (row by row)."""
        rows = {code: index for index, (code, _) in enumerate(timeline.countries)}
        columns = {topic: index for index, (topic, _) in enumerate(timeline.topics)}
        moved = [(rows[cell.country], columns[cell.topic]) for cell, step in timeline.changes
                 if step.start == moment]
        if moved:
            return min(moved)
        return next(((r, c) for r, row in enumerate(cells) for c, cell in enumerate(row)
                     if cell is not None), (0, 0))

    @property
    def has_cells(self) -> bool:
        return self.timeline is not None and bool(self.timeline.countries and
                                                  self.timeline.topics)

    @property
    def cell(self) -> Cell | None:
        """The cell under the cursor (None: no briefing has that position)."""
        if not self.has_cells:
            return None
        assert self.timeline is not None
        return self.timeline.cell(self.timeline.countries[self.row][0],
                                  self.timeline.topics[self.column][0])

    @property
    def header_height(self) -> int:
        return self.HEADER if self.size.height >= 8 else 1

    def _update_size(self) -> None:
        rows = len(self.timeline.countries) if self.has_cells and self.timeline else 0
        self.virtual_size = Size(max(1, self.size.width), self.header_height + rows)

    def on_resize(self, event: events.Resize) -> None:
        self._update_size()
        self._scroll_into_view()
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _name_width(self, width: int) -> int:
        return max(6, min(self._name_natural, width // 4))

    def _columns(self, width: int) -> list[tuple[int, int]]:
        """The topics on screen as ``(column, cells)``, the cursor's among them."""
        area = width - self._name_width(width) - 1
        natural = [size + 1 for size in self._natural]
        if sum(natural) <= area:
            self.first_column = 0
            return list(enumerate(natural))
        fit = max(1, min(len(natural), area // self.MIN_COLUMN))
        share = max(self.MIN_COLUMN, area // fit)
        sizes = [min(size, share) for size in natural]
        self.first_column = min(self.first_column, self.column)
        while True:
            shown: list[tuple[int, int]] = []
            used = 0
            for column in range(self.first_column, len(sizes)):
                if shown and used + sizes[column] > area:
                    break
                shown.append((column, sizes[column]))
                used += sizes[column]
            if self.column <= shown[-1][0] or self.first_column >= self.column:
                break
            self.first_column += 1
        if used < area:  # the room left goes to the last column shown
            column, size = shown[-1]
            shown[-1] = (column, size + area - used)
        return shown

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0)
        if not self.has_cells or self.timeline is None:
            if y == 0:
                style = base + self.get_component_rich_style("timeline-grid--empty")
                return self._strip(plain(self.empty_message or "Nothing to show."), width, style)
            return Strip.blank(width, base)
        timeline = self.timeline
        name_width = self._name_width(width)
        columns = self._columns(width)
        more_left = columns[0][0] > 0
        more_right = columns[-1][0] < len(timeline.topics) - 1
        if y < self.header_height:
            header = self.get_component_rich_style("timeline-grid--header", partial=True)
            if y == 0:
                name = Text("Country", style=header, end="")
            else:
                name = Text(f"{len(timeline.countries)} × {len(timeline.topics)}", style=DIM,
                            end="")
            parts = [self._pad(name, name_width), Text("‹" if more_left else "│", style=DIM)]
            for column, size in columns:
                if y == 0:
                    title = plain(timeline.topics[column][1], header)
                    if column == self.column:
                        title.stylize("reverse")
                    words = Text.assemble(" ", title)
                else:
                    moved = self._moved[column]
                    words = Text(f" {moved} moved" if moved else " no change", style=DIM)
                parts.append(self._pad(words, size))
            if more_right:
                parts[-1] = self._pad(parts[-1], columns[-1][1] - 1)
                parts.append(Text("›", style=DIM))
            return self._strip(Text.assemble(*parts), width, base)
        row = int(self.scroll_offset.y) + y - self.header_height
        if row >= len(timeline.countries):
            return Strip.blank(width, base)
        style = base
        if row == self.row:
            style = base + self.get_component_rich_style("timeline-grid--cursor-row")
        code, country = timeline.countries[row]
        name = Text(f"{code} ", style=DIM, end="")
        name.append_text(plain(country, "bold" if row == self.row else ""))
        parts = [self._pad(name, name_width), Text("│", style=DIM)]
        for column, size in columns:
            cell = timeline.cell(code, timeline.topics[column][0])
            selected = self.step if (row, column) == (self.row, self.column) else None
            text = Text.assemble(" ", cell_text(timeline, cell, size - 1, selected))
            parts.append(self._pad(text, size))
        return self._strip(Text.assemble(*parts), width, style)

    @staticmethod
    def _pad(text: Text, width: int) -> Text:
        text = text.copy()
        text.no_wrap = True
        text.truncate(max(0, width), overflow="ellipsis", pad=True)
        return text

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        return line_strip(text, width, style, self.app.console)

    # ------------------------------------------------------------------ cursor

    def _rows_in_view(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height)

    def _scroll_into_view(self) -> None:
        if not self.has_cells or not self.size.height:
            return
        top = int(self.scroll_offset.y)
        rows = self._rows_in_view()
        if self.row < top:
            top = self.row
        elif self.row >= top + rows:
            top = self.row - rows + 1
        self.scroll_to(0, top, animate=False, immediate=True, force=True)

    def move_to(self, row: int, column: int, step: int | None = None) -> None:
        """Put the cursor on a cell (clamped), on ``step`` or on the step at the goal date."""
        if not self.has_cells or self.timeline is None:
            return
        row = max(0, min(row, len(self.timeline.countries) - 1))
        column = max(0, min(column, len(self.timeline.topics) - 1))
        self.row, self.column = row, column
        cell = self.cell
        if step is None:
            step = step_at(cell, self.goal)
        else:
            step = max(0, min(step, len(cell.steps) - 1)) if cell else 0
            if cell is not None:
                self.goal = cell.steps[step].start
        self.step = step
        self._scroll_into_view()
        self.refresh()
        self.post_message(self.Moved())

    def action_move(self, rows: int) -> None:
        self.move_to(self.row + rows, self.column)

    def action_page(self, pages: int) -> None:
        self.move_to(self.row + pages * self._rows_in_view(), self.column)

    def action_edge(self, side: int) -> None:
        self.move_to(0 if side < 0 else len(self.timeline.countries) - 1 if self.timeline else 0,
                     self.column)

    def action_column(self, step: int) -> None:
        self.move_to(self.row, self.column + step)

    def action_step(self, step: int) -> None:
        """The next (1) or previous (-1) stance, crossing into the next topic at the ends."""
        if not self.has_cells or self.timeline is None:
            return
        cell = self.cell
        count = len(cell.steps) if cell else 1
        target = self.step + step
        if 0 <= target < count:
            self.move_to(self.row, self.column, target)
        elif 0 <= self.column + step < len(self.timeline.topics):
            column = self.column + step
            other = self.timeline.cell(self.timeline.countries[self.row][0],
                                       self.timeline.topics[column][0])
            self.move_to(self.row, column, 0 if step > 0 or other is None
                         else len(other.steps) - 1)

    def action_change(self, direction: int) -> None:
        """The next (1) or previous (-1) change of stance in the story: by date, then row,
        then topic."""
        if not self.has_cells or self.timeline is None:
            return
        timeline = self.timeline
        rows = {code: index for index, (code, _) in enumerate(timeline.countries)}
        columns = {topic: index for index, (topic, _) in enumerate(timeline.topics)}
        cell = self.cell
        here = ((cell.steps[self.step].start if cell else self.goal), self.row, self.column)
        changes = [((step.start, rows[c.country], columns[c.topic]), c, step)
                   for c, step in timeline.changes]
        ahead = [item for item in changes if (item[0] > here if direction > 0 else item[0] < here)]
        if not ahead:
            self.app.bell()
            return
        key, found, step = ahead[0] if direction > 0 else ahead[-1]
        self.move_to(key[1], key[2], found.steps.index(step))

    def action_choose(self) -> None:
        if self.has_cells:
            self.post_message(self.Chosen())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.has_cells or self.timeline is None:
            return
        event.stop()
        self.focus()
        width = self.scrollable_content_region.width
        row = int(self.scroll_offset.y) + offset.y - self.header_height
        if row < 0 or row >= len(self.timeline.countries):
            return
        x = offset.x - self._name_width(width) - 1
        hit = None
        for shown, size in self._columns(width):
            if 0 <= x < size:
                hit = shown
                break
            x -= size
        if hit is None:
            return
        column = hit
        code = self.timeline.countries[row][0]
        cell = self.timeline.cell(code, self.timeline.topics[column][0])
        step = self._step_under(cell, size - 1, x - 1, self.step
                                if (row, column) == (self.row, self.column) else None)
        if (row, column, step) == (self.row, self.column, self.step) and event.chain >= 2:
            self.action_choose()
        else:
            self.move_to(row, column, step)

    def _step_under(self, cell: Cell | None, width: int, x: int, selected: int | None) -> int:
        """The step drawn at ``x`` cells into a cell's text (the nearest one)."""
        if cell is None or self.timeline is None:
            return 0
        labels = [self.timeline.moments[step.start].label for step in cell.steps]
        widths = [step_width(s.stance, label) for s, label in zip(cell.steps, labels, strict=True)]
        first, end = fit_steps(widths, width, selected)
        at = len(str(first)) + 2 if first else 0
        for index in range(first, end):
            at += widths[index] + 1
            if x < at:
                return index
        return end - 1
