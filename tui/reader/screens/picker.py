"""The briefing picker: every open briefing, and the files that failed to load."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.format.wording import plural
from tui.reader.screens.modal import DismissOnce
from tui.reader.styles import DIM, plain
from tui.reader.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from tui.format.problems import Problem
    from tui.library.collection import Collection


class PickerScreen(DismissOnce, Screen[int]):
    """Choose a briefing; dismissed with its index (Escape keeps the current one)."""

    HELP_SECTION = "Briefing picker"

    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="back to the briefing shown"),
        Binding("slash", "search", "Search quotes", tooltip="search quotes over every briefing"),
        Binding("q", "app.quit", "Quit", tooltip="quit"),
    ]

    def __init__(self, documents: Collection, problems: list[Problem], current: int) -> None:
        super().__init__()
        self.documents = documents
        self.problems = problems
        self.current = current
        self._chosen = False
        self.then_search = False
        """Closed with ``/``: the reader goes on to quote search (over every briefing)."""
        self.files_done: tuple[int, int] | None = None
        """Files done and in all while the library is loading (None: loaded)."""

    def compose(self):
        with Vertical():
            yield Static(self._title(), id="picker-title")
            yield VirtualList(self._render_row, row_height=3, empty="No briefing loaded.", id="briefings")
            if self.problems:
                with VerticalScroll(id="failures"):
                    yield Static(self._failures())
        yield Footer()

    def _title(self) -> Text:
        loading = ""
        if self.files_done is not None:
            done, total = self.files_done
            loading = f" — loading {done:,} of {plural(total, 'file')}…"
        return Text(f"Briefings ({len(self.documents):,}){loading} — Enter opens, Escape goes back",
                    end="")

    def _failures(self) -> Text:
        """The files that could not be loaded, then those loaded with a problem (an id that
        another briefing has), each with its problems."""
        loaded = {str(path) for path in self.documents.paths}
        failed = [problem for problem in self.problems if problem.path not in loaded]
        marked = [problem for problem in self.problems if problem.path in loaded]
        text = Text(end="")
        for problems, what in ((failed, "could not be loaded"),
                               (marked, "loaded with a problem (marked ⚠ above)")):
            if not problems:
                continue
            files = {problem.path for problem in problems}
            text.append(f"{plural(len(files), 'file')} {what}:\n", style="bold")
            for problem in problems:
                text.append_text(plain(str(problem)))
                text.append("\n")
        return text

    def _briefings(self) -> VirtualList | None:
        """The list of briefings, or None once the picker is on its way out: dismissed (Escape
        or Enter while it composed), or removed before its rows were mounted (the reader quit,
        or shut down, while it composed; Textual mounts nothing in a screen being removed)."""
        if self.dismissed:
            return None
        found = self.query(VirtualList)
        return found.first() if found else None

    def on_mount(self) -> None:
        picker = self._briefings()
        if picker is None:
            return
        picker.reset(len(self.documents), cursor=self.current)
        picker.focus()

    def _render_row(self, row: int, width: int) -> list[Text]:
        card = self.documents.cards[row]
        title = plain(card.title, "bold")
        facts = [card.date or "undated", plural(card.countries, "country", "countries"),
                 plural(card.statements, "statement"), card.id]
        line = plain("  " + " · ".join(facts), DIM)
        sharing = self.documents.sharing_id(row)
        if sharing:  # two files, one id: told apart by their files
            names = ", ".join(self.documents.paths[other].name for other in sharing)
            line.append_text(plain(f"  ⚠ {self.documents.paths[row].name}: same id as {names}",
                                   "bold"))
        return [title, line, Text("")]

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self._choose(event.index)

    def action_close(self) -> None:
        self._choose(self.current)

    def action_search(self) -> None:
        """``/``: search quotes in every briefing, without choosing one first."""
        self.then_search = True
        self._choose(self.current)

    def _choose(self, index: int) -> None:
        """Dismiss once: a second Enter or Escape before the screen is gone must do nothing."""
        if not self._chosen:
            self._chosen = True
            self.dismiss(index)

    def update(self, documents: Collection, problems: list[Problem],
               loading: tuple[int, int] | None = None) -> None:
        """More briefings arrived while the picker is open (the cursor stays where it is);
        ``loading``: files done and in all, while there are more to come."""
        self.documents = documents
        self.problems = problems
        self.files_done = loading
        if not self.is_mounted:  # pushed a moment ago: it composes with these
            return
        briefings = self._briefings()
        if briefings is None:  # on its way out: nothing left to update
            return
        self.query_one("#picker-title", Static).update(self._title())
        briefings.grow(len(documents))
        if problems:
            failures = self.query("#failures Static")
            if failures:
                failures.first(Static).update(self._failures())
            else:
                self.query_one(Vertical).mount(VerticalScroll(Static(self._failures()), id="failures"))
