"""End to end: the installed ``briefing`` in a real terminal (tmux), driven like a person would.

Uses ``shared/tools/tui-drive`` (beside the repository). It opens the bundled briefing, goes to
a country, searches a quote, opens it, quits, and checks the exit status and that the terminal
was restored (the app's screen is gone, the shell's output is back).
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest
from terminal import BRIEFING, TUI_DRIVE, skip_unless_possible

pytestmark = pytest.mark.e2e

@pytest.fixture
def drive(tmp_path):
    skip_unless_possible()
    name = f"e2e-{uuid.uuid4().hex[:8]}"

    def run(*args: str, check: bool = True, timeout: float = 30) -> str:
        result = subprocess.run(
            [sys.executable, str(TUI_DRIVE), *args], capture_output=True, text=True,
            timeout=timeout, cwd=tmp_path,
        )
        if check and result.returncode != 0:
            screen = subprocess.run([sys.executable, str(TUI_DRIVE), "screen", name],
                                    capture_output=True, text=True).stdout
            pytest.fail(f"tui-drive {' '.join(args)} failed: {result.stderr}\n--- screen ---\n{screen}")
        return result.stdout

    run.name = name  # type: ignore[attr-defined]
    yield run
    run("stop", name, check=False)


def test_open_country_search_quit_in_a_real_terminal(drive, tmp_path):
    name = drive.name
    status = tmp_path / "status"
    # Run from an unrelated folder: the bundled library is found through the package.
    # COLUMNS/LINES inherited from a test runner would override the terminal's real size.
    drive("start", name, "--size", "120x40",
          "--env", f"BRIEFING_STATE_DIR={tmp_path / 'state'}",
          "--env", f"BRIEFING_CACHE_DIR={tmp_path / 'cache'}", "--", "sh", "-c",
          f"unset COLUMNS LINES; '{BRIEFING}'; echo $? > '{status}'")
    drive("wait", name, "NATO allies", "--timeout", "20")
    drive("wait", name, "Bottom line")

    drive("keys", name, "2")
    drive("wait", name, "Stances")
    drive("keys", name, "j", "j")
    drive("wait", name, "German Chancellor")

    drive("keys", name, "/")
    drive("type", name, "kirby")
    drive("wait", name, "1 of 14 statements")
    drive("wait", name, "no US troops")
    drive("keys", name, "Enter")
    drive("wait", name, "Stances")  # the Countries view is back, on the speaker's country
    screen = drive("screen", name)
    assert "United States" in screen and "John Kirby" in screen, screen

    drive("keys", name, "q")
    deadline = time.monotonic() + 15
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert status.exists(), "briefing did not exit after q"
    time.sleep(0.1)
    assert status.read_text().strip() == "0"
    after = drive("screen", name)
    # The alternate screen is gone: none of the app's chrome is left on the terminal.
    assert "Countries" not in after
    assert "Stances" not in after
