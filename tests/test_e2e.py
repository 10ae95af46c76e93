"""End to end: the installed ``briefing`` in a real terminal (tmux), driven like a person would.

Uses ``shared/tools/tui-drive`` (beside the repository). It opens the bundled briefing, goes to
a country, searches a quote, opens it, quits, and checks the exit status and that the terminal
was restored (the app's screen is gone, the shell's output is back).
"""

from __future__ import annotations

import pytest
from terminal import session_in

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
