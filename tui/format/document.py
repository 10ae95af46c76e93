"""A loaded briefing: the validated model, its source texts and where its evidence is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reader imports this module before pydantic is loaded
    from tui.format.evidence import Span
    from tui.format.model import Briefing, Source, Statement


@dataclass(frozen=True)
class Document:
    """A briefing file that loaded without problems."""

    path: Path
    """The briefing file."""
    briefing: Briefing
    """The validated model."""
    source_texts: dict[str, str] = field(default_factory=dict)
    """Text of each source that has a ``file``, by source id."""
    spans: dict[tuple[str, str], tuple[Span, ...]] = field(default_factory=dict)
    """Where each excerpt was found: ``(source id, excerpt)`` → character spans in the source."""
    excerpts: int = 0
    """How many excerpts (and direct quotations) were verified against source files."""

    def evidence_spans(self, source_id: str, excerpts: tuple[str, ...]) -> list[Span]:
        """Spans of the given excerpts of one source, in order of the text."""
        found: list[Span] = []
        for excerpt in excerpts:
            found.extend(self.spans.get((source_id, excerpt), ()))
        return sorted(found)

    def statement_spans(self, statement: Statement) -> list[Span]:
        """Spans of a statement's evidence and, for a direct quotation, of its text."""
        source = self.briefing.source_of(statement)
        excerpts = statement.evidence
        if statement.is_direct:
            excerpts = (*excerpts, statement.text)
        return self.evidence_spans(source.id, excerpts)

    @property
    def first_source(self) -> Source:
        """The source evidence refers to unless it says otherwise."""
        return self.briefing.sources[0]
