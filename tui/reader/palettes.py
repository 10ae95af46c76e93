"""The command palettes (Ctrl+P, and Textual's theme palette): one at a time, from the views.

Opening rules: a palette is pushed only from the views (never over the picker, the help or
another palette), and never while the last one is still closing (its widgets still mounted:
Textual would find two ``--command-palette`` ids). The palette itself is
:class:`tui.reader.commands.SturdyCommandPalette`, dismissed once; its commands are the reader's
(:class:`tui.reader.commands.BriefingCommands`) and Textual's, less those below. Textual's
palette module is imported when a palette first opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.reader.base import ReaderBase

if TYPE_CHECKING:
    from textual.app import SystemCommand
    from textual.screen import Screen


class Palettes(ReaderBase):
    """Opening the command palettes."""

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, only from the views (never over another screen), and
        never while the last one is still closing (one palette at a time)."""
        from textual.command import CommandPalette

        from tui.reader.commands import SturdyCommandPalette

        last = self._palette
        if (self.use_command_palette and len(self.screen_stack) == 1
                and not CommandPalette.is_open(self)  # type: ignore[arg-type]
                and (last is None or not (last.is_running or last.is_attached))):
            self._palette = SturdyCommandPalette(id="--command-palette")
            self.push_screen(self._palette)

    def search_themes(self) -> None:
        """The palette of themes (Textual's "Theme" command): the reader's sturdy palette, from
        the views only, as the commands' own."""
        from textual.theme import ThemeProvider

        from tui.reader.commands import SturdyCommandPalette

        if len(self.screen_stack) == 1:
            self.push_screen(SturdyCommandPalette(providers=[ThemeProvider],
                                                  placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands, less those the reader has its own way to, or that do
        what a reader should not on a stray Enter: Quit (q, Ctrl+Q), Keys (the help, ?) and
        Screenshot (it writes a file in the downloads folder)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys", "Screenshot"):
                yield command
