"""What is selected in the view on screen, and what the source view highlights for it.

Every view says what is under its cursor as a :class:`Selection`: the briefing, the model
object (a country, statement, position, debate or risk), its evidence and a caption in names,
not ids. The views' messages carry it, so the reader never asks a view again for what it just
said; ``s`` (show in the source), ``c`` (copy) and the Source view's caption all act on it.
A cursor on nothing (an empty matrix cell, an empty list) is a selection too, of nothing,
with the reason in words, so a key pressed there says so instead of acting on something else.

This module is headless (no Textual), so the rules are tested without an app.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.evidence import Span
    from tui.format.model import (
        Actor,
        Country,
        Debate,
        Position,
        Risk,
        Statement,
        Topic,
    )

CAPTION_WORDS = 60
"""Longest caption of a statement's text, cut at a word (the rest is on screen beside it)."""


@dataclass(frozen=True)
class EvidenceTarget:
    """What the source view highlights: some evidence of one source of one briefing."""

    document: Document
    source_id: str
    spans: list[Span]
    caption: str


@dataclass(frozen=True)
class Selection:
    """The item under a view's cursor (``item`` None: nothing there, ``empty`` says why)."""

    document: Document
    kind: str
    """``country``, ``statement``, ``position``, ``debate``, ``risk`` or ``nothing``."""
    caption: str
    """The item in words, e.g. ``Position: France on Sending troops``."""
    item: object | None = None
    excerpts: tuple[str, ...] = field(default=())
    """Its evidence (a direct statement's own words too), in the order given."""
    source_id: str = ""
    """The source the excerpts come from (the first source unless a statement names one)."""

    @property
    def statement(self) -> Statement | None:
        """The selected statement, if a statement is selected."""
        return self.item if self.kind == "statement" else None  # type: ignore[return-value]

    def target(self) -> EvidenceTarget | None:
        """Where the evidence is in its source (None for a selection of nothing)."""
        if self.item is None:
            return None
        spans = self.document.evidence_spans(self.source_id, self.excerpts)
        return EvidenceTarget(self.document, self.source_id, sorted(set(spans)), self.caption)


def nothing(document: Document, why: str) -> Selection:
    """A cursor on nothing: ``why`` is what ``s`` and ``c`` say."""
    return Selection(document, "nothing", why)


def of_statement(document: Document, statement: Statement) -> Selection:
    """A statement: its evidence and, for a direct quotation, its own words."""
    excerpts = statement.evidence
    if statement.is_direct:
        excerpts = (*excerpts, statement.text)
    source = document.briefing.source_of(statement)
    words = textwrap.shorten(" ".join(statement.text.split()), CAPTION_WORDS, placeholder=" …")
    return Selection(document, "statement", f"Statement: {words}", statement, tuple(excerpts),
                     source.id)


def of_country(document: Document, country: Country | None,
               actors: tuple[Actor, ...]) -> Selection:
    """A country (None: the actors without one): its positions and its actors' statements
    in the first source."""
    briefing = document.briefing
    first = document.first_source.id
    excerpts: list[str] = []
    if country is not None:
        for position in briefing.positions:
            if position.country == country.code:
                excerpts.extend(position.evidence)
    speakers = {actor.id for actor in actors}
    for statement in briefing.statements:
        if statement.speaker in speakers and briefing.source_of(statement).id == first:
            excerpts.extend(statement.evidence)
    name = country.name if country is not None else "International actors"
    return Selection(document, "country", f"Country: {name}", country or actors,
                     tuple(dict.fromkeys(excerpts)), first)


def of_cell(document: Document, country: Country, topic: Topic,
            position: Position | None) -> Selection:
    """A matrix cell: the position there, or nothing when the country has no stance on it."""
    where = f"{country.name} on {topic.title}"
    if position is None:
        return nothing(document, f"No position recorded for {where}.")
    return Selection(document, "position", f"Position: {where}", position,
                     tuple(position.evidence), document.first_source.id)


def of_debate(document: Document, debate: Debate) -> Selection:
    """A debate: its own evidence, then each side's."""
    excerpts = [*debate.evidence, *(e for side in debate.sides for e in side.evidence)]
    return Selection(document, "debate", f"Debate: {debate.title}", debate,
                     tuple(dict.fromkeys(excerpts)), document.first_source.id)


def of_risk(document: Document, risk: Risk) -> Selection:
    """A risk and its evidence."""
    return Selection(document, "risk", f"Risk: {risk.title}", risk, tuple(risk.evidence),
                     document.first_source.id)
