"""Start the reader from the command line (imports Textual only when called)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_reader(files: list[Path], *, explicit: list[Path], fresh: bool = False,
               ends_process: bool = False) -> int:
    """Open the reader on ``files``; exit 1 without starting if a named file fails to load.

    Files named on the command line are loaded before the app starts, so a bad one prints the
    same errors as ``briefing check``. Folders (the bundled library included) are loaded in the
    background after the first paint, and their bad files are listed in the app.
    """
    documents = None
    if explicit and len(explicit) == len(files):
        from tui.library.cache import load_cached_safely

        documents, problems = [], []
        for path in files:
            document, file_problems = load_cached_safely(path)
            problems.extend(file_problems)
            if document is not None:
                documents.append(document)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1
    from tui.library.files import quick_title
    from tui.reader.app import BriefingApp

    hint = quick_title(files[0]) if documents is None and files else None
    app = BriefingApp(files, documents=documents, restore=not fresh, title_hint=hint)
    app.handle_signals = True  # SIGTERM and SIGHUP quit as Ctrl+Q does
    app.ends_process = ends_process
    app.run()  # with ends_process, the process ends in there (Session.end_process)
    app.say_exit_notice()
    return app.exit_status()
