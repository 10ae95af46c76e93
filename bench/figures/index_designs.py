"""``index_designs``: candidate search index designs side by side on the real-vocabulary corpus.

Each design (:mod:`bench.designs`) is built, in a fresh interpreter of its own, from the same
records (:mod:`bench.records`) of the first 100,000 statements (quick mode) or of 100,000 and
1,000,000 statements (full mode) of the generated 10,000-file real-vocabulary library, then gets
every query of :data:`REAL_QUERIES` typed a character at a time (each prefix is one timed
keystroke: the count of matches and the first 50 rows). Figures per design and size: build
time, keystroke median and p99, RSS growth over the build (heap trimmed after), peak RSS growth
during it, and the size of its saved form on disk. Every design must agree on every keystroke's
count: a disagreement is an error, not a figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from ..harness import REPO, Context, Measurement, Skipped, figure
from ._reader import percentile
from .app_load import PROBE_LOOP, cpu_probe

FILES = 10_000
STATEMENTS_PER_FILE = 100

REAL_QUERIES: tuple[tuple[str, str], ...] = (
    # In the first 100,000 statements: "government" is in 13%, "people" 2.8%, "negotiations"
    # 0.016%, "indefatigable" in one, "jurgen" (for "Jürgen") 0.6%, "bedzie" ("będzie") 0.05%.
    ("common word", "government"),
    ("common word", "people"),
    ("rare word", "negotiations"),
    ("rare word", "indefatigable"),
    ("accent-free name", "jurgen"),
    ("accent-free word", "bedzie"),
    ("several words", "we will not support"),
    ("several words", "people of the world"),
    ("phrase", '"united states"'),
    ("phrase", '"of the"'),
    ("filter", "speaker:jurgen"),
    ("filter", "kind:direct people"),
    ("filter", "country:france war"),
    ("filters", "country:de kind:direct government"),
    ("no match", "quokka"),
)


REPEATED = {"roaring-lazy", "tui-warm"}
"""Designs run three times (full mode) at every size; the others once at 1,000,000 statements."""
APPROXIMATE = {"tantivy": "a prefix matches only its first 50 words (max_expansions)"}
"""Designs whose counts may differ, and why: their figures are reported with a note."""


def keystrokes(queries=REAL_QUERIES) -> list[tuple[str, str]]:
    return [(kind, text[:end]) for kind, text in queries for end in range(1, len(text) + 1)]


_WORKER = """
import json, sys
from bench.figures.index_designs import measure
print(json.dumps(measure(**json.loads(sys.argv[1]))))
"""


def measure(design: str, records: str, statements: int, scratch: str) -> dict:
    """Build one design and type the queries into it, in this (fresh) process."""
    import gc

    from bench.designs import BitmapIndex, ProjectIndex, make
    from bench.figures.search import _trim
    from bench.records import read_records
    from tui.search.query import parse_query

    from ._reader import peak_rss_mb, rss_mb

    folder = Path(scratch)
    folder.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    rows = list(read_records(Path(records), statements))
    index = None
    if design == "tui":  # segments, as the cache entries would give them
        index = make(design, folder)
        index.prepare(rows)
    read_seconds = time.perf_counter() - began
    _trim()
    before = rss_mb()
    peak_before = peak_rss_mb()
    saved = folder / f"roaring-{statements}.postings"
    snapshot = folder / f"tui-{statements}.snapshot"
    began = time.perf_counter()
    if design == "roaring-lazy":
        index = BitmapIndex.load_lazy(saved)
    elif design == "tui-warm":
        index = ProjectIndex.restore(snapshot)
    else:
        index = index or make(design, folder)
        index.build(rows)
    build = time.perf_counter() - began
    gc.collect()
    _trim()
    after = rss_mb()  # the records (and segments) still held, as before the build
    peak = peak_rss_mb()
    del rows
    if hasattr(index, "release"):
        index.release()
    if design in ("roaring-lazy", "tui-warm"):
        disk = 0  # what roaring and tui saved
    else:  # roaring's and tui's are what roaring-lazy and tui-warm read
        target = {"roaring": saved, "tui": snapshot}.get(design, folder / f"{design}-{statements}")
        disk = index.save(target)
    times, counts = [], []
    clock = time.perf_counter
    for _kind, prefix in keystrokes():
        query = parse_query(prefix)
        began = clock()
        count, _rows = index.search(query)
        times.append(clock() - began)
        counts.append(count)
    typed = rss_mb()
    return {"build": build, "read": read_seconds, "rss": after - before, "typed": typed - before,
            "peak": max(0.0, peak - max(peak_before, before)), "disk": disk, "times": times,
            "counts": counts}


def _run(design: str, records: Path, statements: int, scratch: Path, ctx: Context) -> dict:
    options = {"design": design, "records": str(records), "statements": statements,
               "scratch": str(scratch)}
    argv = [sys.executable, "-c", _WORKER, json.dumps(options)]
    done = subprocess.run(argv, cwd=REPO, stdout=subprocess.PIPE, text=True,
                          stderr=None if ctx.verbose else subprocess.DEVNULL)
    if done.returncode != 0:
        return {"error": f"exited {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _available(design: str) -> str | None:
    module = {"roaring": "pyroaring", "roaring-lazy": "pyroaring", "tantivy": "tantivy"}.get(design)
    if module is None:
        return None
    try:
        __import__(module)
    except ImportError:
        return f"{module} is not installed (pip install {module})"
    return None


@figure("index_designs", quick=False,
        description="candidate index designs (int bitmaps, roaring, FTS5, Tantivy) on the "
                    "real-vocabulary corpus: build, keystroke median/p99, RSS, disk")
def index_designs(ctx: Context):
    from bench.designs import designs
    from bench.records import records_file

    try:
        library = ctx.library(FILES, STATEMENTS_PER_FILE, vocabulary="real")
    except RuntimeError as error:  # no wordfreq
        raise Skipped(str(error)) from None
    ctx.log("reading the statements' records (once per library) ...")
    began = time.perf_counter()
    records = records_file(library.folder)
    ctx.log(f"records ready in {time.perf_counter() - began:.1f} s")
    sizes = (100_000,) if ctx.quick else (100_000, 1_000_000)
    keys = keystrokes()
    probes: list[float] = []
    for statements in sizes:
        label = f"{statements // 1000}k"
        expected: list[int] | None = None
        for design in designs():
            missing = _available(design)
            if missing:
                ctx.log(f"{design}: skipped, {missing}")
                continue
            if design == "ints" and statements > 200_000:
                ctx.log("ints: not run at 1,000,000 statements (it needed 2.6 GB at 200,000)")
                continue
            runs = (ctx.runs(quick=1, full=3) if statements <= 100_000 or design in REPEATED
                    else 1)
            ctx.log(f"{design} at {statements:,} statements ({runs} run(s)) ...")
            results = []
            for _run_number in range(runs):
                probes.append(cpu_probe())
                result = _run(design, records, statements, ctx.scratch / label, ctx)
                if "error" in result:
                    raise RuntimeError(f"{design} at {statements:,}: {result['error']}")
                results.append(result)
                counts = result["counts"]
                if expected is None:
                    expected = counts
                wrong = [keys[n][1] for n, (a, b) in enumerate(zip(counts, expected, strict=True))
                         if a != b]
                agreement = "counts agree with the others" if not wrong else (
                    f"counts differ on {len(wrong)} of {len(keys)} keystrokes, e.g. {wrong[:3]}")
                if wrong and design not in APPROXIMATE:
                    raise RuntimeError(f"{design} at {statements:,}: {agreement}")
                times = [t * 1000 for t in result["times"]]
                worst = max(range(len(times)), key=times.__getitem__)
                result.update(median=percentile(times, 0.5), p99=percentile(times, 0.99),
                              worst=f"{keys[worst][1]!r} {times[worst]:.1f} ms")
                ctx.log(f"  build {result['build']:.1f} s, median {result['median']:.2f} ms, "
                        f"p99 {result['p99']:.1f} ms (slowest {result['worst']}), RSS "
                        f"+{result['rss']:.0f} MB (peak +{result['peak']:.0f}, after typing "
                        f"+{result['typed']:.0f}), disk {result['disk'] / 1e6:.0f} MB")
            name = f"index_designs.{label}.{design}"

            def column(key: str, scale: float = 1.0) -> list[float]:
                return [result[key] * scale for result in results]  # noqa: B023

            yield Measurement(f"{name}.build", column("build"), "s",
                              note=f"records read beforehand in {results[0]['read']:.1f} s")
            yield Measurement(f"{name}.median", column("median"), "ms",
                              note=f"{len(keys)} keystrokes; {agreement}")
            yield Measurement(f"{name}.p99", column("p99"), "ms",
                              note="slowest " + "; ".join(r["worst"] for r in results))
            yield Measurement(f"{name}.rss", column("rss"), "MB",
                              note=f"after the build, trimmed; peak during it "
                                   f"+{max(column('peak')):.0f} MB; after typing "
                                   f"+{max(column('typed')):.0f} MB")
            if design not in ("roaring-lazy", "tui-warm"):  # theirs is roaring's and tui's
                yield Measurement(f"{name}.disk", column("disk", 1e-6), "MB")
    yield Measurement("index_designs.cpu_probe", probes, "s",
                      note=f"{PROBE_LOOP:,}-step Python loop before each run (the machine's "
                           f"speed at the time; see app_load.cpu_probe)")
