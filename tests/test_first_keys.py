"""Keys typed at first paint, in a real terminal: ``/`` and a word starting with ``q``.

The installed ``briefing`` starts in tmux; as soon as its first frame is on the terminal (the
title bar alone), ``/quick`` is typed, all of it within a few tens of milliseconds: in one
burst (as a paste or a fast hand sends it) or a key at a time. Every run must end with exactly
``quick`` in the search field and its results on screen: not quit by the ``q``, no letter lost
or out of order, no picker over the field. 20 runs on a warm library of 300 briefings (its
cache filled and its state saved by a run before, in the Countries view, so the start restores
a session while the keys arrive) and 20 on the bundled briefing.

The test waits for what the screen shows, never for a time: a run that loses a key times out
waiting, and fails with the screen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from terminal import ROOT, Session, search_field, skip_unless_possible

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RUNS = 20
WORD = "quick"
SIZE = "120x40"


@pytest.fixture(scope="module")
def big_library(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("first-keys") / "library"
    subprocess.run([sys.executable, "-m", "bench.generate", str(folder), "--files", "300",
                    "--statements", "100"], cwd=ROOT, check=True, capture_output=True)
    return folder


def first_paint(screen: str) -> bool:
    return screen.lstrip().startswith("briefing")


def searched(screen: str) -> bool:
    """The search is done: the word in the field, its results below, nothing loading."""
    if search_field(screen) != WORD or "loading…" in screen or "Loading" in screen:
        return False
    return (" of 30,000 statements in 300 briefings" in screen
            or f"No statement matches '{WORD}'" in screen)


def warm_up(folder: Path, library: Path | None) -> tuple[Path, Path]:
    """Run once: the cache filled, the state saved in the Countries view. Its folders."""
    session = Session(folder / "warm-up", name="first-keys")
    session.start(library, SIZE, record=False)
    try:
        session.wait_for(lambda screen: "Bottom line" in screen or "Briefings (" in screen,
                         "the first briefing or the picker")
        if "Briefings (" in session.screen():
            session.keys("Escape")
            session.wait_for(lambda screen: "Bottom line" in screen, "the first briefing")
        session.keys("2")
        session.wait_for(lambda screen: "Stances" in screen, "the Countries view")
        session.keys("q")
        assert session.exited() == 0, session.screen()
    finally:
        session.stop()
    assert (session.state_dir / "state.json").exists()
    return session.state_dir, session.cache_dir


def type_at_first_paint(folder: Path, library: Path | None, run: int) -> float:
    """One run; the seconds from first paint to the last key sent."""
    warm_state, cache = folder / "warm-up" / "state", folder / "warm-up" / "cache"
    state = folder / f"state-{run}"
    shutil.copytree(warm_state, state)  # every run restores the same session
    session = Session(folder / f"run-{run}", name="first-keys", state=state, cache=cache)
    session.start(library, SIZE, record=False)
    try:
        session.wait_for(first_paint, "the first frame")
        painted = time.monotonic()
        if run % 2:
            session.type_each(f"/{WORD}")  # a key at a time
        else:
            session.type(f"/{WORD}")  # one burst
        typed = time.monotonic() - painted
        screen = session.wait_for(searched, f"run {run}: {WORD!r} searched")
        assert "Briefings (" not in screen, f"run {run}: the picker covers the search\n{screen}"
        session.keys("C-q")
        assert session.exited() == 0, f"run {run}: exit status\n{session.screen()}"
    finally:
        session.stop()
    return typed


@pytest.mark.parametrize("where", ["300 briefings", "the bundled briefing"])
def test_slash_and_a_q_word_typed_at_first_paint_land_in_the_search_field(
        tmp_path, big_library, where):
    skip_unless_possible()
    library = big_library if where == "300 briefings" else None
    warm_up(tmp_path, library)
    typing = [type_at_first_paint(tmp_path, library, run) for run in range(RUNS)]
    print(f"{where}: /{WORD} typed within {max(typing) * 1000:.0f} ms of first paint "
          f"(median {sorted(typing)[RUNS // 2] * 1000:.0f} ms), {RUNS} of {RUNS} runs searched")
