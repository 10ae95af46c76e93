"""What every part of the reader shares: its state, its views and the briefing shown.

:class:`ReaderBase` is the Textual app's foundation; the start-up and loading
(:mod:`tui.reader.startup`), the saved session (:mod:`tui.reader.session`) and the keys,
navigation and selection (:mod:`tui.reader.app`) build on it, each in a module of its own.
"""

from __future__ import annotations

import threading
import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.widgets import Static

from tui.library.collection import Collection
from tui.reader.key_queue import KeyQueue
from tui.reader.styles import DIM, plain

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.message import Message
    from textual.screen import Screen
    from textual.widgets import TabbedContent

    from tui.format.document import Document
    from tui.format.problems import Problem
    from tui.reader.screens.picker import PickerScreen
    from tui.reader.selection import EvidenceTarget, Selection
    from tui.reader.state import ReaderState
    from tui.reader.story_finder import StoryFinder
    from tui.reader.views.countries import CountriesView
    from tui.reader.views.debates import DebatesView
    from tui.reader.views.matrix import MatrixView
    from tui.reader.views.quotes import QuotesView
    from tui.reader.views.source import SourceView
    from tui.reader.views.source_pane import SourcePane
    from tui.reader.views.summary import SummaryView
    from tui.reader.views.timeline import TimelineView
    from tui.search.index import Hit


class ReaderBase(App[int]):
    """The reader's state, views and documents (no behaviour of its own but showing one)."""

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
        """What the source view highlights: the last selection made in another view."""
        self.history: list[str] = []
        self.loading = documents is None
        self.preloaded = documents is not None
        """The documents were given (files named on the command line): nothing to load."""
        self.ready = False
        """True once every view is mounted (two frames after start); keys wait for it."""
        self.quitting = False
        """Set by a quit before ``ready``: what is not mounted yet is then never mounted."""
        self._inbox: list[Message] = []
        """Input posted from the terminal's thread, until the event loop takes it."""
        self._inbox_lock = threading.Lock()
        self._inbox_waking = False
        self.quit_pending = False
        """Ctrl+Q has arrived (set as it is posted, ahead of the keys queued before it) or a
        quit has begun: the keys and clicks still queued are dropped, so a backlog never
        delays quitting."""
        self.key_queue = KeyQueue()
        """Keys waiting their turn: until ``ready``, then one at a time (see
        :mod:`tui.reader.keys`)."""
        self.keys_typed = False
        """A key was typed (or a click made once the views were mounted): the user is doing
        something, so the start neither opens the picker nor restores a view over it."""
        self._views_ready = threading.Event()
        """Set once the views are mounted and the keys typed so far on their way: the loader,
        started a frame before, posts nothing until then."""
        self._document_follows = False
        """The first briefing's document comes after the index (see ``_load``)."""
        self.snapshot_due = False
        """The loader has the library's snapshot to write (set from its thread, see
        ``_load``): a quit meanwhile waits a moment for it, then hands it to a process of its
        own (:mod:`tui.library.saver`), or a short session would never leave one."""
        self.snapshot_files: list[Path] = []
        """The library whose snapshot is due, all its files in order."""
        self._last_activity = time.monotonic()
        """When the user last pressed a key or a mouse button, or search became possible:
        background work that is not needed yet waits for a pause after it."""
        self.shown = False
        """A briefing has been shown in the views."""
        self.loaded_so_far: tuple[int, int] | None = None
        """Files done and in all while the library loads (None: not loading)."""
        self._picker: PickerScreen | None = None
        self._palette: Screen[Any] | None = None
        self.late_errors: list[Exception] = []  # see Session._handle_exception
        """The last command palette opened (a new one waits until it is gone)."""
        self._result_for_source: Hit | None = None
        """The highlighted search result, until the source view needs its briefing loaded."""
        self.source_selection: Selection | None = None
        """The selection whose evidence the source view shows."""

    # ------------------------------------------------------------------ views

    @property
    def views_screen(self) -> Screen:
        """The screen of the views (the first): focus in the views is set there, never on a
        picker, help or palette that a key opened meanwhile (that would send the modal
        screen's keys to the views behind it)."""
        return self.screen_stack[0]

    @property
    def tabs(self) -> TabbedContent:
        """The views' tabs (mounted just after the first frame)."""
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
    def source_pane(self) -> SourcePane:
        return self.query_one("#source-pane")  # type: ignore[return-value]

    @property
    def summary_view(self) -> SummaryView:
        return self.query_one("#summary-view")  # type: ignore[return-value]

    @property
    def timeline_view(self) -> TimelineView:
        return self.query_one("#timeline-view")  # type: ignore[return-value]

    @cached_property
    def stories(self) -> StoryFinder:
        """Finds the story of a briefing in a thread, once (Timeline and Countries ask)."""
        from tui.reader.story_finder import StoryFinder

        return StoryFinder(self)

    # ------------------------------------------------------------------ documents

    @property
    def document(self) -> Document | None:
        """The briefing shown in Summary, Countries and Source."""
        return self.documents.loaded(self.current)

    def update_title(self) -> None:
        """The title bar: the briefing shown, its date, its place in the library."""
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

    def notify_problems(self, problems: list[Problem], title: str) -> None:
        """The first problems of a file, as an error notification (text, never markup)."""
        self.notify("\n".join(str(problem) for problem in problems[:5]), title=title,
                    severity="error", markup=False)

    def open_document(self, number: int, *, view: str | None = "summary") -> bool:
        """Show briefing ``number`` in the per-briefing views (False if it no longer loads)."""
        if not (0 <= number < len(self.documents)):
            return False
        document, problems = self.documents.document(number)
        if document is None:
            self.notify_problems(problems, "This briefing no longer loads")
            return False
        self.current = number
        self.shown = True
        self.summary_view.show(document)
        self.countries_view.show(document)
        self.matrix_view.show(document)
        self.debates_view.show(document)
        self.timeline_view.follow(document, shown=self.tabs.active == "timeline")
        self.update_title()
        self.show_in_source(None)
        if view:
            self.action_view(view)
        return True

    # Defined by the app (tui.reader.app); declared here for the parts built on this base.

    def action_view(self, view: str) -> None:
        raise NotImplementedError

    def action_pick(self) -> None:
        raise NotImplementedError

    def show_in_source(self, selection: Selection | None) -> None:
        raise NotImplementedError

    def selection_on_screen(self) -> Selection | None:
        raise NotImplementedError

    def drop_queued_input(self) -> None:
        raise NotImplementedError

    def keep_queued(self, keep: Callable[[Message | None], bool]) -> None:
        """Drop the messages queued for the app (not handled yet) but those ``keep`` holds
        true, the kept in their order. Textual's own queue: there is no public way to do this."""
        from asyncio import Queue, QueueEmpty

        queue: Queue[Message | None] = self._message_queue
        kept: list[Message | None] = []
        while True:
            try:
                message: Message | None = queue.get_nowait()
            except QueueEmpty:
                break
            if keep(message):
                kept.append(message)
        for message in kept:
            queue.put_nowait(message)
