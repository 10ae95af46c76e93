"""Keeping the cache folder in bounds: pruning, and what ``briefing cache`` shows and clears.

What counts as used. A cache entry is used when it is read: its modification time is set then
(at most once a day, see :data:`tui.library.entry.TOUCH_SECONDS`). A library opened from its
snapshot reads no entry, so an entry is also used when a snapshot holding its briefing is (a
snapshot's modification time is set each time it is used, see :mod:`tui.library.snapshot`).

Pruning (:func:`prune`) deletes, in this order:

1. the entries not used by any library for :data:`MAX_AGE_DAYS` days;
2. then, while the entries left take more than :data:`MAX_BYTES`, the least recently used,
   but never those of the library used last (its most recent snapshot's): a library of
   1,000,000 statements has 1.6 GB of entries, and the cap deleted 45% of them right after
   its first start (the next start without its snapshot then parsed those files again: 50 s
   instead of 27 s);
3. temporary files left by writes that were killed (see
   :func:`tui.library.atomic.remove_leftovers`) and entries of other cache formats.

The library snapshots prune themselves (the :data:`~tui.library.snapshot.KEEP` most recently
used are kept). :func:`prune_if_due` runs the pruning at most once a day (a stamp file in the
cache folder), after a library is opened. Nothing here ever raises: a cache that cannot be
pruned only stays larger.

This module is headless: no Textual.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from tui.library import cache, snapshot
from tui.library.atomic import PART_SUFFIX, remove_leftovers
from tui.library.entry import SUFFIX

MAX_AGE_DAYS = 30
"""Entries not used by any library for this many days are deleted."""
MAX_BYTES = 1 << 30
"""The entries are kept under this size (1 GiB), the least recently used deleted first; the
entries of the library used last are all kept, whatever their size."""
PRUNE_SECONDS = 24 * 3600
"""Pruning runs at most this often."""
STAMP = "pruned"
"""The file in the cache folder whose modification time says when the cache was last pruned."""


@dataclass(frozen=True)
class Pruned:
    """What one pruning removed."""

    entries: int = 0
    bytes: int = 0
    leftovers: int = 0


def prune_if_due(now: float | None = None) -> Pruned | None:
    """:func:`prune` if the last pruning is older than :data:`PRUNE_SECONDS` (None if not due)."""
    now = time.time() if now is None else now
    stamp = cache.cache_dir() / STAMP
    try:
        if now - stamp.stat().st_mtime < PRUNE_SECONDS:
            return None
    except OSError:
        pass  # never pruned (or no cache folder yet)
    if cache.unusable():
        return None
    try:
        stamp.touch()
    except OSError:
        return None
    return prune(now)


def prune(now: float | None = None, *, max_age_days: float = MAX_AGE_DAYS,
          max_bytes: int = MAX_BYTES) -> Pruned:
    """Delete unused entries, then the least recently used above ``max_bytes``, and leftovers."""
    now = time.time() if now is None else now
    folder = cache.entries_dir()
    held = snapshot.uses()
    latest = max(held.values(), default=None)
    current = {key for key, used in held.items() if used == latest}  # the library used last
    entries: list[tuple[float, int, Path, str]] = []  # last used, size, path, key
    try:
        with os.scandir(folder) as found:
            for item in found:
                if not item.name.endswith(SUFFIX) or item.name.startswith("."):
                    continue
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                key = item.name[: -len(SUFFIX)]
                used = max(info.st_mtime, held.get(key, 0.0))
                entries.append((used, info.st_size, Path(item.path), key))
    except OSError:
        entries = []
    removed = freed = 0
    entries.sort()  # the least recently used first
    total = sum(size for _, size, _, _ in entries)
    for used, size, path, key in entries:
        if now - used <= max_age_days * 86400 and (total <= max_bytes or key in current):
            continue  # recent, and within the size or the library's used last
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
        freed += size
        total -= size
    leftovers = remove_leftovers(folder) + remove_leftovers(snapshot.folder())
    try:
        for other in folder.parent.glob("briefings-v*"):
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        pass
    return Pruned(removed, freed, leftovers)


@dataclass(frozen=True)
class Info:
    """What the cache folder holds."""

    folder: Path
    entries: int
    entry_bytes: int
    snapshots: int
    snapshot_bytes: int
    leftovers: int
    """Temporary files of writes in progress or killed."""
    leftover_bytes: int
    pruned: float | None
    """When the cache was last pruned (a time stamp), or None."""
    problem: str | None
    """Why the folder cannot be used, or None."""

    def lines(self) -> list[str]:
        """The report of ``briefing cache --info``."""
        from tui.format.sanitize import printable

        when = (time.strftime("%Y-%m-%d %H:%M", time.localtime(self.pruned))
                if self.pruned is not None else "never")
        lines = [
            f"folder:     {printable(str(self.folder))}",
            f"entries:    {self.entries:,} ({_size(self.entry_bytes)})",
            f"snapshots:  {self.snapshots:,} ({_size(self.snapshot_bytes)})",
            f"leftovers:  {self.leftovers:,} ({_size(self.leftover_bytes)})",
            f"total:      {_size(self.entry_bytes + self.snapshot_bytes + self.leftover_bytes)}",
            f"pruned:     {when} (entries unused for {MAX_AGE_DAYS} days, or beyond "
            f"{_size(MAX_BYTES)}, are deleted)",
        ]
        if self.problem:
            lines.append(f"problem:    {self.problem}")
        return lines


def info() -> Info:
    """Count what the cache folder holds (every format; nothing is created or changed)."""
    root = cache.cache_dir()
    counts = {"entries": [0, 0], "snapshots": [0, 0], "leftovers": [0, 0]}
    try:
        folders = [item for item in root.iterdir()
                   if item.name.startswith(("briefings-v", "libraries-v")) and item.is_dir()]
    except OSError:
        folders = []
    for where in folders:
        try:
            with os.scandir(where) as found:
                for item in found:
                    kind = ("leftovers" if item.name.endswith(PART_SUFFIX)
                            else "entries" if item.name.endswith(SUFFIX)
                            else "snapshots" if item.name.endswith(snapshot.SUFFIX) else None)
                    if kind is None:
                        continue
                    try:
                        size = item.stat(follow_symlinks=False).st_size
                    except OSError:
                        continue
                    counts[kind][0] += 1
                    counts[kind][1] += size
        except OSError:
            continue
    try:
        pruned: float | None = (root / STAMP).stat().st_mtime
    except OSError:
        pruned = None
    problem = _problem(root)
    (entries, entry_bytes), (snapshots, snapshot_bytes), (leftovers, leftover_bytes) = (
        counts["entries"], counts["snapshots"], counts["leftovers"])
    return Info(root, entries, entry_bytes, snapshots, snapshot_bytes, leftovers, leftover_bytes,
                pruned, problem)


def _problem(root: Path) -> str | None:
    """Why the folder could not be used, without creating it when it does not exist yet."""
    probe = root
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        return f"{probe} is not a folder"
    if probe == root:
        return cache.unusable()
    return None


def clear() -> tuple[int, int]:
    """Delete every entry and snapshot (of every format) and the pruning stamp; how many
    entries and snapshots were removed."""
    entries = cache.clear_cache()
    snapshots = snapshot.clear()
    with contextlib.suppress(OSError):
        (cache.cache_dir() / STAMP).unlink()
    return entries, snapshots


def _size(count: int) -> str:
    if count < 1024:
        return f"{count:,} bytes"
    size = float(count)
    for unit in ("KiB", "MiB"):
        size /= 1024
        if size < 1024:
            return f"{size:,.1f} {unit}"
    return f"{size / 1024:,.1f} GiB"
