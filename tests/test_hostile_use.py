"""Rough use: hostile data in a real terminal, resizing, a thousand random keys, type-ahead.

The installed ``briefing`` runs in tmux (``shared/tools/tui-drive``) on the hostile library of
``test_hostile_display`` (markup, bidi, invisible characters, a source file full of escape
sequences, bad files with escape sequences in their name and title). Every byte the app writes
to the terminal is recorded with ``tmux pipe-pane`` (the command waits for a go-file, created
once the pipe is attached, so nothing is missed) and checked: none of the escape sequences
planted in the data reaches the terminal, only their visible stand-ins.

The last tests run in process: key bursts (a fast typist, a paste) and the crashes they found.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from pathlib import Path

import pytest
from helpers import BRIEFING as SMALL_BRIEFING
from helpers import loaded, write_briefing
from terminal import search_field, session_in
from test_hostile_display import write_library
from textual import events
from textual.widgets import TabbedContent

from tui.library.files import find_briefings
from tui.reader.app import BriefingApp
from tui.reader.views.quotes import QuotesView

pytestmark = pytest.mark.e2e


@pytest.fixture
def session(tmp_path):
    yield from session_in(tmp_path)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return write_library(tmp_path_factory.mktemp("hostile-use") / "library")


# ---------------------------------------------------------------------------- the checks

_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_POINTER_SHAPE = re.compile(r"\x1b\]22;[\w-]*\x07")  # Textual's own OSC: the mouse pointer
PLANTED = (
    "\x1b]0;PWNED", "\x1b]2;PWNED", "\x1b]52;c;UFdORUQ=", "\x9d0;PWNED", "wipe \x1b[", "\x9b2J",
    "\x1b]8;;https://evil", "\x90x", "nul \x00", "bel \x07", "bs \x08", "del \x7f", "nel \x85",
)
"""Sequences planted in the source file, in file names, titles and error messages."""


def assert_nothing_from_data_reached_the_terminal(data: bytes, *, shown: bool = True) -> None:
    """Only Textual's own sequences (CSI, the pointer-shape OSC, the bell); no planted one; no
    control, bidi or invisible character; the planted sequences visible as stand-ins instead."""
    assert data, "nothing was recorded"
    text = data.decode("utf-8")  # raw C1 bytes (0x9b, 0x9d) would not even decode
    for planted in PLANTED:
        assert planted not in text, f"{planted!r} reached the terminal"
    for osc in ("\x1b]0;", "\x1b]2;", "\x1b]8;", "\x1b]52;"):  # title, title, link, clipboard
        assert osc not in text, f"{osc!r} reached the terminal"
    rest = _POINTER_SHAPE.sub("", _CSI.sub("", text))
    leftover = re.search(r"\x1b.{0,12}", rest, re.S)
    assert leftover is None, f"an escape sequence not Textual's own: {leftover.group()!r}"
    # Textual's own: line ends, and the bell it rings (at the end of the search field, say).
    unsafe = {f"U+{ord(c):04X}" for c in rest
              if c not in "\r\n\x07" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")}
    assert not unsafe, f"reached the terminal: {sorted(unsafe)}"
    if shown:
        assert "␛]0;PWNED-TITLE␇" in text  # the source file's escape, shown as symbols
        assert "␛]0;PWNED-NAME␇" in text  # the bad file's name, in the picker
        assert "⟨U+202E⟩" in text


# ---------------------------------------------------------------------------- in a real terminal


def test_hostile_data_sends_no_escape_sequence_to_the_terminal(session, library):
    """Every view, the help, the picker and the palette, on hostile data. Each step waits for
    what the screen shows, never for a time (keys are handled in the order typed; an Escape is
    followed by a key only once its effect is on screen, or the terminal reads Alt+key)."""
    session.start(library, "160x45")
    session.wait("could not be loaded", timeout=30)  # the picker, with the bad files listed
    session.wait("PWNED-NAME")
    session.press("Enter")  # the big briefing, first
    session.wait("Bottom line")
    session.press("End", "2")
    session.wait("Stances")
    session.press("j", "j", "PageDown", "g", "Enter", "j", "3")
    session.wait_for(lambda screen: (search_field(screen) or "").startswith("Search quotes")
                     and "All " in screen, "the empty search field")
    session.type("click [/]")
    session.wait_for(lambda screen: search_field(screen) == "click [/]"
                     and "statements" in screen, "the results of 'click [/]'")
    session.press("Down", "Enter")
    session.wait("Statements (")  # the result's statement, in its country
    session.press("4")
    session.wait("PWNED-TITLE")
    session.press("n", "N", "End", "5")
    session.wait("Enter: open the country")  # the matrix
    session.press("Down", "Right", "Enter", "6")
    session.wait("Debates (")
    session.press("Down", "Right", "Enter", "?")
    session.wait("Escape to close")
    session.press("Escape")
    session.drive("wait", session.name, "Escape to close", "--gone")
    session.press("b")
    session.wait("could not be loaded")
    session.press("Escape")
    session.drive("wait", session.name, "could not be loaded", "--gone")
    session.press("C-p")
    session.wait("Search for commands")
    session.type("NZ [")
    session.wait_for(lambda screen: "🔎 NZ [" in screen and "  Country: NAME-NZ" in screen,
                     "the palette's first choice")
    session.press("Enter")
    session.wait_for(lambda screen: "🔎" not in screen and "\nNZ NAME-NZ" in screen,
                     "the country chosen in the palette")
    session.assert_alive("while visiting every view")
    screen = session.screen()
    assert not [c for c in screen if unicodedata.category(c) in ("Cf", "Zl", "Zp")], screen
    assert session.quit() == 0
    assert_nothing_from_data_reached_the_terminal(session.recorded())


SIZES = [(120, 40), (80, 24), (40, 12), (20, 6), (30, 8), (60, 20), (200, 60)]
MOVES = [("2", "j", "Enter"), ("3",), ("Escape", "4", "n"), ("5", "Down"),
         ("6", "Down"), ("?",), ("Escape",)]
"""Keys at each size. Nothing is typed right after a view key (see test_type_ahead_...)."""


def test_resizing_down_to_20x6_and_back_while_navigating(session, library):
    session.start(library, "200x60")
    session.wait("could not be loaded", timeout=30)
    session.press("Enter")
    session.wait("Bottom line")
    for (width, height), keys in zip(SIZES, MOVES, strict=True):
        session.tmux("resize-window", "-t", session.name, "-x", str(width), "-y", str(height))
        time.sleep(0.4)  # let it lay out: keys typed meanwhile pile up (Escape + key = Alt+key)
        session.press(*keys)
        time.sleep(0.3)
        session.assert_alive(f"at {width}x{height}")
    session.drive("wait", session.name, "Escape to close", "--gone")
    session.press("1")
    session.wait("Bottom line")  # the full size is back, and drawn
    assert session.quit() == 0
    assert_nothing_from_data_reached_the_terminal(session.recorded(), shown=False)


def random_keys(count: int, seed: int) -> list[str]:
    """``count`` meaningful key presses: never q, Ctrl+Q, Ctrl+C (they quit), nor c (it would
    write the clipboard). Ctrl+P, b, ? and Enter are in, so the palette is opened, typed
    into, chosen from and left in bursts (they crashed the reader in 5 of 7 runs: two palettes
    on the stack, ``ScreenStackError``; see test_faults_screens)."""
    letters = list("abdfhijklmnoprstuvwxyzGN")  # no e: it hands the terminal to an editor
    keys = (
        [str(n) for n in range(1, 7)] * 3
        + ["j", "k", "g", "G", "Enter", "Escape", "Tab", "BTab", "/", "s", "n", "N", "b", "?",
           "Up", "Down", "PageUp", "PageDown", "Home", "End", "Left", "Right", "BSpace", "Space",
           "C-p", "C-p", "Enter", "b", "?"] * 2
        + letters
    )
    return random.Random(seed).choices(keys, k=count)


def test_a_thousand_random_keys_then_quit(session, library):
    session.start(library, "100x30")
    session.wait("could not be loaded", timeout=30)
    session.press("Enter")
    session.wait("Bottom line")
    keys = random_keys(1000, seed=20310504)
    for start in range(0, len(keys), 50):
        session.keys(*keys[start : start + 50])  # in bursts, as a hurried hand or a paste
        time.sleep(0.3)
        session.assert_alive(f"after {start + 50} random keys")
    time.sleep(0.5)
    session.assert_alive("after 1,000 random keys")
    status = session.quit()
    assert status == 0, session.screen()
    assert_nothing_from_data_reached_the_terminal(session.recorded(), shown=False)


# ---------------------------------------------------------------------------- key bursts, in process


@pytest.mark.parametrize("start", ["summary", "countries"])
async def test_type_ahead_after_slash_goes_to_the_search_field(tmp_path, start):
    """A fast typist (or a paste) sends "/quick" in one burst: every key is queued before the
    first is handled. The letters must land in the search field, not run q (quit), c (copy)..."""
    app = BriefingApp([write_briefing(tmp_path)], restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        if start == "countries":
            await pilot.press("2", "enter")  # on a statement card: c would copy it
        for key in ("slash", "q", "u", "i", "c", "k"):
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running, "a key typed after / quit the reader"
        value = app.query_one(QuotesView).query_input.value
        assert value == "quick", repr(value)


async def test_a_result_message_from_before_a_new_search_is_not_acted_on(tmp_path):
    """Keys typed fast: the cursor moved to row 3 of one search, then letters narrowed the
    results to one before the list's messages were handled. Row 3 of the new results does not
    exist (this crashed the reader); a row that does exist is not the one the message meant."""
    from tui.reader.widgets.virtual_list import VirtualList

    app = BriefingApp([write_briefing(tmp_path)], restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"talks")
        view = app.query_one(QuotesView)
        assert view.results.count == 1
        shown = app._result_for_source
        for stale in (3, 1):
            view.result_list.post_message(VirtualList.Highlighted(view.result_list, stale))
            view.result_list.post_message(VirtualList.Selected(view.result_list, stale))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert app.query_one(TabbedContent).active == "quotes", "a stale message opened a result"
        assert app._result_for_source is shown, "a stale message showed another result"
        assert "Talks must go on" in str(view.query_one("#preview-body").render())


@pytest.mark.parametrize("keys", [("ctrl+p", "pagedown"), ("ctrl+p", "pageup"),
                                  ("ctrl+p", "down", "pagedown")])
async def test_page_keys_in_a_palette_just_opened(tmp_path, keys):
    app = BriefingApp([write_briefing(tmp_path)], restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        for key in keys:  # in one burst, as a quick hand types them
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause(0.2)
        assert app.is_running, "the command palette crashed the reader"


@pytest.mark.parametrize("keys", [("b", "enter", "enter"), ("b", "enter", "escape"),
                                  ("b", "j", "enter", "b", "escape")])
async def test_enter_twice_in_the_picker(tmp_path, keys):
    """A double Enter (or Enter then Escape) on the picker: it closes once, the reader stays."""
    write_briefing(tmp_path / "a", "a.yaml")
    write_briefing(tmp_path / "b", "b.yaml", SMALL_BRIEFING.replace("id: test-briefing", "id: second"))
    files, _ = find_briefings([tmp_path])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")  # the picker shown at start
        await pilot.pause()
        for key in keys:  # in one burst
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause(0.2)
        assert app.is_running, "the picker popped the main screen"
        assert len(app.screen_stack) == 1


def test_a_crash_does_not_exit_0(tmp_path, monkeypatch):
    """After an unhandled exception Textual prints the traceback, sets return_code to 1, and
    app.run() returns None: the command must not then report success."""
    from tui.reader import run as reader

    def crashed(self, *args, **kwargs):
        self._return_code = 1  # what Textual sets when a handler raises
        return None

    monkeypatch.setattr(BriefingApp, "run", crashed)
    assert reader.run_reader([write_briefing(tmp_path)], explicit=[]) != 0
