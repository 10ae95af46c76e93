"""View 7, Timeline: who moved over the story of the open briefing, and the evidence of each move.

Countries down, topics across; each cell reads ``OPPOSES 06-12 → OPEN 06-19``, the stance at
each briefing of the story where it began. The briefings of the story are found the first time
the view is shown, in a thread worker (:mod:`tui.reader.story_finder`). Below the grid, the
stance under the cursor in full: for a change, the briefing before it and the one it happened
in side by side, with their evidence. Enter moves into that comparison, where ←/→ choose which
briefing ``s`` shows in the source. A briefing without a ``story`` is a story of one briefing,
and the view says how to link others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.format.wording import plural
from tui.reader import selection
from tui.reader.selection import Selection
from tui.reader.styles import DIM, lines, plain
from tui.reader.views.timeline_grid import TimelineGrid
from tui.reader.views.timeline_text import comparison

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.story import Cell
    from tui.reader.story_finder import FoundStory

GRID_HINT = ("←/→: a cell's stances  ·  n/N: the next/previous change  ·  "
             "Enter: pick the briefing s shows")
DETAIL_HINT = ("←/→: the briefing before / after  ·  s: its evidence in its source  ·  "
               "Escape: back to the grid")


def story_header(found: FoundStory | None, document: Document) -> Text:
    """What the view shows, and how to link briefings into a story when there is none."""
    briefing = document.briefing
    story = briefing.story
    if story is None:
        return lines([
            Text.assemble(("This briefing is not part of a story", "bold"),
                          (": below, its stances alone.", DIM)),
            Text("To follow one over time, give it and the briefings after it the same "
                 "top-level key (a slug, e.g. story: glacier-water) and open them together.",
                 style=DIM),
        ])
    title = Text(end="")
    title.append("Story ", style="bold")
    title.append_text(plain(f"“{story}”", "bold"))
    if found is None:
        title.append("  finding its briefings…", style=DIM)
        return lines([title])
    moments = found.timeline.moments
    if len(moments) == 1:
        title.append(" · only this briefing of it is open", style=DIM)
        why = Text("Briefings with the same story: key, in the open library or in this "
                   "briefing's folder, join it here by date.", style=DIM)
    else:
        dated = [m.briefing.date for m in moments if m.briefing.date is not None]
        span = f", {dated[0].isoformat()} to {dated[-1].isoformat()}" if dated else ""
        title.append(f" · {plural(len(moments), 'briefing')}{span} · "
                     f"{plural(len(found.timeline.changes), 'change')} of stance", style=DIM)
        why = Text("Each cell: the stance in each briefing where it began.  The open "
                   f"briefing is of {moments[found.here].label}.", style=DIM)
    if found.problems:
        title.append(f" · {plural(len(found.problems), 'file')} did not load", style="bold red")
    if not found.complete:
        title.append(" · the library was still loading: 7 again looks for the rest", style=DIM)
    return lines([title, why])


class ChangeDetail(VerticalScroll, can_focus=True):
    """The stance under the grid's cursor in full: both briefings of a change."""

    HELP_SECTION = "Timeline"

    BINDINGS = [
        Binding("left,h", "pick(0)", "Before", show=False,
                tooltip="in a change: the briefing before it (s shows its evidence)"),
        Binding("right,l", "pick(1)", "After", show=False,
                tooltip="in a change: the briefing it happened in"),
    ]

    def action_pick(self, side: int) -> None:
        view = self.parent
        if isinstance(view, TimelineView):
            view.pick(side)


