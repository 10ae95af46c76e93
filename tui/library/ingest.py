"""Opening a library: every file's segment, merged into the search index, as fast as it can be.

Three ways, the fastest that applies:

1. **Snapshot.** The library's files are all as they were last time: the merged index is read
   from one file (:mod:`tui.library.snapshot`), after checking every briefing's source files.
2. **Entries.** A briefing unchanged since it was last loaded: its segment is read from its
   cache entry (:func:`tui.library.cache.segment_cached`), without validating the briefing.
3. **Files.** Briefings not in the cache are loaded (parsed, validated, their evidence located)
   in worker processes, one per core, which store their entries and send back each segment
   (so a cache that cannot be written costs no second load); meanwhile this thread reads the
   entries of the others. The first file is always done here, so the first briefing is ready
   as soon as it can be.

Progress is reported in batches, in the files' order. Briefings are validated here only on the
third way; the reader validates a briefing again (from its entry) when it is opened.

Cancelling (``cancelled`` turning true) is noticed within :data:`POLL_SECONDS` while waiting for
a worker, and kills the workers; a worker also dies with the process that started it (see
:mod:`tui.library.worker`). A cache folder that cannot be used is said once, in
:attr:`Opened.notice`.

This module is headless: no Textual.
"""

from __future__ import annotations

import gc
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tui.format.problems import Problem
from tui.library import cache, snapshot
from tui.search.index import SearchIndex
from tui.search.merge import Merger
from tui.search.segment import Card, Segment

POOL_MIN = 8
"""Fewer files to load than this are loaded in this thread (a worker takes ~0.4 s to start)."""
SNAPSHOT_MIN = 10
"""Libraries of fewer files are not snapshotted (their entries are read fast enough)."""
BATCH_SECONDS = 0.1
"""Progress is reported at most this often (and for the first and last file)."""
POLL_SECONDS = 0.1
"""While waiting for a worker, cancelling is checked this often."""


@dataclass
class Batch:
    """Files done since the last batch."""

    loaded: list[tuple[Path, Card]] = field(default_factory=list)
    """The briefings that loaded, in order."""
    problems: list[Problem] = field(default_factory=list)
    """The problems of the files that did not."""
    done: int = 0
    """Files done so far."""
    total: int = 0


@dataclass(frozen=True)
class Opened:
    """A library, searchable."""

    index: SearchIndex
    files: list[Path]
    """The files in the index, in its order (briefing ``n`` of the index is ``files[n]``)."""
    problems: list[Problem]
    way: str
    """``snapshot``, or ``entries`` (some briefings may have been loaded from their files)."""
    library: snapshot.Library
    good: list[int]
    """Positions in ``library.files`` of the files in the index."""
    notice: str | None = None
    """Why the cache folder cannot be used (one line, to be said once), or None."""

    @property
    def wants_snapshot(self) -> bool:
        """The index did not come from a snapshot, and the library is large enough to gain
        from one."""
        return self.way != "snapshot" and len(self.library.files) >= SNAPSHOT_MIN

    def save_snapshot(self) -> bool:
        """Save the index for the next start, if it :attr:`wants_snapshot` (a second or so at a
        thousand briefings: call it once the index is in use); then prune the cache if it is
        due (:func:`tui.library.upkeep.prune_if_due`, at most once a day)."""
        from tui.library import upkeep

        saved = self.wants_snapshot and snapshot.save(self.library, self.index, self.good)
        upkeep.prune_if_due()
        return saved


def open_library(
    files: list[Path],
    *,
    report: Callable[[Batch], None] = lambda batch: None,
    cancelled: Callable[[], bool] = lambda: False,
    workers: int | None = None,
) -> Opened | None:
    """Open ``files`` (in order) for searching; None if ``cancelled`` turned true meanwhile.

    ``workers``: processes for the files that are not in the cache (default: one per core;
    0 loads everything in this thread). Call :meth:`Opened.save_snapshot` afterwards so the
    next start of the same library is fast.
    """
    paused = gc.isenabled()
    gc.disable()  # nothing built here is garbage; collections would walk all of it, repeatedly
    try:
        return _open(files, report, cancelled, workers)
    finally:
        if paused:
            gc.enable()


def _open(files: list[Path], report: Callable[[Batch], None], cancelled: Callable[[], bool],
          workers: int | None) -> Opened | None:
    library = snapshot.Library(files)
    notice = cache.unusable()
    if len(files) >= SNAPSHOT_MIN:
        opened = _from_snapshot(library, report, notice)
        if opened is not None:
            return opened
    merger = Merger()  # each segment merged as it comes, while the workers load the next ones
    good: list[int] = []
    problems: list[Problem] = []
    batch = Batch(total=len(files))
    last = 0.0
    pool = _Workers(library, workers)
    try:
        for number, path in enumerate(files):
            if cancelled():
                return None
            try:
                answer = pool.answer(number, cancelled)
            except _Cancelled:
                return None
            if answer is not None:  # loaded by a worker: its segment, or its problems
                segment, found = answer
            else:  # from its entry, or from the file
                segment, found = cache.segment_cached(path)
            if segment is not None:
                merger.add(segment)
                good.append(number)
                batch.loaded.append((path, segment.card))
            batch.problems.extend(found)
            problems.extend(found)
            now = time.monotonic()
            if number == 0 or number == len(files) - 1 or now - last > BATCH_SECONDS:
                batch.done = number + 1
                report(batch)
                batch, last = Batch(total=len(files)), now
    finally:
        pool.close()
    if cancelled():
        return None
    index = SearchIndex(merger)
    return Opened(index, [files[number] for number in good], problems, "entries", library, good,
                  notice)


