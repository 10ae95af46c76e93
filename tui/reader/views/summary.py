"""View 1, Summary: title, as-of date, bottom line, summary, key points, caveats, sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.format.wording import plural, reliability
from tui.reader.styles import DIM, HEADING, block, lines, plain

if TYPE_CHECKING:
    from tui.format.document import Document


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style=HEADING, end="")


def summary_renderable(document: Document) -> Text:
    """The summary of a briefing as rich renderables (all data taken literally)."""
    briefing = document.briefing
    parts: list[Text] = [plain(briefing.title, "bold")]
    meta = []
    if briefing.date:
        meta.append(f"as of {briefing.date.isoformat()}")
    meta.append(" · ".join([
        plural(len(briefing.countries), "country", "countries"),
        plural(len(briefing.actors), "actor"),
        plural(len(briefing.statements), "statement"),
        plural(len(briefing.positions), "position"),
    ]))
    parts.append(Text(" · ".join(meta), style=DIM, end=""))
    if briefing.bluf:
        parts.append(_heading("Bottom line"))
        parts.append(block(briefing.bluf, "bold"))
    parts.append(_heading("Summary"))
    parts.append(block(briefing.summary.strip()))
    if briefing.key_points:
        parts.append(_heading("Key points"))
        for point in briefing.key_points:
            line = Text("  • ", end="")
            line.append_text(plain(point))
            parts.append(line)
    if briefing.caveats:
        parts.append(_heading("Caveats"))
        for caveat in briefing.caveats:
            line = Text(end="")
            line.append("  ! ", style="bold")
            line.append_text(block(caveat.text))
            parts.append(line)
    parts.append(_heading("Sources"))
    for source in briefing.sources:
        line = Text("  ", end="")
        line.append_text(plain(source.title, "bold"))
        details = [value for value in (source.outlet, source.published and source.published.isoformat()) if value]
        grade = reliability(source)
        if grade:
            details.append(f"reliability {grade}")
        if source.file:
            details.append(f"file {source.file}")
        if source.url:
            details.append(source.url)
        if details:
            line.append_text(plain(" — " + " · ".join(details), DIM))
        parts.append(line)
    return lines(parts)


class SummaryView(VerticalScroll):
    """The briefing at a glance."""

    HELP_SECTION = "Summary"

    BINDINGS = [
        Binding("up,k", "scroll_up", "Up", show=False, tooltip="scroll up a line"),
        Binding("down,j", "scroll_down", "Down", show=False, tooltip="scroll down a line"),
        Binding("home,g", "scroll_home", "Top", show=False, tooltip="to the top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, tooltip="to the end"),
    ]

    def compose(self):
        yield Static(Text("Loading…", style=DIM), id="summary-body")

    def show(self, document: Document) -> None:
        """Show ``document``'s summary."""
        self.query_one("#summary-body", Static).update(summary_renderable(document))
        self.scroll_home(animate=False)
