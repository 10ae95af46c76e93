"""The reader's session across runs: reopen the last briefing, view and country; quit saving it.

What is remembered, and how it is stored, is :mod:`tui.reader.state`; this is the reader's
side: when to restore (as soon as the briefing last shown has loaded) and what to save, on a
quit key or on SIGTERM and SIGHUP (then with the status 128 + the signal's number).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from textual.events import Event

from tui.reader.base import ReaderBase
from tui.reader.keys import VIEW_IDS

if TYPE_CHECKING:  # the state module is imported after the first frame
    from textual.driver import Driver
    from textual.message import Message

    from tui.reader.state import ReaderState

QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))
"""Signals that quit the reader as Ctrl+Q does (the terminal restored, the state saved)."""
HAND_OFF_SECONDS = 0.25
"""A quit waits this long for a snapshot being written before handing it off."""
SIGNAL_EXIT_SECONDS = 3.0
"""After such a signal, the process ends this long after the state was saved at the latest."""
_VIEW_MESSAGE_MODULES = ("tui.reader.", "textual.widgets.")
"""Where the messages that the views and their widgets post are defined."""


class Session(ReaderBase):
    """Restoring and saving the reader's state."""

    def restore_session(self, start: int) -> bool:
        """Reopen the last run's briefing, view and country if it is among documents[start:].

        Once a key was typed, only the briefing is reopened, and only before another is shown
        (the start): the view and country the keys chose are theirs."""
        saved = self.saved
        if saved is None or not (saved.briefing_path or saved.briefing_id):
            return False
        number = self.documents.number_of(
            Path(saved.briefing_path) if saved.briefing_path else None, saved.briefing_id,
            start=start)
        if number is None:
            return False
        self.saved = None
        if self.keys_typed and start:
            return False  # the user is reading a briefing already: not another under them
        if self._picker is not None:
            self._picker.dismiss(number)
        self.open_document(number, view=None)
        if self.keys_typed:  # the keys typed so far act where they were meant to
            return True
        document = self.document
        if document is not None and (saved.country is not None or saved.view == "countries"):
            self.countries_view.show(document, select=saved.country)
        self.action_view(saved.view if saved.view in VIEW_IDS else "summary")
        return True

    def remember_search(self, query: str) -> None:
        """Put ``query`` first in the recent searches."""
        from tui.reader.state import ReaderState

        self.searches = ReaderState(searches=self.searches).with_search(query).searches

    def current_state(self) -> ReaderState:
        """What to remember of this run."""
        from tui.reader.state import ReaderState

        document = self.document
        entry = self.countries_view.entry
        return ReaderState(
            briefing_path=str(document.path.resolve()) if document else None,
            briefing_id=document.briefing.id if document else None,
            view=self.tabs.active or "summary",
            country=entry.code if entry else None,
            searches=self.searches,
            theme=self.theme,
        )

    async def action_quit(self) -> None:
        """Quit, remembering where the reader was."""
        self.quit_saving()

    def quit_saving(self, return_code: int = 0) -> None:
        """Save the state (once the views exist) and exit with ``return_code``."""
        self.quit_pending = True
        if self._state_saved:  # quitting already (the quit key seen as read, then handled)
            self.exit(return_code=return_code)
            return
        if not self.ready:
            # In the first frames there is nothing new to remember: quit without saving or
            # mounting the rest.
            self.quitting = True
            if self.ends_process:
                self.end_process_now(return_code)
            self.exit(return_code=return_code)
            self.drop_queued_input()
            return
        from tui.reader.state import save_state

        query = self.quotes_view.query_input.value
        if query.strip():
            self.remember_search(query)
        self.exit_notice = save_state(self.current_state(), wait_for_disk=not self.ends_process)
        self._state_saved = True
        self.exit(return_code=return_code)
        self.drop_queued_input()
        if self.ends_process:
            # The process ends next: what is queued or at work is for a session that is over
            # (a palette's search over a palette being closed failed on its missing list).
            self.workers.cancel_all()
            self._drop_queued_messages()

    _state_saved = False

    def _handle_exception(self, error: Exception) -> None:
        """Textual's handling of an unhandled error (status 1, the traceback printed after the
        exit), except once the state is saved and the process is ending (:attr:`ends_process`):
        then the session is over, and a widget still at work on the way out can fail on a
        screen half closed (a palette's search started by a key typed just before Ctrl+Q found
        no list: status 1, and 0.3 s to render its traceback, after a clean quit)."""
        if self.ends_process and self._state_saved:
            self.late_errors.append(error)  # said in one line once the terminal is restored
            return
        super()._handle_exception(error)

    def quit_key_read(self) -> None:
        """Called from the terminal's input thread as the quit key is read (see
        :mod:`tui.reader.driver`): quit at the event loop's next turn, ahead of whatever is
        queued before the key (keys, the views' messages, repaints)."""
        loop = self._loop
        if loop is not None and not self._exit:
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(self._quit_on_key)

    def _quit_on_key(self) -> None:
        if self._exit or not self.is_running:
            return
        with self._context():
            try:
                self.quit_saving()
            except Exception as error:  # noqa: BLE001 - as from a message handler
                self._handle_exception(error)

    # ------------------------------------------------------------------ the exit

    ends_process = False
    """The process ends once the reader has quit (set by :func:`tui.reader.run.run_reader`;
    not in tests): the widgets are not taken down one by one at the exit (see _shutdown)."""

    def get_driver_class(self) -> type[Driver]:
        """The terminal's driver: the reader's own on Linux and macOS (:mod:`tui.reader.driver`:
        its input thread stops at once when quitting), else Textual's."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is not LinuxDriver:
            return driver
        from tui.reader.driver import ReaderDriver

        return ReaderDriver

    async def _on_message(self, message: Message) -> None:
        """Textual's dispatch, less the views' messages once Textual takes the screens down
        at the exit (a test's end; the reader's own exit skips it, see _shutdown): a view that
        handled a last key meanwhile (Enter on a result, a cell) posts a message that finds
        no views to act on. Textual stops running first, then removes the screens."""
        if not self.is_running and not isinstance(message, Event) and (
                type(message).__module__.startswith(_VIEW_MESSAGE_MODULES)):
            return
        await super()._on_message(message)

    def _drop_queued_messages(self) -> None:
        """Drop everything queued for the app but the exit (:attr:`ends_process` only: nothing
        queued matters once the state is saved and the process ends next)."""
        from textual.messages import ExitApp

        self.keep_queued(lambda message: message is None or isinstance(message, ExitApp))

    def exit_status(self) -> int:
        """The exit status: the one asked for, and never 0 after an unhandled exception
        (Textual then sets ``return_code`` 1)."""
        return self.return_code or self.return_value or 0

    def say_exit_notice(self) -> None:
        """What the user should know once the terminal is theirs again (the state could not
        be saved, say), on standard error."""
        if self.exit_notice:
            print(f"briefing: {self.exit_notice}", file=sys.stderr)

    def end_process(self, return_code: int) -> NoReturn:
        """End the process now (:attr:`ends_process` only; the terminal is restored): the exit
        notice said, standard output and error flushed, no interpreter teardown (see
        ``tui.cli._left``), and no waiting for thread workers (the story finder, the file
        watcher: nothing of theirs outlives the process)."""
        self.say_exit_notice()
        for error in self.late_errors:
            from tui.format.sanitize import printable

            print(printable(f"briefing: after the state was saved, on the way out: "
                            f"{type(error).__name__}: {error}"), file=sys.stderr)
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
        os._exit(return_code)

    def end_process_now(self, return_code: int) -> None:
        """Restore the terminal and end the process (:attr:`ends_process` only), for a quit in
        the first frames: nothing to save yet, and Textual's exit while the views are still
        being mounted could fail on a widget half mounted (``No Tab with id
        '--content-tab-summary'``: status 1 and a traceback after the quit). The loader's
        worker processes die with the reader (see :mod:`tui.library.worker`)."""
        import threading

        # Should the terminal be gone (a hangup), writing to it can block: end anyway.
        watchdog = threading.Timer(SIGNAL_EXIT_SECONDS, os._exit, args=(return_code,))
        watchdog.daemon = True
        watchdog.start()
        self.workers.cancel_all()
        driver = self._driver
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.stop_application_mode()
            with contextlib.suppress(Exception):
                driver.close()  # what it still had to write, written
        self.end_process(return_code)

    async def _shutdown(self) -> None:
        """Textual's shutdown, short when the process ends next (:attr:`ends_process`).

        By now the state is saved (:meth:`quit_saving`), the workers are cancelled and the
        terminal's modes are restored (Textual's ``stop_application_mode``). Textual then
        removes every screen and widget, each with its unmount handlers (5-160 ms after a long
        session), and ``asyncio.run`` waits for every thread worker (the file watcher looks at
        its stop flag every 80 ms; the story finder can take seconds in a large library), for
        a process about to end. When the process ends next, the driver is closed (what it has
        still to write, written), the errors kept are printed, a snapshot of the library being
        written is waited for (:attr:`snapshot_due`) for at most :data:`HAND_OFF_SECONDS`,
        then handed to a process of its own (:func:`tui.library.saver.hand_off`: at a million
        statements it takes the better part of a minute), and the process ends.
        """
        if not self.ends_process:
            await super()._shutdown()
            return
        import asyncio

        self._begin_batch()  # no more layout or repaint
        self._running = False
        driver = self._driver
        if driver is not None:
            driver.disable_input()
            driver.close()
        self._print_error_renderables()
        deadline = time.monotonic() + HAND_OFF_SECONDS
        while self.snapshot_due and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        if self.snapshot_due:  # still being written, or not begun: a process of its own
            from tui.library.saver import hand_off

            hand_off(self.snapshot_files)
        self.end_process(self.exit_status())

    # ------------------------------------------------------------------ signals

    handle_signals = False
    """Quit on SIGTERM and SIGHUP (set by :func:`tui.reader.run.run_reader`; not in tests,
    where the loop is pytest's)."""

    def on_mount(self) -> None:
        if not self.handle_signals:
            return
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.quit_on_signal, signum)

    def on_unmount(self) -> None:
        if not self.handle_signals:
            return
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)

    def quit_on_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: quit as Ctrl+Q does (the state saved, the terminal restored),
        with the conventional status, 128 + the signal's number. A second signal while the
        first is being handled kills the reader as the signal would."""
        if self._signalled:
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)
            return
        self._signalled = True
        self.quit_saving(128 + signum)
        # After a hangup the terminal is gone, and Textual's shutdown can block writing to it
        # (its writer thread dies on the error, and closing waits on its full queue). The state
        # is saved already: if the exit has not happened by then, it happens anyway.
        import threading

        watchdog = threading.Timer(SIGNAL_EXIT_SECONDS, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()

    _signalled = False

    def search_again(self, query: str) -> None:
        """Run a recent search again."""
        self.action_view("quotes")
        self.quotes_view.query_input.value = query
