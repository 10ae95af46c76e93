"""Look-ups by id over one briefing: actors, countries, topics, statements, positions.

Built once per briefing (``Briefing.lookups``) and used by every renderer, so that a name is
found, and a missing one shown, the same way everywhere: an id that names nothing (which a
valid briefing never has) is shown as the id itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.format.model import (
        Actor,
        Briefing,
        Country,
        Position,
        Side,
        Statement,
        Topic,
    )


class Lookups:
    """Dictionaries by id over one briefing, made when it is first asked for."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.actors: dict[str, Actor] = {actor.id: actor for actor in briefing.actors}
        self.countries: dict[str, Country] = {c.code: c for c in briefing.countries}
        self.topics: dict[str, Topic] = {topic.id: topic for topic in briefing.topics}
        self.statements: dict[str, Statement] = {s.id: s for s in briefing.statements}
        self.positions: dict[tuple[str, str], Position] = {
            (p.country, p.topic): p for p in briefing.positions}

    def actor(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def statement(self, statement_id: str) -> Statement | None:
        return self.statements.get(statement_id)

    def topic(self, topic_id: str | None) -> Topic | None:
        return self.topics.get(topic_id) if topic_id is not None else None

    def country(self, code: str | None) -> Country | None:
        return self.countries.get(code) if code is not None else None

    def position(self, code: str, topic_id: str) -> Position | None:
        return self.positions.get((code, topic_id))

    def actor_name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def topic_title(self, topic_id: str) -> str:
        topic = self.topics.get(topic_id)
        return topic.title if topic else topic_id

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country else code

    def actors_of(self, code: str | None) -> list[Actor]:
        """The actors of a country; of none (international bodies) for ``None``."""
        return [actor for actor in self.briefing.actors if actor.country == code]

    def party(self, side: Side) -> str:
        """The name of a debate side's actor or country."""
        if side.actor is not None:
            return self.actor_name(side.actor)
        return self.country_name(side.country or "")

    def speaker_byline(self, statement: Statement, details: tuple[str | None, ...] = ()) -> str:
        """:func:`tui.format.wording.byline` of a statement's speaker."""
        from tui.format.wording import byline

        actor = self.actors.get(statement.speaker)
        return byline(actor.name if actor else statement.speaker, actor.role if actor else None,
                      statement.reported_by, details)
