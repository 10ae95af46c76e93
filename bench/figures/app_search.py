"""``app_search``: keystroke to updated results on screen, in the reader, at 100,000 statements.

The library is 1,000 generated briefings x 100 statements. Three ways of measuring one keystroke
in the Quotes view (``3``), each typing the same queries a character at a time:

* ``tmux`` (the headline): the installed ``briefing`` in a real terminal (tmux, 120x40); time
  from just before ``tmux send-keys -l CHAR`` until ``capture-pane`` (polled, ~3 ms a capture)
  shows the new result count line. Only keystrokes that change the count line are timed (the
  expected line of each prefix comes from the in-process run).
* ``direct``: in-process (``App.run_test``, headless), the key event is posted to the app and
  the time taken until the search ran and a forced repaint (``pilot.pause(0)``) completed. No
  terminal I/O, so this is the app's own cost.
* ``pilot``: in-process, ``pilot.press(key)`` then a wait for the ``#result-count`` text to
  change and ``pilot.pause()``: as asked, but Textual's pilot waits for the process to go idle
  in steps of 20 ms (three such waits per key), so this figure has a floor of about 60 ms
  that is not the reader's.

Passes after the first replay the same queries on the same index (its prefix cache is warm;
with this vocabulary that saves microseconds, not the phrase scans that dominate).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from ..harness import REPO, Context, Measurement, figure
from ._reader import (
    COLUMNS,
    ROWS,
    Tmux,
    briefing_command,
    environment,
    has_line,
    last_lines,
    load_note,
    percentile,
    reader_cache,
    which,
)

FILES, STATEMENTS = 1000, 100
LOAD_TIMEOUT = 300.0
KEY_TIMEOUT = 10.0

QUERIES = (
    "jurgen",
    "ground troops",
    '"risk of escalation"',
    "kind:direct sanctions",
    "country:france ceasefire",
    "zebra",
)
"""Typed one character at a time, the field cleared (ctrl+u) before each."""


def _stats(name: str, passes: list[list[float]], note: str) -> list[Measurement]:
    """Median and p99 per pass (ms) as two measurements."""
    passes = [p for p in passes if p]
    if not passes:
        return []
    keys = len(passes[0])
    return [
        Measurement(f"{name}.median", [percentile(p, 0.5) * 1000 for p in passes], "ms",
                    note=f"{note}; {keys} keystrokes per pass"),
        Measurement(f"{name}.p99", [percentile(p, 0.99) * 1000 for p in passes], "ms",
                    note=f"slowest {max(max(p) for p in passes) * 1000:.0f} ms"),
    ]


# ------------------------------------------------------------------------------ in-process


async def _in_process(ctx: Context, files: list[Path], pilot_passes: int,
                      direct_passes: int) -> dict:
    """Type the queries in a headless reader; labels of every prefix and the timings."""
    from textual import events
    from textual.css.query import NoMatches
    from textual.keys import _character_to_key
    from textual.widgets import Static

    from tui.library.files import quick_title
    from tui.reader.app import BriefingApp

    app = BriefingApp(files, restore=True, title_hint=quick_title(files[0]))
    out: dict = {"labels": {}, "pilot": [], "direct": []}
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        began = time.perf_counter()
        while True:
            try:
                index = app.quotes_view.index
            except NoMatches:
                index = None
            if index is not None:
                break
            if time.perf_counter() - began > LOAD_TIMEOUT:
                raise RuntimeError(f"no search index after {LOAD_TIMEOUT:.0f} s")
            await asyncio.sleep(0.05)
        out["ready"] = time.perf_counter() - began
        ctx.log(f"in-process reader searchable after {out['ready']:.1f} s")
        await pilot.press("escape")  # the picker, opened over several briefings
        await pilot.press("3")
        view = app.quotes_view
        if app.focused is not view.query_input:
            raise RuntimeError(f"'3' did not focus the search field (focus: {app.focused!r})")
        counter = view.query_one("#result-count", Static)

        def label() -> str:
            return str(counter.content)

        async def clear() -> None:
            await pilot.press("ctrl+u")
            await pilot.pause()
            if view.query_input.value:
                raise RuntimeError("ctrl+u did not clear the search field")

        out["empty"] = label()

        for _ in range(pilot_passes):
            times = []
            for query in QUERIES:
                await clear()
                for end in range(1, len(query) + 1):
                    before, results = label(), view.results
                    start = time.perf_counter()
                    await pilot.press(query[end - 1])
                    while label() == before and view.results is results:
                        if time.perf_counter() - start > KEY_TIMEOUT:
                            raise RuntimeError(f"no search after typing {query[:end]!r}")
                        await asyncio.sleep(0.001)
                    await pilot.pause()
                    times.append(time.perf_counter() - start)
                    out["labels"][query[:end]] = label()
            out["pilot"].append(times)

        driver = app._driver
        for _ in range(direct_passes):
            times = []
            for query in QUERIES:
                await clear()
                for end in range(1, len(query) + 1):
                    char = query[end - 1]
                    key = char if char.isalnum() else _character_to_key(char)
                    results = view.results
                    start = time.perf_counter()
                    driver.send_message(events.Key(key, char))
                    while view.results is results:
                        if time.perf_counter() - start > KEY_TIMEOUT:
                            raise RuntimeError(f"no search after typing {query[:end]!r}")
                        await asyncio.sleep(0)
                    await pilot.pause(0)  # every pending message handled, then a repaint
                    times.append(time.perf_counter() - start)
                    if view.query_input.value != query[:end]:
                        raise RuntimeError(f"typed {query[:end]!r}, field holds "
                                           f"{view.query_input.value!r}")
                    out["labels"][query[:end]] = label()
            out["direct"].append(times)
        out["statements"] = len(view.index)
    return out


_WORKER = """
import json, sys
from bench.figures.app_search import run_in_process
print(json.dumps(run_in_process(**json.loads(sys.argv[1]))))
"""


def run_in_process(folder: str, pilot_passes: int, direct_passes: int, cache: str, state: str,
                   verbose: bool) -> dict:
    """:func:`_in_process` in this interpreter (meant to be a fresh one), for JSON."""
    ctx = Context(verbose=verbose)
    try:
        files = sorted(Path(folder).glob("*.yaml"))
        with environment(BRIEFING_CACHE_DIR=cache, BRIEFING_STATE_DIR=state):
            return asyncio.run(_in_process(ctx, files, pilot_passes, direct_passes))
    finally:
        ctx.close()


# ------------------------------------------------------------------------------ tmux


def _tmux(ctx: Context, folder: Path, labels: dict[str, str], empty: str,
          passes: int) -> tuple[list[list[float]], float, int]:
    """Type the queries into the installed reader in tmux; seconds per timed keystroke."""
    command = briefing_command()
    assert command is not None
    state = ctx.scratch / "app-search-state"
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor",
           "BRIEFING_CACHE_DIR": str(reader_cache()), "BRIEFING_STATE_DIR": str(state)}
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[key] = str(ctx.scratch / "xdg" / key.lower())
    tmux = Tmux(env)
    name = "search"
    all_passes: list[list[float]] = []
    untimed = 0
    try:
        tmux.start()
        began = tmux.launch(name, [str(command), str(folder)])
        tmux.wait_for(name, lambda s: "Briefings (" in s, began, LOAD_TIMEOUT, poll=0.01)
        tmux.send(name, "Escape")  # close the picker; wait, or Escape+3 reads as Alt+3
        tmux.wait_for(name, lambda s: "Briefings (" not in s, time.perf_counter(), KEY_TIMEOUT,
                      poll=0.01)
        tmux.send(name, "3")
        ready, _ = tmux.wait_for(name, lambda s: has_line(s, empty), began, LOAD_TIMEOUT,
                                 poll=0.01)
        ctx.log(f"reader in tmux searchable after {ready:.1f} s")
        for _ in range(passes):
            times = []
            for query in QUERIES:
                tmux.send(name, "C-u")
                tmux.wait_for(name, lambda s: has_line(s, empty), time.perf_counter(),
                              KEY_TIMEOUT)
                previous = empty
                for end in range(1, len(query) + 1):
                    prefix = query[:end]
                    expected = labels[prefix]
                    start = time.perf_counter()
                    tmux.send(name, prefix[-1], literal=True)
                    if expected == previous:
                        # The count line does not change: wait for the echo, untimed.
                        untimed += 1
                        tmux.wait_for(name, lambda s, p=prefix: p in s, start, KEY_TIMEOUT)
                        continue
                    try:
                        seconds, _ = tmux.wait_for(name, lambda s, e=expected: has_line(s, e),
                                                   start, KEY_TIMEOUT)
                    except RuntimeError as error:
                        raise RuntimeError(f"typed {prefix!r}, expected {expected!r}: "
                                           f"{error}") from None
                    times.append(seconds)
                    previous = expected
            all_passes.append(times)
            ctx.log(f"tmux pass: median {percentile(times, 0.5) * 1000:.1f} ms, "
                    f"max {max(times) * 1000:.0f} ms over {len(times)} keystrokes")
    except RuntimeError as error:
        screen, _ = tmux.screen(name) if tmux.started else ("", False)
        raise RuntimeError(f"tmux run: {error} (screen: {last_lines(screen)})") from None
    finally:
        tmux.stop()
    return all_passes, ready, untimed // max(1, passes)


@figure("app_search", quick=True,
        description="keystroke to updated results on screen in the reader at 100k statements "
                    "(tmux, and in-process)")
def app_search(ctx: Context):
    library = ctx.library(FILES, STATEMENTS)
    note_load = load_note()
    # The headless reader runs in a fresh interpreter: a reader of 100,000 statements in this
    # process would stay in its heap, and a child forked later inherits the peak RSS
    # (``ru_maxrss``) of its parent (load_library.peak_rss reads it).
    options = {"folder": str(library.folder), "pilot_passes": ctx.runs(quick=0, full=1),
               "direct_passes": ctx.runs(quick=1, full=3), "cache": str(reader_cache()),
               "state": str(ctx.scratch / "app-search-state-inprocess"),
               "verbose": ctx.verbose}
    done = subprocess.run([sys.executable, "-c", _WORKER, json.dumps(options)], cwd=REPO,
                          stdout=subprocess.PIPE, text=True,
                          stderr=None if ctx.verbose else subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"the in-process reader exited {done.returncode}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    statements = result["statements"]
    where = f"{statements:,} statements ({FILES} files)"

    tmux_passes: list[list[float]] = []
    tmux_reason = ""
    if not which("tmux"):
        tmux_reason = "tmux is not installed"
    elif briefing_command() is None:
        tmux_reason = "no 'briefing' command next to the interpreter"
    else:
        tmux_passes, _ready, untimed = _tmux(ctx, library.folder, result["labels"],
                                             result["empty"], ctx.runs(quick=1, full=3))
    if tmux_passes:
        yield from _stats("app_search.tmux", tmux_passes,
                          f"{where}, `briefing` in tmux {COLUMNS}x{ROWS}: send-keys to the new "
                          f"count on screen ({untimed} keys per pass leave it unchanged, "
                          f"untimed); {note_load}")
    else:
        ctx.log(f"app_search.tmux not measured: {tmux_reason}")
    yield from _stats("app_search.direct", result["direct"],
                      f"{where}, in-process headless: key event to search done and repainted")
    yield from _stats("app_search.pilot", result["pilot"],
                      f"{where}, pilot.press + count changed + pilot.pause(); includes "
                      "Textual's idle waits (>= 3 x 20 ms)")
    yield Measurement("app_search.ready", [result["ready"]], "s",
                      note="in-process: run_test start until the index is set (the reader "
                           "cache of earlier runs: cold after an edit of tui/)")
