"""The panel of problems of followed briefings that no longer load since their last save.

The reader keeps showing a briefing's last good version; this panel, above the footer, says
which files broke and why, one ``PATH:LINE:COL: error: message`` a line (rich ``Text``, never
markup, control characters made visible), until the next good save takes it away.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.format.problems import Problem
from tui.format.sanitize import printable
from tui.reader.styles import DIM

SHOWN = 8
"""Problems listed per file; the panel says how many more there are."""


def problems_text(broken: dict[str, list[Problem]]) -> Text:
    """The panel's text: per broken file, a heading then its first problems."""
    text = Text(end="")
    for number, (path, problems) in enumerate(broken.items()):
        if number:
            text.append("\n")
        text.append(f"{printable(path)} no longer loads", style="bold")
        text.append(": the reader shows its last good version until it is fixed and saved "
                    "(e: edit it at the first problem).", style=DIM)
        for problem in problems[:SHOWN]:
            text.append("\n")
            text.append(str(problem))
        if len(problems) > SHOWN:
            text.append(f"\n… and {len(problems) - SHOWN} more (briefing check lists them all)",
                        style=DIM)
    return text


class ProblemsPanel(Static):
    """Hidden while every followed briefing loads."""

    def show_problems(self, broken: dict[str, list[Problem]]) -> None:
        """Show the problems of the broken files (none: hide)."""
        self.set_class(bool(broken), "shown")
        self.update(problems_text(broken) if broken else Text(""))
