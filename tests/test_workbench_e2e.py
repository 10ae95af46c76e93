"""The workbench end to end: the installed ``briefing`` in tmux, its file saved from outside.

A saved title edit shows within 3 s (waiting for the text, never sleeping and checking); a
broken save shows its line and keeps the last good view; a fix recovers; ``e`` runs
``$VISUAL +LINE FILE`` for the selected country (a stand-in editor that records its
arguments and edits the file), and the reader comes back showing the edit.
"""

from __future__ import annotations

import stat

import pytest
from helpers import BRIEFING, write_briefing
from terminal import Session, session_in

pytestmark = pytest.mark.e2e


class Workbench:
    """The reader on one briefing file, named relative to its folder, with an editor."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __getattr__(self, name: str):
        return getattr(self.session, name)

    def start_on(self, name: str, editor: str, size: str = "120x40") -> None:
        self.session.start(name, size, env={"VISUAL": editor, "EDITOR": "false"})


@pytest.fixture
def bench(tmp_path):
    for session in session_in(tmp_path):
        yield Workbench(session)


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
