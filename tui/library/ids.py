"""Briefing ids are unique within a library: the problem of a file whose id another has."""

from __future__ import annotations

from pathlib import Path

from tui.format.problems import BriefingError, Problem


def duplicate_id_problem(path: Path, briefing_id: str, first: Path | str,
                         *, shown: str | None = None) -> Problem:
    """The problem of ``path``, whose briefing id ``first`` has already: at its ``id``'s line
    and column, naming both files."""
    from tui.format.loader import read_text
    from tui.format.positions import Locator

    shown = shown or str(path)
    message = (f"briefing id '{briefing_id}' is also the id of {first}; "
               "ids must be unique within a library")
    try:
        text = read_text(path, shown=shown)
    except BriefingError:
        return Problem(shown, 0, 0, message)
    return Locator(text, shown).problem(("id",), message)


class FirstOfEachId:
    """The first file seen with each briefing id, in library order."""

    def __init__(self) -> None:
        self._first: dict[str, Path] = {}

    def see(self, path: Path, briefing_id: str) -> Problem | None:
        """Note ``path``'s id: None if it is the first with it, else its problem."""
        first = self._first.setdefault(briefing_id, path)
        if first == path:
            return None
        return duplicate_id_problem(path, briefing_id, first)
