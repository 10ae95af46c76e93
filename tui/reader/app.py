"""The reader: a Textual app over one or more briefings.

It paints first and loads after: briefing files are read, validated and indexed in a thread
worker that posts typed messages, so the first screen does not wait for pydantic or YAML.
The first frame is the title bar alone; the tabs, footer and views are imported and mounted
just after it (see ``_mount_chrome``), so start-up costs little more than a bare Textual app.
"""

from __future__ import annotations

import functools
import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

from tui.library.collection import Collection
from tui.reader.messages import BriefingsLoaded, FirstDocument, IndexReady, TitlePeeked
from tui.reader.styles import DIM, plain

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.widgets import TabbedContent

    from tui.format.document import Document
    from tui.format.evidence import Span
    from tui.format.model import Statement
    from tui.format.problems import Problem
    from tui.reader.screens.picker import PickerScreen
    from tui.reader.state import ReaderState
    from tui.reader.views.countries import CountriesView, StatementCard
    from tui.reader.views.debates import DebatesView
    from tui.reader.views.matrix import MatrixView
    from tui.reader.views.quotes import QuotesView
    from tui.reader.views.source import SourceView
    from tui.reader.views.summary import SummaryView
    from tui.search.index import Hit


def _commands() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens."""
    from tui.reader.commands import BriefingCommands

    return BriefingCommands


@dataclass(frozen=True)
class EvidenceTarget:
    """What the source view highlights: some evidence of one source of one briefing."""

    document: Document
    source_id: str
    spans: list[Span]
    caption: str


def _unless_closing(handler: Callable[..., None]) -> Callable[..., None]:
    """For handlers of the views' messages: one handled while the reader closes (its widgets
    being removed, a message of a key typed just before the quit) is dropped."""

    @functools.wraps(handler)
    def guarded(self: BriefingApp, message: object) -> None:
        if self.is_running and self.screen_stack:
            handler(self, message)

    return guarded


IDLE_SECONDS = 0.5
"""Background work that is not needed yet waits for a pause in typing this long."""


class BriefingApp(App[int]):
    """Read briefings: summary, countries, quote search and the source text."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {_commands}
    ENABLE_COMMAND_PALETTE = True

    VIEWS: ClassVar[list[tuple[str, str, str]]] = [
        ("1", "summary", "Summary"),
        ("2", "countries", "Countries"),
        ("3", "quotes", "Quotes"),
        ("4", "source", "Source"),
        ("5", "matrix", "Matrix"),
        ("6", "debates", "Debates & risks"),
    ]

    BINDINGS = [
        *(Binding(key, f"view('{view}')", title, show=False) for key, view, title in VIEWS),
        Binding("slash", "search", "Search"),
        Binding("s", "show_source", "In source"),
        Binding("c", "copy_statement", "Copy quote"),
        Binding("b", "pick", "Briefings"),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "back", "Back"),
        # ``q`` has an action of its own: typed into the search field it is a letter, while
        # Ctrl+Q (Textual's binding for ``quit``) quits from anywhere.
        Binding("q", "quit_key", "Quit"),
    ]

    def __init__(
        self,
        files: list[Path],
        *,
        documents: list[Document] | None = None,
        problems: list[Problem] | None = None,
        restore: bool = True,
        title_hint: str | None = None,
    ) -> None:
        super().__init__()
        self.restore = restore
        self.title_hint = title_hint
        """The first file's title read cheaply before loading, painted in the first frame."""
        self.saved: ReaderState | None = None
        """The state saved by the last run, until it has been restored."""
        self.searches: tuple[str, ...] = ()
        """Recent searches, most recent first."""
        self.exit_notice: str | None = None
        """A problem saving the state, printed once the terminal is restored."""
        self.files = files
        self.documents = Collection.of_documents(list(documents or []))
        """The open briefings: cards, and documents loaded as they are opened."""
        self.problems: list[Problem] = list(problems or [])
        self.current = 0
        self.target: EvidenceTarget | None = None
        self.history: list[str] = []
        self.loading = documents is None
        self.preloaded = documents is not None
        """The documents were given (files named on the command line): nothing to load."""
        self.ready = False
        """True once every view is mounted (two frames after start); keys wait for it."""
        self.quitting = False
        """Set by a quit before ``ready``: what is not mounted yet is then never mounted."""
        self._early: list[events.Key] = []
        """Keys typed before ``ready``, replayed once it is."""
        self._views_ready = threading.Event()
        """Set once the views are mounted and the early keys replayed: the loader, started a
        frame before, posts nothing until then."""
        self._document_follows = False
        """The first briefing's document comes after the index (see ``_load``)."""
        self._last_activity = time.monotonic()
        """When the user last pressed a key or a mouse button, or search became possible:
        background work that is not needed yet waits for a pause after it."""
        self.shown = False
        """A briefing has been shown in the views."""
        self._picker: PickerScreen | None = None
        self.selected_statement: tuple[Document, Statement] | None = None
        self._result_for_source: Hit | None = None
        """The highlighted search result, until the source view needs its briefing loaded."""

    # ------------------------------------------------------------------ layout

    def compose(self):
        # The first frame is the title bar alone: the tabs, progress bar and footer cost more
        # to import, mount and lay out than the rest of start-up, so they come a frame later
        # (see _mount_chrome), and the other views a frame after that (see _mount_views).
        yield Static(Text("briefing", style="bold", end=""), id="title-bar")

    async def _mount_chrome(self) -> None:
        """Mount the tabs (with the summary), progress bar and footer after the first frame.

        The same widgets, in the same order, that ``compose`` used to give; then the saved
        state is read, and the other views are mounted after the next frame.
        """
        if self.quitting:
            return
        if self.loading:
            # Loading starts now, beside the mounting of the views (it waits for them before
            # it posts anything, see _load).
            self._load(self.files)
        from textual.widgets import Footer, ProgressBar, TabbedContent, TabPane

        from tui.reader.views.summary import SummaryView

        tabs = TabbedContent(initial="summary", id="views")
        tabs.compose_add_child(TabPane("1 Summary", SummaryView(id="summary-view"), id="summary"))
        # The other views are mounted just after the next frame (see _mount_views).
        for key, view, title in self.VIEWS[1:]:
            tabs.compose_add_child(TabPane(f"{key} {title}", id=view))
        progress = ProgressBar(id="progress", show_eta=False)
        progress.display = False
        await self.mount_all([tabs, progress, Footer()])
        if self.restore:
            from tui.reader.state import load_state

            self.saved, notice = load_state()
            self.searches = self.saved.searches
            if notice:
                self.notify(notice, severity="warning", markup=False)
        self.call_after_refresh(self._mount_views)

    async def _mount_views(self) -> None:
        """Mount every view but the summary, then show what was given (or let the loader post)."""
        if self.quitting:
            return
        # Imported here, after the first frame, to keep them off the start-up path.
        from textual.containers import Vertical
        from textual.widgets import TabPane

        from tui.reader.views.countries import CountriesView
        from tui.reader.views.debates import DebatesView
        from tui.reader.views.matrix import MatrixView
        from tui.reader.views.quotes import QuotesView
        from tui.reader.views.source import SourceView

        views = {
            "countries": [CountriesView(id="countries-view")],
            "quotes": [QuotesView(id="quotes-view")],
            "source": [
                Vertical(
                    Static(Text("Nothing selected.", style=DIM), id="source-caption"),
                    SourceView(id="source-text"),
                )
            ],
            "matrix": [MatrixView(id="matrix-view")],
            "debates": [DebatesView(id="debates-view")],
        }
        for view, widgets in views.items():
            await self.query_one(f"#{view}", TabPane).mount_all(widgets)
        self.ready = True
        if self.preloaded:
            self._start()
        self._handle_early()
        self._views_ready.set()  # the loader's messages come after the keys typed early

    def _handle_early(self) -> None:
        """Replay the keys typed before the views were mounted."""
        early, self._early = self._early, []
        for key in early:
            self.post_message(events.Key(key.key, key.character))

    def on_mount(self) -> None:
        if self.loading:
            if self.title_hint:
                self.on_title_peeked(TitlePeeked(self.title_hint))
            else:
                self.query_one("#title-bar", Static).update(Text("briefing — loading…", style="bold"))
        # Paint first: the tabs and views are mounted, the saved state read and the files
        # loaded, after the first frame.
        self.call_after_refresh(self._mount_chrome)

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load")
    def _load(self, files: list[Path]) -> None:
        """Open the library (see :mod:`tui.library.ingest`), posting its cards as they come, then the index."""
        from textual.worker import get_current_worker

        from tui.library.files import peek_title

        if files and not self.title_hint:
            title = peek_title(files[0])
            if title:
                self.post_message(TitlePeeked(title))
        from tui.library.cache import load_cached_safely
        from tui.library.ingest import open_library

        worker = get_current_worker()
        later: list[Path] = []

        def post(message) -> None:
            """Post once the views are mounted (the loader starts a frame before them)."""
            while not self._views_ready.wait(0.05):
                if worker.is_cancelled:
                    return
            self.post_message(message)

        def report(batch) -> None:
            if batch.loaded and not report.first_done:
                report.first_done = True
                path = batch.loaded[0][0]
                if batch.done == batch.total > 1:
                    # The whole library at once (from its snapshot), so the picker shows
                    # first: the index goes before the first briefing's document (importing
                    # the model and validating it take about 0.4 s).
                    later.append(path)
                    post(BriefingsLoaded(batch, None, document_follows=True))
                    return
                # The first briefing is shown at once: load its document here, not in the UI.
                document, _ = load_cached_safely(path)
                post(BriefingsLoaded(batch, document))
                return
            post(BriefingsLoaded(batch, None))

        report.first_done = False
        opened = open_library(files, report=report, cancelled=lambda: worker.is_cancelled)
        if opened is None:
            return
        post(IndexReady(opened.index, opened.files))
        self._last_activity = time.monotonic()  # search is possible from now: a pause first
        # What follows is not needed yet: the snapshot (for the next start) and, when the
        # picker covers it, the first briefing (whose loading imports the model, about 0.4 s).
        # It waits until the user pauses, so that it does not slow their first keys; a quit
        # meanwhile still saves the snapshot (the exit waits for it, or a short session would
        # never leave one).
        while ((later or opened.wants_snapshot) and not worker.is_cancelled
               and time.monotonic() - self._last_activity < IDLE_SECONDS):
            time.sleep(0.05)
        opened.save_snapshot()
        for path in later:
            if worker.is_cancelled:
                break
            document, problems = load_cached_safely(path)
            post(FirstDocument(document, problems))

    def on_title_peeked(self, message: TitlePeeked) -> None:
        if not self.documents:
            text = Text(end="")
            text.append("briefing", style="bold")
            text.append(" — ")
            text.append_text(plain(message.title, "bold"))
            text.append("  loading…", style=DIM)
            self.query_one("#title-bar", Static).update(text)

    def on_briefings_loaded(self, message: BriefingsLoaded) -> None:
        batch = message.batch
        first = not self.documents
        self._document_follows = self._document_follows or message.document_follows
        start = len(self.documents)
        for number, (path, card) in enumerate(batch.loaded):
            self.documents.add(path, card, message.document if number == 0 else None)
        self.problems.extend(batch.problems)
        progress = self.query_one("#progress")
        if batch.total > 1 and batch.done < batch.total:
            progress.display = True
            progress.update(total=batch.total, progress=batch.done)
        else:
            progress.display = False
        if first and self.documents:
            self._start()
        else:
            if self._picker is not None:
                self._picker.update(self.documents, self.problems)
            self._restore(start)
        if batch.done == batch.total:
            self.loading = False
            if not self.documents:
                self._start()
            self._update_title()

    def on_index_ready(self, message: IndexReady) -> None:
        if message.files != self.documents.paths:  # never expected: the index would mislead
            self.notify("The search index does not match the briefings; search is off.",
                        severity="error", markup=False)
            return
        self.quotes_view.set_index(message.index)
        self._last_activity = time.monotonic()  # the user may search now: give them the time
        # The library is loaded for good: move it out of the collector's way, so full
        # collections (100-250 ms at 100,000 statements) stop landing between keystrokes.
        gc.freeze()

    def on_first_document(self, message: FirstDocument) -> None:
        """The first briefing's document, sent after the index: show it unless one is shown."""
        self._document_follows = False
        if self.documents.loaded(0) is not None:
            return  # loaded meanwhile, when it was needed
        if message.document is None:
            self.problems.extend(message.problems)
            self.notify("\n".join(str(problem) for problem in message.problems[:5]),
                        title="This briefing no longer loads", severity="error", markup=False)
            return
        self.documents.keep(0, message.document)
        if not self.shown:  # nothing was picked meanwhile
            self.open_document(0, view=None)

    def _start(self) -> None:
        """The first briefing is here: show it (with the picker first if there are several)."""
        if self.documents and not self._document_follows:
            self.open_document(0, view=None)
        if self._restore(0):
            return
        if len(self.files) > 1 or (self.problems and not self.loading):
            self.action_pick()
        if not self.loading and self.documents and self.quotes_view.index is None:
            from tui.search.index import SearchIndex

            documents = [self.documents.loaded(n) for n in range(len(self.documents))]
            self.quotes_view.set_index(SearchIndex.of_documents(d for d in documents if d))

    # ------------------------------------------------------------------ state

    def _restore(self, start: int) -> bool:
        """Reopen the last run's briefing, view and country if it is among documents[start:]."""
        saved = self.saved
        if saved is None or not (saved.briefing_path or saved.briefing_id):
            return False
        number = self.documents.number_of(
            Path(saved.briefing_path) if saved.briefing_path else None, saved.briefing_id,
            start=start)
        if number is not None:
            self.saved = None
            if self._picker is not None:
                self._picker.dismiss(number)
            self.open_document(number, view=None)
            document = self.document
            if document is not None and (saved.country is not None or saved.view == "countries"):
                self.countries_view.show(document, select=saved.country)
            view = saved.view if saved.view in {v for _, v, _ in self.VIEWS} else "summary"
            self.action_view(view)
            return True
        return False

    def remember_search(self, query: str) -> None:
        """Put ``query`` first in the recent searches."""
        from tui.reader.state import ReaderState

        self.searches = ReaderState(searches=self.searches).with_search(query).searches

    def current_state(self) -> ReaderState:
        """What to remember of this run."""
        from tui.reader.state import ReaderState

        document = self.document
        entry = self.countries_view.entry
        return ReaderState(
            briefing_path=str(document.path.resolve()) if document else None,
            briefing_id=document.briefing.id if document else None,
            view=self.tabs.active or "summary",
            country=entry.code if entry else None,
            searches=self.searches,
        )

    async def action_quit(self) -> None:
        """Quit, remembering where the reader was."""
        if not self.ready:
            # In the first frames (keys typed ahead, say): the views are not all there, and
            # there is nothing new to remember. Quit without saving or mounting the rest.
            self.quitting = True
            self.exit()
            return
        from tui.reader.state import save_state

        query = self.quotes_view.query_input.value
        if query.strip():
            self.remember_search(query)
        self.exit_notice = save_state(self.current_state())
        self.exit()

    def search_again(self, query: str) -> None:
        """Run a recent search again."""
        self.action_view("quotes")
        self.quotes_view.query_input.value = query

    # ------------------------------------------------------------------ views

    @property
    def tabs(self) -> TabbedContent:
        """The views' tabs (mounted just after the first frame, see ``_mount_chrome``)."""
        return self.query_one("#views")  # type: ignore[return-value]

    @property
    def countries_view(self) -> CountriesView:
        return self.query_one("#countries-view")  # type: ignore[return-value]

    @property
    def quotes_view(self) -> QuotesView:
        return self.query_one("#quotes-view")  # type: ignore[return-value]

    @property
    def matrix_view(self) -> MatrixView:
        return self.query_one("#matrix-view")  # type: ignore[return-value]

    @property
    def debates_view(self) -> DebatesView:
        return self.query_one("#debates-view")  # type: ignore[return-value]

    @property
    def source_view(self) -> SourceView:
        return self.query_one("#source-text")  # type: ignore[return-value]

    @property
    def summary_view(self) -> SummaryView:
        return self.query_one("#summary-view")  # type: ignore[return-value]

    # ------------------------------------------------------------------ documents

    @property
    def document(self) -> Document | None:
        """The briefing shown in Summary, Countries and Source."""
        return self.documents.loaded(self.current)

    def _update_title(self) -> None:
        document = self.document
        text = Text(end="")
        text.append("briefing", style="bold")
        if document is not None:
            text.append(" — ")
            text.append_text(plain(document.briefing.title, "bold"))
            if document.briefing.date:
                text.append(f"  as of {document.briefing.date.isoformat()}", style=DIM)
        if len(self.documents) > 1:
            text.append(f"  [{self.current + 1}/{len(self.documents)}]", style=DIM)
        if self.loading:
            text.append("  loading…", style=DIM)
        self.query_one("#title-bar", Static).update(text)

    def open_document(self, number: int, *, view: str | None = "summary") -> bool:
        """Show briefing ``number`` in the per-briefing views (False if it no longer loads)."""
        if not (0 <= number < len(self.documents)):
            return False
        document, problems = self.documents.document(number)
        if document is None:
            self.notify("\n".join(str(problem) for problem in problems[:5]),
                        title="This briefing no longer loads", severity="error", markup=False)
            return False
        self.current = number
        self.shown = True
        self.summary_view.show(document)
        self.countries_view.show(document)
        self.matrix_view.show(document)
        self.debates_view.show(document)
        self._update_title()
        self.target = None
        self._set_source_target(None)
        if view:
            self.action_view(view)
        return True

    # ------------------------------------------------------------------ navigation

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette (a variant that survives keys typed while it opens)."""
        from textual.command import CommandPalette

        from tui.reader.commands import SturdyCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SturdyCommandPalette(id="--command-palette"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until every view is mounted (one frame), only quitting and help work; view keys
        type into a text field or a dialog rather than switching views under it."""
        if not self.ready and action not in ("quit", "quit_key", "help", "command_palette"):
            return False
        if action in ("view", "search") and len(self.screen_stack) > 1:
            return False
        if action in self._LETTER_ACTIONS:
            from textual.widgets import Input

            if isinstance(self.focused, Input):  # typed into the search field: see on_key
                return False
        return True

    _LETTER_ACTIONS = frozenset(
        {"view", "search", "quit_key", "copy_statement", "show_source", "pick", "help"})

    async def action_quit_key(self) -> None:
        """``q``: quit (a letter like any other in the search field, see check_action)."""
        await self.action_quit()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self._last_activity = time.monotonic()
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """A printable key that reached the app while the search field has the focus was typed
        before the field got it (a burst such as "/quick"): it belongs in the field."""
        from textual.widgets import Input

        if not self.ready:  # typed ahead of the views ("/" at once, say): kept for them
            if not self.quitting:
                self._early.append(event)
            event.stop()
            return
        focused = self.focused
        if isinstance(focused, Input) and event.is_printable and event.character:
            event.stop()
            # Queued behind the keys the field already has (Ctrl+U, say), not typed at once:
            # inserting here would put it before them.
            focused.post_message(events.Key(event.key, event.character))

    def action_view(self, view: str) -> None:
        """Switch to a view (1–6)."""
        tabs = self.tabs
        if tabs.active != view:
            if tabs.active == "quotes":
                self.remember_search(self.quotes_view.query_input.value)
            self.history.append(tabs.active)
            del self.history[:-20]
            # Let go of the old view's focus first: a focused widget in a pane being hidden
            # makes Textual refocus a neighbour, and focus in a pane re-activates that pane.
            self.screen.set_focus(None)
            tabs.active = view
        self._focus_view(view)

    def _focus_view(self, view: str) -> None:
        # Focus at once (``focus()`` waits a turn): keys typed right after ``/`` must reach
        # the search field, not the app's bindings (``q`` would quit).
        if view == "countries":
            countries = self.countries_view
            if not self._focus_within(countries):
                self.screen.set_focus(countries.country_list)
        elif view == "quotes":
            self.screen.set_focus(self.quotes_view.query_input)
        elif view == "source":
            self._show_target()
            self.screen.set_focus(self.source_view)
        elif view == "matrix":
            self.screen.set_focus(self.matrix_view.grid)
        elif view == "debates":
            self.screen.set_focus(self.debates_view.item_list)
        else:
            self.screen.set_focus(self.summary_view)

    def _focus_within(self, widget) -> bool:
        focused = self.focused
        return focused is not None and (focused is widget or widget in focused.ancestors)

    @_unless_closing
    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab was chosen (by key or mouse): focus into its view unless already there."""
        if not self._focus_within(event.pane):
            self._focus_view(event.pane.id or "summary")

    def action_search(self) -> None:
        """Jump to the search field."""
        self.action_view("quotes")

    def action_back(self) -> None:
        """Escape: leave the search field, leave the detail, or go to the previous view."""
        focused = self.focused
        from tui.reader.views.countries import StatementCard

        if isinstance(focused, StatementCard) or (focused is not None and focused.id == "country-detail"):
            self.countries_view.country_list.focus()
            return
        if self.history:
            view = self.history.pop()
            self.screen.set_focus(None)
            self.tabs.active = view
            self._focus_view(view)

    def action_help(self) -> None:
        """Show every key."""
        from tui.reader.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_pick(self) -> None:
        """Show the briefing picker."""
        from tui.reader.screens.picker import PickerScreen

        if isinstance(self.screen, PickerScreen):
            return

        def chosen(number: int | None) -> None:
            then_search = picker.then_search
            self._picker = None
            # The first briefing may not be loaded yet (see _load): Escape shows it now, while
            # a search from the picker does not need it.
            if number is not None and (number != self.current
                                       or not (self.shown or then_search)):
                self.open_document(number, view=None if then_search else "summary")
            if then_search and len(self.screen_stack) == 1:  # not if a key opened another
                self.action_search()

        picker = self._picker = PickerScreen(self.documents, self.problems, self.current)
        self.push_screen(picker, chosen)

    def action_focus_next_card(self) -> None:
        self._step_card(1)

    def action_focus_previous_card(self) -> None:
        self._step_card(-1)

    def _step_card(self, step: int) -> None:
        from tui.reader.views.countries import StatementCard

        cards = list(self.query(StatementCard))
        if not cards or self.focused not in cards:
            return
        index = cards.index(self.focused) + step  # type: ignore[arg-type]
        if 0 <= index < len(cards):
            cards[index].focus()
            cards[index].scroll_visible(animate=False)

    def action_results_down(self) -> None:
        self.quotes_view.result_list.action_cursor_down()

    def action_results_up(self) -> None:
        self.quotes_view.result_list.action_cursor_up()

    async def open_country(self, code: str | None) -> None:
        """Show a country of the current briefing."""
        self.action_view("countries")
        await self.countries_view.select(code)

    # ------------------------------------------------------------------ evidence

    def _set_source_target(self, target: EvidenceTarget | None) -> None:
        self._result_for_source = None  # a newer choice than the last highlighted result
        self.target = target
        if self.tabs.active == "source":
            self._show_target()

    def _take_result_for_source(self) -> bool:
        """The highlighted search result becomes the selection (its briefing loaded now);
        True if it became the source view's target."""
        hit, self._result_for_source = self._result_for_source, None
        if hit is None:
            return False
        self.selected_statement = self._statement_of(hit)
        if self.selected_statement is None:
            return False
        document, statement = self.selected_statement
        self._set_source_target(self._statement_target(document, statement.id))
        return True

    def _show_target(self) -> None:
        if self._result_for_source is not None and self._take_result_for_source():
            return  # shown by _set_source_target
        caption = self.query_one("#source-caption", Static)
        view = self.source_view
        target = self.target
        if target is None:
            document = self.document
            if document is None:
                caption.update(Text("Nothing loaded.", style=DIM))
                view.show("", [])
                return
            source = document.first_source
            text = document.source_texts.get(source.id, "")
            caption.update(plain(f"{source.title} — select a country, statement or result to highlight its evidence", DIM))
            view.show(text, [])
            return
        source = next(s for s in target.document.briefing.sources if s.id == target.source_id)
        text = target.document.source_texts.get(source.id)
        if text is None:
            caption.update(plain(f"{source.title}: this source has no file to show.", DIM))
            view.show("", [])
            return
        count = len(target.spans)
        label = Text.assemble(
            plain(target.caption, "bold"),
            plain(f"  —  {source.title}", DIM),
            Text(f"  ·  {count} passage{'s' * (count != 1)}, n/N to step", style=DIM),
        )
        caption.update(label)
        view.show(text, target.spans)

    def _statement_target(self, document: Document, statement_id: str) -> EvidenceTarget | None:
        statement = document.briefing.lookups.statement(statement_id)
        if statement is None:
            return None
        source = document.briefing.source_of(statement)
        return EvidenceTarget(document, source.id, document.statement_spans(statement),
                              f"Statement: {statement.text[:60]}")

    @_unless_closing
    def on_countries_view_country_changed(self, message: CountriesView.CountryChanged) -> None:
        document = self.document
        if document is None:
            return
        entry = message.entry
        briefing = document.briefing
        excerpts: list[str] = []
        if entry.code:
            for position in briefing.positions:
                if position.country == entry.code:
                    excerpts.extend(position.evidence)
        actor_ids = {actor.id for actor in entry.actors}
        first = document.first_source.id
        for statement in briefing.statements:
            if statement.speaker in actor_ids and briefing.source_of(statement).id == first:
                excerpts.extend(statement.evidence)
        spans = sorted(set(document.evidence_spans(first, tuple(excerpts))))
        self._set_source_target(EvidenceTarget(document, first, spans, f"Country: {entry.name}"))

    @_unless_closing
    def on_statement_card_focused(self, message: StatementCard.Focused) -> None:
        if self.document is not None:
            self.selected_statement = (self.document, message.statement)
            self._set_source_target(self._statement_target(self.document, message.statement.id))

    @_unless_closing
    def on_quotes_view_changed(self, message: QuotesView.Changed) -> None:
        # A result's briefing may not be loaded: load it when the source view shows it (or
        # when it is copied), not for every result the cursor passes.
        self.selected_statement = None
        self._result_for_source = message.hit
        if self.tabs.active == "source":
            self._take_result_for_source()

    def _statement_of(self, hit: Hit | None) -> tuple[Document, Statement] | None:
        """A search result's briefing and statement (loading the briefing if need be)."""
        if hit is None or not 0 <= hit.briefing < len(self.documents):
            return None
        document, _ = self.documents.document(hit.briefing)
        if document is None:
            return None
        statement = document.briefing.lookups.statement(hit.statement.id)
        return (document, statement) if statement is not None else None

    def _first_source_target(self, excerpts: tuple[str, ...], caption: str) -> EvidenceTarget | None:
        document = self.document
        if document is None:
            return None
        first = document.first_source.id
        return EvidenceTarget(document, first, document.evidence_spans(first, excerpts), caption)

    @_unless_closing
    def on_matrix_view_cell_changed(self, message: MatrixView.CellChanged) -> None:
        caption = f"Position: {message.country_code} on {message.topic_id}"
        self._set_source_target(
            self._first_source_target(self.matrix_view.current_evidence(), caption)
        )

    async def on_matrix_view_open_country(self, message: MatrixView.OpenCountry) -> None:
        await self.open_country(message.country_code)

    @_unless_closing
    def on_debates_view_item_changed(self, message: DebatesView.ItemChanged) -> None:
        title = getattr(message.item, "title", "")
        caption = f"{message.kind.capitalize()}: {title}"
        self._set_source_target(
            self._first_source_target(self.debates_view.current_evidence(), caption)
        )

    async def on_quotes_view_opened(self, message: QuotesView.Opened) -> None:
        self.remember_search(self.quotes_view.query_input.value)
        await self.open_hit(message.hit)

    async def open_hit(self, hit: Hit) -> None:
        """Show a search result's statement in its country."""
        number = hit.briefing
        if number != self.current and not self.open_document(number, view=None):
            return
        countries = self.countries_view
        self.action_view("countries")
        await countries.select(hit.country_code)
        if not countries.focus_statement(hit.statement.id):
            countries.country_list.focus()

    def _statement_in_view(self) -> tuple[Document, Statement] | None:
        """The statement the user is on: a focused card, or the highlighted result."""
        view = self.tabs.active
        from tui.reader.views.countries import StatementCard

        if isinstance(self.focused, StatementCard) and self.document is not None:
            return self.document, self.focused.statement
        if view == "quotes":
            return self._statement_of(self.quotes_view.current_hit())
        if view == "source":
            self._take_result_for_source()
            return self.selected_statement
        return None

    def action_copy_statement(self) -> None:
        """``c``: copy the statement with its citation to the clipboard (OSC 52)."""
        from tui.format.citation import citation
        from tui.format.sanitize import printable

        chosen = self._statement_in_view()
        if chosen is None:
            self.notify("Select a statement first (a card in Countries, or a search result).",
                        severity="warning", markup=False)
            return
        text = printable(citation(*chosen))
        self.copy_to_clipboard(text)
        self.notify(text, title="Copied to the clipboard", markup=False)

    def action_show_source(self) -> None:
        """``s``: show the selected item's evidence in the source."""
        quotes = self.quotes_view
        tabs = self.tabs
        if tabs.active == "quotes":
            chosen = self._statement_of(quotes.current_hit())
            if chosen is not None:
                self._set_source_target(self._statement_target(chosen[0], chosen[1].id))
        self.action_view("source")
