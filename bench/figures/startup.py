"""``startup``: launch to text on screen, in a real terminal (tmux), bare Textual vs ``briefing``.

Each run starts a tmux session running the program, then polls ``capture-pane`` every ~10 ms
until the expected text is on screen; the time is from just before the session starts. The
tmux server (a private socket of this process) is started before the first run, so its own
start-up is not counted. Runs are interleaved: bare, briefing, bare, briefing ...
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..harness import REPO, Context, Measurement, Skipped, figure
from ._reader import Tmux

COLUMNS, ROWS = 120, 40
POLL = 0.010
TIMEOUT = 30.0

BARE_APP = '''\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("READY")


if __name__ == "__main__":
    Bare().run()
'''


class _Tmux(Tmux):
    """The reader's private tmux server (:class:`._reader.Tmux`), launching a program until a
    text is on its screen."""

    def launch(self, name: str, argv: list[str], text: str) -> tuple[float | None, str]:
        """Seconds from launch until ``text`` is on screen, or None and the screen if it died."""
        env = [arg for key, value in self.env.items() for arg in ("-e", f"{key}={value}")]
        began = time.perf_counter()
        self("new-session", "-d", "-s", name, "-x", str(COLUMNS), "-y", str(ROWS), *env,
             "-c", str(REPO), *argv)
        screen = ""
        while True:
            out = self("capture-pane", "-p", "-t", name, ";",
                       "display-message", "-p", "-t", name, "#{pane_dead}", check=False).stdout
            now = time.perf_counter()
            screen, _, dead = out.rstrip("\n").rpartition("\n")
            if text in screen:
                return now - began, screen
            if dead.strip() == "1":
                return None, screen
            if now - began > TIMEOUT:
                return None, screen + f"\n(no {text!r} after {TIMEOUT:.0f} s)"
            time.sleep(POLL)

    def close(self, name: str) -> None:
        """End a session and wait (up to 5 s) for its program to be gone."""
        pid_text = self("display-message", "-p", "-t", name, "#{pane_pid}", check=False).stdout
        self("kill-session", "-t", name, check=False)
        try:
            pid = int(pid_text.strip())
        except ValueError:
            return
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                break
            time.sleep(0.02)
        time.sleep(0.05)


def _title_text() -> str:
    """The first 30 characters of the bundled briefing's title (what the reader must show)."""
    import yaml

    path = REPO / "briefings" / "nato-ground-troops" / "briefing.yaml"
    if not path.is_file():
        from tui.library.files import bundled_library

        path = bundled_library() / "nato-ground-troops" / "briefing.yaml"
    with path.open(encoding="utf-8") as handle:
        return str(yaml.safe_load(handle)["title"])[:30]


def _last_lines(screen: str, count: int = 2) -> str:
    lines = [line.strip() for line in screen.splitlines()
             if line.strip() and not line.startswith("Pane is dead")]
    return " | ".join(lines[-count:]) or "(blank screen)"


@figure("startup", quick=True,
        description="launch to text on screen in tmux: bare Textual app vs `briefing`")
def startup(ctx: Context):
    if not _which("tmux"):
        raise Skipped("tmux is not installed")
    briefing = Path(sys.executable).parent / "briefing"
    if not briefing.exists():
        raise Skipped(f"no 'briefing' command next to {sys.executable}")
    title = _title_text()
    bare_app = ctx.scratch / "bare_app.py"
    bare_app.write_text(BARE_APP, encoding="utf-8")
    home = ctx.scratch / "xdg"  # the reader's saved state and caches, apart from the user's
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[key] = str(home / key.lower())
    programs = {
        "bare": ([sys.executable, str(bare_app)], "READY"),
        "briefing": ([str(briefing)], title),
    }
    tmux = _Tmux(env)
    try:
        tmux.start()
        # Untimed warm-up of each (page cache, bytecode), which also finds a reader not built yet.
        for label, (argv, text) in programs.items():
            seconds, screen = tmux.launch(f"warm-{label}", argv, text)
            tmux.close(f"warm-{label}")
            if seconds is None:
                reason = f"'{' '.join(Path(a).name for a in argv)}' did not show {text!r}: " \
                         f"{_last_lines(screen)}"
                if label == "briefing":
                    raise Skipped(f"reader not available: {reason}")
                raise RuntimeError(reason)
        samples: dict[str, list[float]] = {label: [] for label in programs}
        runs = ctx.runs(quick=5, full=15)
        for run in range(runs):
            for label, (argv, text) in programs.items():
                name = f"{label}-{run}"
                seconds, screen = tmux.launch(name, argv, text)
                tmux.close(name)
                if seconds is None:
                    raise RuntimeError(f"{label} run {run + 1} failed: {_last_lines(screen)}")
                samples[label].append(seconds)
            ctx.log(f"run {run + 1}/{runs}: bare {samples['bare'][-1]:.3f} s, "
                    f"briefing {samples['briefing'][-1]:.3f} s")
    finally:
        tmux.stop()
    bare, reader = samples["bare"], samples["briefing"]
    size = f"{COLUMNS}x{ROWS} tmux"
    yield Measurement("startup.bare", bare, "s", note=f"minimal Textual app to 'READY', {size}")
    yield Measurement("startup.briefing", reader, "s",
                      note=f"`briefing` to the bundled briefing's title, {size}")
    yield Measurement("startup.ratio", [r / b for r, b in zip(reader, bare, strict=False)], "x",
                      note="briefing / bare, per interleaved pair")


def _which(program: str) -> bool:
    from shutil import which

    return which(program) is not None