def _from_snapshot(library: snapshot.Library, report: Callable[[Batch], None],
                   notice: str | None) -> Opened | None:
    restored = snapshot.load(library)
    if restored is None:
        return None
    problems: list[Problem] = []
    for number in restored.failed:  # loaded again: their problems are listed every time
        segment, found = cache.segment_cached(library.files[number])
        if segment is not None:
            return None  # it loads now: the snapshot is out of date
        problems.extend(found)
    files = [library.files[number] for number in restored.good]
    loaded = list(zip(files, restored.index.cards, strict=False))
    report(Batch(loaded, problems, len(library.files), len(library.files)))
    return Opened(restored.index, files, problems, "snapshot", library, restored.good, notice)


class _Cancelled(Exception):
    """``cancelled`` turned true while waiting for a worker."""


class _Lines:
    """Lines read from a worker's standard output, waiting for them in steps of
    :data:`POLL_SECONDS` so that a cancel is noticed even while a worker is busy."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.descriptor = stream.fileno()
        self.buffer = bytearray()
        self.scanned = 0
        self.ended = False

    def next(self, cancelled: Callable[[], bool]) -> bytes | None:
        """The next line (without its newline); None once the worker has ended."""
        while True:
            end = self.buffer.find(b"\n", self.scanned)
            if end >= 0:
                line = bytes(self.buffer[:end])
                del self.buffer[: end + 1]
                self.scanned = 0
                return line
            self.scanned = len(self.buffer)
            if self.ended:
                return None
            ready, _, _ = select.select([self.descriptor], [], [], POLL_SECONDS)
            if not ready:
                if cancelled():
                    raise _Cancelled
                continue
            chunk = os.read(self.descriptor, 1 << 16)
            if chunk:
                self.buffer += chunk
            else:
                self.ended = True


class _Workers:
    """Worker processes loading the files that are not in the cache (``python -m tui.library.worker``).

    Each gets every ``n``-th of those files as one JSON list on its standard input, loads
    them in order (storing their cache entries), and answers one JSON line per file: the
    problems that stopped it, or its segment. Plain processes rather than
    :mod:`multiprocessing`, which would start by importing the program's main module again.
    """

    def __init__(self, library: snapshot.Library, workers: int | None) -> None:
        if workers is None:
            workers = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                       else os.cpu_count() or 1)
        misses = [number for number, key in enumerate(library.keys)
                  if number and key is not None and not cache.has_entry(key)]
        self.owner: dict[int, subprocess.Popen[bytes]] = {}
        self.processes: list[subprocess.Popen[bytes]] = []
        self.lines: dict[subprocess.Popen[bytes], _Lines] = {}
        if workers < 1 or len(misses) < POOL_MIN:
            return
        for first in range(min(workers, len(misses))):
            mine = misses[first::workers]
            try:
                process = subprocess.Popen(
                    [sys.executable, "-m", "tui.library.worker", str(os.getpid())],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    start_new_session=True)
                assert process.stdin is not None and process.stdout is not None
                self.processes.append(process)
                process.stdin.write(json.dumps([str(library.files[n]) for n in mine]).encode())
                process.stdin.close()
            except (OSError, ValueError):
                continue  # those files are loaded here instead
            self.lines[process] = _Lines(process.stdout)
            self.owner.update((number, process) for number in mine)

    def answer(self, number: int, cancelled: Callable[[], bool]
               ) -> tuple[Segment | None, list[Problem]] | None:
        """File ``number``'s segment or problems once its worker is done with it; None: load
        it here. Raises :class:`_Cancelled` if ``cancelled`` turns true meanwhile."""
        process = self.owner.get(number)
        if process is None:
            return None
        try:
            line = self.lines[process].next(cancelled)
            if line is None:
                raise EOFError("the worker ended")
            answer = json.loads(line)
            problems = [Problem(str(path), int(row), int(column), str(message))
                        for path, row, column, message in answer["problems"]]
            if problems:
                return None, problems
            return Segment.from_json(answer["segment"]), []
        except _Cancelled:
            raise
        except Exception:  # noqa: BLE001 - a worker that died or garbled: load its files here
            self.owner = {n: p for n, p in self.owner.items() if p is not process}
            return None

    def close(self) -> None:
        """Stop the workers (killed if they are still loading)."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
