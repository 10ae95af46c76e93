"""A story over time: its briefings in order, and who stood where at each of their dates.

Briefings with the same ``story`` are one story (``docs/format.md``, "Stories"), ordered by
date, then id; undated briefings come after the dated ones. Given the briefings of one story,
this module builds:

- :func:`timeline`: countries down, topics across, and for each (country, topic) the position
  at every briefing of the story, runs of the same stance as :class:`Step` objects (what a view
  prints as ``opposes 06-12 → open to it 06-19``);
- :func:`previous_stances`: for the positions of one briefing that changed, the stance in the
  briefing before it (for the Countries view);
- :func:`since_last`: the changes since the previous briefing of the story, in words (the
  "since the last briefing" section of an export).

Pure functions over :class:`~tui.format.model.Briefing` models: no I/O, no Textual. Finding the
briefings of a story in a library is :mod:`tui.library.stories`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from tui.format.changes import Change, diff, sections
from tui.format.model import Briefing, Position, Stance
from tui.format.wording import NO_POSITION_WORDS, STANCE_LABELS, plural


def story_order(briefing: Briefing) -> tuple[bool, dt.date, str]:
    """Sort key of a briefing within its story: by date, then id; undated ones last."""
    return (briefing.date is None, briefing.date or dt.date.min, briefing.id)


def in_story_order(briefings: Iterable[Briefing]) -> list[Briefing]:
    """The briefings sorted as their story orders them (a stable sort)."""
    return sorted(briefings, key=story_order)


def previous_of(briefing: Briefing, story: Iterable[Briefing]) -> Briefing | None:
    """The briefing just before ``briefing`` in its story (``story`` holds its briefings, in
    any order, with or without ``briefing`` itself); None for the first, or without a story."""
    if briefing.story is None:
        return None
    here = story_order(briefing)
    earlier = [
        other for other in story
        if other.story == briefing.story and story_order(other) < here
    ]
    return max(earlier, key=story_order, default=None)


# --------------------------------------------------------------------------------------------
# The timeline
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """One briefing of the story: a column of dates in the timeline."""

    briefing: Briefing
    label: str
    """Its date, short: ``06-12`` when every dated briefing of the story is of one year, else
    ``2031-06-12``; ``undated`` without a date."""


@dataclass(frozen=True)
class Step:
    """A run of briefings in which a country held one stance on a topic."""

    stance: Stance | None
    """None: no position in these briefings (withdrawn, or the country not followed)."""
    start: int
    """Index of the first moment of the run."""
    end: int
    """Index past its last moment."""


@dataclass(frozen=True)
class Cell:
    """One country on one topic over the story."""

    country: str
    topic: str
    positions: tuple[Position | None, ...]
    """The position at each moment (None where the briefing has none), for its evidence."""
    steps: tuple[Step, ...]
    """Runs of the same stance, from the first briefing with a position on."""

    @property
    def changed(self) -> bool:
        """True when the stance changed at some point of the story."""
        return len(self.steps) > 1

    @property
    def stances(self) -> tuple[Stance | None, ...]:
        """The stance at each moment."""
        return tuple(None if p is None else p.stance for p in self.positions)


@dataclass(frozen=True)
class Timeline:
    """Who stood where over one story."""

    story: str | None
    moments: tuple[Moment, ...]
    """The briefings, in story order."""
    countries: tuple[tuple[str, str], ...]
    """``(code, name)`` of every country with a position somewhere, rows in order: as the
    latest briefing lists them, then those of earlier briefings only."""
    topics: tuple[tuple[str, str], ...]
    """``(id, title)`` of every topic with a position somewhere, columns in the same order."""
    cells: Mapping[tuple[str, str], Cell]
    """Cells by ``(country code, topic id)``; only pairs with a position somewhere."""

    def cell(self, country: str, topic: str) -> Cell | None:
        """The cell of a country and a topic, None when no briefing has that position."""
        return self.cells.get((country, topic))

    @property
    def changes(self) -> list[tuple[Cell, Step]]:
        """Every change of stance: the cell and the step it begins, by moment then row."""
        rows = {code: number for number, (code, _) in enumerate(self.countries)}
        columns = {topic: number for number, (topic, _) in enumerate(self.topics)}
        found = [(cell, step) for cell in self.cells.values() for step in cell.steps[1:]]
        found.sort(key=lambda pair: (pair[1].start, rows[pair[0].country],
                                     columns[pair[0].topic]))
        return found

    def trail(self, cell: Cell) -> str:
        """The cell in words: ``opposes 06-12 → open to it 06-19 → supports 06-26``."""
        return " \u2192 ".join(
            f"{stance_words(step.stance)} {self.moments[step.start].label}" for step in cell.steps
        )


def stance_words(stance: Stance | None) -> str:
    """A stance in words, ``no position`` for None."""
    return NO_POSITION_WORDS if stance is None else STANCE_LABELS[stance.value]


def _labels(briefings: Sequence[Briefing]) -> list[str]:
    years = {b.date.year for b in briefings if b.date is not None}
    short = len(years) <= 1
    return [
        "undated" if b.date is None else (b.date.strftime("%m-%d") if short else b.date.isoformat())
        for b in briefings
    ]


def _ordered_names(
    briefings: Sequence[Briefing], names: Callable[[Briefing], Iterable[tuple[str, str]]],
    wanted: set[str],
) -> tuple[tuple[str, str], ...]:
    """``(key, name)`` pairs as the latest briefing lists them, then earlier ones; names from
    the latest briefing that has them."""
    found: dict[str, str] = {}
    for briefing in reversed(briefings):
        for key, name in names(briefing):
            if key in wanted and key not in found:
                found[key] = name
    missing = sorted(wanted - found.keys())  # a position naming what its briefing does not list
    return (*found.items(), *((key, key) for key in missing))


def timeline(briefings: Iterable[Briefing]) -> Timeline:
    """The timeline of the briefings of one story (in any order; sorted here)."""
    ordered = in_story_order(briefings)
    count = len(ordered)
    at: dict[tuple[str, str], list[Position | None]] = {}
    for index, briefing in enumerate(ordered):
        for position in briefing.positions:
            key = (position.country, position.topic)
            slots = at.get(key)
            if slots is None:
                slots = at[key] = [None] * count
            slots[index] = position
    cells = {key: Cell(key[0], key[1], tuple(slots), _steps(slots)) for key, slots in at.items()}
    countries = _ordered_names(
        ordered, lambda b: ((c.code, c.name) for c in b.countries), {c for c, _ in at}
    )
    topics = _ordered_names(
        ordered, lambda b: ((t.id, t.title) for t in b.topics), {t for _, t in at}
    )
    stories = {b.story for b in ordered}
    story = stories.pop() if len(stories) == 1 else None
    moments = tuple(Moment(b, label) for b, label in zip(ordered, _labels(ordered), strict=True))
    return Timeline(story, moments, countries, topics, cells)


def _steps(slots: Sequence[Position | None]) -> tuple[Step, ...]:
    steps: list[Step] = []
    start = 0
    while slots[start] is None:  # a cell has a position somewhere
        start += 1
    current = slots[start]
    stance = None if current is None else current.stance
    for index in range(start + 1, len(slots)):
        position = slots[index]
        now = None if position is None else position.stance
        if now != stance:
            steps.append(Step(stance, start, index))
            start, stance = index, now
    steps.append(Step(stance, start, len(slots)))
    return tuple(steps)


# --------------------------------------------------------------------------------------------
# Against the previous briefing
# --------------------------------------------------------------------------------------------


def previous_stances(
    previous: Briefing | None, current: Briefing
) -> dict[tuple[str, str], Stance | None]:
    """For each position of ``current`` that changed since ``previous``: the stance it had
    there (None: no position then), by ``(country, topic)``; empty without a previous one."""
    if previous is None:
        return {}
    return {
        (change.key[0], change.key[1]): None if change.before is None else Stance(change.before)
        for change in diff(previous, current)
        if change.section == "positions" and change.action in ("changed", "added")
    }


@dataclass(frozen=True)
class SinceLast:
    """What changed since the previous briefing of the story (for exports)."""

    previous: Briefing
    changes: tuple[Change, ...]

    title = "Since the last briefing"

    @property
    def intro(self) -> str:
        """One sentence naming the previous briefing and how much changed."""
        when = f", {self.previous.date.isoformat()}" if self.previous.date else ""
        named = f"\u201c{self.previous.title}\u201d ({self.previous.id}{when})"
        if not self.changes:
            return f"Nothing changed since {named}."
        return f"Since {named}: {plural(len(self.changes), 'change')}."

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """``(heading, [(action, description), ...])`` per section, as ``briefing diff``."""
        return sections(self.changes)


def since_last(briefing: Briefing, story: Iterable[Briefing]) -> SinceLast | None:
    """The changes since the briefing before ``briefing`` in its story; None when it has no
    story or is the first of it."""
    previous = previous_of(briefing, story)
    if previous is None:
        return None
    return SinceLast(previous, tuple(diff(previous, briefing)))
