"""``quit``: Ctrl+Q after a backlog of 1,000 random keys, in a real terminal (tmux).

Each run opens a library, waits for it to be on screen, sends 1,000 random keys (views,
movement, search, the palette, the picker, the help; never q, c or Ctrl+C) in four bursts as
fast as tmux takes them, then Ctrl+Q at once, and measures from Ctrl+Q sent until the shell that
ran the reader has written its exit status (the process gone, the prompt back). Issue 17 asks
for under 0.5 s, always (the max of the runs); issue 16 the same at any library size.

* ``quit``: the bundled briefing, the keys sent as soon as its title is painted (the views are
  still being mounted: most runs quit in the first frames).
* ``quit.ready``: the same once the briefing is shown ("Bottom line" on screen).
* ``quit_library.N``: N generated briefings x 100 statements (1,000; quick: 100; and 10,000
  in ``quit_library_10k``, full mode only), warm cache, the keys sent once the picker is shown
  (``--fresh``: the last run's briefing is not reopened over it).

The editor is a stand-in (``true``): ``e`` hands the terminal to it. Every run's exit status
must be 0; the note says how many were not.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from ..harness import REPO, Context, Measurement, Skipped, figure
from .startup import _title_text, _Tmux, _which

KEYS = ([str(n) for n in range(1, 7)] * 3
        + ["j", "k", "g", "G", "Enter", "Escape", "Tab", "BTab", "/", "s", "n", "N", "b", "?",
           "Up", "Down", "PageUp", "PageDown", "Home", "End", "Left", "Right", "BSpace", "Space",
           "C-p", "C-p", "Enter", "b", "?"] * 2
        + list("abdefhijklmnoprstuvwxyzGN"))

EXIT_TIMEOUT = 30.0
"""A run whose reader has not exited this long after Ctrl+Q is reported as this long."""


def _runs(ctx: Context, label: str, *, library: Path | None, shown: str,
          extra_env: dict[str, str] | None = None, runs: int | None = None,
          fresh: bool = False):
    """``runs`` quits after 1,000 keys; the keys are sent once ``shown`` is on screen."""
    if not _which("tmux"):
        raise Skipped("tmux is not installed")
    briefing = Path(sys.executable).parent / "briefing"
    if not briefing.exists():
        raise Skipped(f"no 'briefing' command next to {sys.executable}")
    home = ctx.scratch / f"xdg-{label}"
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "VISUAL": "true",
           "EDITOR": "true", "BRIEFING_STATE_DIR": str(home / "state"), **(extra_env or {})}
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[key] = str(home / key.lower())
    tmux = _Tmux(env)
    samples: list[float] = []
    failed: list[str] = []
    arguments = (" --fresh" if fresh else "") + (f" '{library}'" if library else "")
    try:
        tmux.start()
        for run in range(runs if runs is not None else ctx.runs(quick=5, full=20)):
            name = f"{label}-{run}"
            status = ctx.scratch / f"{label}-{run}.status"
            command = ["sh", "-c", f"'{briefing}'{arguments}; echo $? > '{status}'"]
            seconds, screen = tmux.launch(name, command, shown)
            if seconds is None:
                raise Skipped(f"the reader did not show {shown!r}: {screen.strip()[-200:]}")
            keys = random.Random(run).choices(KEYS, k=1000)
            for start in range(0, len(keys), 250):
                tmux("send-keys", "-t", name, *keys[start : start + 250])
            began = time.perf_counter()
            tmux("send-keys", "-t", name, "C-q")
            while not status.exists() and time.perf_counter() - began < EXIT_TIMEOUT:
                time.sleep(0.002)
            samples.append(time.perf_counter() - began)
            time.sleep(0.05)
            code = status.read_text().strip() if status.exists() else "none (still running)"
            if code != "0":
                failed.append(f"run {run + 1}: status {code}")
            tmux.close(name)
            ctx.log(f"run {run + 1}: {samples[-1]:.3f} s, status {code}")
    finally:
        tmux.stop()
    note = (f"{len(failed)} of {len(samples)} runs did not exit with 0: {'; '.join(failed)}"
            if failed else f"all {len(samples)} runs exited with 0")
    return samples, note


@figure("quit", quick=True,
        description="Ctrl+Q after a backlog of 1,000 random keys, in tmux, until the exit")
def quit_after_backlog(ctx: Context):
    title = _title_text()
    samples, note = _runs(ctx, "quit", library=None, shown=title)
    yield Measurement("quit after 1,000 keys (at first paint)", samples, "s", note=note)
    samples, note = _runs(ctx, "quit-ready", library=None, shown="Bottom line")
    yield Measurement("quit.ready", samples, "s", note=note)


_WARM = r"""
import sys
from pathlib import Path
from tui.library.files import find_briefings
from tui.library.ingest import open_library
files, _ = find_briefings([Path(sys.argv[1])])
opened = open_library(files)
opened.save_snapshot()
print(opened.way, len(files))
"""


def _library_runs(ctx: Context, files: int, runs: int):
    library = ctx.library(files, 100)
    cache = ctx.scratch / f"quit-cache-{files}"
    ctx.log(f"filling the cache of {files} briefings (untimed) ...")
    done = subprocess.run([sys.executable, "-c", _WARM, str(library.folder)], cwd=REPO,
                          env=dict(os.environ, BRIEFING_CACHE_DIR=str(cache)),
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"filling the cache failed: {done.stderr.strip()[-300:]}")
    samples, note = _runs(ctx, f"quit-{files}", library=library.folder, shown="Briefings (",
                          extra_env={"BRIEFING_CACHE_DIR": str(cache)}, runs=runs, fresh=True)
    note = f"{files:,} briefings x 100 statements, warm cache; {note}"
    return Measurement(f"quit_library.{files}", samples, "s", note=note)


@figure("quit_library", quick=True,
        description="the same on 1,000 generated briefings (quick: 100), warm cache")
def quit_library(ctx: Context):
    yield _library_runs(ctx, 100 if ctx.quick else 1000, ctx.runs(quick=5, full=20))


@figure("quit_library_10k", quick=False,
        description="the same on 10,000 generated briefings (a cold fill of the cache first: "
                    "minutes)")
def quit_library_10k(ctx: Context):
    yield _library_runs(ctx, 10000, ctx.runs(quick=5, full=20))
