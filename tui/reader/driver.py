"""The reader's terminal driver: Textual's own (Linux, macOS), with an input thread that stops
at once and terminal input handed to the app's inbox.

Two costs of Textual's ``LinuxDriver`` sat between Ctrl+Q and the shell's prompt:

* Its input thread waits on the terminal with a 0.1 s timeout and, once told to stop, sleeps
  0.1 s more on an empty selector; quitting (and handing the terminal to the editor) joins
  that thread, which took 0.1-0.2 s of every quit. Here a pipe wakes the thread as soon as
  input is disabled, and it ends without the extra sleep.
* Each key was sent to the event loop as a coroutine of its own, one wake-up of the loop per
  key: behind a backlog (a paste, 1,000 keys typed fast), Ctrl+Q reached the app up to 0.3 s
  after it was read. Here the input goes through the app's ``post_message`` from the thread,
  where the inbox (:mod:`tui.reader.inbox`) batches it and notices Ctrl+Q as it is read.

And one cost of a backlog: the app hands each key to the focused widget at once, so a widget
slower than the typing (the command palette's field searches at every key) holds a queue of
its own, which the app's dropping of queued keys never reaches: Ctrl+Q waited up to 0.9 s
for it. When the quit key is read, the keys and clicks read before it that are still on their
way are marked not to be handled (``no_dispatch``), wherever they are queued.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from tui.reader.keys import QUIT_KEYS

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message

_INPUT = (events.Key, events.MouseEvent, events.Paste)
RECENT_INPUT = 4096
"""How many of the last keys and clicks read are remembered, to be dropped on a quit key."""


class _WakingEvent(threading.Event):
    """The input thread's stop flag: setting it also makes the thread's wait return."""

    def __init__(self) -> None:
        super().__init__()
        self.fd, self._wake = os.pipe()  # neither is inherited by child processes
        os.set_blocking(self.fd, False)
        os.set_blocking(self._wake, False)

    def set(self) -> None:
        super().set()
        if self._wake >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake, b"\0")

    def clear(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                while os.read(self.fd, 512):
                    pass
        super().clear()

    def close(self) -> None:
        """Close the pipe (the flag is still a flag, without the wake-up)."""
        for fd in (self.fd, self._wake):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fd = self._wake = -1


class ReaderDriver(LinuxDriver):
    """``LinuxDriver`` whose input thread can be stopped without waiting for a timeout."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self.exit_event: _WakingEvent = _WakingEvent()
        self._recent: deque[Message] = deque(maxlen=RECENT_INPUT)

    def send_message(self, message: Message) -> None:
        """From the input thread: to the app's ``post_message`` (thread-safe, batched by the
        inbox), not as a coroutine of its own per key; on the quit key, the input read before
        it is dropped wherever it waits."""
        quit_key = isinstance(message, events.Key) and message.key in QUIT_KEYS
        if quit_key:
            self.drop_recent_input()
        elif isinstance(message, _INPUT):
            self._recent.append(message)
        self._app.post_message(message)
        if quit_key:
            quit_key_read = getattr(self._app, "quit_key_read", None)
            if quit_key_read is not None:
                quit_key_read()  # the reader quits at once, ahead of what is queued

    def drop_recent_input(self) -> None:
        """Mark the keys and clicks read so far not to be handled, in whichever queue they
        wait (the app's, or a widget's it was handed to); those handled already are past it."""
        while self._recent:
            message = self._recent.popleft()
            with contextlib.suppress(AttributeError):
                message.no_dispatch = True  # type: ignore[misc]

    def run_input_thread(self) -> None:
        """Textual's input loop (``LinuxDriver.run_input_thread``), woken by the stop flag."""
        selector = selectors.SelectSelector()
        fileno = self.fileno
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(self.exit_event.fd, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        feed, tick = parser.feed, parser.tick
        decode = getincrementaldecoder("utf-8")().decode
        try:
            while not self.exit_event.is_set():
                for key, mask in selector.select(0.1):
                    if key.fd != fileno or not mask & selectors.EVENT_READ:
                        continue
                    text = decode(os.read(fileno, 1024 * 4))
                    if not text:  # standard input is a pipe, at its end
                        break
                    for event in feed(text):
                        self.process_message(event)
                for event in tick():
                    self.process_message(event)
            for event in tick():
                self.process_message(event)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _ in feed(""):
                    pass

    def close(self) -> None:
        super().close()
        self.exit_event.close()
