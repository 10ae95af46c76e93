"""Terminal input on its way to the reader: in batches from the input thread, and dropped once
the reader quits, so that no backlog of keys ever delays quitting.

Textual reads the terminal in a thread of its own and posts each key to the event loop. Two
things made Ctrl+Q wait behind a burst of keys (a fast typist, a paste, 1,000 random keys):
each post woke the loop with a system call, after which the input thread waited a switch
interval for the interpreter lock, per key, while the loop was busy; and Ctrl+Q, once read,
was handled after every key queued before it. Here the keys go into an inbox that wakes the
loop once per batch, Ctrl+Q is noticed as it is posted, and from then on (or once an exit has
begun) the keys and clicks still queued are dropped (:meth:`Inbox.dropped`).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import events

from tui.reader import keys
from tui.reader.base import ReaderBase

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.message import Message

_INPUT = (events.Key, events.MouseEvent, events.Paste)


class Inbox(ReaderBase):
    """The reader's input, batched, and dropped once quitting."""

    def post_message(self, message: Message) -> bool:
        """Input from the terminal's thread goes through an inbox, and Ctrl+Q is noticed as it
        arrives, before the keys queued ahead of it are handled (those are then dropped, see
        on_event).

        Textual posts each key from its input thread with a wake-up of the event loop, a
        system call that lets go of the interpreter lock; while the loop is busy (a burst of
        keys, a paste), getting it back costs the input thread a switch interval per key, so
        the terminal's input, Ctrl+Q with it, was read seconds late. The inbox wakes the loop
        once per batch instead, and the input thread keeps up.
        """
        if isinstance(message, events.Key) and message.key in keys.QUIT_KEYS:
            self.quit_pending = True
        loop = self._loop
        if (loop is None or not isinstance(message, _INPUT)
                or threading.get_ident() == self._thread_id):
            return super().post_message(message)
        with self._inbox_lock:
            self._inbox.append(message)
            wake, self._inbox_waking = not self._inbox_waking, True
        if wake:
            loop.call_soon_threadsafe(self._take_inbox)
        return True

    def drop_queued_input(self) -> None:
        """Drop the keys and clicks queued but not handled yet (the reader is quitting: its
        exit comes next, not after them). Other messages keep their order."""
        with self._inbox_lock:
            self._inbox.clear()
        self.keep_queued(lambda message: not isinstance(message, _INPUT))

    def _take_inbox(self) -> None:
        """The input posted from the terminal's thread since the last wake-up, queued in order."""
        with self._inbox_lock:
            taken = list(self._inbox)
            self._inbox.clear()
            self._inbox_waking = False
        for message in taken:
            super().post_message(message)

    def exit(self, result: int | None = None, return_code: int = 0,
             message: RenderableType | None = None) -> None:
        """Exit (from a quit key, a signal, a test's end): the input still queued is dropped
        from now on (see on_event)."""
        self.quit_pending = True
        super().exit(result, return_code, message)

    def dropped(self, event: events.Event) -> bool:
        """A key or click to drop: the reader is quitting (all but the quit key itself), or
        closing with no screen left to take it."""
        if not isinstance(event, (events.Key, events.MouseEvent)):
            return False
        if not self.screen_stack:
            return True
        return self.quit_pending and not (isinstance(event, events.Key)
                                          and event.key in keys.QUIT_KEYS)
