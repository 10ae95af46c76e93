"""Find briefing files: files named on the command line, folders searched recursively."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tui.format.problems import Problem
from tui.library.regular import open_regular

SUFFIXES = (".yaml", ".yml")


def bundled_library() -> Path:
    """The folder of briefings installed with the package (``tui.briefings``)."""
    installed = Path(__file__).resolve().parent.parent / "briefings"
    if installed.is_dir():  # a regular install: the package folder holds them
        return installed
    from importlib import resources  # an editable install maps them from the repository

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
        try:
            key = path.resolve()
        except (OSError, RuntimeError) as error:  # a symbolic link loop, say
            problems.append(Problem(str(path), 0, 0, f"cannot resolve: {error}"))
            return
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        if path.is_dir():
            found: list[Path] = []

            def on_error(error: OSError, path: Path = path) -> None:
                problems.append(Problem(error.filename or str(path), 0, 0,
                                        f"cannot read: {error.strerror}"))
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


_PLAIN_TITLE = re.compile(r"^title:[ \t]+([^'\"\s>|&*!%@`{\[#][^\n#]*?)[ \t]*$", re.MULTILINE)
_QUOTED_TITLE = re.compile(r"^title:[ \t]+'((?:[^'\n]|'')*)'[ \t]*$", re.MULTILINE)
_DOUBLE_QUOTED_TITLE = re.compile(r'^title:[ \t]+"([^"\\\n]*)"[ \t]*$', re.MULTILINE)


def quick_title(path: Path, *, limit: int = 65536) -> str | None:
    """The top-level ``title`` when it is written on one line, found without a YAML parser.

    Costs well under a millisecond, so the reader can paint the title in its very first frame;
    anything less simple (escapes, block scalars, flow style) gives ``None`` and the
    caller falls back to :func:`peek_title`. Never trusted beyond painting: the validated
    briefing replaces it.
    """
    try:
        with open_regular(path) as handle:  # a FIFO would block for ever
            head = handle.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _PLAIN_TITLE.search(head)
    if match:
        return match.group(1)
    match = _QUOTED_TITLE.search(head)
    if match:
        return match.group(1).replace("''", "'")
    match = _DOUBLE_QUOTED_TITLE.search(head)  # without escapes only
    if match:
        return match.group(1)
    return None


def peek_title(path: Path, *, limit: int = 65536) -> str | None:
    """The top-level ``title`` of a briefing file, read without validating it.

    Only for painting the title while the file is being loaded: it walks YAML events of the
    file's first ``limit`` bytes (nothing is constructed, so aliases and nesting cost nothing)
    and gives up on anything unexpected. The loaded, validated briefing replaces it.
    """
    import yaml

    try:
        with open_regular(path) as handle:
            head = handle.read(limit).decode("utf-8", errors="replace").lstrip("\ufeff")
        depth = 0
        key: str | None = None  # the top-level key whose value comes next
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for event in yaml.parse(head, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                return None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth == 2:
                    key = None  # a collection value: the next top-level scalar is a key
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and depth == 1:
                if key is None:
                    key = event.value
                elif key == "title":
                    return event.value
                else:
                    key = None
    except (yaml.YAMLError, OSError, ValueError):
        return None
    return None
