"""The briefings open in the reader: a card for each, the document validated when it is opened.

A library of a thousand briefings opens from its cards and search index (see
:mod:`tui.library.ingest`); a briefing's full document (validated model, source texts, evidence spans)
is loaded from the cache the first time it is shown, a few milliseconds each, and kept.

This module is headless: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.problems import Problem
    from tui.search.segment import Card


@dataclass
class Collection:
    """Open briefings, in library order (the search index's order)."""

    paths: list[Path] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    _documents: dict[int, Document] = field(default_factory=dict)
    _by_id: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of_documents(cls, documents: list[Document]) -> Collection:
        """A collection of documents already loaded."""
        from tui.search.segment import Card

        collection = cls()
        for document in documents:
            briefing = document.briefing
            card = Card(briefing.id, briefing.title,
                        briefing.date.isoformat() if briefing.date else None,
                        len(briefing.countries), len(briefing.statements))
            collection.add(document.path, card, document)
        return collection

    def __len__(self) -> int:
        return len(self.paths)

    def __bool__(self) -> bool:
        return bool(self.paths)

    def add(self, path: Path, card: Card, document: Document | None = None) -> None:
        """Append a briefing (with its document, if it is loaded already)."""
        if document is not None:
            self._documents[len(self.paths)] = document
        self._by_id.setdefault(card.id, []).append(len(self.paths))
        self.paths.append(path)
        self.cards.append(card)

    def sharing_id(self, number: int) -> list[int]:
        """The other briefings whose id is briefing ``number``'s (ids should be unique in a
        library; both are kept, and marked, since the search index holds both)."""
        return [other for other in self._by_id.get(self.cards[number].id, ()) if other != number]

    def keep(self, number: int, document: Document, card: Card | None = None) -> None:
        """Briefing ``number``'s document, loaded elsewhere (and its new card, if it was read
        again after a save)."""
        self._documents[number] = document
        if card is not None:
            old = self.cards[number].id
            if card.id != old:  # a save changed the id: file the briefing under its new one
                self._by_id[old] = [other for other in self._by_id[old] if other != number]
                self._by_id.setdefault(card.id, []).append(number)
                self._by_id[card.id].sort()
            self.cards[number] = card

    def loaded_documents(self) -> dict[int, Document]:
        """Every briefing loaded so far, by number (a copy)."""
        return dict(self._documents)

    def loaded(self, number: int) -> Document | None:
        """Briefing ``number``'s document if it is loaded (never loads it)."""
        return self._documents.get(number)

    def document(self, number: int) -> tuple[Document | None, list[Problem]]:
        """Briefing ``number``'s document, loaded now if need be; or the problems that stop it.

        A file that changed since the library was opened is loaded as it is now; one that no
        longer loads gives its problems (and is tried again next time).
        """
        found = self._documents.get(number)
        if found is not None:
            return found, []
        from tui.library.cache import load_cached_safely

        document, problems = load_cached_safely(self.paths[number])
        if document is not None:
            self._documents[number] = document
        return document, problems

    def number_of(
        self, path: Path | None = None, briefing_id: str | None = None, *, start: int = 0
    ) -> int | None:
        """The first briefing from ``start`` on whose file is ``path`` (resolved) or whose id
        is ``briefing_id``."""
        if path is not None:  # the file first: an id may be shared by mistake
            for number in range(start, len(self.paths)):
                if str(self.paths[number].resolve()) == str(path):
                    return number
        if briefing_id is not None:
            for number in self._by_id.get(briefing_id, ()):
                if number >= start:
                    return number
        return None
