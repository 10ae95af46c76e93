"""``quit``: Ctrl+Q after a backlog of 1,000 random keys, in a real terminal (tmux).

Each run opens the bundled library, waits for its briefing, sends 1,000 random keys (views,
movement, search, the palette, the picker, the help; never q, c or Ctrl+C) in four bursts as
fast as tmux takes them, then Ctrl+Q at once, and measures from Ctrl+Q sent until the reader's
exit status is written. Issue 17 asks for under 0.5 s, always.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from ..harness import Context, Measurement, Skipped, figure
from .startup import _title_text, _Tmux, _which

KEYS = ([str(n) for n in range(1, 7)] * 3
        + ["j", "k", "g", "G", "Enter", "Escape", "Tab", "BTab", "/", "s", "n", "N", "b", "?",
           "Up", "Down", "PageUp", "PageDown", "Home", "End", "Left", "Right", "BSpace", "Space",
           "C-p", "C-p", "Enter", "b", "?"] * 2
        + list("abdefhijklmnoprstuvwxyzGN"))


@figure("quit", quick=True,
        description="Ctrl+Q after a backlog of 1,000 random keys, in tmux, until the exit")
def quit_after_backlog(ctx: Context):
    if not _which("tmux"):
        raise Skipped("tmux is not installed")
    briefing = Path(sys.executable).parent / "briefing"
    if not briefing.exists():
        raise Skipped(f"no 'briefing' command next to {sys.executable}")
    title = _title_text()
    home = ctx.scratch / "xdg-quit"
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[key] = str(home / key.lower())
    tmux = _Tmux(env)
    samples: list[float] = []
    try:
        tmux.start()
        for run in range(ctx.runs(quick=5, full=20)):
            name = f"quit-{run}"
            status = ctx.scratch / f"quit-{run}.status"
            command = ["sh", "-c", f"'{briefing}'; echo $? > '{status}'"]
            seconds, screen = tmux.launch(name, command, title)
            if seconds is None:
                raise Skipped(f"the reader did not show {title!r}")
            keys = random.Random(run).choices(KEYS, k=1000)
            for start in range(0, len(keys), 250):
                tmux("send-keys", "-t", name, *keys[start : start + 250])
            began = time.perf_counter()
            tmux("send-keys", "-t", name, "C-q")
            while not status.exists() and time.perf_counter() - began < 30:
                time.sleep(0.005)
            samples.append(time.perf_counter() - began)
            tmux.close(name)
            ctx.log(f"run {run + 1}: {samples[-1]:.2f} s")
    finally:
        tmux.stop()
    yield Measurement("quit after 1,000 keys", samples, "s")
