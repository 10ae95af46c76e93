"""``briefing check``: validate briefing files (every problem of a file in one run, and ids
unique in the library), print every problem and notice and a summary; with
``--update-sources``, record the hashes of sources whose excerpts all verify."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.problems import Problem

from tui.format.problems import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

_ITEM_LISTS = ("sources", "countries", "actors", "topics", "positions", "statements", "debates",
               "risks", "caveats")


def _print_notices(notices: Sequence[Problem]) -> None:
    """Print ``PATH:LINE:COL: notice: ...`` lines: worth saying, never a failure."""
    for notice in notices:
        print(notice)


def cmd_check(paths: list[Path], *, update_sources: bool = False) -> int:
    """Validate files, print every problem, every notice (a drafted item, an excerpt found in
    a changed source) and a summary line; with ``update_sources``, record source hashes."""
    from tui.format.drafts import draft_notices
    from tui.format.loader import check_file
    from tui.format.wording import plural
    from tui.library.files import find_briefings
    from tui.library.ids import FirstOfEachId

    files, unreadable = find_briefings(paths)
    for problem in unreadable:
        print(problem, file=sys.stderr)
    problems = []
    notices = []
    drafted = 0
    counts = {"briefings": 0, "statements": 0, "items": 0, "excerpts": 0}
    ids = FirstOfEachId()
    for path in files:
        document, found = check_file(path)
        file_problems = [problem for problem in found if problem.severity == "error"]
        if document is not None:
            shared = ids.see(path, document.briefing.id)
            if shared is not None:
                file_problems.append(shared)
        file_notices = [problem for problem in found if problem.severity != "error"]
        problems.extend(file_problems)
        if document is not None:
            drafted_here = draft_notices(document, str(path))
            drafted += len(drafted_here)
            file_notices.extend(drafted_here)
        notices.extend(file_notices)
        for problem in file_problems:
            print(problem)
        _print_notices(file_notices)
        if update_sources:
            problems.extend(_update_sources(path, document, file_problems))
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
    if notices:
        summary += f", {plural(len(notices), 'notice')}"
    if drafted:
        summary += f"; {plural(drafted, 'drafted item')} not yet reviewed"
    print(summary, file=sys.stderr if problems or unreadable else sys.stdout)
    if unreadable:
        return EXIT_USAGE
    if not files:
        print("briefing: error: no briefing files found", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if problems else EXIT_OK


def _update_sources(
    path: Path, document: Document | None, problems: list[Problem]
) -> list[Problem]:
    """``check --update-sources`` for one file: record its sources' hashes, or say why not.
    Returns the problems met in writing (the file's own are ``problems``, printed already)."""
    from dataclasses import replace

    from tui.format.problems import Problem
    from tui.format.source_hashes import update_sources

    if document is None:
        from tui.format.wording import plural

        count = f"{plural(len(problems), 'problem')} above"
        print(Problem(str(path), 0, 0, f"sources not updated ({count}): every excerpt must "
                                       "verify in the source text first"))
        return []
    update = update_sources(document, shown=str(path))
    refused = [
        replace(problem, message=f"sources not updated: {problem.message}")
        for problem in update.problems
    ]
    for problem in refused:
        print(problem)
    for source_id in update.recorded:
        print(Problem(str(path), 0, 0, f"recorded the sha256 of source '{source_id}'",
                      severity="notice"))
    return refused
