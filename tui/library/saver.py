"""``python -m tui.library.saver``: write a library's snapshot after the reader has gone.

The reader writes a library's snapshot once the user pauses (:mod:`tui.library.snapshot`), so
the next start is fast. A quit before it is done would either wait for it (at a million
statements, the better part of a minute after the terminal was given back) or leave no
snapshot, so that every start of a library used in short sessions would merge it again. Instead
the reader hands the job to this process (:func:`hand_off`) and ends at once.

This process reads one JSON list of the library's files from standard input, opens the library
as the reader does (from the cache entries the reader stored, on every core) and saves its
snapshot; it runs at a lower priority, in a session of its own (a closed terminal does not end
it), with nothing to read or write on the terminal. It leaves nothing half-written: a
snapshot is written to a temporary file and renamed into place, and a library changed
meanwhile is recorded as it was read, so the next start checks it as usual. Two of them at
once, or one and a reader, each write a whole snapshot; the last rename wins.

This module is headless: no Textual.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

HANDED_OFF = "BRIEFING_HANDED_OFF"
"""Set in the saver's environment (so its own loads can be told from the reader's)."""


def hand_off(files: list[Path]) -> bool:
    """Start a saver for the library of ``files`` (in the reader's order); False if it could
    not be started. Returns at once."""
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui.library.saver"], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, HANDED_OFF: "1"})
        assert process.stdin is not None
        with process.stdin:
            process.stdin.write(json.dumps([os.fsdecode(path) for path in files]).encode())
    except (OSError, ValueError):
        return False
    return True


def main() -> int:
    with contextlib.suppress(OSError):
        os.nice(10)  # after the reader, not before anything the user runs next
    files = [Path(name) for name in json.loads(sys.stdin.read())]
    from tui.library.ingest import open_library

    opened = open_library(files)
    return 0 if opened is not None and (not opened.wants_snapshot or opened.save_snapshot()) else 1


if __name__ == "__main__":
    sys.exit(main())
