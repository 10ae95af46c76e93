"""Faults around the terminal: signals, a saved state that is a FIFO, a key backlog at quit.

After each fault the terminal must be as the shell left it (no alternate screen, the cursor
shown, mouse reporting off: tmux's own view of the pane), the state the user would have saved
on quitting must be saved, and the exit status must say what happened (128 + the signal).
The reader runs in tmux through ``shared/tools/tui-drive`` (see ``test_hostile_use``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from faults import RARE, library
from helpers import loaded
from terminal import BRIEFING, TMUX, Session, missing
from textual import events
from textual.app import App

from tui.reader.app import BriefingApp

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


class Reader(Session):
    """A reader in tmux whose state folder is ``folder/state`` (and PYTHONPATH passed on, so
    the code under test is the one run)."""

    def start(self, library: Path, size: str = "100x30",  # type: ignore[override]
              site: Path | None = None, **extra: str) -> None:
        command = (f"while [ ! -e '{self.go}' ]; do sleep 0.01; done; unset COLUMNS LINES; "
                   f"'{_briefing()}' '{library}'; echo $? > '{self.status}'; echo '{PROMPT}'; "
                   "exec sleep 120")
        env = [f"BRIEFING_STATE_DIR={self.folder / 'state'}", "VISUAL=true", "EDITOR=true",
               f"BRIEFING_CACHE_DIR={self.folder / 'cache'}", f"HOME={self.folder}",
               *(f"{name}={value}" for name, value in extra.items())]
        paths = [str(site)] if site else []
        if os.environ.get("PYTHONPATH"):
            paths.append(os.environ["PYTHONPATH"])
        if paths:
            env.append(f"PYTHONPATH={os.pathsep.join(paths)}")
        self.drive("start", self.name, "--size", size,
                   *[arg for kv in env for arg in ("--env", kv)], "--", "sh", "-c", command)
        self.tmux("pipe-pane", "-o", "-t", self.name, f"cat >> '{self.output}'")
        self.go.touch()

    def pid(self) -> int:
        """The reader's process (the shell's child)."""
        shell = subprocess.run([*TMUX, "display", "-p", "-t", self.name, "#{pane_pid}"],
                               capture_output=True, text=True, check=True).stdout.strip()
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def terminal(self) -> str:
        """tmux's view of the pane: alternate screen, cursor shown, any mouse reporting."""
        return subprocess.run(
            [*TMUX, "display", "-p", "-t", self.name,
             "alternate=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_any_flag}"],
            capture_output=True, text=True, check=True).stdout.strip()

    def exit_status(self, timeout: float = 20) -> int | None:
        deadline = time.monotonic() + timeout
        while not self.status.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not self.status.exists():
            return None
        time.sleep(0.1)
        return int(self.status.read_text().strip())

    def state(self) -> dict:
        return json.loads((self.folder / "state" / "state.json").read_text(encoding="utf-8"))


def _briefing() -> Path:
    return BRIEFING


RESTORED = "alternate=0 cursor=1 mouse=0"
PROMPT = "shell: the reader has ended"
"""What the shell prints once the reader's process has ended (its prompt is back)."""


@pytest.fixture
def reader(tmp_path):
    why = missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"end-to-end test cannot run in CI: {why}")
        pytest.skip(why)
    running = Reader(tmp_path)
    yield running
    subprocess.run([*TMUX, "kill-session", "-t", running.name], capture_output=True)


@pytest.fixture
def lib(tmp_path) -> Path:
    folder = tmp_path / "lib"
    library(folder, count=3)
    return folder


def _open_spain(reader: Reader, lib: Path) -> None:
    """Open the second briefing, its Countries view, on its second country (Spain)."""
    reader.start(lib)
    reader.wait("Briefing number 2")  # the picker
    reader.press("Down", "Enter")
    reader.wait("Bottom line")
    reader.press("2")
    reader.wait("Stances")
    reader.press("j")
    reader.wait("Ana López")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_saves_the_state_and_says_so(reader, lib, signum):
    """SIGTERM and SIGHUP left the terminal in the alternate screen with mouse reporting on
    and the cursor hidden, and the state (briefing, view, country) unsaved."""
    _open_spain(reader, lib)
    assert reader.terminal() != RESTORED  # the reader has the terminal
    os.kill(reader.pid(), signum)
    assert reader.exit_status() == 128 + signum, reader.screen()
    assert reader.terminal() == RESTORED, reader.screen()
    state = reader.state()
    assert (state["briefing_id"], state["view"], state["country"]) == ("b01", "countries", "ES")


def test_a_hangup_saves_the_state(reader, lib):
    """The terminal closed under the reader (tmux's session killed: SIGHUP, no terminal)."""
    _open_spain(reader, lib)
    pid = reader.pid()
    subprocess.run([*TMUX, "kill-session", "-t", reader.name], capture_output=True, check=True)
    deadline = time.monotonic() + 20
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if Path(f"/proc/{pid}").exists():
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the reader outlived its terminal")
    state = reader.state()
    assert (state["briefing_id"], state["view"], state["country"]) == ("b01", "countries", "ES")


