"""The Timeline view's text: a cell's stances over the story, and a change in both briefings.

A cell reads ``OPPOSES 06-12 → OPEN 06-19 → SUPPORTS 06-26``: a chip per run of one stance,
with the date it began, in words (the colour only repeats them). A cell too long for its
column shows the stances that fit around the cursor (or the latest ones), and how many are
left out on each side: ``‹12 OPEN 03-12 → SUPPORTS 03-19``. Fitting costs the steps shown,
not the length of the story.

Rich only (no Textual), so the bench times it without an app; data goes through the
:mod:`tui.reader.styles` helpers, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tui.format.claims import basis_words
from tui.format.wording import NO_POSITION, NO_POSITION_WORDS, STANCE_CHIPS, STANCE_MEANINGS
from tui.reader.styles import DIM, HEADING, STANCE_STYLES, block, lines, plain, stance_chip

if TYPE_CHECKING:
    from tui.format.model import Position, Stance
    from tui.format.story import Cell, Timeline
    from tui.reader.story_finder import FoundStory

ARROW = "→"
"""Between two stances of a cell."""
NONE_STYLE = Style(dim=True, italic=True)
"""A run of briefings without a position."""
SELECTED = Style(reverse=True, underline=True)
"""The stance under the cursor."""
TRAIL_WORDS = 9
"""Stances spelt out in the detail's trail; a longer trail is cut around the cursor."""


def _value(stance: Stance | str | None) -> str | None:
    return None if stance is None else str(getattr(stance, "value", stance))


def step_width(stance: Stance | str | None, label: str) -> int:
    """Cells of :func:`step_chip` (no need to build it)."""
    value = _value(stance)
    word = NO_POSITION_WORDS if value is None else STANCE_CHIPS[value]
    return len(word) + len(label) + 3


def step_chip(stance: Stance | str | None, label: str, *, selected: bool = False) -> Text:
    """One run of a stance: `` OPPOSES 06-12 `` on the stance's colour, `` no position 06-19 ``
    dimmed; the cursor's reversed and underlined."""
    value = _value(stance)
    if value is None:
        text = Text(f" {NO_POSITION_WORDS} {label} ", style=NONE_STYLE, end="")
    else:
        text = stance_chip(value)
        text.append(f"{label} ", style=STANCE_STYLES[value] + Style(bold=False))
    if selected:
        text.stylize(SELECTED)
    return text


def _marker(count: int) -> int:
    return len(str(count)) + 2 if count else 0


def fit_steps(widths: list[int], width: int, target: int | None = None) -> tuple[int, int]:
    """The steps ``[first, end)`` that fit in ``width`` with the markers of those left out,
    always holding ``target`` (default: the last); the rest spread evenly around it."""
    count = len(widths)
    if not count:
        return 0, 0
    target = count - 1 if target is None else max(0, min(target, count - 1))
    first, end, inner = target, target + 1, widths[target]

    def fits(a: int, b: int, size: int) -> bool:
        return size + _marker(a) + _marker(count - b) <= width

    while True:
        left = (first - 1, end, inner + widths[first - 1] + 1) if first > 0 else None
        right = (first, end + 1, inner + widths[end] + 1) if end < count else None
        order = [left, right] if target - first <= end - 1 - target else [right, left]
        for option in order:
            if option is not None and fits(*option):
                first, end, inner = option
                break
        else:
            return first, end


def cell_text(timeline: Timeline, cell: Cell | None, width: int,
              selected: int | None = None) -> Text:
    """A cell in at most ``width`` cells (one step wider only if a single one does not fit);
    ``selected`` is the step under the cursor."""
    if cell is None:
        return Text(f" {NO_POSITION}", style=DIM, end="")
    steps = cell.steps
    labels = [timeline.moments[step.start].label for step in steps]
    widths = [step_width(step.stance, label) for step, label in zip(steps, labels, strict=True)]
    first, end = fit_steps(widths, width, selected)
    text = Text(end="")
    if first:
        text.append(f"‹{first} ", style=DIM)
    for index in range(first, end):
        if index > first:
            text.append(ARROW, style=DIM)
        text.append_text(step_chip(steps[index].stance, labels[index],
                                   selected=index == selected))
    if end < len(steps):
        text.append(f" {len(steps) - end}›", style=DIM)
    return text


def natural_width(timeline: Timeline, cell: Cell | None) -> int:
    """Cells of a cell's whole trail."""
    if cell is None:
        return 2
    return sum(step_width(step.stance, timeline.moments[step.start].label)
               for step in cell.steps) + len(cell.steps) - 1


# --------------------------------------------------------------------------------- the detail


