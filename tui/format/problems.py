"""A problem found in a briefing file, reported as ``PATH:LINE:COL: error: message``."""

from __future__ import annotations

from dataclasses import dataclass

from tui.format.sanitize import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One error in one file; ``line`` and ``column`` are 1-based, 0 where no position applies."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = printable(self.path)
        if self.line:
            where = f"{where}:{self.line}:{self.column}"
        return f"{where}: error: {printable(self.message)}"


class BriefingError(Exception):
    """Raised with every problem of a file when it cannot be loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
