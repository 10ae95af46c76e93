"""The worker processes that open a library's files on every core (``python -m tui.library.worker``).

The files after the first are dealt out in turn, file ``n`` to worker ``n % workers``, so the
workers move through the library side by side and their answers come in about the order the
reader merges them. A worker loads each file through the cache (from its entry, or from the
file, storing its entry) and answers one JSON line per file: the problems that stopped it, or
its segment. A thread per worker reads its answers as they come, so a worker never waits on a
full pipe while the reader merges another's segment. Plain processes rather than
:mod:`multiprocessing`, which would start by importing the program's main module again.

A worker that dies or garbles is dropped: :meth:`Workers.answer` says None for its files, and
the reader loads them itself.

This module is headless: no Textual.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO

from tui.format.problems import Problem
from tui.library import cache, snapshot
from tui.library.worker import SEGMENT
from tui.search.saved import split_columns
from tui.search.segment import Segment

POOL_MIN = 8
"""Fewer files to load than this are loaded in the reader's thread (a worker takes ~0.4 s to
start)."""
SHARED_MIN = 200
"""From this many files, the workers read them whether they are in the cache or not (an entry
takes ~3 ms to read and check, and ~3 ms to merge here): a library opening from its entries is
read on every core, and the workers start before any file is hashed to look for its entry."""
POLL_SECONDS = 0.1
"""While waiting for a worker, cancelling is checked this often."""


class Cancelled(Exception):
    """``cancelled`` turned true while waiting for a worker."""


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class _Answers:
    """A worker's answers, one line each, read by a thread as they come."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._lines: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._read, args=(stream,),
                                        name="worker-answers", daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            for line in stream:
                if not line.endswith(b"\n"):
                    break  # cut off: the worker died while writing it
                self._lines.put(line)
        except (OSError, ValueError):
            pass  # closed while reading: the reader is done with this worker
        finally:
            self._lines.put(None)

    def next(self, cancelled: Callable[[], bool]) -> bytes | None:
        """The next answer; None once the worker has ended. Raises :class:`Cancelled` when
        ``cancelled`` turns true while waiting (checked every :data:`POLL_SECONDS`)."""
        while True:
            try:
                return self._lines.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if cancelled():
                    raise Cancelled from None

    def join(self) -> None:
        self._thread.join()


def _missing(library: snapshot.Library) -> int:
    """How many files after the first are readable and not in the cache."""
    keys = [key for key in library.keys[1:] if key is not None]
    return len(keys) - sum(map(cache.has_entry, keys))


class Workers:
    """Worker processes for the files of a library after its first: all of them when there are
    at least :data:`SHARED_MIN` (started at once, before any file is read here), or when at
    least :data:`POOL_MIN` are not in the cache; none otherwise (the reader's thread then does
    every file)."""

    def __init__(self, library: snapshot.Library, workers: int | None) -> None:
        if workers is None:
            workers = cores()
        self.owner: dict[int, subprocess.Popen[bytes]] = {}
        """Each file's worker, by the file's number."""
        self.processes: list[subprocess.Popen[bytes]] = []
        self.answers: dict[subprocess.Popen[bytes], _Answers] = {}
        given = list(range(1, len(library.files)))
        if workers < 1 or not (len(given) >= SHARED_MIN or _missing(library) >= POOL_MIN):
            return
        for first in range(min(workers, len(given))):
            mine = given[first::workers]
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
                continue  # those files are loaded in the reader's thread instead
            self.answers[process] = _Answers(process.stdout)
            self.owner.update((number, process) for number in mine)

    def answer(self, number: int, cancelled: Callable[[], bool]
               ) -> tuple[Segment | None, list[Problem]] | None:
        """File ``number``'s segment or problems once its worker is done with it; None: load
        it here. Raises :class:`Cancelled` if ``cancelled`` turns true meanwhile."""
        process = self.owner.get(number)
        if process is None:
            return None
        try:
            line = self.answers[process].next(cancelled)
            if line is None:
                raise EOFError("the worker ended")
            # The statements' columns kept as JSON until one is shown (a third of the memory).
            line, columns = split_columns(line, SEGMENT + b'{"card":')
            answer = json.loads(line)
            problems = [Problem(str(path), int(row), int(column), str(message))
                        for path, row, column, message in answer["problems"]]
            if problems:
                return None, problems
            # Made, or read from its entry and checked, by the worker: not checked again.
            return Segment.from_json(answer["segment"], checked=False, columns=columns), []
        except Cancelled:
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
            answers = self.answers.get(process)
            if answers is not None:
                answers.join()  # the pipe's writer is gone: the thread reads its end and stops
            if process.stdout is not None:
                process.stdout.close()
