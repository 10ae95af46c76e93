"""Messages the background loader posts to the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from .document import Document
    from .problems import Problem
    from .search import SearchIndex


class TitlePeeked(Message):
    """The first file's title, read before the file is validated (for the first paint)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title


class DocumentsLoaded(Message):
    """A batch of briefing files was read: the good documents and the bad files' problems."""

    def __init__(self, documents: list[Document], problems: list[Problem], done: int, total: int) -> None:
        super().__init__()
        self.documents = documents
        self.problems = problems
        self.done = done
        self.total = total


class IndexReady(Message):
    """Every loaded briefing is searchable."""

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index
