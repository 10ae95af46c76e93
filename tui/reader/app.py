"""The reader: a Textual app over one or more briefings.

The app routes keys (rules in :mod:`tui.reader.keys`), switches views and keeps what is
selected (:mod:`tui.reader.selection`); its start-up and loading are :mod:`tui.reader.startup`,
its saved session :mod:`tui.reader.session`, its state and views :mod:`tui.reader.base`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import App
from textual.widgets import Static

from tui.reader import keys
from tui.reader.session import Session
from tui.reader.startup import Startup
from tui.reader.styles import DIM, plain

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.dom import DOMNode
    from textual.widgets import TabbedContent

    from tui.format.document import Document
    from tui.format.model import Statement
    from tui.reader.selection import Selection
    from tui.reader.views.countries import CountriesView, StatementCard
    from tui.reader.views.debates import DebatesView
    from tui.reader.views.matrix import MatrixView
    from tui.reader.views.quotes import QuotesView
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


class BriefingApp(Session, Startup):
    """Read briefings: summary, countries, quote search and the source text."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {_commands}
    ENABLE_COMMAND_PALETTE = True
    HELP_SECTION = "Everywhere"

    BINDINGS: ClassVar = keys.app_bindings()

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
        """Every key from the terminal waits its turn in the key queue (rule 1)."""
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self._last_activity = time.monotonic()
            if isinstance(event, events.Key):
                self.keys_typed = True
                if not self.key_queue.hold(event):
                    await self._send_key(event)
                return
            if self.ready:
                self.keys_typed = True
        await super().on_event(event)

    async def _send_key(self, event: events.Key) -> None:
        """Hand a key to the focused widget (Textual's way), then let the next one go once it
        and its bubbling have been handled by every queue on its way up."""
        target = self.focused or self.screen
        flight = self.key_queue.flight
        await super().on_event(event)
        if event.key not in keys.QUIT_AT_ONCE_KEYS:
            self._after_queues_from(target, flight)

    def _after_queues_from(self, node: DOMNode, flight: int) -> None:
        """Call :meth:`key_done` once ``node``, then each of its ancestors in turn, has handled
        every message it holds now (a key bubbles one queue at a time: it is ahead). If the
        key opened or closed a screen, the screen now on top handles its own messages first
        (mounting, resuming: it sets its focus), so that the next key finds that focus."""
        screen = self.screen

        def done() -> None:
            self.call_later(self.key_done, flight)

        def settled() -> None:
            if self.screen is not screen and self.screen.call_later(done):
                return
            done()

        def step(at: DOMNode) -> None:
            parent = at.parent
            if at is self or parent is None or not parent.call_later(step, parent):
                settled()

        if not node.call_later(step, node):
            settled()

    async def key_done(self, flight: int | None = None) -> None:
        """Key number ``flight`` was handled (None: whichever is in flight, if it is stuck or
        none is): the next one goes."""
        queue = self.key_queue
        if flight is None:
            if queue.busy and not queue.stuck():
                return
            flight = queue.flight
        following = queue.done(flight)
        if following is not None:
            await self._send_key(following)

    # ------------------------------------------------------------------ views

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
        # the search field, not the app's bindings.
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

    def action_go_back(self) -> None:
        """Escape: leave the search field or the detail, or go to the previous view."""
        from tui.reader.views.countries import StatementCard

        focused = self.focused
        if isinstance(focused, StatementCard) or (focused is not None
                                                  and focused.id == "country-detail"):
            self.countries_view.country_list.focus()
            return
        if focused is self.quotes_view.query_input:  # out of the field, where q quits again
            self.screen.set_focus(self.quotes_view.result_list)
            return
        if self.history:
            view = self.history.pop()
            self.screen.set_focus(None)
            self.tabs.active = view
            self._focus_view(view)

    def action_help(self) -> None:
        """Show every key."""
        from tui.reader.screens.help import HelpScreen

        if len(self.screen_stack) == 1:
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, only from the views (never over another screen)."""
        from textual.command import CommandPalette

        from tui.reader.commands import SturdyCommandPalette

        if (self.use_command_palette and len(self.screen_stack) == 1
                and not CommandPalette.is_open(self)):
            self.push_screen(SturdyCommandPalette(id="--command-palette"))

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
        if view == "source":
            if self._result_for_source is not None:
                self._take_result_for_source()
            return self.source_selection
        return None

    def _show_target(self) -> None:
        if self._result_for_source is not None and self._take_result_for_source():
            return  # shown by show_in_source
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
            caption.update(plain(f"{source.title} — select a country, statement or result to "
                                 "highlight its evidence", DIM))
            view.show(text, [])
            return
        source = next(s for s in target.document.briefing.sources if s.id == target.source_id)
        text = target.document.source_texts.get(source.id)
        if text is None:
            caption.update(plain(f"{source.title}: this source has no file to show.", DIM))
            view.show("", [])
            return
        from tui.format.wording import plural

        count = len(target.spans)
        label = Text.assemble(
            plain(target.caption, "bold"),
            plain(f"  —  {source.title}", DIM),
            Text(f"  ·  {plural(count, 'passage')}, n/N to step", style=DIM),
        )
        caption.update(label)
        view.show(text, target.spans)

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
