"""Modal screens closed once: the rule every screen pushed over the views follows.

Textual's ``Screen.dismiss`` pops the screen on top of the stack, whichever it is. A key or a
message handled by a modal screen after it has already been dismissed (a second Enter in the
command palette, say, both queued before the first was handled) would pop the screen below it:
the views themselves (``ScreenStackError``) or a screen a command pushed meanwhile.
:class:`DismissOnce` makes a second dismiss, or one while another screen is on top, do nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.await_complete import AwaitComplete

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object


class DismissOnce(_Base):
    """Mix in before the screen class: ``class HelpScreen(DismissOnce, ModalScreen[None])``."""

    _dismissed = False

    @property
    def dismissed(self) -> bool:
        """The screen has been dismissed (it may still be on its way out)."""
        return self._dismissed

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self._dismissed or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)
