"""The workbench end to end: the installed ``briefing`` in tmux, its file saved from outside.

A saved title edit shows within 3 s (waiting for the text, never sleeping and checking); a
broken save shows its line and keeps the last good view; a fix recovers; ``e`` runs
``$VISUAL +LINE FILE`` for the selected country (a stand-in editor that records its
arguments and edits the file), and the reader comes back showing the edit.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
import test_hostile_use
from helpers import BRIEFING, write_briefing
from test_hostile_use import BRIEFING as COMMAND
from test_hostile_use import Session, _missing

pytestmark = pytest.mark.e2e


class Workbench(Session):
    """The reader on one briefing file, named relative to its folder, with an editor."""

    def start_on(self, name: str, editor: str, size: str = "120x40") -> None:
        command = (
            f"while [ ! -e '{self.go}' ]; do sleep 0.01; done; unset COLUMNS LINES; "
            f"'{COMMAND}' '{name}'; echo $? > '{self.status}'"
        )
        self.drive("start", self.name, "--size", size,
                   "--env", f"BRIEFING_STATE_DIR={self.folder / 'state'}",
                   "--env", f"BRIEFING_CACHE_DIR={self.folder / 'cache'}",
                   "--env", f"VISUAL={editor}", "--env", "EDITOR=false",
                   "--", "sh", "-c", command)
        self.tmux("pipe-pane", "-o", "-t", self.name, f"cat >> '{self.output}'")
        self.go.touch()


def _tool_of_a_worktree() -> Path | None:
    """``shared/tools/tui-drive`` beside the repository, or beside the folder of worktrees
    (``/work/wt/NAME`` next to ``/work/shared``)."""
    for folder in Path(__file__).resolve().parents[1:4]:
        tool = folder / "shared" / "tools" / "tui-drive"
        if tool.exists():
            return tool
    return None


@pytest.fixture
def bench(tmp_path, monkeypatch):
    tool = _tool_of_a_worktree()
    if tool is not None:
        monkeypatch.setattr(test_hostile_use, "TUI_DRIVE", tool)
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"end-to-end test cannot run in CI: {missing}")
        pytest.skip(missing)
    running = Workbench(tmp_path)
    yield running
    subprocess.run([*test_hostile_use.TMUX, "kill-session", "-t", running.name],
                   capture_output=True)


def line_with(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_saves_show_live_a_broken_save_is_listed_and_e_opens_the_editor(bench, tmp_path):
    path = write_briefing(tmp_path)
    arguments = tmp_path / "editor-arguments"
    editor = tmp_path / "stand-in-editor"
    editor.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n' \"$@\" > '{arguments}'\n"
        "sed -i 's/name: Spain/name: Kingdom of Spain/' \"$2\"\n")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    bench.start_on(path.name, str(editor))
    bench.wait("A test briefing", timeout=20)
    bench.wait("Bottom line")

    # A saved title edit shows within 3 s, without a restart.
    path.write_text(BRIEFING.replace("title: A test briefing", "title: A live edit"))
    bench.wait("A live edit", timeout=3)

    # A broken save: its line in the panel, the last good version still shown.
    broken = BRIEFING.replace("title: A test briefing", "title: A live edit\nsummry: typo")
    path.write_text(broken)
    bench.wait(f"test.yaml:{line_with(broken, 'summry')}:1: error: unknown key 'summry'")
    screen = bench.screen()
    assert "A live edit" in screen and "no longer loads" in screen, screen

    # The fix recovers: the new text, and the panel gone.
    path.write_text(BRIEFING.replace("title: A test briefing", "title: Fixed and saved"))
    bench.wait("Fixed and saved", timeout=3)
    bench.drive("wait", bench.name, "error:", "--gone", "--timeout", "5")

    # e on a country: $VISUAL +LINE FILE, the reader suspended, then back with the edit.
    bench.press("2")
    bench.wait("Stances")
    bench.press("j")
    bench.wait("Ana López")
    bench.press("e")
    bench.wait("Kingdom of Spain", timeout=10)
    assert arguments.read_text().split("\n")[:2] == [
        f"+{line_with(BRIEFING, '- code: ES')}", "test.yaml"]
    bench.wait("Stances")
    bench.assert_alive("after the editor")

    assert bench.quit() == 0
