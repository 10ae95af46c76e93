"""Keys one at a time, in the order typed (rule 1 of :mod:`tui.reader.keys`).

The inbox (:mod:`tui.reader.inbox`) brings the terminal's input to the event loop in batches,
notices Ctrl+Q as it arrives and drops what is queued once the reader quits; the app's
``on_event`` then hands each key to :meth:`KeyTurns.queue_key`: the :class:`KeyQueue` holds
it until the key before it, and that key's bubbling, have been handled, and sends it to the
widget that has the focus when its turn comes. A key waits in one place at a time: the inbox,
Textual's queue of the app, or this queue (dropped from there too once quitting).
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING

from textual import events

from tui.reader.keys import QUIT_KEYS

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.reader.base import ReaderBase

    _Reader = ReaderBase
else:  # the reader's state (base.py) holds a KeyQueue: no import of it at run time
    _Reader = object


class KeyQueue:
    """Every key from the terminal, handled one at a time in the order typed (rules 1 and 4).

    Textual hands a key to the focused widget's own message queue, and bubbles it up through
    its containers' queues to the app, where bindings run. Two keys in flight at once can pass
    each other: ``/`` reaches the app and focuses the search field while the letters typed
    after it are still climbing from the view that had the focus; or a key typed while the
    views are being mounted is handled before the keys kept from the first frame. So the app
    lets one key in flight at a time: the next leaves this queue only once the previous one,
    and its bubbling, have been handled everywhere (see :class:`KeyTurns`), and none
    leaves before the views exist. Each is then sent to the widget that has the focus when it
    leaves. Ctrl+Q is never queued.
    """

    STUCK_SECONDS = 2.0
    """A key not done after this long (its widget removed meanwhile, say) no longer holds the
    others back."""

    def __init__(self) -> None:
        self.keys: deque[events.Key] = deque()
        """Keys waiting their turn, oldest first."""
        self.open = False
        """Keys may leave (the views are mounted)."""
        self.busy = False
        """A key is in flight."""
        self.flight = 0
        """The number of the key in flight (or of the last one)."""
        self._since = 0.0

    def hold(self, event: events.Key) -> bool:
        """A key from the terminal: True if it must wait its turn (it is queued), False if it
        leaves now (it is then in flight, unless it is Ctrl+Q)."""
        if event.key in QUIT_KEYS:
            return False
        if self.open and not self.busy and not self.keys:
            self._leave()
            return False
        self.keys.append(event)
        return True

    def done(self, flight: int) -> events.Key | None:
        """Key number ``flight`` was handled: the next key, which leaves now (None: no key
        waits, keys may not leave yet, or ``flight`` is not the key in flight)."""
        if flight != self.flight:
            return None
        self.busy = False
        if not (self.open and self.keys):
            return None
        self._leave()
        return self.keys.popleft()

    def clear(self) -> None:
        """Drop the keys waiting (the reader is quitting: they would only delay it)."""
        self.keys.clear()

    def stuck(self) -> bool:
        """The key in flight has been so long that it no longer counts."""
        return self.busy and time.monotonic() - self._since > self.STUCK_SECONDS

    def _leave(self) -> None:
        self.busy = True
        self.flight += 1
        self._since = time.monotonic()


class KeyTurns(_Reader):
    """The app's side of the :class:`KeyQueue`: keys sent one at a time."""

    async def queue_key(self, event: events.Key) -> None:
        """A key from the terminal: sent now if it is its turn, else it waits in the queue."""
        if not self.key_queue.hold(event):
            await self._send_key(event)

    async def _send_key(self, event: events.Key) -> None:
        """Hand a key to the focused widget (Textual's way), then let the next one go once it
        and its bubbling have been handled by every queue on its way up."""
        target = self.focused or self.screen
        flight = self.key_queue.flight
        await super().on_event(event)
        if event.key not in QUIT_KEYS:
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
            if self.screen_stack and self.screen is not screen and self.screen.call_later(done):
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
        none is): the next one goes. Once quitting, the keys waiting are dropped instead."""
        queue = self.key_queue
        if self.quit_pending or not self.is_running or not self.screen_stack:
            queue.clear()
            return
        if flight is None:
            if queue.busy and not queue.stuck():
                return
            flight = queue.flight
        following = queue.done(flight)
        if following is not None:
            await self._send_key(following)
