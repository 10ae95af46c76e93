"""Command palette (Ctrl+P): jump to any view, country or briefing.

Data (country names, briefing titles) is shown as plain ``Text``, never through the palette's
markup-parsing highlighter.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.await_complete import AwaitComplete
from textual.command import (
    Command,
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
)
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Input, OptionList

from tui.format.sanitize import printable
from tui.reader.keys import VIEWS
from tui.reader.screens.modal import DismissOnce

if TYPE_CHECKING:
    from tui.reader.app import BriefingApp


class BriefingCommands(Provider):
    """Views, the current briefing's countries, and every open briefing."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: BriefingApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"View: {title}", partial(app.action_view, view), f"Key {key}")
            for key, view, title, _ in VIEWS
        ]
        document = app.document
        if document is not None:
            for country in document.briefing.countries:
                commands.append(
                    (f"Country: {printable(country.name)} ({country.code})",
                     partial(app.open_country, country.code), "Show this country")
                )
            if any(actor.country is None for actor in document.briefing.actors):
                commands.append(("Country: International actors", partial(app.open_country, None),
                                 "Actors without a country"))
        for number, card in enumerate(app.documents.cards):
            commands.append(
                (f"Briefing: {printable(card.title)}", partial(app.open_document, number),
                 "Open this briefing")
            )
        for query in app.searches:
            commands.append((f"Search again: {printable(query)}", partial(app.search_again, query),
                             "A recent search"))
        commands.append(("Help: keys", app.action_help, "Every key of the reader"))
        return commands

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(Text(text), self._while_open(callback), text=text,
                               help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, Text(text), self._while_open(callback), text=text,
                          help=help_text)

    def _while_open(self, callback: Any) -> Callable[[], Awaitable[None]]:
        """The command, run only if the reader is not closing: a command runs after its
        palette is gone, and the reader may have begun to quit meanwhile (its views being
        removed)."""
        app: BriefingApp = self.app  # type: ignore[assignment]

        async def run() -> None:
            if app.quit_pending or not app.is_running or not app.screen_stack:
                return
            result = callback()
            if inspect.isawaitable(result):
                await result

        return run


class SturdyCommandPalette(DismissOnce, CommandPalette):
    """Textual's palette, proof against keys that arrive while it opens or closes.

    In Textual 8, PgUp/PgDn before the list is laid out raise ``KeyError`` in ``OptionList``,
    and keys arriving while the palette is being dismissed look up a list already gone
    (``NoMatches``); either ended the reader. Such a key now does nothing. The palette is
    dismissed once (:class:`~tui.reader.screens.modal.DismissOnce`): a second Enter queued
    before the first was handled ran the command again and popped the screen below.
    """

    def _action_command_list(self, action: str) -> None:
        with contextlib.suppress(KeyError, NoMatches):
            super()._action_command_list(action)

    def _action_cursor_down(self) -> None:
        with contextlib.suppress(NoMatches):
            super()._action_cursor_down()

    def _action_escape(self) -> None:
        if not self.dismissed:
            super()._action_escape()

    def dismiss(self, result: object = None) -> AwaitComplete:
        """Dismissed: its search and its "No matches" timer stop too (they would look for
        widgets already removed)."""
        if not self.dismissed:
            self._cancel_gather_commands()
            self._stop_no_matches_countdown()
        return super().dismiss(result)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        """Textual's search, ended quietly when it starts or goes on as the palette closes
        (its list already removed: ``NoMatches`` failed the worker and ended the reader)."""
        with contextlib.suppress(NoMatches):
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]

    async def _watch__show_busy(self) -> None:
        with contextlib.suppress(NoMatches):
            await super()._watch__show_busy()

    def _watch__list_visible(self) -> None:
        # The search worker of a palette being removed finishes after its widgets are gone.
        with contextlib.suppress(NoMatches):
            super()._watch__list_visible()

    def _refresh_command_list(self, command_list: CommandList, commands: list[Command],
                              clear_current: bool) -> None:
        if not self.dismissed:
            with contextlib.suppress(NoMatches):
                super()._refresh_command_list(command_list, commands, clear_current)

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _not_once_dismissed(self, event: Message) -> None:
        """A choice handled after the palette was dismissed is dropped (before Textual's own
        handlers, which would run the command again)."""
        if self.dismissed:
            event.stop()
            event.prevent_default()
