"""``load_library``: in-process ``tui.format.loader.load`` over a generated library; peak RSS."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from ..harness import REPO, Context, Measurement, figure

_RSS_SCRIPT = r"""
import json, resource, sys, time
from pathlib import Path
from tui.format.loader import load

def peak_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB

paths = sorted(Path(sys.argv[1]).glob("*.yaml"))
base = peak_mb()
began = time.perf_counter()
documents = [load(path) for path in paths]   # kept, as the reader keeps its library
seconds = time.perf_counter() - began
print(json.dumps({"base_mb": base, "peak_mb": peak_mb(), "seconds": seconds,
                  "documents": len(documents)}))
"""


@figure("load_library", quick=True,
        description="in-process tui.format.loader.load over a generated library; peak RSS (full mode)")
def load_library(ctx: Context):
    from tui.format.loader import load

    files, statements = (20, 100) if ctx.quick else (100, 100)
    library = ctx.library(files, statements)
    paths = sorted(library.folder.glob("*.yaml"))
    load(paths[0])  # warm-up: lazy imports, page cache
    samples = []
    for _ in range(ctx.runs(quick=3, full=5)):
        began = time.perf_counter()
        documents = [load(path) for path in paths]
        samples.append(time.perf_counter() - began)
        del documents
    note = f"{files} files x {statements} statements, {library.bytes / 1e6:.1f} MB"
    yield Measurement("load_library", samples, "s", note=note)
    yield Measurement("load_library.statements_per_s",
                      [library.statements / s for s in samples], "statements/s", note=note)

    if ctx.quick:
        return
    big = ctx.library(1000, 100)
    ctx.log("loading 1,000 files in a subprocess for peak RSS ...")
    done = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(big.folder)], cwd=REPO,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"peak RSS run failed: {done.stderr.strip().splitlines()[-1:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    yield Measurement(
        "load_library.peak_rss", [result["peak_mb"]], "MB",
        note=f"1000 files x 100 statements ({big.bytes / 1e6:.0f} MB) loaded and kept; "
             f"{result['base_mb']:.0f} MB after imports; load took {result['seconds']:.0f} s",
    )
