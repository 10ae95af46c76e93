"""Faults around the screens pushed over the views: keys in bursts (a hurried hand, a paste)
around the command palette, the picker and the help.

Random keys with Ctrl+P crashed the reader in 5 of 7 terminal runs of 1,000 keys: the screen
stack held two palettes with the picker between them (``DuplicateIds: '--command-palette'``),
and in process ``ScreenStackError``, ``KeyError`` and ``NoMatches`` came out of Textual's
palette. The rule now: at most one palette; a modal screen is pushed only from the views, and
closed once (a second Enter or Escape queued before it is gone does nothing).
The same keys in a real terminal: ``test_hostile_use.test_a_thousand_random_keys_then_quit``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import BRIEFING, loaded, write_briefing
from textual import events
from textual.command import CommandPalette

from tui.library.files import find_briefings
from tui.reader.app import BriefingApp


def _library(tmp_path: Path) -> list[Path]:
    write_briefing(tmp_path / "a", "a.yaml")
    write_briefing(tmp_path / "b", "b.yaml", BRIEFING.replace("id: test-briefing", "id: second"))
    return find_briefings([tmp_path])[0]


def _burst(app: BriefingApp, keys) -> None:
    """Keys all queued before the first is handled."""
    for key in keys:
        character = key if len(key) == 1 else {"space": " "}.get(key)
        app.post_message(events.Key(key, character))


def _assert_sane(app: BriefingApp, doing: str) -> None:
    assert app.is_running, f"the reader ended {doing}"
    stack = app.screen_stack
    palettes = [screen for screen in stack if isinstance(screen, CommandPalette)]
    assert len(palettes) <= 1, f"{len(palettes)} palettes {doing}: {stack}"
    assert len(stack) <= 2, f"a modal screen over another {doing}: {stack}"


BURSTS = {
    "enter three times on a command": ["ctrl+p", *"help", "enter", "enter", "enter"],
    "enter on a view, then b": ["ctrl+p", *"sum", "down", "enter", "enter", "b", "enter"],
    "open, close, open": ["ctrl+p", "escape", "ctrl+p", "escape", "ctrl+p"],
    "b and ? over the palette": ["ctrl+p", "b", "question_mark", "escape", "b", "question_mark"],
    "escape twice, then a key": ["ctrl+p", "escape", "escape", "ctrl+p", "enter", "escape"],
    "help, closed twice": ["question_mark", "escape", "escape", "question_mark", "question_mark",
                           "escape"],
}


@pytest.mark.parametrize("keys", BURSTS.values(), ids=BURSTS.keys())
async def test_bursts_around_the_palette(tmp_path: Path, keys):
    app = BriefingApp(_library(tmp_path), restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")  # the picker shown at start
        await pilot.pause()
        for _ in range(3):
            _burst(app, keys)
            for _ in range(5):
                await pilot.pause(0.05)
                _assert_sane(app, f"after {keys}")
            _burst(app, ["escape", "escape"])
            await pilot.pause(0.2)
            _assert_sane(app, "closing")


POOL = (["ctrl+p"] * 6 + ["enter"] * 6 + ["b", "question_mark"] * 3
        + ["escape", "down", "up", "pagedown", "tab", "slash", "1", "2", "3", "4", "5", "6", "j",
           "k", "s", "n", *"aeghilmnorstu"])
"""No q, Ctrl+Q or Ctrl+C (they quit), nor c (it writes the clipboard)."""


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
async def test_random_bursts_with_the_palette(tmp_path: Path, seed: int):
    app = BriefingApp(_library(tmp_path), restore=False)
    keys = random.Random(seed).choices(POOL, k=300)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        for start in range(0, len(keys), 20):
            _burst(app, keys[start : start + 20])
            await pilot.pause(0.05)
            _assert_sane(app, f"after {start + 20} keys (seed {seed})")
        await pilot.pause(0.3)
        _assert_sane(app, "at the end")
