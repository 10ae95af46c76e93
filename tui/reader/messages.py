"""Messages the background loader posts to the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pathlib import Path

    from tui.format.document import Document
    from tui.format.problems import Problem
    from tui.library.follow import Reloaded
    from tui.library.ingest import Batch
    from tui.search.index import SearchIndex
    from tui.search.segment import Segment


class TitlePeeked(Message):
    """The first file's title, read before the file is validated (for the first paint)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title


class BriefingsLoaded(Message):
    """A batch of files was read: the briefings' cards, and the bad files' problems."""

    def __init__(self, batch: Batch, document: Document | None, *,
                 document_follows: bool = False) -> None:
        super().__init__()
        self.batch = batch
        self.document = document
        """The first briefing of the batch, loaded (only in the first batch)."""
        self.document_follows = document_follows
        """The first briefing's document comes later, in a :class:`FirstDocument`."""


class FirstDocument(Message):
    """The first briefing's document, loaded after the index (or the problems that stop it)."""

    def __init__(self, document: Document | None, problems: list[Problem]) -> None:
        super().__init__()
        self.document = document
        self.problems = problems


class IndexReady(Message):
    """Every loaded briefing is searchable."""

    def __init__(self, index: SearchIndex, files: list[Path], notice: str | None = None) -> None:
        super().__init__()
        self.index = index
        self.files = files
        """The files of the index's briefings, in its order."""
        self.notice = notice
        """Why the cache folder cannot be used (said once), or None."""


class BriefingReloaded(Message):
    """A followed briefing (or one of its source files) was saved: read again."""

    def __init__(self, reloaded: Reloaded) -> None:
        super().__init__()
        self.reloaded = reloaded


class FollowStopped(Message):
    """The watcher of the open briefings stopped on an error (saves are no longer followed)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class IndexUpdated(Message):
    """The search index with reloaded briefings' statements in place of their old ones."""

    def __init__(self, base: SearchIndex, index: SearchIndex,
                 segments: dict[int, Segment]) -> None:
        super().__init__()
        self.base = base
        """The index it was made from (if it is no longer the one in use, it is out of date)."""
        self.index = index
        self.segments = segments
        """The briefings it updated, by number, with their new segments."""
