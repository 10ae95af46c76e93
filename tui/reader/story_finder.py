"""The story of the open briefing, found once, in a thread: its briefings and its timeline.

The Timeline view (key 7) and the Countries view ("was: opposes on 06-12") both need the other
briefings of the open briefing's story. :func:`find_story` finds them (headless: among the open
library's files and the open briefing's own folder, reusing the documents the reader holds
already, see :func:`tui.library.stories.story_documents`); :class:`StoryFinder` runs it in a
thread worker, never on the UI thread, once per briefing, and hands the result to every view
that asked for it.

No Textual import: the worker is started through the app it is given.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.model import Stance
    from tui.format.problems import Problem
    from tui.format.story import Timeline
    from tui.reader.base import ReaderBase

KEEP = 8
"""Stories remembered (one per briefing they were asked for)."""


@dataclass(frozen=True)
class FoundStory:
    """The briefings of the story of ``current`` (just ``current`` when it has no story)."""

    current: Document
    documents: tuple[Document, ...]
    """In story order: ``documents[n]`` is the briefing of ``timeline.moments[n]``."""
    timeline: Timeline
    problems: tuple[Problem, ...] = ()
    """Files that might have been of the story but did not load."""
    numbers: tuple[int | None, ...] = ()
    """For each document, its number in the reader's collection (None: not open there)."""
    was: Mapping[tuple[str, str], Stance | None] = field(default_factory=dict)
    """For each position that changed since the previous briefing of the story (withdrawn
    ones too), by ``(country, topic)``: its stance there (None: no position then)."""
    complete: bool = True
    """False when it was looked for while the library was still loading (some files may be
    missing): it is looked for again the next time it is asked for."""

    @property
    def story(self) -> str | None:
        return self.current.briefing.story

    @property
    def here(self) -> int:
        """The moment of the open briefing."""
        for index, document in enumerate(self.documents):
            if document is self.current:
                return index
        return len(self.documents) - 1

    @property
    def previous(self) -> Document | None:
        """The briefing before the open one in the story (None for the first)."""
        here = self.here
        return self.documents[here - 1] if here > 0 and self.story is not None else None

    @property
    def previous_label(self) -> str:
        """The previous briefing's date as the timeline labels it (``06-12``)."""
        here = self.here
        return self.timeline.moments[here - 1].label if here > 0 else ""


def find_story(
    current: Document, paths: Iterable[Path], held: Mapping[Path, Document],
    numbers: Mapping[Path, int] | None = None,
) -> FoundStory:
    """The story of ``current`` among ``paths`` and the files of ``current``'s folder.

    ``held`` gives documents already loaded, by resolved path (they are not loaded again);
    ``numbers`` the reader's number of each open file, by resolved path.
    """
    from tui.format.story import previous_stances, timeline
    from tui.library.cache import load_cached_safely
    from tui.library.files import find_briefings
    from tui.library.stories import story_documents

    story = current.briefing.story
    documents: list[Document] = [current]
    problems: list[Problem] = []
    own = _resolved(current.path)
    if story is not None:
        folder, _ = find_briefings([current.path.parent])
        unique: dict[Path, Path] = {}
        for path in (*paths, *folder):
            unique.setdefault(_resolved(path), path)

        def load(path: Path) -> tuple[Document | None, list[Problem]]:
            key = _resolved(path)
            if key == own:
                return current, []
            document = held.get(key)
            return (document, []) if document is not None else load_cached_safely(path)

        documents, problems = story_documents(unique.values(), story, load=load)
        if not any(document is current for document in documents):  # its story changed on disk
            documents = [d for d in documents if _resolved(d.path) != own] + [current]
            from tui.format.story import story_order

            documents.sort(key=lambda document: story_order(document.briefing))
    built = timeline(document.briefing for document in documents)
    found = FoundStory(current, tuple(documents), built, tuple(problems),
                       tuple((numbers or {}).get(_resolved(d.path)) for d in documents))
    previous = found.previous
    if previous is None:
        return found
    was: dict[tuple[str, str], Stance | None] = dict(previous_stances(previous.briefing,
                                                                      current.briefing))
    held_now = {(p.country, p.topic) for p in current.briefing.positions}
    for position in previous.briefing.positions:  # withdrawn since
        if (position.country, position.topic) not in held_now:
            was[(position.country, position.topic)] = position.stance
    return FoundStory(found.current, found.documents, built, found.problems, found.numbers, was)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


Waiter = Callable[[FoundStory], None]


class StoryFinder:
    """Finds the story of a briefing in a thread worker, once, for every view that asks."""

    def __init__(self, app: ReaderBase) -> None:
        self.app = app
        self._found: dict[Path, FoundStory] = {}
        self._waiting: dict[Path, tuple[Document, list[Waiter]]] = {}

    def found(self, document: Document) -> FoundStory | None:
        """The story of ``document`` if it has been found among the whole library (never
        starts a search)."""
        found = self._found.get(document.path)
        if found is None or found.current is not document or not found.complete:
            return None
        return found

    def request(self, document: Document, then: Waiter) -> FoundStory | None:
        """The story of ``document`` now if it is known; else None, and ``then(found)`` is
        called on the UI thread once the worker has found it."""
        found = self.found(document)
        if found is not None:
            return found
        waiting = self._waiting.get(document.path)
        if waiting is not None and waiting[0] is document:
            if then not in waiting[1]:
                waiting[1].append(then)
            return None
        self._waiting[document.path] = (document, [then])
        collection = self.app.documents
        held: dict[Path, Document] = {}
        for number in range(len(collection)):
            loaded = collection.loaded(number)
            if loaded is not None:
                held[loaded.path] = loaded
        self.app.run_worker(
            partial(self._find, document, list(collection.paths), held, not self.app.loading),
            thread=True,
            group="story", exit_on_error=False, description="find the story's briefings")
        return None

    def _find(self, document: Document, paths: list[Path], held: dict[Path, Document],
              complete: bool) -> None:
        """In the worker: find the story, then hand it over on the UI thread."""
        resolved_held = {_resolved(path): loaded for path, loaded in held.items()}
        numbers = {_resolved(path): number for number, path in enumerate(paths)}
        try:
            found = find_story(document, paths, resolved_held, numbers)
        except Exception as error:  # noqa: BLE001 - never leave a view waiting for nothing
            from tui.format.problems import Problem
            from tui.format.story import timeline

            problem = Problem(str(document.path), 0, 0,
                              f"could not look for the story's briefings: {error}")
            found = FoundStory(document, (document,), timeline([document.briefing]),
                               (problem,), (None,))
        if not complete:
            found = dataclasses.replace(found, complete=False)
        with contextlib.suppress(RuntimeError):  # the reader closed meanwhile
            self.app.call_from_thread(self._done, found)

    def _done(self, found: FoundStory) -> None:
        key = found.current.path
        waiting = self._waiting.get(key)
        if waiting is not None and waiting[0] is found.current:
            del self._waiting[key]
            callbacks = waiting[1]
        else:
            callbacks = []
        self._found[key] = found
        while len(self._found) > KEEP:
            del self._found[next(iter(self._found))]
        collection = self.app.documents
        for document, number in zip(found.documents, found.numbers, strict=False):
            if number is not None and number < len(collection) and collection.loaded(number) is None:
                collection.keep(number, document)
        if found.problems:
            self.app.notify_problems(list(found.problems),
                                     "Some files that may be of the story do not load")
        for then in callbacks:
            then(found)
