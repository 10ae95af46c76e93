"""The reader: a Textual app over one or more briefings.

The app routes keys (rules in :mod:`tui.reader.keys`), switches views and keeps what is
selected (:mod:`tui.reader.selection`); its start-up and loading are :mod:`tui.reader.startup`,
its saved session (and quitting on signals) :mod:`tui.reader.session`, its input on the way
in :mod:`tui.reader.inbox` and then, key by key, :mod:`tui.reader.key_queue`, its command
palettes :mod:`tui.reader.palettes`, following saved files :mod:`tui.reader.follow`, the editor
:mod:`tui.reader.edit`, its state and views :mod:`tui.reader.base`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding

from tui.reader import keys
from tui.reader.edit import Edit
from tui.reader.inbox import Inbox
from tui.reader.key_queue import KeyTurns
from tui.reader.palettes import Palettes
from tui.reader.session import Session
from tui.reader.startup import Startup
from tui.reader.styles import DIM, STYLESHEETS, plain

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.widgets import TabbedContent

    from tui.format.document import Document
    from tui.format.model import Statement
    from tui.reader.selection import Selection
    from tui.reader.views.countries import CountriesView, StatementCard
    from tui.reader.views.debates import DebatesView
    from tui.reader.views.matrix import MatrixView
    from tui.reader.views.quotes import QuotesView
    from tui.reader.views.timeline import TimelineView
    from tui.search.index import Hit


COPY_SENT = "Sent to the terminal's clipboard (OSC 52); your terminal may not support it"
"""What a copy says: the terminal gives no answer, so it cannot say "copied"."""


def _commands() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens."""
    from tui.reader.commands import BriefingCommands

    return BriefingCommands


def _unless_closing(handler: Callable[..., None]) -> Callable[..., None]:
    """For handlers of the views' messages: one handled while the reader closes (its widgets
    being removed, a message of a key typed just before the quit) is dropped."""

    @functools.wraps(handler)
    def guarded(self: BriefingApp, message: object) -> None:
        if self.is_running and self.screen_stack:
            handler(self, message)

    return guarded


