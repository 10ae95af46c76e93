"""``check_throughput``: ``briefing check`` over a generated library, in MB/s."""

from __future__ import annotations

import subprocess
import sys
import time

from ..harness import REPO, Context, Measurement, figure


@figure("check_throughput", quick=True,
        description="`python -m tui check DIR` wall-clock throughput over a generated library")
def check_throughput(ctx: Context):
    files, statements = (20, 100) if ctx.quick else (200, 100)
    library = ctx.library(files, statements)
    command = [sys.executable, "-m", "tui", "check", str(library.folder)]
    # One untimed run: warms the page cache and proves the library is valid.
    first = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if first.returncode != 0:
        tail = (first.stderr or first.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"briefing check exited {first.returncode}: {' | '.join(tail)}")
    samples = []
    for _ in range(ctx.runs(quick=3, full=5)):
        began = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            raise RuntimeError(f"briefing check exited {done.returncode}")
        samples.append(library.bytes / 1e6 / seconds)
    yield Measurement(
        "check_throughput", samples, "MB/s",
        note=f"{files} files x {statements} statements, {library.bytes / 1e6:.1f} MB "
             "(YAML + source texts), wall clock incl. interpreter start",
    )
