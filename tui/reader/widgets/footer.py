"""The reader's footer: the keys that act in the view on screen, fitted to the width."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

WIDE = 100
"""Below this many columns the command palette's key is left out of the footer (Ctrl+P is in
the help, ``?``), so that the keys of every view fit at 80 columns."""


class ReaderFooter(Footer):
    """Textual's footer, without the palette's key when the terminal is narrow."""

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= WIDE
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.call_after_refresh(self.recompose)
