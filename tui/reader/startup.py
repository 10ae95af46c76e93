"""The reader's start: paint first, mount the rest over the next frames, load in a thread.

The first frame is the title bar alone; the tabs, footer and summary come a frame later, the
other views a frame after that, so start-up costs little more than a bare Textual app. The
library is opened in a thread worker (:mod:`tui.library.ingest`) that posts typed messages
(:mod:`tui.reader.messages`): the briefings' cards in batches, then the search index, then,
when the picker covers it, the first briefing. Work not needed yet waits for a pause in typing.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.widget import Widget
from textual.widgets import Static

from tui.format.wording import plural
from tui.reader.base import ReaderBase
from tui.reader.keys import VIEWS
from tui.reader.messages import BriefingsLoaded, FirstDocument, IndexReady, TitlePeeked
from tui.reader.styles import DIM, plain

IDLE_SECONDS = 0.5
"""Background work that is not needed yet waits for a pause in typing this long."""


class Startup(ReaderBase):
    """Staged mounting and the library's loading."""

    def compose(self):
        yield Static(Text("briefing", style="bold", end=""), id="title-bar")

    def on_mount(self) -> None:
        if self.loading:
            if self.title_hint:
                self.on_title_peeked(TitlePeeked(self.title_hint))
            else:
                self.query_one("#title-bar", Static).update(
                    Text("briefing — loading…", style="bold"))
        self.call_after_refresh(self._mount_chrome)

    async def _mount_chrome(self) -> None:
        """Mount the tabs (with the summary), progress bar and footer after the first frame;
        read the saved state; mount the other views after the next frame."""
        if self.quitting:
            return
        if self.loading:
            # Loading starts now, beside the mounting of the views (it waits for them before
            # it posts anything, see _load).
            self._load(self.files)
        from textual.containers import Horizontal
        from textual.widgets import ProgressBar, TabbedContent, TabPane

        from tui.reader.views.summary import SummaryView
        from tui.reader.widgets.footer import ReaderFooter

        tabs = TabbedContent(initial="summary", id="views")
        tabs.compose_add_child(TabPane("1 Summary", SummaryView(id="summary-view"), id="summary"))
        for key, view, title, _ in VIEWS[1:]:
            tabs.compose_add_child(TabPane(f"{key} {title}", id=view))
        from tui.reader.widgets.problems_panel import ProblemsPanel

        progress = Horizontal(Static(id="progress-label"),
                              ProgressBar(id="progress", show_eta=False), id="loading")
        progress.display = False
        await self.mount_all([tabs, ProblemsPanel(id="problems-panel"), progress, ReaderFooter()])
        if self.restore:
            from tui.reader.state import load_state

            self.saved, notice = load_state()
            self.searches = self.saved.searches
            if self.saved.theme in self.available_themes:  # one no longer known is ignored
                self.theme = self.saved.theme
            if notice:
                self.notify(notice, severity="warning", markup=False)
        self.call_after_refresh(self._mount_views)

    async def _mount_views(self) -> None:
        """Mount every view but the summary, then show what was given (or let the loader
        post), then let the keys typed so far go, one at a time."""
        if self.quitting:
            return
        from textual.widgets import TabPane

        from tui.reader.views.countries import CountriesView
        from tui.reader.views.debates import DebatesView
        from tui.reader.views.matrix import MatrixView
        from tui.reader.views.quotes import QuotesView
        from tui.reader.views.source_pane import SourcePane
        from tui.reader.views.timeline import TimelineView

        views: dict[str, list[Widget]] = {
            "countries": [CountriesView(id="countries-view")],
            "quotes": [QuotesView(id="quotes-view")],
            "source": [SourcePane(id="source-pane")],
            "matrix": [MatrixView(id="matrix-view")],
            "debates": [DebatesView(id="debates-view")],
            "timeline": [TimelineView(id="timeline-view")],
        }
        for view, widgets in views.items():
            await self.query_one(f"#{view}", TabPane).mount_all(widgets)
        self.ready = True
        if self.preloaded:
            from tui.library.cache import unusable

            notice = unusable()  # found while the named files were loaded
            if notice:
                self.notify(f"Loading without a cache: {notice}.", severity="warning",
                            markup=False)
            self._mark_shared_ids(0)
            self._start()
        self.key_queue.open = True
        await self.key_done()  # the first key typed goes now
        self.set_interval(0.5, self.key_done)  # a key stuck on its way holds no other back
        self._views_ready.set()

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load")
    def _load(self, files: list[Path]) -> None:
        """Open the library, posting its cards as they come, then the index."""
        from textual.worker import get_current_worker

        from tui.library.cache import load_cached_safely
        from tui.library.files import peek_title
        from tui.library.ingest import Batch, open_library

        if files and not self.title_hint:
            title = peek_title(files[0])
            if title:
                self.post_message(TitlePeeked(title))
        worker = get_current_worker()
        later: list[Path] = []
        first_done = False

        def post(message: Any) -> None:
            """Post once the views are mounted (the loader starts a frame before them)."""
            while not self._views_ready.wait(0.05):
                if worker.is_cancelled:
                    return
            self.post_message(message)

        def report(batch: Batch) -> None:
            nonlocal first_done
            if batch.loaded and not first_done:
                first_done = True
                path = batch.loaded[0][0]
                if batch.done == batch.total > 1:
                    # The whole library at once (from its snapshot), so the picker shows
                    # first: the index goes before the first briefing's document (importing
                    # the model and validating it take about 0.4 s).
                    later.append(path)
                    post(BriefingsLoaded(batch, None, document_follows=True))
                    return
                document, _ = load_cached_safely(path)
                post(BriefingsLoaded(batch, document))
                return
            post(BriefingsLoaded(batch, None))

        opened = open_library(files, report=report, cancelled=lambda: worker.is_cancelled)
        if opened is None:
            return
        self.snapshot_files = opened.library.files
        self.snapshot_due = opened.wants_snapshot
        post(IndexReady(opened.index, opened.files, opened.notice))
        self._last_activity = time.monotonic()  # search is possible from now: a pause first
        # What follows is not needed yet: the snapshot (for the next start) and, when the
        # picker covers it, the first briefing. It waits until the user pauses, so that it
        # does not slow their first keys; a quit meanwhile still saves the snapshot (here in
        # a test; when the process ends, the exit waits a moment for it while snapshot_due,
        # then hands it off: see Session._shutdown), or a short session would never leave one.
        try:
            while ((later or opened.wants_snapshot) and not worker.is_cancelled
                   and time.monotonic() - self._last_activity < IDLE_SECONDS):
                time.sleep(0.05)
            opened.save_snapshot()
        finally:
            self.snapshot_due = False
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
        self._mark_shared_ids(start)
        loading = self.query_one("#loading")
        still = batch.total > 1 and batch.done < batch.total
        self.loaded_so_far = (batch.done, batch.total) if still else None
        if still:
            loading.display = True
            self.query_one("#progress-label", Static).update(
                f"Loading {batch.done:,} of {plural(batch.total, 'file')}…")
            progress = self.query_one("#progress")
            progress.update(total=batch.total, progress=batch.done)  # type: ignore[attr-defined]
        else:
            loading.display = False
        if first and self.documents:
            self._start()
        if self._picker is not None:
            self._picker.update(self.documents, self.problems, self.loaded_so_far)
        if not first:
            self.restore_session(start)
        if batch.done == batch.total:
            self.loading = False
            if not self.documents:
                self._start()
            self.update_title()

    def _mark_shared_ids(self, start: int) -> None:
        """Briefings from ``start`` on whose id an earlier one has: a problem each (at its id,
        naming both files), and both marked with their file in the picker and the results."""
        from tui.library.ids import duplicate_id_problem

        documents = self.documents
        for number in range(start, len(documents)):
            others = documents.sharing_id(number)
            if not others:
                continue
            for marked in (number, *others):
                self.quotes_view.labels[marked] = documents.paths[marked].name
            first = min(others)
            if first < number:
                self.problems.append(duplicate_id_problem(
                    documents.paths[number], documents.cards[number].id, documents.paths[first]))

    def on_index_ready(self, message: IndexReady) -> None:
        if message.notice:  # the cache folder cannot be used: loading goes on without it
            self.notify(f"Loading without a cache: {message.notice}.", severity="warning",
                        markup=False)
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
            self.notify_problems(message.problems, "This briefing no longer loads")
            return
        self.documents.keep(0, message.document)
        if not self.shown:  # nothing was picked meanwhile
            self.open_document(0, view=None)

    def _start(self) -> None:
        """The first briefing is here: show it, with the picker first if there are several
        (unless the user is already doing something: then ``b`` brings the picker)."""
        if self.documents and not self._document_follows:
            self.open_document(0, view=None)
        if not self.restore_session(0) and (len(self.files) > 1
                                            or (self.problems and not self.loading)):
            if self.keys_typed:
                self.notify("Several briefings are open: b picks one.", markup=False)
            else:
                self.action_pick()
        if not self.loading and self.documents and self.quotes_view.index is None:
            from tui.search.index import SearchIndex

            documents = [self.documents.loaded(n) for n in range(len(self.documents))]
            self.quotes_view.set_index(SearchIndex.of_documents(d for d in documents if d))

    def restore_session(self, start: int) -> bool:
        raise NotImplementedError

    async def key_done(self, flight: int | None = None) -> None:
        raise NotImplementedError
