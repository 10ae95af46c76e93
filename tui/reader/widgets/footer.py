"""The reader's footer: the keys that act in the view on screen, fitted to the width."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

WIDE = 100
"""Below this many columns the footer is compact and the command palette's key is left out of
it (Ctrl+P is in the help, ``?``), so that the keys of every view fit at 80 columns."""

LEAVE_OUT = ("go_back", "copy_statement", "edit", "pick")
"""Actions whose keys the footer leaves out, in this order, while it is still too wide (they
all still act, and the help lists them): Escape first, everyone's way back. The view's own
keys, ``/``, ``s``, ``?`` and ``q`` stay."""


class ReaderFooter(Footer):
    """Textual's footer, compact and without the palette's key when the terminal is narrow,
    and leaving out keys of :data:`LEAVE_OUT` when even that does not fit."""

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= WIDE
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.compact = not wide
            self.call_after_refresh(self.recompose)
        else:
            self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Leave out keys (see :data:`LEAVE_OUT`) until the rest fits in the width."""
        if not self.is_mounted:
            return
        # Widths, not places: places are stale until the next layout, widths are not.
        shown = [child for child in self.children if child.display]
        over = sum(child.outer_size.width + child.styles.margin.width for child in shown)
        over -= self.size.width
        for action in LEAVE_OUT:
            if over <= 0:
                return
            for key in shown:
                if isinstance(key, FooterKey) and key.action == action:
                    over -= key.outer_size.width + key.styles.margin.width
                    key.display = False
                    break
