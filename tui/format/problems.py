"""A problem found in a briefing file, reported as ``PATH:LINE:COL: error: message``, and a
notice (``PATH:LINE:COL: notice: message``): something to look at that is not an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from tui.format.sanitize import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One error in one file; ``line`` and ``column`` are 1-based, 0 where no position applies."""

    path: str
    line: int
    column: int
    message: str
    severity: ClassVar[str] = "error"

    def __str__(self) -> str:
        where = printable(self.path)
        if self.line:
            where = f"{where}:{self.line}:{self.column}"
        return f"{where}: {self.severity}: {printable(self.message)}"


@dataclass(frozen=True, order=True)
class Notice(Problem):
    """Not an error (the file is valid): e.g. an item drafted and not yet reviewed."""

    severity: ClassVar[str] = "notice"


class BriefingError(Exception):
    """Raised with every problem of a file when it cannot be loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
