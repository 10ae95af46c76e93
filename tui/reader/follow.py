"""The reader follows the files it shows: a save appears at once, a broken save is shown.

The open briefings (those whose documents are loaded) and their source files are watched in a
thread worker (:func:`tui.library.follow.follow`), which reads a saved briefing again through
the cache and posts a :class:`~tui.reader.messages.BriefingReloaded`. A briefing that loads is
shown again where the reader was: the same view, country, statement, matrix cell, debate or
risk, and the same evidence in the source; its statements are spliced into the search index
(:func:`tui.search.update.replaced`, in another thread worker). One that no longer loads is
kept as it was last shown, and the problems panel lists what broke until a good save.

Quitting never waits for the watcher: it is told to stop (it looks every few tens of
milliseconds) when the app exits or unmounts.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work

from tui.reader.base import ReaderBase
from tui.reader.messages import BriefingReloaded, FollowStopped, IndexReady, IndexUpdated

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.problems import Problem
    from tui.library.follow import Watched
    from tui.search.index import SearchIndex
    from tui.search.segment import Segment


class Follow(ReaderBase):
    """Watching the open briefings, reloading them, the problems panel."""

    def __init__(self, *args: Any, follow: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.follow = follow
        """Follow the files shown (off: they are read once, as before)."""
        self.broken: dict[str, list[Problem]] = {}
        """Followed briefings that no longer load, by path: what the panel lists."""
        self._watched: Watched | None = None
        self._follow_stop: threading.Event | None = None
        self._reloaded_at: dict[str, float] = {}
        self._pending_segments: dict[int, Segment] = {}
        self._indexing = False

    # ------------------------------------------------------------------ watching

    def open_document(self, number: int, *, view: str | None = "summary") -> bool:
        shown = super().open_document(number, view=view)
        if shown:
            self.follow_open_briefings()
        return shown

    def follow_open_briefings(self) -> None:
        """Watch the files of every loaded briefing (restarting the watcher if they changed)."""
        if not self.follow or self.quitting:
            return
        from tui.library.follow import watched

        files = watched(self.documents.loaded_documents().values())
        if files == self._watched:
            return
        before = self._watched
        # Briefings new to the watch are read again once it is in place: a save made before
        # then (while the reader started, say) would be missed otherwise.
        fresh = {briefing for briefings in files.files.values() for briefing in briefings}
        if before is not None:
            fresh -= {briefing for briefings in before.files.values() for briefing in briefings}
        self._watched = files
        self.stop_following()
        stop = self._follow_stop = threading.Event()
        self._watch(files, stop, fresh)

    def stop_following(self) -> None:
        """Tell the watcher to stop (it does within a few tens of milliseconds)."""
        if self._follow_stop is not None:
            self._follow_stop.set()

    @work(thread=True, group="follow", exit_on_error=False)
    def _watch(self, files: Watched, stop: threading.Event, fresh: set[Any]) -> None:
        from tui.library.follow import follow, reload

        def report(briefings: set[Any]) -> None:
            for path in sorted(briefings):
                if stop.is_set():
                    return
                self.post_message(BriefingReloaded(reload(path)))

        try:
            follow(files, stop, report, watching=lambda: report(fresh))
        except Exception as error:  # noqa: BLE001 - the reader goes on, without following
            if not stop.is_set():
                self.post_message(FollowStopped(f"{type(error).__name__}: {error}"))

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.stop_following()
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        self.stop_following()

    def on_follow_stopped(self, message: FollowStopped) -> None:
        self._watched = None
        self.notify(f"Saved files are no longer followed ({message.reason}).",
                    severity="warning", markup=False)

    def reload_now(self, path: Any) -> None:
        """Read a briefing again at once (after the editor exits), whether or not the watcher
        saw the save: a reload of an unchanged file changes nothing."""
        self._reload([path])

    @work(thread=True, group="reload", exit_on_error=False)
    def _reload(self, paths: list[Any]) -> None:
        from tui.library.follow import reload

        for path in paths:
            self.post_message(BriefingReloaded(reload(path)))

    # ------------------------------------------------------------------ reloading

    def on_briefing_reloaded(self, message: BriefingReloaded) -> None:
        reloaded = message.reloaded
        key = str(reloaded.path)
        if reloaded.started < self._reloaded_at.get(key, 0.0) or not self.is_running:
            return  # older than what is shown
        self._reloaded_at[key] = reloaded.started
        numbers = [n for n, path in enumerate(self.documents.paths) if path == reloaded.path]
        document = reloaded.document
        if document is None:
            self.broken[key] = reloaded.problems
            self._show_problems()
            return
        if self.broken.pop(key, None) is not None:
            self._show_problems()
        for number in numbers:
            old = self.documents.loaded(number)
            if old is not None and old.briefing == document.briefing and (
                    old.source_texts == document.source_texts):
                continue  # saved unchanged (or already shown)
            card = reloaded.segment.card if reloaded.segment is not None else None
            self.documents.keep(number, document, card)
            if reloaded.segment is not None:
                self._pending_segments[number] = reloaded.segment
            if number == self.current and self.shown:
                self.reshow(document)
        self._update_index()
        self.follow_open_briefings()  # its source files may have changed

    def _show_problems(self) -> None:
        from tui.reader.widgets.problems_panel import ProblemsPanel

        self.query_one("#problems-panel", ProblemsPanel).show_problems(self.broken)

    def problems_of(self, path: Any) -> list[Problem]:
        """The problems of a followed briefing that no longer loads (none if it loads)."""
        return self.broken.get(str(path), [])

    def reshow(self, document: Document) -> None:
        """Show a new load of the briefing shown, keeping the view and what is selected."""
        from tui.reader.views.countries import CountriesView, StatementCard
        from tui.reader.views.debates import DebatesView
        from tui.reader.views.matrix import MatrixView

        view = self.tabs.active
        modal = len(self.screen_stack) > 1  # the picker or help is over the views
        focused = None if modal else self.focused
        countries, matrix, debates = self.countries_view, self.matrix_view, self.debates_view
        entry = countries.entry
        card = focused.statement.id if isinstance(focused, StatementCard) else None
        cell = matrix.cell
        chosen = debates.selected
        source = self.source_selection
        source_view = self.source_view
        passage, scrolled = source_view.current, source_view.scroll_offset.y
        if not modal:
            self.screen.set_focus(None)  # a focused card is about to be removed
        # Each view says what it selects as it is shown again; what the source shows is
        # kept instead (below).
        with self.prevent(CountriesView.CountryChanged, MatrixView.CellChanged,
                          DebatesView.ItemChanged):
            self.summary_view.show(document)
            countries.show(document, select=entry.code if entry else None,
                           international=entry is not None and entry.code is None)
            matrix.show(document, country=cell.country.code if cell else None,
                        topic=cell.topic.id if cell else None)
            debates.show(document, select=(chosen[0], chosen[1].id) if chosen else None)
        self.update_title()
        self.show_in_source(source.again(document) if source is not None else None)
        if view == "source":
            source_view.restore(passage, scrolled)
        if modal:
            return
        if view == "countries" and card is not None:
            def refocus() -> None:
                if not countries.focus_statement(card):
                    self.screen.set_focus(countries.country_list)

            self.call_after_refresh(refocus)
        elif focused is not None and focused.is_attached and not isinstance(
                focused, StatementCard):
            self.screen.set_focus(focused)
        else:
            self.action_view(view or "summary")

    # ------------------------------------------------------------------ search index

    def _update_index(self) -> None:
        """Splice the reloaded briefings into the search index (one worker at a time)."""
        index = self.quotes_view.index if self.ready else None
        if self._indexing or not self._pending_segments or index is None:
            return  # the loader's index, when it comes, takes them (on_index_ready)
        pending, self._pending_segments = self._pending_segments, {}
        self._indexing = True
        self._reindex(index, pending)

    @work(thread=True, group="reindex", exit_on_error=False)
    def _reindex(self, index: SearchIndex, pending: dict[int, Segment]) -> None:
        from tui.search.update import replaced

        updated = index
        try:
            for number, segment in sorted(pending.items()):
                if number < updated.briefings:
                    updated = replaced(updated, number, segment)
        except Exception as error:  # noqa: BLE001 - search goes on with the old text
            self.post_message(FollowStopped(f"search index not updated: {error}"))
            updated = index
        self.post_message(IndexUpdated(index, updated, pending))

    def on_index_updated(self, message: IndexUpdated) -> None:
        self._indexing = False
        if not self.is_running:
            return
        if self.quotes_view.index is message.base:
            if message.index is not message.base:
                from tui.reader.views.quotes import QuotesView

                # The results are shown again, the cursor where it was; what the source
                # shows stays (a result highlighted again is not a new choice).
                with self.prevent(QuotesView.Changed):
                    self.quotes_view.set_index(message.index, keep_cursor=True)
        else:  # another index came meanwhile (the loader's): splice them into that one
            for number, segment in message.segments.items():
                self._pending_segments.setdefault(number, segment)
        self._update_index()

    def on_index_ready(self, message: IndexReady) -> None:
        # Runs before the loader's own handler sets the index: splice saves made meanwhile
        # into it once it is in place.
        self.call_later(self._update_index)
