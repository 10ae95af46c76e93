"""The format's values in words: one wording for every renderer (reader, export, CLI).

Stances, risk ratings, the empty cell of the matrix, the byline of a statement and the
reliability grade are worded here and nowhere else. This module imports neither pydantic
nor the model (the reader paints before the model is loaded): stances are looked up by their
value, which the model's ``str`` enums share.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.format.model import Risk, Source

STANCES: tuple[str, ...] = ("supports", "open", "undecided", "opposes", "warns")
"""The stance values in the format's order."""

STANCE_LABELS: dict[str, str] = {
    "supports": "supports",
    "open": "open to it",
    "undecided": "undecided",
    "opposes": "opposes",
    "warns": "warns",
}
"""A stance in a word or two, as it reads after a name ("Italy: open to it")."""

STANCE_MEANINGS: dict[str, str] = {
    "supports": "in favour",
    "open": "does not rule it out",
    "undecided": "has not decided",
    "opposes": "against it",
    "warns": "warns of consequences",
}
"""What each stance means, for legends (the words carry the meaning without colour)."""

STANCE_CHIPS: dict[str, str] = {stance: stance.upper() for stance in STANCES}
"""A stance as a chip's word: ``SUPPORTS``, ``OPEN``, ..."""

NO_POSITION = "·"
"""A matrix cell where the briefing records no position (reader and exports alike)."""

NO_POSITION_WORDS = "no position"
"""The empty cell in words (legends and details)."""


def byline(name: str, role: str | None = None, reported_by: str | None = None,
           details: Iterable[str | None] = ()) -> str:
    """Who said it: ``Name, role (reported by X)``, then any details ``· Monday · 2024-02-26``.

    The role is left out when it repeats the name (an office named by its role).
    """
    who = name
    if role and role != name:
        who += f", {role}"
    if reported_by:
        who += f" (reported by {reported_by})"
    return " · ".join([who, *(detail for detail in details if detail)])


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 country``, ``3 countries``, ``0 statements``."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def risk_facts(risk: Risk) -> list[tuple[str, str]]:
    """A risk's ratings as (name, words): likelihood with its rank of 7, confidence, impact."""
    facts = []
    if risk.likelihood is not None:
        facts.append(("Likelihood", f"{risk.likelihood.label} ({risk.likelihood.rank + 1} of 7)"))
    if risk.confidence is not None:
        facts.append(("Confidence", risk.confidence.value))
    if risk.impact is not None:
        facts.append(("Impact", risk.impact.value))
    return facts


NOT_RATED = "not rated"
"""A risk without ratings, or a rating not given."""


def risk_ratings(risk: Risk) -> str:
    """``likely · moderate confidence · high impact`` (what is given), or ``not rated``."""
    words = []
    if risk.likelihood is not None:
        words.append(risk.likelihood.label)
    if risk.confidence is not None:
        words.append(f"{risk.confidence.value} confidence")
    if risk.impact is not None:
        words.append(f"{risk.impact.value} impact")
    return " · ".join(words) if words else NOT_RATED


def reliability(source: Source) -> str | None:
    """``B (usually reliable)``, or None when the source is not graded."""
    if source.reliability is None:
        return None
    return f"{source.reliability.value} ({source.reliability.label})"
