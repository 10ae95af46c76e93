"""A problem found in a briefing file, reported as ``PATH:LINE:COL: error: message``.

A notice (``PATH:LINE:COL: notice: message``) has the same shape: something worth saying that
does not make the file fail (an excerpt found in a source that changed since it was curated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.format.sanitize import printable

EXIT_OK = 0
"""The exit status of a command that found nothing wrong."""
EXIT_PROBLEMS = 1
"""Problems found (``check``), or nothing matched (``quotes``)."""
EXIT_USAGE = 2
"""A usage error, or a path that cannot be read."""


@dataclass(frozen=True, order=True)
class Problem:
    """One error (or notice) in one file; ``line`` and ``column`` are 1-based, 0 where no
    position applies."""

    path: str
    line: int
    column: int
    message: str
    severity: Literal["error", "notice"] = "error"

    def __str__(self) -> str:
        where = printable(self.path)
        if self.line:
            where = f"{where}:{self.line}:{self.column}"
        return f"{where}: {self.severity}: {printable(self.message)}"


@dataclass(frozen=True, order=True)
class Notice(Problem):
    """A problem that is not an error (the file is valid): an item drafted and not yet
    reviewed, an excerpt found in a changed source."""

    severity: Literal["error", "notice"] = "notice"


class BriefingError(Exception):
    """Raised with every problem of a file when it cannot be loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
        self.notices: list[Problem] = []
        """Notices of the file (never among ``problems``: those are its errors)."""
