"""``briefing diff OLD NEW [--json]``: load two briefings, print the changes between them.

Exit status as ``diff``'s: 0 when nothing changed, 1 when something did, 2 when a file does not
load (its problems printed as ``PATH:LINE:COL: error: ...``). Words come from
:mod:`tui.format.changes`; colour only on a terminal; nothing from the files reaches the terminal
unsanitized.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from tui.format.changes import diff, sections
from tui.format.loader import load_safely
from tui.format.model import Briefing
from tui.format.sanitize import printable, printable_json
from tui.format.wording import plural

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_ERROR = 2


def cmd_diff(old: Path, new: Path, *, as_json: bool) -> int:
    """Print the changes from ``old`` to ``new``: exit 0 for none, 1 for some, 2 for an error."""
    loaded = [load_safely(path) for path in (old, new)]
    for _, problems in loaded:
        for problem in problems:
            print(problem, file=sys.stderr)
    (before, _), (after, _) = loaded
    if before is None or after is None:
        return EXIT_ERROR
    changes = diff(before.briefing, after.briefing)
    if as_json:
        for change in changes:
            print(printable_json(json.dumps(change.as_json(), ensure_ascii=False)))
        return EXIT_CHANGES if changes else EXIT_OK
    if not changes:
        return EXIT_OK
    styles = {"added": "green", "removed": "red", "withdrawn": "red"}
    console = Console(highlight=False, soft_wrap=True)

    def named(briefing: Briefing) -> str:
        return briefing.id + (f" ({briefing.date.isoformat()})" if briefing.date else "")

    header = f"{named(before.briefing)} \u2192 {named(after.briefing)}: {plural(len(changes), 'change')}"
    console.print(Text(printable(header), style="bold"))
    for heading, rows in sections(changes):
        console.print(Text(heading, style="bold"))
        for action, description in rows:
            line = Text("  ")
            line.append(f"{action:<10}", style=styles.get(action, "yellow"))
            line.append(" " + printable(description))
            console.print(line)
    return EXIT_CHANGES
