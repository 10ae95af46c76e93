"""``python -m tui.library.worker``: load briefing files into the cache, for :mod:`tui.library.ingest`.

Reads one JSON list of paths from standard input, then for each path, in order, loads the file
through the cache (which stores its entry) and writes one JSON line: ``{"problems": [...]}``,
each problem as ``[path, line, column, message]``, empty when the file loaded.
"""

from __future__ import annotations

import gc
import json
import sys

from tui.library.cache import segment_cached


def main() -> int:
    paths = json.loads(sys.stdin.read())
    gc.disable()  # nothing loaded here is kept after its entry is stored
    for path in paths:
        _, problems = segment_cached(str(path))
        answer = {"problems": [[p.path, p.line, p.column, p.message] for p in problems]}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        gc.collect(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
