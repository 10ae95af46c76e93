"""The people and offices of an article, and who a mention refers to.

A :class:`Cast` keeps every actor met so far, in the order of their last mention, and resolves a
:class:`~tui.draft.mentions.Mention`: a full name is the same actor as an earlier one of that name;
a surname alone (``Rebane``) or with an honorific (``Ms Nandra``) is the earlier person of that
surname; ``he`` / ``she`` is the last person named (skipping those known to be the other); ``the
minister`` is the last actor with that role, else the last person named in the same paragraph
whose role is not known yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.draft.lexicon import NAME_PARTICLES
from tui.draft.mentions import Mention


@dataclass
class Actor:
    """An actor of the draft (mutable while the article is read)."""

    name: str
    kind: str = "person"
    role: str | None = None
    country: str | None = None
    gender: str | None = None
    head: str = ""
    named: bool = False
    speaks: bool = False
    """Quoted or reported: the actor goes into the draft."""
    last_seen: int = 0
    """Offset of the last mention in the article."""
    paragraph: int = -1
    """Index of the paragraph of the last mention."""
    mentions: int = 0
    """How often the article has referred to the actor so far."""
    provisional: bool = False
    """Met in a headline, before the article names anyone: ``Minister: "..."``."""

    @property
    def surname(self) -> str:
        words = [w for w in self.name.split() if w.lower() not in NAME_PARTICLES]
        return words[-1].lower() if words else self.name.lower()


def _key(name: str) -> str:
    return " ".join(name.lower().split())


class Cast:
    """Every actor met in the article so far."""

    def __init__(self) -> None:
        self.actors: list[Actor] = []
        self.in_headline = False
        """Set while a headline is read: actors met there are provisional."""

    # -- finding ----------------------------------------------------------------------------

    def _by_name(self, mention: Mention) -> Actor | None:
        key = _key(mention.name)
        for actor in self.actors:
            if key == _key(actor.name):
                return actor
        if mention.kind != "person" or not mention.named:
            return None
        words = key.split()
        candidates = [
            a for a in self.actors
            if a.kind == "person" and a.named and (
                _key(a.name).endswith(" " + key) or len(words) == 1 and a.surname == key
            )
        ]
        if candidates:
            return max(candidates, key=lambda a: a.last_seen)
        # A full name whose surname was met alone first ("Aalto: ..." in a headline).
        for actor in self.actors:
            if actor.kind == "person" and actor.named and len(actor.name.split()) == 1 and (
                words[-1] == actor.surname
            ):
                actor.name = mention.name
                return actor
        return None

    def last_person(self, gender: str | None, *, before: int) -> Actor | None:
        """The last person named before an offset, skipping the other gender."""
        people = sorted(
            (a for a in self.actors if a.kind == "person" and a.last_seen < before),
            key=lambda a: a.last_seen, reverse=True,
        )
        for actor in people:
            if gender in ("he", "she") and actor.gender not in (None, gender):
                continue
            if not actor.named and not actor.speaks:
                continue
            return actor
        return None

    def last_body(self, paragraph: int, *, before: int) -> Actor | None:
        """The last office or organisation met in this paragraph or the one before (``it
        said``)."""
        bodies = [a for a in self.actors if a.kind != "person" and a.last_seen < before
                  and a.paragraph >= paragraph - 1]
        return max(bodies, key=lambda a: a.last_seen) if bodies else None

    def _by_role(self, mention: Mention, paragraph: int, before: int) -> Actor | None:
        """The actor with the role's head noun, or a person named in the same paragraph whose
        role is not known (``Anna Kowalska ... the minister said``): the last one met in this
        paragraph, else the one the article has referred to most (its protagonist)."""
        candidates = [
            a for a in self.actors
            if a.last_seen < before
            and (mention.country is None or a.country in (None, mention.country))
            and (a.head == mention.head or mention.kind == "person" and a.kind == "person"
                 and a.named and a.role is None and a.paragraph == paragraph)
        ]
        here = [a for a in candidates if a.paragraph == paragraph]
        if here:
            return max(here, key=lambda a: a.last_seen)
        return max(candidates, key=lambda a: (a.mentions, a.last_seen)) if candidates else None

    # -- resolving --------------------------------------------------------------------------

    def known(self, mention: Mention, *, paragraph: int, at: int) -> Actor | None:
        """The actor met before that a mention refers to, or None (nothing is created)."""
        if mention.kind == "pronoun":
            return None
        actor = self._by_name(mention)
        if actor is None and mention.definite:
            actor = self._by_role(mention, paragraph, at)
        return actor

    def resolve(self, mention: Mention, *, paragraph: int, at: int) -> Actor | None:
        """The actor a mention refers to (a new one if it names someone new); None for a
        pronoun with no one to refer to."""
        if mention.kind == "pronoun":
            if mention.name == "they":
                return None
            if mention.name == "it":
                actor = self.last_body(paragraph, before=at)
                if actor is None:
                    return None
                actor.last_seen = max(actor.last_seen, at)
                actor.mentions += 1
                return actor
            actor = self.last_person(mention.gender, before=at)
            if actor is not None and actor.gender is None:
                actor.gender = mention.gender
        else:
            actor = self._by_name(mention)
            if actor is None and mention.definite:
                actor = self._by_role(mention, paragraph, at)
                if actor is not None and actor.role is None and actor.kind == "person":
                    actor.role = mention.name
                    actor.head = mention.head
            if actor is None:
                actor = Actor(mention.name, mention.kind, mention.role, mention.country,
                              mention.gender, mention.head, mention.named,
                              provisional=self.in_headline)
                self.actors.append(actor)
            else:
                self._learn(actor, mention)
        if actor is not None:
            actor.last_seen = max(actor.last_seen, at)
            actor.paragraph = paragraph
            actor.mentions += 1
        return actor

    def _learn(self, actor: Actor, mention: Mention) -> None:
        """What a later mention adds: a role, a country, a gender, a head noun."""
        if actor.role is None and mention.role and mention.named:
            actor.role = mention.role
        actor.country = actor.country or mention.country
        actor.gender = actor.gender or mention.gender
        actor.head = actor.head or mention.head

    def describe(self, actor: Actor, role: Mention | None) -> None:
        """An appositive's role for an actor (``Kaja Rebane, Estonia's prime minister``)."""
        if role is None or role.kind != "person" or role.named:
            return
        if actor.role is None:
            actor.role = role.name
        actor.head = actor.head or role.head
        actor.country = actor.country or role.country
        actor.gender = actor.gender or role.gender

    def settle(self) -> dict[int, Actor]:
        """Provisional actors that are someone named later (``Minister`` in a headline, and
        ``Defence Minister Paul Reardon`` below it), by ``id()`` of the provisional one."""
        merged: dict[int, Actor] = {}
        for actor in self.actors:
            if not actor.provisional or actor.named or not actor.head:
                continue
            later = [a for a in self.actors if a is not actor and a.named and a.kind == "person"
                     and a.head == actor.head and a.country == actor.country]
            if later:
                target = max(later, key=lambda a: (a.mentions, -a.last_seen))
                merged[id(actor)] = target
                target.speaks = target.speaks or actor.speaks
                actor.speaks = False
        return merged

    def speakers(self) -> list[Actor]:
        """The actors who speak, in the order they were first met."""
        return [a for a in self.actors if a.speaks]
