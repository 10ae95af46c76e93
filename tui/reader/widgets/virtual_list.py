"""A keyboard-driven list that renders only the rows on screen.

Building a widget per item costs seconds at 10,000 items; this list asks a renderer for the
lines of the rows in view, so its cost does not grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowRenderer = Callable[[int, int], list[Text]]
"""``(row, width)`` → the lines of that row (at most ``row_height`` of them)."""
from tui.reader.widgets.lines import line_strip


class VirtualList(ScrollView, can_focus=True):
    """A list of ``count`` rows of ``row_height`` lines, drawn by a renderer callback."""

    HELP_SECTION = "Lists"

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="move up (the detail follows)"),
        Binding("down,j", "cursor_down", "Down", show=False,
                tooltip="move down (the detail follows)"),
        Binding("home,g", "first", "First", show=False, tooltip="first"),
        Binding("end,G", "last", "Last", show=False, tooltip="last"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="a page up"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="a page down"),
        Binding("enter", "select", "Open", show=False,
                tooltip="open: a country's statements, a search result in its country"),
    ]

    COMPONENT_CLASSES = {"virtual-list--cursor", "virtual-list--empty"}

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class _RowMessage(Message):
        """A message about row ``index`` of a list."""

        def __init__(self, sender: VirtualList, index: int) -> None:
            super().__init__()
            self.list = sender
            self.index = index

        @property
        def control(self) -> VirtualList:
            return self.list

    class Highlighted(_RowMessage):
        """The cursor moved to ``index``."""

    class Selected(_RowMessage):
        """Enter or a click on row ``index``."""

    def __init__(
        self,
        renderer: RowRenderer,
        *,
        row_height: int = 1,
        empty: str = "Nothing here.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.renderer = renderer
        self.row_height = row_height
        self.count = 0
        self.empty_message = empty
        self._cache: dict[tuple[int, int], list[Text]] = {}

    # ------------------------------------------------------------------ content

    def reset(self, count: int, *, cursor: int = 0, empty: str | None = None) -> None:
        """Show ``count`` rows (rendered afresh) with the cursor on ``cursor``."""
        self.count = count
        if empty is not None:
            self.empty_message = empty
        self._cache.clear()
        self._update_size()
        self.set_reactive(VirtualList.cursor, self._clamp(cursor))
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.refresh()
        if self.count:
            self.post_message(self.Highlighted(self, self.cursor))

    def grow(self, count: int) -> None:
        """More rows arrived at the end: keep the cursor and scroll position."""
        if count == self.count:
            return
        was_empty = not self.count
        self.count = count
        self._update_size()
        self.refresh()
        if was_empty and count:
            self.post_message(self.Highlighted(self, self.cursor))

    def _update_size(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        self.virtual_size = Size(max(1, width), max(1, self.count * self.row_height))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self._update_size()
        self._scroll_cursor_into_view()

    def _clamp(self, index: int) -> int:
        return max(0, min(index, self.count - 1)) if self.count else 0

    # ------------------------------------------------------------------ rendering

    def _row_lines(self, row: int, width: int) -> list[Text]:
        key = (row, width)
        lines = self._cache.get(key)
        if lines is None:
            if len(self._cache) > 512:
                self._cache.clear()
            try:
                lines = self.renderer(row, width)[: self.row_height]
            except IndexError:
                lines = []
            self._cache[key] = lines
        return lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0)
        if not self.count:
            if y == 0:
                style = base + self.get_component_rich_style("virtual-list--empty")
                return self._strip(Text(self.empty_message), width, style)
            return Strip.blank(width, base)
        absolute = scroll_y + y
        row, line = divmod(absolute, self.row_height)
        if row >= self.count:
            return Strip.blank(width, base)
        lines = self._row_lines(row, width)
        text = lines[line] if line < len(lines) else Text()
        style = base
        if row == self.cursor:
            style = base + self.get_component_rich_style("virtual-list--cursor")
        return self._strip(text, width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        return line_strip(text, width, style, self.app.console)

    # ------------------------------------------------------------------ cursor

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        if self.count:
            self.post_message(self.Highlighted(self, new))

    def _refresh_row(self, row: int) -> None:
        top = row * self.row_height - self.scroll_offset.y
        self.refresh(Region(0, top, self.size.width, self.row_height))

    def _scroll_cursor_into_view(self) -> None:
        if not self.count:
            return
        region = Region(0, self.cursor * self.row_height, 1, self.row_height)
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def move_to(self, index: int) -> None:
        """Put the cursor on ``index``."""
        if self.count:
            self.cursor = self._clamp(index)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page())

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page())

    def action_select(self) -> None:
        if self.count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        if not self.count:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + self.scroll_offset.y) // self.row_height
        if 0 <= row < self.count:
            event.stop()
            self.focus()
            self.click_row(row, event.chain)

    def click_row(self, row: int, chain: int) -> None:
        """A click on ``row``: the cursor there, or (a double click on the cursor's row) select."""
        if row == self.cursor and chain >= 2:
            self.action_select()
        else:
            self.cursor = row