def test_a_saved_state_that_is_a_fifo_neither_freezes_nor_blocks_quitting(reader, lib):
    """A state.json that is a FIFO froze the first frame, with Ctrl+Q and Ctrl+C dead."""
    (reader.folder / "state").mkdir()
    os.mkfifo(reader.folder / "state" / "state.json")
    reader.start(lib)
    ready = reader.drive("wait", reader.name, "Briefing number 2", "--timeout", "20",
                         check=False)
    reader.keys("C-q")
    status = reader.exit_status()
    if status is None:  # release the reader, so the session can end
        with open(reader.folder / "state" / "state.json", "wb"):
            pass
    assert ready and status == 0, reader.screen()
    assert reader.terminal() == RESTORED


# ---------------------------------------------------------------------- a snapshot at quit

SLOW_SAVE = """\
import os, time
if os.environ.get("BRIEFING_TEST_SLOW_SAVE") and not os.environ.get("BRIEFING_HANDED_OFF"):
    import tui.library.snapshot as snapshot
    def save(*args, **kwargs):
        time.sleep(3600)  # a million statements' snapshot, and then some
    snapshot.save = save
"""


def test_a_quit_while_the_snapshot_is_written_hands_it_off(reader, tmp_path):
    """A quit waited for the library's snapshot to be written: the better part of a minute at
    a million statements, with the terminal given back and no prompt. Now the process ends,
    and a process of its own writes the snapshot."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SLOW_SAVE, encoding="utf-8")
    folder = tmp_path / "lib"
    library(folder)  # enough files for a snapshot
    reader.start(folder, site=site, BRIEFING_TEST_SLOW_SAVE="1")
    reader.wait("Briefing number 2")
    reader.press("/")
    reader.type(RARE)
    reader.wait("1 of ")  # searchable: the snapshot is due, and its writing never ends here
    reader.keys("C-q")
    assert reader.exit_status() == 0, reader.screen()
    assert reader.terminal() == RESTORED
    snapshots = reader.folder / "cache"
    deadline = time.monotonic() + 60
    while not list(snapshots.glob("libraries-v*/*.index")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(snapshots.glob("libraries-v*/*.index")), "no snapshot was written"


# ---------------------------------------------------------------------------- a key backlog


async def test_keys_queued_before_ctrl_q_do_not_delay_quitting(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch):
    """Quitting took up to 5.1 s after 1,000 random keys: Ctrl+Q waited behind every key
    typed before it. Now the keys still queued when it arrives are dropped."""
    handled: list[str] = []
    real = App.on_event

    async def counting(self, event):
        if isinstance(event, events.Key) and not event.is_forwarded:
            handled.append(event.key)
        await real(self, event)

    monkeypatch.setattr(App, "on_event", counting)
    app = BriefingApp(sorted(library(tmp_path / "lib", count=3)), restore=False)
    burst = ["2", "j", "3", "k", "1", "4", "n", "5", "6", "tab"] * 100

    def type_ahead() -> None:  # from another thread, as the terminal's input arrives
        for key in [*burst, "ctrl+q"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))

    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        handled.clear()
        typist = threading.Thread(target=type_ahead)
        typist.start()
        typist.join()
        for _ in range(200):
            if not app.is_running:
                break
            await pilot.pause(0.02)
    assert "ctrl+q" in handled
    assert len(handled) < len(burst) // 2, f"{len(handled)} keys handled before quitting"


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("when", ["first paint", "ready"])
def test_ctrl_q_after_a_thousand_random_keys_ends_the_reader(reader, lib, when, seed):
    """Ctrl+Q sent right after 1,000 random keys (Ctrl+P, b, ? and Enter among them) in four
    bursts, at first paint (the views still being mounted) or once the picker is shown: every
    run ends, with status 0 (a quit in the first frames ended with status 1 and a traceback,
    "No Tab with id '--content-tab-summary'"; one just after a palette opened, with
    ``NoMatches('CommandList')``), the process gone, the shell's next command run on the
    normal screen, the terminal restored and, once the views were there, the state saved.
    How fast it ends is a bench figure (``python -m bench quit``), not asserted here."""
    from test_hostile_use import random_keys

    reader.start(lib)
    reader.wait("Briefing number 0" if when == "first paint" else "Briefing number 2")
    pid = reader.pid()
    keys = random_keys(1000, seed=seed)
    for start in range(0, len(keys), 250):
        reader.keys(*keys[start : start + 250])
    reader.keys("C-q")
    status = reader.exit_status()
    assert status == 0, reader.screen()
    assert not Path(f"/proc/{pid}").exists(), "the reader's process is still there"
    reader.wait(PROMPT)
    assert reader.terminal() == RESTORED, reader.screen()
    if when == "ready":
        assert reader.state()["view"], reader.state()
