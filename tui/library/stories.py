"""The stories of a library: which briefings share a ``story``, in story order.

:func:`group_stories` sorts loaded documents into stories; :func:`story_documents` finds the
briefings of one story among a library's files without loading every file. A briefing whose
``story`` is ``glacier-water`` holds the bytes ``glacier-water``, unless YAML escapes spell
the slug (``\\x``, ``\\u``, ``\\U``) or an escaped line break splits it: only files holding the
slug or one of those escapes are loaded (through the cache) and their ``story`` checked.

This module is headless: no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.format.story import story_order

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.problems import Problem

Loader = Callable[[Path], "tuple[Document | None, list[Problem]]"]
"""Loads one file and never raises: a document, or the problems that stopped it."""


def group_stories(documents: Iterable[Document]) -> dict[str, list[Document]]:
    """Documents by story, each story's in story order (date, then id; undated last), stories
    by slug. A briefing without ``story`` is in none (it is a story of its own)."""
    stories: dict[str, list[Document]] = {}
    for document in documents:
        story = document.briefing.story
        if story is not None:
            stories.setdefault(story, []).append(document)
    for members in stories.values():
        members.sort(key=lambda document: story_order(document.briefing))
    return dict(sorted(stories.items()))


_SPELLING_ESCAPE = re.compile(rb"\\[xuU\r\n]")
"""YAML escapes that can write slug characters (``\\x2d``) or join two lines (``\\`` + newline)."""


def _may_hold(path: Path, needle: bytes, limit: int) -> bool:
    """False only when the file surely is not of the story (it can be read and holds neither
    the slug nor an escape that could spell it); a file that cannot be read, or is too large,
    is loaded, so that its problem is told."""
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError:
        return True
    return len(data) > limit or needle in data or _SPELLING_ESCAPE.search(data) is not None


def story_documents(
    paths: Iterable[Path], story: str, *, load: Loader | None = None
) -> tuple[list[Document], list[Problem]]:
    """The briefings of ``story`` among ``paths``, in story order, and the problems of the
    files that might have been of it but did not load (none is dropped silently).

    ``load`` loads one file (default: through the cache, validated); the reader passes one
    that returns the documents it holds already.
    """
    from tui.format.loader import MAX_FILE_BYTES

    if load is None:
        from tui.library.cache import load_cached_safely

        load = load_cached_safely
    needle = story.encode("utf-8")
    found: list[Document] = []
    problems: list[Problem] = []
    for path in paths:
        if not _may_hold(path, needle, MAX_FILE_BYTES):
            continue
        document, file_problems = load(path)
        problems.extend(file_problems)
        if document is not None and document.briefing.story == story:
            found.append(document)
    found.sort(key=lambda document: story_order(document.briefing))
    return found, problems