class TimelineView(Vertical):
    """The story's header, its grid, and the stance under the cursor in both briefings."""

    class StepChanged(Message):
        """What ``s`` would show changed: another stance, or the other briefing picked."""

        def __init__(self, selection: Selection) -> None:
            super().__init__()
            self.selection = selection

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.found: FoundStory | None = None
        self.picked = 1
        """In the comparison: 0 the briefing before the change, 1 the one it happened in."""

    def compose(self):
        yield Static(Text("No briefing is open.", style=DIM), id="timeline-header")
        yield TimelineGrid(id="timeline-grid")
        with ChangeDetail(id="timeline-detail"):
            yield Static(id="timeline-detail-body")

    @property
    def grid(self) -> TimelineGrid:
        return self.query_one("#timeline-grid", TimelineGrid)

    @property
    def detail(self) -> ChangeDetail:
        return self.query_one("#timeline-detail", ChangeDetail)

    # ------------------------------------------------------------------ content

    def follow(self, document: Document, *, shown: bool = False) -> None:
        """The open briefing is now ``document``: its story is found when the view is shown."""
        if self.document is document:
            return
        self.document = document
        self.found = None
        self.grid.load(None, empty="")
        self.query_one("#timeline-detail-body", Static).update("")
        if shown:
            self.activate()

    def activate(self) -> None:
        """The view is on screen: find the story (once per briefing) unless it is shown."""
        document = self.document
        header = self.query_one("#timeline-header", Static)
        if document is None:
            header.update(Text("No briefing is open.", style=DIM))
            return
        if self.found is not None and self.found.current is document and self.found.complete:
            return
        header.update(story_header(None, document))
        self.grid.load(None, empty="Finding the briefings of the story…")
        found = self.app.stories.request(document, self._arrived)  # type: ignore[attr-defined]
        if found is not None:
            self._arrived(found)

    def _arrived(self, found: FoundStory) -> None:
        if found.current is not self.document or not self.is_attached:
            return
        self.found = found
        self.query_one("#timeline-header", Static).update(story_header(found, found.current))
        empty = "" if found.timeline.topics else (
            "No positions in the briefings of this story: nothing to follow. The Countries "
            "view lists each country's statements.")
        self.grid.load(found.timeline, moment=found.here, empty=empty)
        self._show_step()

    # ------------------------------------------------------------------ selection

    def _names(self, cell: Cell) -> tuple[str, str]:
        assert self.found is not None
        timeline = self.found.timeline
        return (dict(timeline.countries).get(cell.country, cell.country),
                dict(timeline.topics).get(cell.topic, cell.topic))

    @property
    def _in_detail(self) -> bool:
        focused = self.app.focused
        return focused is not None and focused.id == "timeline-detail"

    @property
    def selection(self) -> Selection | None:
        """The position ``s`` shows: the one under the cursor (in the comparison, the picked
        briefing's); None before a briefing is open."""
        document, found = self.document, self.found
        if document is None:
            return None
        if found is None or found.current is not document:
            return selection.nothing(document, "The story's briefings are still being found.")
        cell = self.grid.cell
        if cell is None:
            return selection.nothing(document, "No briefing of the story records a position "
                                     "there.")
        step = cell.steps[self.grid.step]
        moment = step.start - 1 if self._in_detail and self.picked == 0 and step.start else \
            step.start
        where = found.documents[moment]
        country, topic = self._names(cell)
        label = found.timeline.moments[moment].label
        position = cell.positions[moment]
        if position is None:
            return selection.nothing(where, f"No position recorded for {country} on {topic} "
                                     f"on {label}.")
        return Selection(where, "position", f"Position: {country} on {topic}, {label}", position,
                         tuple(position.evidence), where.first_source.id)

    def pick(self, side: int) -> None:
        """In the comparison: mark the briefing before (0) or after (1) the change."""
        cell = self.grid.cell
        if cell is None or (side == 0 and self.grid.step == 0):
            return
        self.picked = side
        self._show_step()

    # ------------------------------------------------------------------ events

    def on_timeline_grid_moved(self, event: TimelineGrid.Moved) -> None:
        event.stop()
        self.picked = 1
        self._show_step()

    def on_timeline_grid_chosen(self, event: TimelineGrid.Chosen) -> None:
        event.stop()
        if self.grid.cell is None:
            chosen = self.selection
            if chosen is not None:
                self.app.notify(chosen.caption, severity="warning", markup=False)
            return
        self.picked = 1
        self.detail.focus()
        self._show_step(focused=True)

    def on_descendant_focus(self) -> None:
        self.call_after_refresh(self._show_step)

    def _show_step(self, *, focused: bool | None = None) -> None:
        body = self.query_one("#timeline-detail-body", Static)
        found, cell = self.found, self.grid.cell
        if found is None:
            body.update("")
            return
        in_detail = self._in_detail if focused is None else focused
        if cell is None:
            body.update(Text("No briefing of the story records a position there.", style=DIM))
        else:
            picked = self.picked if in_detail else None
            hint = Text(DETAIL_HINT if in_detail else GRID_HINT, style=DIM)
            body.update(Group(comparison(found, cell, self.grid.step, self._names(cell), picked),
                              Text(""), hint))
        chosen = self.selection
        if chosen is not None:
            self.post_message(self.StepChanged(chosen))
