"""A real terminal for end-to-end tests: the installed ``briefing`` in tmux, driven like a person.

Uses ``shared/tools/tui-drive`` (beside the repository or beside a worktree's folder; see
``helpers.TUI_DRIVE``), which runs a private tmux server. Keys are sent with tmux itself on
that server (one process per key is too slow to type at first paint). :func:`session_in` gives
a :class:`Session` to a fixture; it skips where tmux or the tool is missing, except in CI,
where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from helpers import TUI_DRIVE

ROOT = Path(__file__).resolve().parent.parent

BRIEFING = Path(sys.executable).parent / "briefing"
TMUX = ["tmux", "-L", "tui-drive"]  # tui-drive's own server, never the user's


def missing() -> str | None:
    """Why the terminal tests cannot run here (None: they can)."""
    if not TUI_DRIVE.exists():
        return f"{TUI_DRIVE} not found"
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if not BRIEFING.exists():
        return f"{BRIEFING} is not installed"
    return None


def skip_unless_possible() -> None:
    """Skip (fail in CI) when tmux, tui-drive or the installed command is missing."""
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"end-to-end test cannot run in CI: {reason}")
        pytest.skip(reason)


def search_field(screen: str) -> str | None:
    """The text in the search field (None: no search field on screen)."""
    lines = screen.splitlines()
    for number, line in enumerate(lines[:-1]):
        if line.lstrip("▊").startswith("▔"):
            return lines[number + 1].strip("▊▎ ")
    return None


class Session:
    """One ``briefing`` in one tmux session; with ``record`` (the default), everything it
    writes recorded."""

    def __init__(self, folder: Path, *, name: str = "briefing", state: Path | None = None,
                 cache: Path | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.name = f"{name}-{uuid.uuid4().hex[:8]}"
        self.output = folder / "terminal.bin"
        self.status = folder / "status"
        self.go = folder / "go"
        self.piped = folder / "piped"
        """Created once the recording's pipe has ended (everything written)."""
        self.state_dir = state or folder / "state"
        self.cache_dir = cache or folder / "cache"

    def drive(self, *args: str, check: bool = True, timeout: float = 30) -> bool:
        result = subprocess.run(
            [sys.executable, str(TUI_DRIVE), *args], capture_output=True, text=True,
            timeout=timeout, cwd=self.folder,
        )
        if check and result.returncode != 0:
            pytest.fail(f"tui-drive {' '.join(args)} failed: {result.stderr}\n"
                        f"--- screen ---\n{self.screen()}")
        return result.returncode == 0

    def tmux(self, *args: str) -> None:
        subprocess.run([*TMUX, *args], check=True, capture_output=True, timeout=30)

    def start(self, library: Path | str | None, size: str, *args: str,
              env: dict[str, str] | None = None, record: bool = True) -> None:
        """Start the reader on ``library`` (None: the bundled one; a relative name is taken
        in the session's folder) with ``args`` and ``env``. With ``record``, it starts once
        its output is being recorded."""
        # COLUMNS/LINES inherited from a test runner would override the terminal's real size.
        words = " ".join(f"'{word}'" for word in [*([str(library)] if library else []), *args])
        wait_for_go = f"while [ ! -e '{self.go}' ]; do sleep 0.01; done; " if record else ""
        command = (
            f"{wait_for_go}unset COLUMNS LINES; "
            f"'{BRIEFING}' {words}; echo $? > '{self.status}'"
        )
        # e runs the editor: by default a stand-in that exits at once (keys typed meanwhile
        # must never land in vi); a test of the editor names its own.
        settings = {"BRIEFING_STATE_DIR": str(self.state_dir),
                    "BRIEFING_CACHE_DIR": str(self.cache_dir),
                    "VISUAL": "true", "EDITOR": "true", **(env or {})}
        options = [item for name, value in settings.items() for item in ("--env", f"{name}={value}")]
        self.status.unlink(missing_ok=True)
        self.drive("start", self.name, "--size", size, *options, "--", "sh", "-c", command)
        if record:
            self.tmux("pipe-pane", "-o", "-t", self.name,
                      f"trap '' TERM HUP; cat >> '{self.output}'; touch '{self.piped}'")
            self.go.touch()

    def keys(self, *keys: str) -> None:
        """Press keys (tmux key names), all in one go."""
        self.tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        """Type ``text`` literally, in one go."""
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def type_each(self, text: str) -> None:
        """Type ``text`` a key at a time: one ``send-keys`` per key, chained in one tmux call,
        so each key reaches the program in a write of its own, as fast as a hand types (a tmux
        process per key would take tens of milliseconds on a busy machine)."""
        commands: list[str] = []
        for key in text:
            commands += [*([";"] if commands else []), "send-keys", "-t", self.name, "-l", key]
        self.tmux(*commands)

    def press(self, *keys: str) -> None:
        """Press keys like a person: a pause after Escape, which a terminal reads as the start
        of Alt+key when the next key follows at once."""
        pending: list[str] = []
        for key in keys:
            pending.append(key)
            if key == "Escape":
                self.keys(*pending)
                pending = []
                time.sleep(0.3)
        if pending:
            self.keys(*pending)

    def wait(self, text: str, timeout: float = 15) -> None:
        self.drive("wait", self.name, text, "--timeout", str(timeout))

    def screen(self) -> str:
        """The screen as plain text (tmux directly: a few milliseconds)."""
        return subprocess.run([*TMUX, "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True).stdout

    def wait_for(self, test, what: str, timeout: float = 20) -> str:
        """Poll the screen until ``test(screen)`` holds (or the reader ended); its last screen.
        Fails, showing the screen, if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            if self.status.exists() or time.monotonic() > deadline:
                ended = "the reader ended" if self.status.exists() else f"{timeout} s passed"
                pytest.fail(f"{what}: {ended}\n--- screen ---\n{screen}")
            time.sleep(0.005)

    def assert_alive(self, doing: str) -> None:
        if self.status.exists() or not self.drive("alive", self.name, check=False):
            pytest.fail(f"briefing ended {doing}\n--- screen ---\n{self.screen()}")

    def exited(self, timeout: float = 15) -> int | None:
        """The exit status once the reader has ended (None if it has not within ``timeout``)."""
        deadline = time.monotonic() + timeout
        while not self.status.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self.status.exists():
            return None
        for _ in range(100):  # the shell writes the status: wait for the whole line
            text = self.status.read_text().strip()
            if text:
                return int(text)
            time.sleep(0.01)
        return None

    def exit_status(self, timeout: float = 15) -> int:
        """Wait for the reader to exit by itself; its exit status."""
        status = self.exited(timeout)
        assert status is not None, f"briefing did not exit\n--- screen ---\n{self.screen()}"
        return status

    def quit(self, timeout: float = 20) -> int:
        """Ctrl+Q (it quits from anywhere); the exit status."""
        self.keys("C-q")
        status = self.exited(timeout)
        assert status is not None, f"briefing did not quit\n--- screen ---\n{self.screen()}"
        return status

    def recorded(self) -> bytes:
        """Everything the app wrote. The session is ended first (a pane whose program has
        exited cannot have its pipe closed), and the pipe's end waited for: its command ignores
        tmux's signal and reads to the end."""
        self.stop()
        deadline = time.monotonic() + 10
        while not self.piped.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.piped.exists(), "the recording did not end"
        return self.output.read_bytes()

    def stop(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)


def session_in(folder: Path):
    """A :class:`Session` in ``folder`` (a generator for fixtures: it is stopped after)."""
    skip_unless_possible()
    running = Session(folder)
    yield running
    running.stop()
