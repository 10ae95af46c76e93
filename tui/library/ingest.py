"""Opening a library: every file's segment, merged into the search index, as fast as it can be.

Three ways, the fastest that applies:

1. **Snapshot.** The library's files are all as they were last time: the merged index is read
   from one file (:mod:`tui.library.snapshot`), after checking every briefing's source files.
2. **Entries.** A briefing unchanged since it was last loaded: its segment is read from its
   cache entry (:func:`tui.library.cache.segment_cached`), without validating the briefing.
3. **Files.** Briefings not in the cache are loaded (parsed, validated, their evidence located)
   and their entries stored.

The files after the first are read (ways 2 and 3) by worker processes, one per core, when
enough of them are to be loaded or read (:mod:`tui.library.pool`); this thread merges each
segment as it comes. Otherwise, and for the files of a worker that died, this thread reads
them itself. The first file is always done here, so the first briefing is ready as soon as it
can be.

Progress is reported in batches, in the files' order. Briefings are validated here only on the
third way; the reader validates a briefing again (from its entry) when it is opened.

Cancelling (``cancelled`` turning true) is noticed within :data:`tui.library.pool.POLL_SECONDS`
while waiting for a worker, and kills the workers; a worker also dies with the process that
started it (see :mod:`tui.library.worker`). A cache folder that cannot be used is said once, in
:attr:`Opened.notice`.

This module is headless: no Textual.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui.format.problems import Problem
from tui.library import cache, snapshot
from tui.library.pool import Cancelled, Workers
from tui.search.index import SearchIndex
from tui.search.merge import Merger
from tui.search.segment import Card

SNAPSHOT_MIN = 10
"""Libraries of fewer files are not snapshotted (their entries are read fast enough)."""
BATCH_SECONDS = 0.1
"""Progress is reported at most this often (and for the first and last file)."""


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
    pool = Workers(library, workers)
    try:
        for number, path in enumerate(files):
            if cancelled():
                return None
            try:
                answer = pool.answer(number, cancelled)
            except Cancelled:
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
