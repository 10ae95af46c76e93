"""The source text, word-wrapped, with evidence highlighted; only visible lines are drawn."""

from __future__ import annotations

import bisect

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.format.sanitize import printable

Span = tuple[int, int]


def wrap_offsets(text: str, width: int, *, gap: bool = False) -> list[tuple[int, int]]:
    """Break ``text`` into lines of at most ``width`` cells: ``(start, end)`` offsets.

    Lines break at spaces where possible; a word longer than the width is cut. Newlines end a
    line; with ``gap`` an empty line is shown after each (for texts with a paragraph per line).
    Offsets index ``text`` so highlights can be mapped onto the wrapped lines.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    start = 0
    for number, paragraph in enumerate(text.split("\n")):
        if gap and number:
            lines.append((start - 1, start - 1))
        end = start + len(paragraph)
        position = start
        if position == end:
            lines.append((start, end))
        ascii_only = text.isascii()
        while position < end:
            if ascii_only:
                cut = min(end, position + width)
                if cut < end:
                    space = text.rfind(" ", position, cut + 1)
                    if space > position:
                        cut = space + 1
                lines.append((position, cut))
                position = cut
                continue
            cells = 0
            cut = position
            last_space = -1
            while cut < end:
                char_cells = cell_len(text[cut])
                if cells + char_cells > width:
                    break
                if text[cut] == " ":
                    last_space = cut
                cells += char_cells
                cut += 1
            if cut < end and last_space > position:
                cut = last_space + 1
            if cut == position:  # a single character wider than the line
                cut = position + 1
            lines.append((position, cut))
            position = cut
        start = end + 1
    return lines


EVIDENCE_KEYS = Binding.Group("Evidence")
"""``n`` and ``N`` share one word in the footer (``n N Evidence``): it fits at 80 columns."""


class SourceView(ScrollView, can_focus=True):
    """Shows a source text with highlighted spans; ``n``/``N`` step through them."""

    HELP_SECTION = "Source"

    BINDINGS = [
        Binding("n", "next_span", "Next", tooltip="next highlighted passage",
                group=EVIDENCE_KEYS),
        Binding("N", "previous_span", "Previous", tooltip="previous highlighted passage",
                group=EVIDENCE_KEYS),
        Binding("up,k", "scroll_up", "Up", show=False),
        Binding("down,j", "scroll_down", "Down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]

    COMPONENT_CLASSES = {"source-view--highlight", "source-view--current"}

    DEFAULT_CSS = """
    SourceView { overflow-x: hidden; }
    SourceView > .source-view--highlight { background: $warning 35%; }
    SourceView > .source-view--current { background: $warning; color: $background; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.spans: list[Span] = []
        self.current = -1
        self._lines: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._width = 0

    def show(self, text: str, spans: list[Span], *, current: int = 0) -> None:
        """Show ``text`` with ``spans`` highlighted, scrolled to span ``current``."""
        # One visible character for each unsafe one, so the spans' offsets stay valid.
        self.text = printable(text, same_length=True) if text else ""
        self.spans = sorted(spans)
        self.current = current if spans else -1
        self._width = 0
        self._layout()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_to_current()
        self.refresh()

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        # A text with one paragraph per line (no blank lines) reads better spaced out.
        gap = "\n\n" not in self.text and self.text.count("\n") > 1
        self._lines = wrap_offsets(self.text, width, gap=gap)
        self._starts = [start for start, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self._scroll_to_current()

    def _line_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def _scroll_to_current(self) -> None:
        if self.current < 0 or not self._lines:
            return
        start, end = self.spans[self.current]
        first, last = self._line_of(start), self._line_of(max(start, end - 1))
        height = self.scrollable_content_region.height
        top = max(0, first - max(0, (height - (last - first + 1)) // 3))
        self.scroll_to(y=top, animate=False, immediate=True)

    def action_next_span(self) -> None:
        if self.spans:
            self.current = (self.current + 1) % len(self.spans)
            self._scroll_to_current()
            self.refresh()

    def action_previous_span(self) -> None:
        if self.spans:
            self.current = (self.current - 1) % len(self.spans)
            self._scroll_to_current()
            self.refresh()

    def render_line(self, y: int) -> Strip:
        self._layout()
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if width <= 0 or index >= len(self._lines):
            return Strip.blank(max(0, width), base)
        start, end = self._lines[index]
        line = Text(self.text[start:end], end="")
        highlight = self.get_component_rich_style("source-view--highlight")
        current = self.get_component_rich_style("source-view--current")
        for number, (span_start, span_end) in enumerate(self.spans):
            if span_start >= end or span_end <= start:
                continue
            style = current if number == self.current else highlight
            line.stylize(style, max(0, span_start - start), min(end, span_end) - start)
        segments = [
            Segment(seg.text, base + seg.style if seg.style else base)
            for seg in line.render(self.app.console)
        ]
        strip = Strip(segments, cell_len(line.plain))
        return strip.extend_cell_length(width, base).crop(0, width)
