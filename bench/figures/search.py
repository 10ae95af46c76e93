"""``search``: the quote search per keystroke, in-process, at 1,000 / 10,000 / 100,000 statements.

Every query is typed a character at a time: each prefix ("j", "ju", "jur", ...) is one timed
keystroke, ``SearchIndex.search(parse_query(prefix))`` plus reading the first 50 rows
(``results.hits(0, 50)``), as the reader does on each key. The index caches the unions of
prefixes it has seen, so every run types the queries into a freshly built index (the build is
timed too): each run is a first session of typing, never a replay.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
from pathlib import Path

from ..harness import REPO, Context, Measurement, figure
from ._reader import environment, load_note, percentile, reader_cache, rss_mb

STATEMENTS_PER_FILE = 100
SIZES = (10, 100, 1000)
"""Files (x 100 statements): 1,000, 10,000 and 100,000 statements."""

QUICK_BUILD_LIMIT = 20.0
"""In quick mode, 100,000 statements are measured only if their build is estimated below this."""

ROWS_READ = 50

# (kind, query). Words come from the generator's vocabulary (bench/generate.py); in a
# 10,000-statement library "minister" is in 46% of statements, "ceasefire" in 11%,
# "kowalczyk" in 0.04%, "jurgen" (typed for "Jürgen") in 0.4%.
QUERIES: tuple[tuple[str, str], ...] = (
    ("common word", "minister"),
    ("common word", "ceasefire"),
    ("rare word", "kowalczyk"),
    ("accent-free name", "jurgen"),
    ("several words", "we will not support"),
    ("several words", "decision on sanctions"),
    ("phrase", '"ground troops"'),
    ("phrase", '"risk of escalation"'),
    ("filter", "speaker:jurgen"),
    ("filter", "kind:direct sanctions"),
    ("filter", "country:france ceasefire"),
    ("filters", "country:de kind:direct sanctions"),
    ("no match", "zebra"),
)


def keystrokes() -> list[tuple[str, str]]:
    """Every prefix of every query, in typing order: ``(kind, prefix)``."""
    return [(kind, text[:end]) for kind, text in QUERIES for end in range(1, len(text) + 1)]


def _label(statements: int) -> str:
    return f"{statements // 1000}k" if statements >= 1000 else str(statements)


def type_queries(index, keys: list[tuple[str, str]]) -> list[float]:
    """Seconds per keystroke: search the prefix and read the first rows."""
    from tui.search.query import parse_query

    times = []
    clock = time.perf_counter
    for _kind, prefix in keys:
        began = clock()
        results = index.search(parse_query(prefix))
        results.hits(0, ROWS_READ)
        times.append(clock() - began)
    return times


_WORKER = """
import json, sys
from bench.figures.search import measure
print(json.dumps(measure(**json.loads(sys.argv[1]))))
"""


def _trim() -> None:
    """Collect garbage and give free heap memory back to the OS (glibc), so that the RSS
    growth over a build counts the pages the index touches, even those the allocator reuses."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def measure(quick: bool, repeat: int | None, library_folder: str) -> dict:
    """The measurements, in this process: meant to run in a fresh interpreter (see below)."""
    from tui.library.cache import load_cached
    from tui.search.index import SearchIndex

    ctx = Context(quick=quick, repeat=repeat)
    paths = sorted(Path(library_folder).glob("*.yaml"))
    documents = []
    load_seconds = 0.0

    def load_up_to(files: int) -> None:
        nonlocal load_seconds
        if len(documents) >= files:
            return
        cache = reader_cache()
        ctx.log(f"loading {files} files through tui.library.cache (BRIEFING_CACHE_DIR={cache}) ...")
        began = time.perf_counter()
        with environment(BRIEFING_CACHE_DIR=str(cache)):
            documents.extend(load_cached(path) for path in paths[len(documents):files])
        load_seconds += time.perf_counter() - began

    keys = keystrokes()
    sizes = list(SIZES)
    runs = {files: ctx.runs(quick=3, full=5) for files in sizes}
    runs[max(sizes)] = ctx.runs(quick=1, full=3)
    builds: dict[int, list[float]] = {files: [] for files in sizes}
    memory: dict[int, float] = {}
    medians: dict[int, list[float]] = {files: [] for files in sizes}
    p99s: dict[int, list[float]] = {files: [] for files in sizes}
    slowest: dict[int, tuple[float, str]] = {}
    worst_by_kind: dict[int, dict[str, float]] = {}
    skipped = ""

    # Load what the first round needs before any build, so that builds do not reuse memory
    # freed by loading (the largest size is loaded once its build is known to fit).
    load_up_to(SIZES[-2])
    for run in range(max(runs.values())):
        for files in list(sizes):
            if run >= runs[files]:
                continue
            if files == max(SIZES) and ctx.quick and run == 0:
                estimate = 10 * min(builds[SIZES[-2]])
                if estimate > QUICK_BUILD_LIMIT:
                    sizes.remove(files)
                    skipped = (f"100k not measured in quick mode: its build is estimated at "
                               f"{estimate:.0f} s (> {QUICK_BUILD_LIMIT:.0f} s)")
                    ctx.log(skipped)
                    continue
            load_up_to(files)
            chosen = documents[:files]
            _trim()
            before = rss_mb()
            began = time.perf_counter()
            index = SearchIndex.of_documents(chosen)
            builds[files].append(time.perf_counter() - began)
            if run == 0:
                gc.collect()
                memory[files] = rss_mb() - before
            times = type_queries(index, keys)
            medians[files].append(percentile(times, 0.5) * 1000)
            p99s[files].append(percentile(times, 0.99) * 1000)
            for (kind, _prefix), seconds in zip(keys, times, strict=False):
                by_kind = worst_by_kind.setdefault(files, {})
                by_kind[kind] = max(by_kind.get(kind, 0.0), seconds * 1000)
            worst = max(range(len(times)), key=times.__getitem__)
            if times[worst] * 1000 > slowest.get(files, (0.0, ""))[0]:
                slowest[files] = (times[worst] * 1000, keys[worst][1])
            ctx.log(f"{files * STATEMENTS_PER_FILE:>7,} statements, run {run + 1}/{runs[files]}: "
                    f"build {builds[files][-1]:.2f} s, keystroke median {medians[files][-1]:.2f} ms, "
                    f"p99 {p99s[files][-1]:.1f} ms")
            del index
    for files in sizes:
        kinds = sorted(worst_by_kind[files].items(), key=lambda item: -item[1])
        ctx.log(f"slowest keystroke by kind at {files * STATEMENTS_PER_FILE:,} statements: "
                + ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in kinds))
    ctx.log(f"documents loaded through the cache in {load_seconds:.1f} s (untimed setup)")
    return {"sizes": sizes, "builds": builds, "memory": memory, "medians": medians,
            "p99s": p99s, "slowest": slowest, "skipped": skipped, "keys": len(keys),
            "load_seconds": load_seconds}


