"""End to end: the installed ``briefing`` in a real terminal (tmux), driven like a person would.

Uses ``shared/tools/tui-drive`` (beside the repository). It opens the bundled briefing, goes to
a country, searches a quote, opens it, quits, and checks the exit status and that the terminal
was restored (the app's screen is gone, the shell's output is back).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terminal import session_in

STORY = Path(__file__).resolve().parent / "stories" / "glacier-water"

pytestmark = pytest.mark.e2e


@pytest.fixture
def session(tmp_path):
    yield from session_in(tmp_path)


def test_open_country_search_quit_in_a_real_terminal(session):
    # Run with no path: the bundled library is found through the package.
    session.start(None, "120x40")
    session.wait("NATO allies", timeout=20)
    session.wait("Bottom line")

    session.press("2")
    session.wait("Stances")
    session.press("j", "j")
    session.wait("German Chancellor")

    session.press("/")
    session.keys("-l", "kirby")
    session.wait("1 of 14 statements")
    session.wait("no US troops")
    session.press("Enter")
    session.wait("Stances")  # the Countries view is back, on the speaker's country
    screen = session.screen()
    assert "United States" in screen and "John Kirby" in screen, screen

    session.press("q")
    assert session.exit_status() == 0
    after = session.screen()
    # The alternate screen is gone: none of the app's chrome is left on the terminal.
    assert "Countries" not in after
    assert "Stances" not in after


def test_the_timeline_of_a_story_in_a_real_terminal(session):
    session.start(STORY, "120x40")
    session.wait("France has doubts", timeout=20)  # the picker, every briefing
    session.press("End")
    session.press("Enter")  # the last briefing of the story, 06-26
    session.wait("as of 2031-06-26")
    session.press("7")
    session.wait("3 briefings, 2031-06-12 to 2031-06-26")
    session.wait("OPPOSES 06-12 → OPEN 06-19 → SUPPORTS 06-26")  # Italy on the pact
    screen = session.screen()
    assert "SUPPORTS 06-12 → OPPOSES 06-26" in screen, screen  # France
    assert "OPPOSES 06-12 → no position 06-19 → OPPOSES 06-26" in screen, screen
    assert "Changed on 06-26: open to it → supports" in screen, screen
    session.press("Left", "Enter")  # Italy's change of 06-19, in both briefings
    session.wait("Rome opposes the draft in its present form")
    session.wait("Italy said it was open to the emergency pact")
    session.press("q")
    assert session.exit_status() == 0