def trail_words(timeline: Timeline, cell: Cell, selected: int) -> Text:
    """The cell's stances in words, the cursor's in bold (cut around it when long)."""
    from tui.format.story import stance_words

    steps = cell.steps
    first = max(0, min(selected - TRAIL_WORDS // 2, len(steps) - TRAIL_WORDS))
    end = min(len(steps), first + TRAIL_WORDS)
    text = Text(end="")
    if first:
        text.append(f"{first} earlier … ", style=DIM)
    for index in range(first, end):
        if index > first:
            text.append(f" {ARROW} ", style=DIM)
        step = steps[index]
        text.append(f"{stance_words(step.stance)} {timeline.moments[step.start].label}",
                    style="bold" if index == selected else "")
    if end < len(steps):
        text.append(f" … {len(steps) - end} later", style=DIM)
    return text


def headline(timeline: Timeline, cell: Cell, selected: int) -> Text:
    """What the step under the cursor is: a change, or the first stance recorded."""
    from tui.format.story import stance_words

    step = cell.steps[selected]
    moments = timeline.moments
    when = _on(moments[step.start].label)
    if len(moments) == 1:
        return Text(f"In this briefing: {stance_words(step.stance)}", style="bold", end="")
    held = step.end - step.start
    until = (f"held in {held} briefings, to {moments[step.end - 1].label}" if held > 1
             else "in this briefing only" if step.end < len(moments) else "the latest briefing")
    if selected == 0:
        lead = f"First recorded {when}: {stance_words(step.stance)}"
    else:
        before = cell.steps[selected - 1].stance
        lead = f"Changed {when}: {stance_words(before)} {ARROW} {stance_words(step.stance)}"
    return Text.assemble((lead, "bold"), (f"  ({until})", DIM), end="")


def _on(label: str) -> str:
    """``on 06-12``; ``in an undated briefing``."""
    return "in an undated briefing" if label == "undated" else f"on {label}"


def side(title: str, found: FoundStory, moment: int, position: Position | None,
         *, picked: bool) -> Text:
    """One briefing's side of a change: its date and title, the stance, summary, evidence."""
    moments = found.timeline.moments
    briefing = moments[moment].briefing
    head = Text(end="")
    head.append("▶ " if picked else "", style="bold")
    head.append(f"{title} · {moments[moment].label}", style=HEADING if picked else "bold")
    parts = [head, plain(briefing.title, DIM)]
    if position is None:
        parts.append(Text(f"{NO_POSITION} No position in this briefing.", style=DIM, end=""))
        return lines(parts)
    value = position.stance.value
    stance = Text(end="")
    stance.append_text(stance_chip(value))
    stance.append(f" {position.stance.label} — {STANCE_MEANINGS[value]}")
    parts.append(stance)
    if position.summary:
        parts.append(block(position.summary))
    if position.basis != "stated":
        parts.append(plain(basis_words(position.basis, position.note), "italic"))
    if position.evidence:
        parts.append(Text(f"Evidence ({len(position.evidence)})", style=HEADING, end=""))
        for excerpt in position.evidence:
            quoted = Text("  “", style=DIM, end="")
            quoted.append_text(block(excerpt))
            quoted.append("”", style=DIM)
            parts.append(quoted)
    else:
        parts.append(Text("No evidence given.", style=DIM, end=""))
    return lines(parts)


def comparison(found: FoundStory, cell: Cell, selected: int, names: tuple[str, str],
               picked: int | None) -> RenderableType:
    """The step under the cursor in full: for a change, the briefing before it and the one it
    happened in side by side, each with its evidence; for the first stance, its briefing.

    ``picked``: the side marked as the one ``s`` shows (0 before, 1 after; None: unmarked).
    """
    timeline = found.timeline
    title = Text(end="")
    title.append_text(plain(names[0], "bold"))
    title.append(f" ({cell.country})", style=DIM)
    title.append(" on ", style=DIM)
    title.append_text(plain(names[1], "bold"))
    top = lines([title, headline(timeline, cell, selected)] if len(timeline.moments) == 1 else
                [title, trail_words(timeline, cell, selected), headline(timeline, cell, selected)])
    step = cell.steps[selected]
    after = side("After" if selected else "Recorded", found, step.start,
                 cell.positions[step.start], picked=picked == 1)
    grid = Table.grid(padding=(0, 2), expand=True)
    if selected == 0:
        grid.add_column(ratio=1)
        grid.add_row(after)
    else:
        before = side("Before", found, step.start - 1, cell.positions[step.start - 1],
                      picked=picked == 0)
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(before, after)
    return Group(top, Text(""), grid)
