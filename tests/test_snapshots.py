"""How the reader looks: every view at 80x24 and 120x40 (pytest-textual-snapshot).

Each snapshot was rendered to PNG and looked at before it was accepted. Regenerate with
``pytest tests/test_snapshots.py --snapshot-update`` and look at the report again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import loaded
from textual.widgets import Input

from tui.library.files import bundled_library, find_briefings
from tui.reader.app import BriefingApp

SIZES = [(80, 24), (120, 40)]


def make_app() -> BriefingApp:
    files, _ = find_briefings([bundled_library()])
    return BriefingApp(files)


async def settle(pilot) -> None:
    """Wait for the background load, and make the screen deterministic."""
    await loaded(pilot)
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.pause()


VIEWS = {
    "summary": [],
    "countries": ["2", "j", "j"],
    "quotes": ["3", *"troops"],
    "source": ["2", "j", "j", "enter", "4"],
    "find": ["4", "f", *"allies", "enter", "n"],
    "matrix": ["5", "l", "j"],
    "debates": ["6", "j", "j"],
    "timeline": ["7"],  # the bundled briefing has no story: a story of one, and how to link
    "help": ["question_mark"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", list(VIEWS))
def test_view(snap_compare, view, size):
    keys = VIEWS[view]

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:  # one at a time: each key's messages are handled before the next
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


STORY = Path(__file__).parent / "stories" / "glacier-water"


@pytest.mark.parametrize("step", ["grid", "change"])
def test_timeline_of_a_story(snap_compare, step):
    """The glacier-water story from its last briefing: both dates of each change in words;
    then Enter on Italy's change of 06-19, its evidence in both briefings."""
    files, _ = find_briefings([STORY])
    keys = ["end", "enter", "7"] + (["left", "enter"] if step == "change" else [])

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(BriefingApp(files), terminal_size=(120, 40), run_before=run_before)
