"""``open_library``: ``tui.library.ingest.open_library`` in-process, each of its three ways.

A fresh interpreter per run (so imports, caches and the heap start empty, as in the reader):

* ``cold``: an empty cache folder: every file parsed, validated and its evidence located, in
  worker processes (one per core), then the index merged and the snapshot written;
* ``entries``: the cache filled, the library snapshot deleted: every segment read from its
  entry and merged (what a start after adding one briefing costs, less that one briefing);
* ``snapshot``: nothing changed: the merged index read from the library's snapshot.

Each is timed from the call until it returns (searchable), imports included.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

from ..generate import LibraryInfo
from ..harness import REPO, Context, Measurement, figure

_SCRIPT = r"""
import json, sys, time
began = time.perf_counter()
from pathlib import Path
from tui.library.ingest import open_library
paths = sorted(Path(sys.argv[1]).glob("*.yaml"))
opened = open_library(paths)
seconds = time.perf_counter() - began
results = opened.index.search("people")  # the first keystrokes' worth of work
results.hits(0, 50)
searched = time.perf_counter() - began - seconds
peak_open = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1000
began_saving = time.perf_counter()
opened.save_snapshot()  # as the reader does, once the index is in use
saving = time.perf_counter() - began_saving
peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1000
print(json.dumps({"seconds": seconds, "way": opened.way, "searched": searched,
                  "saving": saving, "peak_open": peak_open, "peak": peak,
                  "statements": len(opened.index), "problems": len(opened.problems)}))
"""


_PARSE_SCRIPT = r"""
import json, subprocess, sys, time
began = time.perf_counter()
from pathlib import Path
from tui.library.pool import cores
paths = sorted(str(path) for path in Path(sys.argv[1]).glob("*.yaml"))
ways = cores()
part = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from tui.format.loader import read_text\n"
    "from tui.format.yaml_fast import fast_parse\n"
    "vouched = sum(fast_parse(read_text(Path(p))) is not None for p in json.loads(sys.stdin.read()))\n"
    "print(vouched)\n")
children = [subprocess.Popen([sys.executable, "-c", part], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True) for _ in range(ways)]
for number, child in enumerate(children):
    child.stdin.write(json.dumps(paths[number::ways]))
    child.stdin.close()
vouched = sum(int(child.stdout.read()) for child in children)
if any(child.wait() for child in children):
    raise SystemExit("a parsing process failed")
print(json.dumps({"seconds": time.perf_counter() - began, "files": len(paths),
                  "vouched": vouched, "ways": ways}))
