"""``python -m tui.library.worker PARENT_PID``: load briefing files for :mod:`tui.library.ingest`.

Reads one JSON list of paths from standard input, then for each path, in order, loads the file
through the cache (which stores its entry) and writes one JSON line: ``{"problems": [...],
"segment": ...}``, each problem as ``[path, line, column, message]`` (empty when the file
loaded), and the briefing's segment when it did (so the reader needs no second load when the
cache cannot be written).

A worker never outlives the process that started it: on Linux the kernel kills it when its
parent dies (``PR_SET_PDEATHSIG``), and everywhere a watchdog thread ends it once its parent
is no longer ``PARENT_PID``. A file that takes long to load (or for ever) then costs nothing
after the reader is gone.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
import threading
import time

from tui.library.cache import segment_cached

SEGMENT = b',"segment":'
"""What comes before the segment in an answer line (its JSON, :attr:`Segment.encoded`, starts
``{"card":``)."""
COLLECT_EVERY = 16
"""The young objects are collected after every this many files (a loaded briefing leaves two
or three in cycles; a collection after each file cost 0.18 ms)."""
WATCH_SECONDS = 0.5
"""How often the watchdog checks that the parent is alive."""


def _die_with(parent: int) -> None:
    """End this process when ``parent`` is gone (now, if it already is)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def main(argv: list[str]) -> int:
    if argv:
        _die_with(int(argv[0]))
    paths = json.loads(sys.stdin.read())
    gc.disable()  # nothing loaded here is kept after its entry is stored
    out = sys.stdout.buffer
    for number, path in enumerate(paths, 1):
        segment, problems = segment_cached(str(path))
        # ASCII for the problems: file names may not be UTF-8. The segment as its entry holds
        # it (UTF-8 JSON on one line), encoded once for both.
        out.write(b'{"problems":' + json.dumps([[p.path, p.line, p.column, p.message]
                                                for p in problems]).encode()
                  + SEGMENT + (segment.encoded if segment is not None else b"null")
                  + b"}\n")
        out.flush()
        del segment
        if number % COLLECT_EVERY == 0:
            gc.collect(0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
