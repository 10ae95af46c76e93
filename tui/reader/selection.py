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
    from tui.format.positions import Loc

CAPTION_WORDS = 60
"""Longest caption of a statement's text, cut at a word (the rest is on screen beside it)."""


@dataclass(frozen=True)
class EvidenceTarget:
    """What the source view highlights: some evidence of one source of one briefing."""

    document: Document
    source_id: str
    spans: list[Span]
    caption: str
    owners: tuple[str, ...] = ()
    """For each span, the claims it is evidence of, in words (``Position on ...``); empty when
    every span is evidence of the item itself."""


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
    claims: tuple[str, ...] = field(default=())
    """For each excerpt, the claim it is evidence of in words (none given: the item itself)."""

    @property
    def statement(self) -> Statement | None:
        """The selected statement, if a statement is selected."""
        return self.item if self.kind == "statement" else None  # type: ignore[return-value]

    def target(self) -> EvidenceTarget | None:
        """Where the evidence is in its source (None for a selection of nothing), each passage
        with the claims it is evidence of."""
        if self.item is None:
            return None
        owners: dict[Span, list[str]] = {}
        for number, excerpt in enumerate(self.excerpts):
            claim = self.claims[number] if number < len(self.claims) else self.caption
            for span in self.document.spans.get((self.source_id, excerpt), ()):
                found = owners.setdefault(span, [])
                if claim not in found:
                    found.append(claim)
        spans = sorted(owners)
        claims = tuple("; ".join(owners[span]) for span in spans)
        if all(claim == self.caption for claim in claims):
            claims = ()  # one claim, the one the caption names
        return EvidenceTarget(self.document, self.source_id, spans, self.caption, claims)

    def location(self) -> Loc | None:
        """Where the item is in its briefing's data: ``("statements", 3)``, a country's entry
        in ``countries`` (the first actor's in ``actors`` for the actors without a country);
        None for a selection of nothing."""
        from tui.format.locations import location_of

        if self.item is None:
            return None
        briefing = self.document.briefing
        if self.kind == "country" and isinstance(self.item, tuple):
            return location_of(briefing, "actors", self.item[0]) if self.item else None
        lists = {"country": "countries", "statement": "statements", "position": "positions",
                 "debate": "debates", "risk": "risks"}
        return location_of(briefing, lists[self.kind], self.item) if self.kind in lists else None

    def again(self, document: Document) -> Selection | None:
        """The same item in ``document``, a newer load of the same briefing (found by its id,
        a country by its code, a position by its country and topic); None if it is gone."""
        briefing = document.briefing
        item = self.item
        if item is None:
            return None
        if self.kind == "statement":
            statement = briefing.lookups.statement(self.statement.id)  # type: ignore[union-attr]
            return of_statement(document, statement) if statement is not None else None
        if self.kind == "country":
            code = None if isinstance(item, tuple) else item.code  # type: ignore[attr-defined]
            country = next((c for c in briefing.countries if c.code == code), None)
            if code is not None and country is None:
                return None
            actors = tuple(a for a in briefing.actors if a.country == code)
            return of_country(document, country, actors)
        if self.kind == "position":
            key = (item.country, item.topic)  # type: ignore[attr-defined]
            for position in briefing.positions:
                if (position.country, position.topic) == key:
                    country = next(c for c in briefing.countries if c.code == key[0])
                    topic = next(t for t in briefing.topics if t.id == key[1])
                    return of_cell(document, country, topic, position)
            return None
        items = {"debate": briefing.debates, "risk": briefing.risks}.get(self.kind, ())
        for candidate in items:
            if candidate.id == item.id:  # type: ignore[attr-defined]
                return (of_debate if self.kind == "debate" else of_risk)(
                    document, candidate)  # type: ignore[arg-type]
        return None


def nothing(document: Document, why: str) -> Selection:
    """A cursor on nothing: ``why`` is what ``s`` and ``c`` say."""
    return Selection(document, "nothing", why)


def of_statement(document: Document, statement: Statement) -> Selection:
    """A statement: its evidence and, for a direct quotation, its own words."""
    excerpts = statement.evidence
    if statement.is_direct:
        excerpts = (*excerpts, statement.text)
    source = document.briefing.source_of(statement)
    return Selection(document, "statement", _statement_words(statement), statement,
                     tuple(excerpts), source.id)


def _statement_words(statement: Statement) -> str:
    """``Statement: its words`` (cut at a word)."""
    words = textwrap.shorten(" ".join(statement.text.split()), CAPTION_WORDS, placeholder=" …")
    return f"Statement: {words}"


def of_country(document: Document, country: Country | None,
               actors: tuple[Actor, ...]) -> Selection:
    """A country (None: the actors without one): its positions and its actors' statements
    in the first source."""
    briefing = document.briefing
    first = document.first_source.id
    claims: dict[str, list[str]] = {}  # excerpt → the claims it is evidence of
    if country is not None:
        for position in briefing.positions:
            if position.country == country.code:
                topic = briefing.lookups.topic_title(position.topic) or position.topic
                for excerpt in position.evidence:
                    claims.setdefault(excerpt, []).append(f"Position on {topic}")
    speakers = {actor.id for actor in actors}
    for statement in briefing.statements:
        if statement.speaker in speakers and briefing.source_of(statement).id == first:
            for excerpt in statement.evidence:
                claims.setdefault(excerpt, []).append(_statement_words(statement))
    name = country.name if country is not None else "International actors"
    return Selection(document, "country", f"Country: {name}", country or actors,
                     tuple(claims), first, tuple("; ".join(c) for c in claims.values()))


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
    caption = f"Debate: {debate.title}"
    claims: dict[str, list[str]] = {}
    for excerpt in debate.evidence:
        claims.setdefault(excerpt, []).append(caption)
    for side in debate.sides:
        party = document.briefing.lookups.party(side)
        for excerpt in side.evidence:
            claims.setdefault(excerpt, []).append(f"Side: {party}")
    return Selection(document, "debate", caption, debate, tuple(claims),
                     document.first_source.id, tuple("; ".join(c) for c in claims.values()))


def of_risk(document: Document, risk: Risk) -> Selection:
    """A risk and its evidence."""
    return Selection(document, "risk", f"Risk: {risk.title}", risk, tuple(risk.evidence),
                     document.first_source.id)
