"""Messages the background loader posts to the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pathlib import Path

    from tui.format.document import Document
    from tui.format.problems import Problem
    from tui.library.ingest import Batch
    from tui.search.index import SearchIndex


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
