"""What changed between two briefings, in terms of the format rather than of lines.

:func:`diff` compares two :class:`~tui.format.model.Briefing` models item by item and returns
one :class:`Change` per difference: countries matched by code, positions by (country, topic),
debate sides by their actor or country, caveats by their text, everything else by id. An item
whose id changed is a withdrawal and an addition. Only what the format lets a reader follow
over a story is compared: stances, who is in the story, what was said, the risks and their
ratings, the caveats (summaries, key points, sources and evidence are not).

:func:`describe` and :func:`sections` put changes in words (``Italy (IT) · Emergency glacier
water pact: opposes → open to it``); every word for a value comes from :func:`words` (which takes them from
:mod:`tui.format.wording`).
Pure functions: no I/O, no Textual, no markup (callers sanitize what they print).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal, TypeVar, get_args

from tui.format.model import (
    Actor,
    Briefing,
    Caveat,
    Confidence,
    Country,
    Debate,
    Impact,
    Likelihood,
    Position,
    Risk,
    Side,
    Statement,
    Topic,
)
from tui.format.wording import NOT_RATED, STANCE_LABELS, byline

Section = Literal[
    "countries", "actors", "topics", "positions", "debates", "sides", "statements", "risks",
    "caveats",
]
"""The kinds of item compared, in the order changes are listed."""

Action = Literal["changed", "added", "removed"]
"""What happened to an item, in the order changes of one section are listed."""

SECTIONS: tuple[Section, ...] = get_args(Section)
ACTIONS: tuple[Action, ...] = get_args(Action)


@dataclass(frozen=True)
class Change:
    """One difference between two briefings.

    ``key`` identifies the item in both: ``(code,)`` for a country, ``(country, topic)`` for a
    position, ``(debate id, actor id or country code)`` for a debate side, ``(text,)`` for a
    caveat, ``(id,)`` otherwise. ``subject`` is the item in words, from the newer briefing
    (the older one for a removed item). For ``changed``, ``field`` names what changed and
    ``before``/``after`` hold the format's values (``"opposes"``, ``"very-likely"``, a
    statement's text; None where a rating was not given). An added or removed position or
    debate side has its stance in ``after`` or ``before``.
    """

    section: Section
    action: Action
    key: tuple[str, ...]
    subject: str
    field: str | None = None
    before: str | None = None
    after: str | None = None

    def as_json(self) -> dict[str, Any]:
        """A JSON object (``key`` as a list); :meth:`from_json` reads it back."""
        record = asdict(self)
        record["key"] = list(self.key)
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Change:
        """The change :meth:`as_json` wrote; ValueError for anything else."""
        if not isinstance(record, dict) or set(record) != {f for f in cls.__dataclass_fields__}:
            raise ValueError("not a change record")
        if record["section"] not in SECTIONS or record["action"] not in ACTIONS:
            raise ValueError("unknown section or action")
        key = record["key"]
        if not isinstance(key, list) or not all(isinstance(part, str) for part in key):
            raise ValueError("key is not a list of strings")
        texts = (record["subject"], record["field"], record["before"], record["after"])
        if not isinstance(texts[0], str) or not all(t is None or isinstance(t, str) for t in texts):
            raise ValueError("subject, field, before and after are strings (or null)")
        return cls(**{**record, "key": tuple(key)})


# --------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------

_T = TypeVar("_T")


def diff(old: Briefing, new: Briefing) -> list[Change]:
    """Every change from ``old`` to ``new``; empty when nothing the format follows changed.

    Within a section: changed items first, then added ones (both in the order of ``new``),
    then removed ones (in the order of ``old``).
    """
    changes: list[Change] = []
    old_names, new_names = _Names(old), _Names(new)

    def compare(
        section: Section,
        before: Iterable[_T],
        after: Iterable[_T],
        key: Callable[[_T], tuple[str, ...]],
        subject: Callable[[_Names, _T], str],
        fields: Callable[[_T, _T], Iterator[tuple[str, str | None, str | None]]] | None = None,
        value: Callable[[_T], str | None] = lambda item: None,
        changed_subject: Callable[[_Names, _T], str] | None = None,
    ) -> None:
        old_items = {key(item): item for item in before}
        new_items = {key(item): item for item in after}
        added: list[Change] = []
        for item_key, item in new_items.items():
            was = old_items.get(item_key)
            if was is None:
                added.append(Change(section, "added", item_key, subject(new_names, item),
                                    after=value(item)))
            elif fields is not None:
                named = (changed_subject or subject)(new_names, item)
                changes.extend(
                    Change(section, "changed", item_key, named, name, a, b)
                    for name, a, b in fields(was, item)
                    if a != b
                )
        changes.extend(added)
        changes.extend(
            Change(section, "removed", item_key, subject(old_names, item), before=value(item))
            for item_key, item in old_items.items()
            if item_key not in new_items
        )

    compare("countries", old.countries, new.countries, _country_key, _Names.country_of)
    compare("actors", old.actors, new.actors, _id_key, _Names.actor_of)
    compare("topics", old.topics, new.topics, _id_key, _Names.topic_of)
    compare("positions", old.positions, new.positions, _position_key, _Names.position_of,
            _stance_field, _stance_value)
    compare("debates", old.debates, new.debates, _id_key, _Names.debate_of)
    compare("sides", _sides(old), _sides(new), _side_key, _Names.side_of,
            lambda a, b: _stance_field(a[1], b[1]), lambda side: side[1].stance.value)
    compare("statements", old.statements, new.statements, _id_key, _Names.statement_of,
            _statement_fields, changed_subject=_Names.statement_named)
    compare("risks", old.risks, new.risks, _id_key, _Names.risk_of, _risk_fields)
    compare("caveats", old.caveats, new.caveats, _caveat_key, _Names.caveat_of)
    order = {section: number for number, section in enumerate(SECTIONS)}
    changes.sort(key=lambda change: order[change.section])  # stable: keeps each section's order
    return changes


def _id_key(item: Actor | Topic | Debate | Statement | Risk) -> tuple[str, ...]:
    return (item.id,)


def _country_key(country: Country) -> tuple[str, ...]:
    return (country.code,)


def _position_key(position: Position) -> tuple[str, ...]:
    return (position.country, position.topic)


def _caveat_key(caveat: Caveat) -> tuple[str, ...]:
    return (caveat.text,)


def _sides(briefing: Briefing) -> list[tuple[Debate, Side]]:
    return [(debate, side) for debate in briefing.debates for side in debate.sides]


def _side_key(item: tuple[Debate, Side]) -> tuple[str, ...]:
    debate, side = item
    return (debate.id, side.actor or side.country or "")


def _stance_value(position: Position) -> str:
    return position.stance.value


def _stance_field(
    old: Position | Side, new: Position | Side
) -> Iterator[tuple[str, str | None, str | None]]:
    yield "stance", old.stance.value, new.stance.value


def _statement_fields(
    old: Statement, new: Statement
) -> Iterator[tuple[str, str | None, str | None]]:
    yield "speaker", old.speaker, new.speaker
    yield "kind", old.kind, new.kind
    yield "text", old.text, new.text


def _risk_fields(old: Risk, new: Risk) -> Iterator[tuple[str, str | None, str | None]]:
    for name in ("likelihood", "confidence", "impact"):
        before, after = getattr(old, name), getattr(new, name)
        yield name, before.value if before else None, after.value if after else None


class _Names:
    """Items of one briefing in words (the names of the countries, actors and topics they name
    come from the briefing's look-ups)."""

    def __init__(self, briefing: Briefing) -> None:
        self.lookups = briefing.lookups

    def country(self, code: str) -> str:
        return f"{self.lookups.country_name(code)} ({code})"

    def country_of(self, country: Country) -> str:
        return self.country(country.code)

    def actor_of(self, actor: Actor) -> str:
        return byline(actor.name, actor.role) + (f" ({actor.country})" if actor.country else "")

    def topic_of(self, topic: Topic) -> str:
        return topic.title

    def position_of(self, position: Position) -> str:
        return f"{self.country(position.country)} · {self.lookups.topic_title(position.topic)}"

    def debate_of(self, debate: Debate) -> str:
        return debate.title

    def side_of(self, item: tuple[Debate, Side]) -> str:
        debate, side = item
        party = self.country(side.country) if side.country else self.lookups.party(side)
        return f"{debate.title} · {party}"

    def statement_of(self, statement: Statement) -> str:
        speaker = self.lookups.actor_name(statement.speaker)
        if statement.is_direct:
            return f"{speaker}: \u201c{statement.text}\u201d"
        return f"{speaker} (paraphrase): {statement.text}"

    def statement_named(self, statement: Statement) -> str:
        """A statement by its speaker and id (for a change of its text)."""
        return f"{self.lookups.actor_name(statement.speaker)} ({statement.id})"

    def risk_of(self, risk: Risk) -> str:
        return risk.title

    def caveat_of(self, caveat: Caveat) -> str:
        return caveat.text


# --------------------------------------------------------------------------------------------
# In words (every word for a value, heading or action is chosen here)
# --------------------------------------------------------------------------------------------

HEADINGS: dict[Section, str] = {
    "countries": "Countries",
    "actors": "Actors",
    "topics": "Topics",
    "positions": "Positions",
    "debates": "Debates",
    "sides": "Debate sides",
    "statements": "Statements",
    "risks": "Risks",
    "caveats": "Caveats",
}

_WITHDRAWN = frozenset({"positions", "debates", "sides", "statements", "risks"})
"""Sections whose removed items were withdrawn (a claim taken back), not merely left out."""


def words(field: str, value: str | None) -> str:
    """A value of the format in words: stances and likelihoods by their labels."""
    if value is None:
        return NOT_RATED if field in ("likelihood", "confidence", "impact") else "none"
    if field == "stance":
        return STANCE_LABELS[value]
    if field == "likelihood":
        return Likelihood(value).label
    if field == "confidence":
        return Confidence(value).value
    if field == "impact":
        return Impact(value).value
    if field == "text":
        return f"\u201c{value}\u201d"
    return value


def action_words(change: Change) -> str:
    """``added``, ``removed``, ``withdrawn``, ``changed`` or ``re-rated``."""
    if change.action == "removed":
        return "withdrawn" if change.section in _WITHDRAWN else "removed"
    if change.action == "changed" and change.section == "risks":
        return "re-rated"
    return change.action


def describe(change: Change) -> str:
    """The change in words, without its action: ``Italy (IT) · Pact: opposes → open to it``."""
    if change.action == "changed":
        field = change.field or ""
        what = "" if field == "stance" else f"{field} "
        before, after = words(field, change.before), words(field, change.after)
        return f"{change.subject}: {what}{before} \u2192 {after}"
    stance = change.after if change.action == "added" else change.before
    if stance is not None:
        return f"{change.subject}: {words('stance', stance)}"
    return change.subject


def sections(changes: Iterable[Change]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Changes by section: ``(heading, [(action in words, description), ...])``, in order."""
    grouped: dict[Section, list[tuple[str, str]]] = {}
    for change in changes:
        grouped.setdefault(change.section, []).append((action_words(change), describe(change)))
    return [(HEADINGS[section], grouped[section]) for section in SECTIONS if section in grouped]