"""
"""Parsing alone: every file read and parsed by the fast parser (as a cold load's workers
parse it), split over one process per core, imports and process starts included."""


def _parse_alone(folder) -> dict:
    done = subprocess.run([sys.executable, "-c", _PARSE_SCRIPT, str(folder)], cwd=REPO,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"parsing failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def open_once(folder, cache) -> dict:
    env = dict(os.environ, BRIEFING_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(folder)], cwd=REPO, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"open_library failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@figure("open_library", quick=True,
        description="in-process tui.library.ingest.open_library: cold (workers), from entries, from the "
                    "snapshot; 1,000 files (quick: 100)")
def open_library(ctx: Context):
    from tui.library.snapshot import FORMAT  # the snapshot folder is named by it
    files = 100 if ctx.quick else 1000
    library = ctx.library(files, 100)
    samples: dict[str, list[float]] = {"cold": [], "entries": [], "snapshot": []}
    for run in range(ctx.runs(quick=2, full=3)):
        cache = ctx.scratch / f"open-cache-{run}"
        for way in ("cold", "entries", "snapshot"):
            if way == "entries":
                shutil.rmtree(cache / f"libraries-v{FORMAT}", ignore_errors=True)
            result = open_once(library.folder, cache)
            expected = "snapshot" if way == "snapshot" else "entries"
            if result["way"] != expected or result["problems"]:
                raise RuntimeError(f"{way} run opened by {result['way']!r} "
                                   f"with {result['problems']} problems")
            samples[way].append(result["seconds"])
            ctx.log(f"run {run + 1}, {way}: {result['seconds']:.2f} s "
                    f"({result['statements']:,} statements)")
        shutil.rmtree(cache, ignore_errors=True)
    note = f"{files} files x 100 statements ({library.bytes / 1e6:.0f} MB), fresh interpreter"
    for way, values in samples.items():
        yield Measurement(f"open_library.{way}", values, "s", note=note)


def real_libraries(ctx: Context) -> Iterator[tuple[int, str, LibraryInfo]]:
    """The real-vocabulary libraries of 100,000 and 1,000,000 statements: files, label
    (``100k``, ``1000k``) and library; :class:`~bench.harness.Skipped` without wordfreq."""
    for files in (1000, 10000):
        try:
            library = ctx.library(files, 100, vocabulary="real")
        except RuntimeError as error:  # no wordfreq
            from ..harness import Skipped

            raise Skipped(str(error)) from None
        yield files, f"{files // 10}k", library


@figure("open_library_real", quick=False,
        description="open_library (cold, entries, snapshot) on the real-vocabulary corpus at "
                    "100,000 and 1,000,000 statements: time, peak RSS, snapshot size")
def open_library_real(ctx: Context):
    from tui.library.snapshot import FORMAT

    for files, label, library in real_libraries(ctx):
        cache = ctx.scratch / f"open-real-{files}"
        for path in library.folder.glob("*.yaml"):  # read once, untimed: no run reads a disk
            path.read_bytes()
        parsings = []
        for _ in range(3 if files <= 1000 else 2):
            parsed = _parse_alone(library.folder)
            parsings.append(parsed["seconds"])
            ctx.log(f"{files} files, parsing alone: {parsed['seconds']:.2f} s on "
                    f"{parsed['ways']} cores ({parsed['vouched']} vouched for by the fast path)")
        parsing = Measurement(f"open_library_real.{label}.parsing_alone", parsings, "s",
                              note=f"read and fast_parse of every file, {parsed['ways']} "
                                   f"processes (one per core), imports included; "
                                   f"{parsed['vouched']} of {parsed['files']} vouched for")
        yield parsing
        for way in ("cold", "entries", "snapshot"):
            if way == "entries":
                shutil.rmtree(cache / f"libraries-v{FORMAT}", ignore_errors=True)
            result = open_once(library.folder, cache)
            expected = "snapshot" if way == "snapshot" else "entries"
            if result["way"] != expected or result["problems"]:
                raise RuntimeError(f"{way} run opened by {result['way']!r} "
                                   f"with {result['problems']} problems")
            size = sum(path.stat().st_size
                       for path in (cache / f"libraries-v{FORMAT}").glob("*.index"))
            ctx.log(f"{files} files, {way}: open {result['seconds']:.2f} s, first search "
                    f"{result['searched'] * 1000:.1f} ms, peak RSS {result['peak_open']:.0f} MB "
                    f"open, {result['peak']:.0f} MB after saving ({result['saving']:.1f} s); "
                    f"snapshot {size / 1e6:.0f} MB")
            note = (f"{files} files x 100 real-vocabulary statements ({library.bytes / 1e6:.0f} "
                    f"MB), fresh interpreter; first search {result['searched'] * 1000:.1f} ms")
            yield Measurement(f"open_library_real.{label}.{way}", [result["seconds"]], "s",
                              note=note)
            if way == "cold":
                yield Measurement(f"open_library_real.{label}.cold_vs_parsing",
                                  [result["seconds"] / parsing.median], "x",
                                  note="the cold open over parsing alone (its median), in "
                                       "the same run")
            yield Measurement(f"open_library_real.{label}.{way}.peak_rss",
                              [result["peak_open"]], "MB",
                              note=f"VmHWM when searchable; {result['peak']:.0f} MB after "
                                   f"saving the snapshot ({result['saving']:.1f} s)")
            if way == "snapshot":
                yield Measurement(f"open_library_real.{label}.snapshot_size", [size / 1e6], "MB")
        shutil.rmtree(cache, ignore_errors=True)
