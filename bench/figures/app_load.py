"""``app_load``: launch to first paint, and to everything searchable, in a real terminal.

The installed ``briefing`` is run on a folder of N generated briefings (100 statements each) in
tmux (120x40, a private server started beforehand). Its last briefing has a marker word in one
statement (see ``_reader.marked_library``). Per run:

* first paint: launch until the first briefing's title (its first 30 characters) or the
  picker's header ``Briefings (`` is on screen, whichever comes first (with several files the
  picker opens over the first briefing);
* searchable: then ``/`` (the search field, from the view or from the picker, which it
  closes; sent again if the field has not appeared after a second) and the marker word; until
  the count line reads ``1 of ...``. Before the index is built the results list shows "Loading
  the search index…", so this is launch to every file loaded and indexed, plus a user's two
  keystrokes. (Until 2026-11-28 the picker was closed with Escape first, which costs Textual's
  escape-key delay, about 0.14 s, and a frame.)

Cold runs start with an empty ``BRIEFING_CACHE_DIR``; the warm run after each cold one reuses
the cache it filled. (The files are in the OS page cache either way.) Every run ends with
Ctrl+Q and waits for the reader to exit, as a user's session does: a library of ten files or
more has its snapshot written once its index is in use, and a warm start reads it. At the
largest size, the peak RSS (``VmHWM``) of the reader's process is read before it is ended.

Before each launch a fixed pure-Python loop is timed (``app_load.cpu_probe``): this machine is
shared, and its speed drifts (the same loop took 0.23 s and 0.37 s an hour apart on
2026-11-28), so the absolute times are to be read beside it.
"""

from __future__ import annotations

import statistics
import time

from ..harness import Context, Measurement, Skipped, figure
from ._reader import (
    COLUMNS,
    MARKER,
    ROWS,
    Tmux,
    briefing_command,
    last_lines,
    line_starting,
    load_note,
    marked_library,
    peak_rss_mb,
    python_pid,
    title_of,
    which,
)

TIMEOUT = 300.0
PROBE_LOOP = 10_000_000


def cpu_probe() -> float:
    """Seconds for a fixed pure-Python loop: the same work at every call, so its time shows
    how fast the (shared) machine is at the moment; absolute figures are read beside it."""
    began = time.perf_counter()
    sum(range(PROBE_LOOP))
    return time.perf_counter() - began
FIELD_WAIT = 1.0
"""Seconds to wait for the search field after ``/`` before sending it again."""


def _one_run(ctx: Context, tmux: Tmux, name: str, folder, files: int, title: str,
             cache, state, *, peak: bool) -> dict:
    """One launch: first paint, searchable, and (if asked) the peak RSS."""
    env = {"BRIEFING_CACHE_DIR": str(cache), "BRIEFING_STATE_DIR": str(state)}
    command = briefing_command()
    began = tmux.launch(name, [str(command), str(folder)], env)
    try:
        frame: list[float] = []

        def painted(screen: str) -> bool:
            if not frame and ("loading…" in screen or title in screen
                              or "Briefings (" in screen):
                frame.append(time.perf_counter() - began)
            return title in screen or "Briefings (" in screen

        first, screen = tmux.wait_for(name, painted, began, TIMEOUT, poll=0.005)
        what = "picker" if "Briefings (" in screen and title not in screen else "title"
        if files > 1 and "Briefings (" not in screen:
            tmux.wait_for(name, lambda s: "Briefings (" in s, began, TIMEOUT, poll=0.01)
        sent = 0
        while True:
            tmux.send(name, "/")
            sent += 1
            try:
                tmux.wait_for(name, lambda s: "Search quotes:" in s, time.perf_counter(),
                              FIELD_WAIT, poll=0.01)
                break
            except RuntimeError:
                if sent >= 10:
                    raise
        tmux.send(name, MARKER, literal=True)

        def searchable(screen: str) -> bool:
            if line_starting(screen, "0 results"):
                raise RuntimeError(f"{MARKER!r} not found: {last_lines(screen)}")
            return line_starting(screen, "1 of ")

        ready, screen = tmux.wait_for(name, searchable, began, TIMEOUT, poll=0.01)
        rss = peak_rss_mb(python_pid(tmux.pid(name))) if peak else None
        tmux.quit(name)  # the library snapshot is saved on the way out, for the warm run
    finally:
        tmux.close(name)
    return {"first": first, "frame": frame[0] if frame else first, "what": what,
            "ready": ready, "rss": rss, "slash": sent}