class BriefingApp(Palettes, Inbox, KeyTurns, Session, Edit, Startup):
    """Read briefings: summary, countries, quote search and the source text."""

    CSS_PATH = STYLESHEETS
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {_commands}
    ENABLE_COMMAND_PALETTE = True
    HELP_SECTION = "Everywhere"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    """A narrow screen packs the tabs closer (app.tcss), so that all seven fit in 80 columns."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *keys.app_bindings()]

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The rules of :mod:`tui.reader.keys`: nothing but Ctrl+Q before the views exist,
        modal screens and the search field own their keys."""
        if not self.ready:
            return action in keys.QUIT_AT_ONCE_ACTIONS
        if len(self.screen_stack) > 1 and action not in keys.MODAL_ALLOWED:
            return False
        if action == "show_source" and self.tabs.active == "source":
            return False  # already there (and the footer has no room for it at 80 columns)
        if action in keys.SHORTCUT_ACTIONS:
            from textual.widgets import Input

            if isinstance(self.focused, Input):  # letters typed into the search field
                return False
        return True

    async def action_quit_letter(self) -> None:
        """``q``: quit (a letter like any other in the search field, see check_action)."""
        await self.action_quit()

    async def on_event(self, event: events.Event) -> None:
        """Input that the inbox let through (:mod:`tui.reader.inbox`); every key then waits
        its turn in the key queue (:mod:`tui.reader.key_queue`)."""
        if self.dropped(event):  # typed before a quit: a backlog must not delay it
            return
        if isinstance(event, events.Key) and not self.is_running:
            return  # on its way up while the app shuts down (its widgets being removed)
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self._last_activity = time.monotonic()
            if isinstance(event, events.Key):
                self.keys_typed = True
                await self.queue_key(event)
                return
            if self.ready:
                self.keys_typed = True
        await super().on_event(event)

    # ------------------------------------------------------------------ views

    def action_view(self, view: str) -> None:
        """Switch to a view (1–7)."""
        tabs = self.tabs
        if tabs.active != view:
            if tabs.active == "quotes":
                self.remember_search(self.quotes_view.query_input.value)
            self.history.append(tabs.active)
            del self.history[:-20]
            # Let go of the old view's focus first: a focused widget in a pane being hidden
            # makes Textual refocus a neighbour, and focus in a pane re-activates that pane.
            self.views_screen.set_focus(None)
            tabs.active = view
        self._focus_view(view)

    def _focus_view(self, view: str) -> None:
        # Focus at once (``focus()`` waits a turn): keys typed right after ``/`` must reach
        # the search field, not the app's bindings.
        if view == "countries":
            countries = self.countries_view
            countries.want_story()
            if not self._focus_within(countries):
                self.views_screen.set_focus(countries.country_list)
        elif view == "quotes":
            self.views_screen.set_focus(self.quotes_view.query_input)
        elif view == "source":
            self._show_target()
            self.views_screen.set_focus(self.source_view)
        elif view == "matrix":
            self.views_screen.set_focus(self.matrix_view.grid)
        elif view == "debates":
            self.views_screen.set_focus(self.debates_view.item_list)
        elif view == "timeline":
            timeline = self.timeline_view
            timeline.activate()
            if not self._focus_within(timeline):
                self.views_screen.set_focus(timeline.grid)
        else:
            self.views_screen.set_focus(self.summary_view)

    def _focus_within(self, widget) -> bool:
        focused = self.views_screen.focused
        return focused is not None and (focused is widget or widget in focused.ancestors)

    @_unless_closing
    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab was chosen (by key or mouse): focus into its view unless already there."""
        if not self._focus_within(event.pane):
            self._focus_view(event.pane.id or "summary")

    def action_search(self) -> None:
        """Jump to the search field."""
        self.action_view("quotes")

    def action_go_back(self) -> None:
        """Escape: leave the search field or the detail, or go to the previous view."""
        from tui.reader.views.countries import StatementCard

        focused = self.focused
        if isinstance(focused, StatementCard) or (focused is not None
                                                  and focused.id == "country-detail"):
            self.countries_view.country_list.focus()
            return
        if focused is not None and focused.id == "timeline-detail":  # back to the grid
            self.views_screen.set_focus(self.timeline_view.grid)
            return
        if focused is self.quotes_view.query_input:  # out of the field, where q quits again
            self.views_screen.set_focus(self.quotes_view.result_list)
            return
        if self.history:
            view = self.history.pop()
            self.views_screen.set_focus(None)
            self.tabs.active = view
            self._focus_view(view)

    def action_help(self) -> None:
        """Show every key."""
        from tui.reader.screens.help import HelpScreen

        if len(self.screen_stack) == 1:
            self.push_screen(HelpScreen())

    def action_pick(self) -> None:
        """Show the briefing picker."""
        from tui.reader.screens.picker import PickerScreen

        if len(self.screen_stack) > 1:
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
        picker.files_done = self.loaded_so_far
        self.push_screen(picker, chosen)

    async def open_country(self, code: str | None) -> None:
        """Show a country of the current briefing."""
        self.action_view("countries")
        await self.countries_view.select(code)

    async def on_matrix_view_open_country(self, message: MatrixView.OpenCountry) -> None:
        await self.open_country(message.country_code)

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

    # ------------------------------------------------------------------ selection

    def show_in_source(self, selection: Selection | None) -> None:
        """Make ``selection`` what the source view highlights."""
        self._result_for_source = None  # a newer choice than the last highlighted result
        self.source_selection = selection
        self.target = selection.target() if selection is not None else None
        if self.tabs.active == "source":
            self._show_target()

    @_unless_closing
    def on_countries_view_country_changed(self, message: CountriesView.CountryChanged) -> None:
        self.show_in_source(message.selection)

    @_unless_closing
    def on_statement_card_focused(self, message: StatementCard.Focused) -> None:
        self.show_in_source(message.selection)

    @_unless_closing
    def on_matrix_view_cell_changed(self, message: MatrixView.CellChanged) -> None:
        self.show_in_source(message.selection)

    @_unless_closing
    def on_debates_view_item_changed(self, message: DebatesView.ItemChanged) -> None:
        self.show_in_source(message.selection)

    @_unless_closing
    def on_timeline_view_step_changed(self, message: TimelineView.StepChanged) -> None:
        self.show_in_source(message.selection)

    @_unless_closing
    def on_quotes_view_changed(self, message: QuotesView.Changed) -> None:
        # A result's briefing may not be loaded: load it when the source view shows it (or
        # when it is copied), not for every result the cursor passes.
        self.source_selection = None
        self._result_for_source = message.hit
        if self.tabs.active == "source":
            self._take_result_for_source()

    def _hit_selection(self, hit: Hit | None) -> Selection | None:
        """A search result as a selection (loading its briefing if need be)."""
        chosen = self._statement_of(hit)
        if chosen is None:
            return None
        from tui.reader.selection import of_statement

        return of_statement(*chosen)

    def _take_result_for_source(self) -> bool:
        """The highlighted search result becomes the source view's selection (its briefing
        loaded now); True if it did."""
        hit, self._result_for_source = self._result_for_source, None
        chosen = self._hit_selection(hit)
        if chosen is None:
            return False
        self.show_in_source(chosen)
        return True

    def _statement_of(self, hit: Hit | None) -> tuple[Document, Statement] | None:
        """A search result's briefing and statement (loading the briefing if need be)."""
        if hit is None or not 0 <= hit.briefing < len(self.documents):
            return None
        document, _ = self.documents.document(hit.briefing)
        if document is None:
            return None
        statement = document.briefing.lookups.statement(hit.statement.id)
        return (document, statement) if statement is not None else None

    def selection_on_screen(self) -> Selection | None:
        """What the view on screen has selected (None: nothing can be selected there)."""
        view = self.tabs.active
        if view == "countries":
            return self.countries_view.selection
        if view == "quotes":
            return self._hit_selection(self.quotes_view.current_hit())
        if view == "matrix":
            return self.matrix_view.selection
        if view == "debates":
            return self.debates_view.selection
        if view == "timeline":
            return self.timeline_view.selection
        if view == "source":
            if self._result_for_source is not None:
                self._take_result_for_source()
            return self.source_selection
        return None

    def _show_target(self) -> None:
        if self._result_for_source is not None and self._take_result_for_source():
            return  # shown by show_in_source
        pane = self.source_pane
        view = pane.view
        target = self.target
        if target is None:
            document = self.document
            if document is None:
                pane.set_caption(Text("Nothing loaded.", style=DIM))
                view.show("", [])
                return
            source = document.first_source
            text = document.source_texts.get(source.id, "")
            pane.set_caption(plain(f"{source.title} — select a country, statement or result "
                                   "to highlight its evidence", DIM))
            view.show(text, [])
            return
        source = next(s for s in target.document.briefing.sources if s.id == target.source_id)
        shown = target.document.source_texts.get(source.id)
        if shown is None:
            pane.set_caption(plain(f"{source.title}: this source has no file to show.", DIM))
            view.show("", [])
            return
        pane.set_caption(Text.assemble(plain(target.caption, "bold"),
                                       plain(f"  —  {source.title}", DIM)))
        view.show(shown, target.spans, owners=list(target.owners))

    def action_copy_statement(self) -> None:
        """``c``: copy the selected statement with its citation to the clipboard (OSC 52)."""
        from tui.format.citation import citation
        from tui.format.sanitize import printable

        chosen = self.selection_on_screen()
        statement = chosen.statement if chosen is not None else None
        if chosen is None or statement is None:
            self.notify("Select a statement first (a card in Countries, or a search result).",
                        severity="warning", markup=False)
            return
        text = printable(citation(chosen.document, statement))
        self.copy_to_clipboard(text)
        # OSC 52 asks the terminal to set its clipboard; nothing tells whether it did.
        self.notify(text, title=COPY_SENT, markup=False)

    def action_show_source(self) -> None:
        """``s``: show the selected item's evidence in the source."""
        if self.tabs.active != "source":
            chosen = self.selection_on_screen()
            if chosen is not None and chosen.item is None:  # the cursor is on nothing
                self.notify(chosen.caption, severity="warning", markup=False)
                return
            if chosen is not None:
                self.show_in_source(chosen)
        self.action_view("source")
