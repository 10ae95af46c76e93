"""``briefing check``: validate files, verify their evidence, and ids unique in the library."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

_ITEM_LISTS = ("sources", "countries", "actors", "topics", "positions", "statements", "debates",
               "risks", "caveats")


def cmd_check(paths: list[Path]) -> int:
    """Print every problem of every file, then a summary line; the exit status."""
    from tui.format.loader import load_safely
    from tui.format.wording import plural
    from tui.library.files import find_briefings
    from tui.library.ids import FirstOfEachId

    files, unreadable = find_briefings(paths)
    for problem in unreadable:
        print(problem, file=sys.stderr)
    problems = []
    counts = {"briefings": 0, "statements": 0, "items": 0, "excerpts": 0}
    ids = FirstOfEachId()
    for path in files:
        document, file_problems = load_safely(path)
        if document is not None:
            shared = ids.see(path, document.briefing.id)
            if shared is not None:
                file_problems = [*file_problems, shared]
        problems.extend(file_problems)
        for problem in file_problems:
            print(problem)
        if document is not None and not file_problems:
            briefing = document.briefing
            counts["briefings"] += 1
            counts["statements"] += len(briefing.statements)
            counts["items"] += sum(len(getattr(briefing, name)) for name in _ITEM_LISTS)
            counts["excerpts"] += document.excerpts
    failed = len(files) - counts["briefings"]
    summary = (
        f"checked {plural(len(files), 'file')}: "
        f"{counts['briefings']:,} valid, {failed:,} with problems; "
        f"{plural(counts['items'], 'item')}, {plural(counts['statements'], 'statement')}, "
        f"{plural(counts['excerpts'], 'excerpt')} verified; {plural(len(problems), 'problem')}"
    )
    print(summary, file=sys.stderr if problems or unreadable else sys.stdout)
    if unreadable:
        return EXIT_USAGE
    if not files:
        print("briefing: error: no briefing files found", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if problems else EXIT_OK