@figure("app_load", quick=True,
        description="`briefing DIR` in tmux: launch to first paint and to searchable, "
                    "cold and warm cache, 1/100/1,000 briefings (quick: 1/100)")
def app_load(ctx: Context):
    if not which("tmux"):
        raise Skipped("tmux is not installed")
    if briefing_command() is None:
        raise Skipped("no 'briefing' command next to the interpreter")
    sizes = (1, 100) if ctx.quick else (1, 100, 1000)
    folders = {files: marked_library(ctx, files) for files in sizes}
    titles = {files: title_of(sorted(folders[files].glob("*.yaml"))[0]) for files in sizes}
    note_load = load_note()
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[key] = str(ctx.scratch / "xdg" / key.lower())
    tmux = Tmux(env)
    runs = ctx.runs(quick=2, full=3)
    results: dict[tuple[int, str], list[dict]] = {}
    probes: list[float] = []
    try:
        tmux.start()
        # Untimed warm-up (page cache; finds a reader that does not start).
        warm_up = _one_run(ctx, tmux, "warm-up", folders[1], 1, titles[1],
                           ctx.scratch / "cache-warm-up", ctx.scratch / "state-warm-up",
                           peak=False)
        ctx.log(f"warm-up: first paint {warm_up['first']:.2f} s, searchable "
                f"{warm_up['ready']:.2f} s")
        for run in range(runs):
            for files in sizes:
                cache = ctx.scratch / f"cache-{files}-{run}"
                for mode in ("cold", "warm"):
                    probes.append(cpu_probe())
                    outcome = _one_run(ctx, tmux, f"{mode}-{files}-{run}", folders[files],
                                       files, titles[files], cache,
                                       ctx.scratch / f"state-{files}-{run}-{mode}",
                                       peak=files == max(sizes))
                    results.setdefault((files, mode), []).append(outcome)
                    rss = f", peak RSS {outcome['rss']:.0f} MB" if outcome["rss"] else ""
                    ctx.log(f"run {run + 1}/{runs}, {files} briefing(s), {mode}: first paint "
                            f"{outcome['first']:.2f} s ({outcome['what']}), searchable "
                            f"{outcome['ready']:.2f} s{rss}; cpu probe {probes[-1]:.2f} s")
    finally:
        tmux.stop()

    size = f"tmux {COLUMNS}x{ROWS}"
    for files in sizes:
        for mode in ("cold", "warm"):
            outcomes = results[(files, mode)]
            shown = sorted({o["what"] for o in outcomes})
            frames = statistics.median(o["frame"] for o in outcomes)
            yield Measurement(
                f"app_load.first_paint.{files}.{mode}", [o["first"] for o in outcomes], "s",
                note=f"{files} x 100 statements, {mode} cache, {size}: launch to "
                     f"{' or '.join(shown)} on screen (first frame, 'loading…': "
                     f"{frames:.2f} s); {note_load}")
            yield Measurement(
                f"app_load.searchable.{files}.{mode}", [o["ready"] for o in outcomes], "s",
                note="launch to '1 of' for a word only in the last file")
    big, small = max(sizes), min(sizes)
    ratios = [b["first"] / s["first"]
              for mode in ("cold", "warm")
              for b, s in zip(results[(big, mode)], results[(small, mode)], strict=False)]
    yield Measurement(f"app_load.first_paint_ratio.{big}/{small}", ratios, "x",
                      note=f"first paint with {big} briefings / with {small}, per run, "
                           "cold and warm")
    yield Measurement("app_load.cpu_probe", probes, "s",
                      note="a fixed pure-Python loop timed before each launch: how fast this "
                           "shared machine was (its speed drifts by half within an hour)")
    for mode in ("cold", "warm"):
        yield Measurement(
            f"app_load.peak_rss.{big}.{mode}", [o["rss"] for o in results[(big, mode)]], "MB",
            note=f"VmHWM of the reader with {big} briefings ({big * 100:,} statements) loaded "
                 "and indexed")