@figure("search", quick=True,
        description="per-keystroke quote search + first 50 rows at 1k/10k/100k statements; "
                    "index build time and memory")
def search(ctx: Context):
    library = ctx.library(max(SIZES), STATEMENTS_PER_FILE)
    note_load = load_note()
    # A fresh interpreter: the heap and the garbage collector are not those left by the
    # figures run before (an in-process reader of 100,000 statements, say).
    options = {"quick": ctx.quick, "repeat": ctx.repeat, "library_folder": str(library.folder)}
    argv = [sys.executable, "-c", _WORKER, json.dumps(options)]
    done = subprocess.run(argv, cwd=REPO, stdout=subprocess.PIPE, text=True,
                          stderr=None if ctx.verbose else subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"the search measurement exited {done.returncode}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    keys = result["keys"]
    for files in result["sizes"]:
        key = str(files)
        statements = files * STATEMENTS_PER_FILE
        label = _label(statements)
        worst_ms, worst_key = result["slowest"][key]
        where = f"{statements:,} statements ({files} files)"
        yield Measurement(f"search.{label}.median", result["medians"][key], "ms",
                          note=f"{where}: median of {keys} keystrokes (search + first "
                               f"{ROWS_READ} rows) per run; {note_load}")
        yield Measurement(f"search.{label}.p99", result["p99s"][key], "ms",
                          note=f"{where}: p99 of the keystrokes per run; slowest "
                               f"{worst_key!r} {worst_ms:.1f} ms")
        yield Measurement(f"search.{label}.build", result["builds"][key], "s",
                          note=f"SearchIndex(documents) over {where}")
        note = "RSS growth over the first build (fresh process, heap trimmed before)"
        if files == SIZES[-2] and result["skipped"]:
            note += "; " + result["skipped"]
        yield Measurement(f"search.{label}.index_rss", [result["memory"][key]], "MB", note=note)
