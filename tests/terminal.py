"""A real terminal for end-to-end tests: the installed ``briefing`` in tmux, driven like a person.

Uses ``shared/tools/tui-drive`` (beside the repository), which runs a private tmux server.
The ``terminal`` fixture (conftest.py) gives a :class:`Session`; it skips where tmux or the
tool is missing, except in CI, where that is a failure.
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
    if not TUI_DRIVE.exists():
        return f"{TUI_DRIVE} not found"
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if not BRIEFING.exists():
        return f"{BRIEFING} is not installed"
    return None


class Session:
    """One ``briefing`` in one tmux session, with everything it writes recorded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"briefing-{uuid.uuid4().hex[:8]}"
        self.output = folder / "terminal.bin"
        self.status = folder / "status"
        self.go = folder / "go"

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
              env: dict[str, str] | None = None) -> None:
        """Start the reader on ``library`` (None: the bundled one; a relative name is taken
        in the session's folder) with ``args`` and ``env``; it starts once its output is
        being recorded."""
        # COLUMNS/LINES inherited from a test runner would override the terminal's real size.
        words = " ".join(f"'{word}'" for word in [*([str(library)] if library else []), *args])
        command = (
            f"while [ ! -e '{self.go}' ]; do sleep 0.01; done; unset COLUMNS LINES; "
            f"'{BRIEFING}' {words}; echo $? > '{self.status}'"
        )
        # e runs the editor: by default a stand-in that exits at once (keys typed meanwhile
        # must never land in vi); a test of the editor names its own.
        settings = {"BRIEFING_STATE_DIR": str(self.folder / "state"),
                    "BRIEFING_CACHE_DIR": str(self.folder / "cache"),
                    "VISUAL": "true", "EDITOR": "true", **(env or {})}
        options = [item for name, value in settings.items() for item in ("--env", f"{name}={value}")]
        self.drive("start", self.name, "--size", size, *options, "--", "sh", "-c", command)
        self.tmux("pipe-pane", "-o", "-t", self.name, f"cat >> '{self.output}'")
        self.go.touch()

    def keys(self, *keys: str) -> None:
        """Press keys (tmux key names), all in one go."""
        self.tmux("send-keys", "-t", self.name, *keys)

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
        return subprocess.run([sys.executable, str(TUI_DRIVE), "screen", self.name],
                              capture_output=True, text=True).stdout

    def assert_alive(self, doing: str) -> None:
        if self.status.exists() or not self.drive("alive", self.name, check=False):
            pytest.fail(f"briefing ended {doing}\n--- screen ---\n{self.screen()}")

    def exit_status(self, timeout: float = 15) -> int:
        """Wait for the reader to exit by itself; its exit status."""
        deadline = time.monotonic() + timeout
        while not self.status.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.status.exists(), f"briefing did not exit\n--- screen ---\n{self.screen()}"
        time.sleep(0.1)
        return int(self.status.read_text().strip())

    def quit(self, timeout: float = 20) -> int:
        """Escape, then q, until the reader exits (q may type into the search field)."""
        deadline = time.monotonic() + timeout
        while not self.status.exists() and time.monotonic() < deadline:
            self.press("Escape", "q")
            waited = time.monotonic() + 1.5
            while not self.status.exists() and time.monotonic() < waited:
                time.sleep(0.05)
        assert self.status.exists(), f"briefing did not quit\n--- screen ---\n{self.screen()}"
        time.sleep(0.1)
        return int(self.status.read_text().strip())

    def recorded(self) -> bytes:
        """Everything the app wrote (the pipe is closed first, so it is all there)."""
        subprocess.run([*TMUX, "pipe-pane", "-t", self.name], capture_output=True)
        time.sleep(0.2)
        return self.output.read_bytes()


def session_in(folder: Path):
    """A :class:`Session` in ``folder`` (a generator for fixtures: it is killed after)."""
    why = missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"end-to-end test cannot run in CI: {why}")
        pytest.skip(why)
    running = Session(folder)
    yield running
    subprocess.run([*TMUX, "kill-session", "-t", running.name], capture_output=True)
