"""Follow the files of the open briefings: what to watch, a watcher that reports saves, a reload.

A library may hold 10,000 briefings; only the open ones (their documents loaded) are followed.
Their folders are watched, not recursively and not file by file, because editors save in
several ways: in place, or by writing a new file and renaming it over the old one (vim's
default ``backupcopy``, most editors' "atomic save"), which gives the path a new inode that a
watch on the file itself would miss. Events for other files in those folders are dropped by a
filter; a burst of events (write, rename, delete of a backup) is one change, reported once it
has been quiet for :data:`QUIET_MS`.

Watching is :mod:`watchfiles` (inotify, FSEvents, ReadDirectoryChangesW underneath). This
module is headless: no Textual.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui.format.problems import Problem

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.search.segment import Segment

QUIET_MS = 80
"""A change is reported once no event came for this long (an editor's save is a burst)."""
LONGEST_MS = 1000
"""A burst of events longer than this is reported in parts (a file written for seconds)."""
SETTLE_MS = 500
"""The watcher wakes this often without events (to say, the first time, that it watches)."""


class Stop(Protocol):
    def is_set(self) -> bool: ...


def _names(path: Path) -> set[str]:
    """The path as given, made absolute, and with its symbolic links resolved."""
    return {os.path.abspath(path), os.path.realpath(path)}


@dataclass(frozen=True)
class Watched:
    """The files to follow, each with the briefings it belongs to."""

    files: dict[str, frozenset[Path]]
    """File (absolute) → the briefing files (as the reader names them) that read it."""

    @property
    def folders(self) -> list[str]:
        """The folders holding those files (those that exist), sorted."""
        return sorted({folder for folder in map(os.path.dirname, self.files)
                       if os.path.isdir(folder)})

    def briefings_of(self, changed: Iterable[str]) -> set[Path]:
        """The briefings that read any of the ``changed`` files."""
        found: set[Path] = set()
        for path in changed:
            found.update(self.files.get(os.path.abspath(path), ()))
        return found


def watched(documents: Iterable[Document]) -> Watched:
    """What to follow for these briefings: each file and the source files it names."""
    files: dict[str, set[Path]] = {}
    for document in documents:
        read = [document.path]
        read.extend(document.path.parent / source.file
                    for source in document.briefing.sources if source.file is not None)
        for path in read:
            for name in _names(path):
                files.setdefault(name, set()).add(document.path)
    return Watched({name: frozenset(briefings) for name, briefings in files.items()})


def follow(files: Watched, stop: Stop, report: Callable[[set[Path]], None], *,
           watching: Callable[[], None] | None = None) -> None:
    """Call ``report(briefings)`` after each save of a followed file, until ``stop`` is set.

    ``watching()`` is called once the watch is in place (within :data:`SETTLE_MS`): a save
    made before then (while the reader was starting) was not seen, so that is when to read
    the briefings again. Returns at once when there is nothing to watch. ``stop`` is looked
    at every :data:`QUIET_MS` or so, so a reader quitting never waits for the watcher.
    """
    from watchfiles import watch

    folders = files.folders
    if not folders:
        return
    names = files.files

    def wanted(change: object, path: str) -> bool:
        return os.path.abspath(path) in names

    for changes in watch(*folders, watch_filter=wanted, debounce=LONGEST_MS, step=QUIET_MS,
                         stop_event=stop, recursive=False, raise_interrupt=False,
                         rust_timeout=SETTLE_MS, yield_on_timeout=True):
        if stop.is_set():
            return
        if watching is not None:  # the first answer: the watch is set up
            watching()
            watching = None
        briefings = files.briefings_of(path for _, path in changes)
        if briefings:
            report(briefings)


@dataclass(frozen=True)
class Reloaded:
    """A followed briefing read again: its new document (and search segment), or its problems."""

    path: Path
    document: Document | None
    problems: list[Problem]
    segment: Segment | None
    started: float
    """When the reading started (``time.monotonic``): a reload older than one already shown
    is dropped."""


def reload(path: Path) -> Reloaded:
    """Read a briefing again, through the cache (never raises)."""
    from tui.library.cache import load_cached_safely
    from tui.search.segment import Segment

    started = time.monotonic()
    document, problems = load_cached_safely(path)
    segment = Segment.of(document) if document is not None else None
    return Reloaded(path, document, problems, segment, started)
