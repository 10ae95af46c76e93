"""The source text, word-wrapped, with evidence and find matches highlighted.

Only the visible lines are drawn. Two kinds of highlight: the evidence of the selection
(``n``/``N`` step its passages) and, while a find is active (``f``), the matches of the words
typed (``n``/``N`` then step the matches; Escape ends the find). The pane around the view, with
its caption and find field, is :mod:`tui.reader.views.source_pane`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from itertools import accumulate

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.format.sanitize import printable
from tui.search.find import FoldedText, match_at

Span = tuple[int, int]
from tui.reader.widgets.lines import line_strip


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


def _reach(spans: list[Span]) -> list[int]:
    """For sorted ``spans``, how far the text is covered up to each one (the running maximum
    of their ends): non-decreasing even when spans overlap, so it can be bisected."""
    return list(accumulate((end for _, end in spans), max))


def _overlapping(spans: list[Span], reach: list[int], start: int, end: int) -> Iterator[int]:
    """Indexes of the sorted ``spans`` (``reach`` from :func:`_reach`) that meet
    ``start:end``."""
    for number in range(bisect.bisect_right(reach, start), len(spans)):
        span_start, span_end = spans[number]
        if span_start >= end:
            return
        if span_end > start:
            yield number
EVIDENCE_KEYS = Binding.Group("Evidence")
"""``n`` and ``N`` share one word in the footer (``n N Evidence``): it fits at 80 columns."""

MATCH_KEYS = Binding.Group("Matches")
"""While finding, ``n`` and ``N`` step the matches: ``n N Matches``."""


class SourceView(ScrollView, can_focus=True):
    """Shows a source text with highlighted spans; ``n``/``N`` step through them, or through
    the find's matches while a find is active."""

    HELP_SECTION = "Source"

    BINDINGS = [
        # While a find is active n/N step its matches (check_action), else the evidence.
        Binding("n", "next_match", "Next match", tooltip="while finding: next match",
                group=MATCH_KEYS),
        Binding("N", "previous_match", "Previous match", tooltip="while finding: previous match",
                group=MATCH_KEYS),
        Binding("n", "next_span", "Next", tooltip="next highlighted passage",
                group=EVIDENCE_KEYS),
        Binding("N", "previous_span", "Previous", tooltip="previous highlighted passage",
                group=EVIDENCE_KEYS),
        Binding("f", "find", "Find", tooltip="find words in the source text (case and accents "
                "ignored): type, Enter to step the matches with n/N"),
        Binding("escape", "end_find", "End find", tooltip="while finding: end the find "
                "(n/N step the evidence again)"),
        Binding("up,k", "scroll_up", "Up", show=False),
        Binding("down,j", "scroll_down", "Down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]

    COMPONENT_CLASSES = {"source-view--highlight", "source-view--current", "source-view--match",
                         "source-view--match-current"}

    class Moved(Message):
        """The current passage or match changed, or a find started or ended."""

    class FindRequested(Message):
        """``f``: the pane should open its find field."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.spans: list[Span] = []
        self.owners: list[str] = []
        """For each span, the claims it is evidence of (in words)."""
        self.current = -1
        self.finding = False
        """A find is active: n/N step its matches."""
        self.find_query = ""
        self.matches: list[Span] = []
        self.match = -1
        self._ends: list[int] = []
        self._match_ends: list[int] = []
        self._folded: FoldedText | None = None
        self._lines: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._width = 0

    def show(self, text: str, spans: list[Span], *, current: int = 0,
             owners: list[str] | None = None) -> None:
        """Show ``text`` with ``spans`` highlighted, scrolled to span ``current``; ``owners``
        says, for each span in order, what it is evidence of. An active find goes on in the
        new text."""
        # One visible character for each unsafe one, so the spans' offsets stay valid.
        printed = printable(text, same_length=True) if text else ""
        if printed != self.text:
            self._folded = None
        self.text = printed
        order = sorted(range(len(spans)), key=lambda n: spans[n])
        self.spans = [spans[n] for n in order]
        self.owners = [owners[n] for n in order] if owners and len(owners) == len(spans) else []
        self._ends = _reach(self.spans)
        self.current = min(max(current, 0), len(spans) - 1) if spans else -1
        self._width = 0
        self._layout()
        self.scroll_to(y=0, animate=False, immediate=True)
        if self.finding:
            self._run_find(self.find_query, scroll=False)
        self._keep_in_sight(self._current_span())
        self.refresh()
        self.post_message(self.Moved())

    def restore(self, current: int, y: float) -> None:
        """Back on passage ``current``, scrolled to line ``y`` (the text was shown again)."""
        if 0 <= current < len(self.spans):
            self.current = current
        self.scroll_to(y=y, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Moved())

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
        # The new virtual size is applied on the next refresh: scrolling now would be cut to
        # the old one (the view shown for the first time has none).
        self.call_after_refresh(lambda: self._keep_in_sight(self._current_span()))

    def _line_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def _current_span(self) -> Span | None:
        """What the view keeps in sight: the current match while finding, else the current
        passage."""
        if self.finding and self.match >= 0:
            return self.matches[self.match]
        if not self.finding and self.current >= 0:
            return self.spans[self.current]
        return None

    def _keep_in_sight(self, span: Span | None) -> None:
        if span is None or not self._lines:
            return
        start, end = span
        first, last = self._line_of(start), self._line_of(max(start, end - 1))
        height = self.scrollable_content_region.height
        top = max(0, first - max(0, (height - (last - first + 1)) // 3))
        self.scroll_to(y=top, animate=False, immediate=True)

    def top_offset(self) -> int:
        """The offset in the text of the first line on screen."""
        self._layout()
        row = int(self.scroll_offset.y)
        return self._lines[row][0] if 0 <= row < len(self._lines) else 0

    def focus_offset(self) -> int:
        """The offset the view is about: the current match or passage, else the top line."""
        span = self._current_span()
        return span[0] if span is not None else self.top_offset()

    # ------------------------------------------------------------------ stepping

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match", "end_find"):
            return self.finding
        if action in ("next_span", "previous_span"):
            return not self.finding
        return True

    def _step_span(self, step: int) -> None:
        if self.spans:
            self.current = (self.current + step) % len(self.spans)
            self._keep_in_sight(self._current_span())
            self.refresh()
            self.post_message(self.Moved())

    def action_next_span(self) -> None:
        self._step_span(1)

    def action_previous_span(self) -> None:
        self._step_span(-1)

    def _step_match(self, step: int) -> None:
        if self.matches:
            self.match = (self.match + step) % len(self.matches)
            self._keep_in_sight(self._current_span())
            self.refresh()
            self.post_message(self.Moved())

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    # ------------------------------------------------------------------ finding

    def action_find(self) -> None:
        self.post_message(self.FindRequested())

    def find(self, query: str) -> None:
        """Find ``query``'s words (folded): the first match from the top of the screen on
        becomes the current one. The find stays active until :meth:`end_find`."""
        self.finding = True
        self._run_find(query, scroll=True)
        self.refresh()
        self.post_message(self.Moved())

    def _run_find(self, query: str, *, scroll: bool) -> None:
        self.find_query = query
        if self._folded is None or self._folded.text != self.text:
            self._folded = FoldedText(self.text)
        self.matches = self._folded.find(query) if query.strip() else []
        self._match_ends = _reach(self.matches)
        self.match = match_at(self.matches, self.top_offset()) if self.matches else -1
        if scroll:
            self._keep_in_sight(self._current_span())

    def action_end_find(self) -> None:
        self.end_find()

    def end_find(self) -> None:
        """End the find: its matches go, n/N step the evidence again."""
        if not self.finding:
            return
        self.finding = False
        self.find_query = ""
        self.matches, self._match_ends, self.match = [], [], -1
        self.refresh()
        self.post_message(self.Moved())

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        self._layout()
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if width <= 0 or index >= len(self._lines):
            return Strip.blank(max(0, width), base)
        start, end = self._lines[index]
        line = Text(self.text[start:end], end="")
        kinds = (
            (self.spans, self._ends, -1 if self.finding else self.current,
             "source-view--highlight", "source-view--current"),
            (self.matches, self._match_ends, self.match,
             "source-view--match", "source-view--match-current"),
        )
        for spans, ends, current, normal, chosen in kinds:
            if not spans:
                continue
            style = self.get_component_rich_style(normal)
            current_style = self.get_component_rich_style(chosen)
            for number in _overlapping(spans, ends, start, end):
                span_start, span_end = spans[number]
                line.stylize(current_style if number == current else style,
                             max(0, span_start - start), min(end, span_end) - start)
        return line_strip(line, width, base, self.app.console, cut=False)
