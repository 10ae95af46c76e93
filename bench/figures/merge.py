"""``merge_designs``: a library's segments merged into per-word statement numbers, two ways.

* ``arrays``: each word's numbers an ``array`` of its own, the segment's appended to it a
  (word, briefing) pair at a time (the merge before numpy, kept here to compare);
* ``numpy``: ``tui.search.merge.Pairs`` as the reader merges: each pair's word number, count and
  numbers appended in C, then grouped by word in numpy (``tui.search.grouping``).

Both end with every field's and the positions' words and their numbers in library order: the
work an index merged from segments needs before its first query. A fresh interpreter per run:
the segments are read from their cache entries first (untimed), then merged; the RSS figure is
the peak over the merge (``VmHWM`` reset through ``/proc/self/clear_refs``) above the RSS
before it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from ..harness import REPO, Context, Measurement, figure

_SCRIPT = r"""
import gc, json, sys, time
from pathlib import Path
from array import array
gc.disable()
from tui.library import cache
from tui.search.merge import Pairs, shifted
from tui.search.postings import SLOT
from tui.search.segment import FIELDS

def status(key):
    return int(open("/proc/self/status").read().split(key + ":")[1].split()[0]) / 1000

paths = sorted(Path(sys.argv[1]).glob("*.yaml"))
segments = [cache.segment_cached(path)[0] for path in paths]
assert all(segment is not None for segment in segments)

def arrays():
    fields = {name: {} for name in [*FIELDS, "tokens"]}
    base = slots = 0
    for segment in segments:
        parts = [(name, segment.postings[name], base, segment.count) for name in FIELDS]
        parts.append(("tokens", segment.tokens.postings, slots << SLOT,
                      len(segment.tokens.owners) << SLOT))
        for name, postings, start, below in parts:
            into, get = fields[name], fields[name].get
            numbers, at = shifted(postings.numbers, start, below), 0
            for word, count in zip(postings.words, postings.counts):
                target = get(word)
                if target is None:
                    into[word] = numbers[at:at + count]
                else:
                    target += numbers[at:at + count]
                at += count
        base += segment.count
        slots += len(segment.tokens.owners)
    return sum(len(numbers) for found in fields.values() for numbers in found.values())

def numpy_pairs():
    fields = {name: Pairs() for name in [*FIELDS, "tokens"]}
    base = slots = 0
    for segment in segments:
        for name in FIELDS:
            fields[name].add(segment.postings[name], base, segment.count)
        fields["tokens"].add(segment.tokens.postings, slots << SLOT,
                             len(segment.tokens.owners) << SLOT)
        base += segment.count
        slots += len(segment.tokens.owners)
    return sum(len(pairs.grouped().numbers) for pairs in fields.values())

design = {"arrays": arrays, "numpy": numpy_pairs}[sys.argv[2]]
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")  # VmHWM from here
began = time.process_time()
numbers = design()
seconds = time.process_time() - began
print(json.dumps({"seconds": seconds, "peak": status("VmHWM") - before, "numbers": numbers,
                  "segments": len(segments)}))
"""


def _run(folder, cache, design: str) -> dict:
    env = dict(os.environ, BRIEFING_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(folder), design], cwd=REPO,
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@figure("merge_designs", quick=False,
        description="a library's segments merged into per-word numbers: per-word arrays a pair "
                    "at a time against numpy, on the real-vocabulary corpus")
def merge_designs(ctx: Context):
    from .open import open_once, real_libraries

    for files, label, library in real_libraries(ctx):
        cache = ctx.scratch / f"merge-{files}"
        ctx.log(f"{files} files: filling the cache")
        open_once(library.folder, cache)  # a fresh interpreter, as the reader
        results: dict[str, list[dict]] = {"arrays": [], "numpy": []}
        for _ in range(ctx.runs(1, 3 if files <= 1000 else 1)):
            for design in results:  # interleaved
                result = _run(library.folder, cache, design)
                results[design].append(result)
                ctx.log(f"{files} files, {design}: {result['seconds']:.2f} s CPU, "
                        f"peak +{result['peak']:.0f} MB, {result['numbers']:,} numbers")
        counts = {result["numbers"] for found in results.values() for result in found}
        if len(counts) != 1:
            raise RuntimeError(f"the designs merged different numbers: {counts}")
        note = (f"{files} files x 100 real-vocabulary statements, {counts.pop():,} numbers; "
                f"process CPU, fresh interpreter")
        for design, found in results.items():
            yield Measurement(f"merge_designs.{label}.{design}.seconds",
                              [r["seconds"] for r in found], "s", note=note)
            yield Measurement(f"merge_designs.{label}.{design}.peak_rss",
                              [r["peak"] for r in found], "MB",
                              note="VmHWM over the merge above the RSS before it")
        shutil.rmtree(cache, ignore_errors=True)
