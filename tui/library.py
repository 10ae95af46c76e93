"""Find briefing files: files named on the command line, folders searched recursively."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .problems import Problem

SUFFIXES = (".yaml", ".yml")


def bundled_library() -> Path:
    """The folder of briefings installed with the package."""
    return Path(str(resources.files("tui.briefings")))


def find_briefings(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Briefing files under ``paths`` (sorted per folder), and paths that cannot be read.

    A file named explicitly is taken whatever its suffix; in folders only ``.yaml``/``.yml``
    files are. Symbolic links to folders are not followed (no loops); hidden entries are skipped.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        if path.is_dir():
            found: list[Path] = []

            def on_error(error: OSError) -> None:
                problems.append(Problem(error.filename or str(path), 0, 0, f"cannot read: {error.strerror}"))
            for folder, dirnames, filenames in os.walk(path, onerror=on_error, followlinks=False):
                dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
                for name in sorted(filenames):
                    if name.endswith(SUFFIXES) and not name.startswith("."):
                        candidate = Path(folder) / name
                        if candidate.is_dir():
                            continue
                        found.append(candidate)
            for candidate in sorted(found):
                add(candidate)
        elif path.exists():
            add(path)
        elif path.is_symlink():
            problems.append(Problem(str(path), 0, 0, "broken symbolic link"))
        else:
            problems.append(Problem(str(path), 0, 0, "no such file or folder"))
    return files, problems
