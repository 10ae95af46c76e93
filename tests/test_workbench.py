"""The curator's workbench in the reader (Pilot): saves shown live where the reader was, the
problems panel, ``e`` (the editor at the item's line) and find in the source."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import BRIEFING, loaded, write_briefing
from rich.text import Text
from textual.widgets import Static, TabbedContent

from tui.format.loader import load
from tui.reader.app import BriefingApp
from tui.reader.views.countries import StatementCard
from tui.reader.views.source_pane import FindField

WAIT = 20.0
"""Seconds to wait for a save to show before failing (never a timing claim)."""


async def until(pilot, condition, what: str) -> None:
    for _ in range(int(WAIT / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    pytest.fail(f"timed out waiting for {what}")


def reader(path: Path, **options) -> BriefingApp:
    return BriefingApp([path], documents=[load(path)], restore=False, **options)


def active(app) -> str:
    return app.query_one("#views", TabbedContent).active


def panel_text(app) -> Text:
    content = app.query_one("#problems-panel", Static).content
    assert isinstance(content, Text)  # built as Text: data never parsed as markup
    return content


def caption(app) -> str:
    content = app.query_one("#source-caption", Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def watching(pilot) -> None:
    """Wait until the watcher of the shown briefing reports saves (it starts in a thread)."""
    app = pilot.app
    await loaded(pilot)
    path = app.document.path
    for _ in range(int(WAIT / 0.5)):
        seen = dict(app._reloaded_at)
        path.write_text(path.read_text())
        for _ in range(10):
            await pilot.pause(0.05)
            if app._reloaded_at != seen:
                return
    pytest.fail("the watcher never reported a save")


# ------------------------------------------------------------------------------ following


async def test_a_save_shows_at_once_keeping_view_country_and_statement(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path)
    async with app.run_test(size=(110, 32)) as pilot:
        await watching(pilot)
        await pilot.press("2", "j", "enter", "j")  # Spain, its second statement
        assert isinstance(app.focused, StatementCard)
        assert app.focused.statement.id == "lopez-talks"
        path.write_text(BRIEFING.replace("title: A test briefing", "title: A saved briefing")
                        .replace("text: Talks must go on.", "text: Talks must go on and on."))
        await until(pilot, lambda: app.document.briefing.title == "A saved briefing", "the save")
        await pilot.pause()
        assert "A saved briefing" in app.query_one("#title-bar", Static).content.plain
        assert active(app) == "countries"
        assert app.countries_view.entry.code == "ES"
        card = app.focused
        assert isinstance(card, StatementCard) and card.statement.id == "lopez-talks"
        assert card.statement.text == "Talks must go on and on."
        assert card.document is app.document
        # The search index has the new words (spliced in by a worker).
        await until(pilot, lambda: app.quotes_view.index.search('"on and on"').count == 1,
                    "the search index")
        assert app.quotes_view.index.search("talks").count == 1


async def test_a_save_keeps_what_the_source_shows_and_its_passage(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path)
    async with app.run_test(size=(110, 32)) as pilot:
        await watching(pilot)
        await pilot.press("2", "j", "4", "n")  # Spain's evidence, its second passage
        assert app.source_view.current == 1
        before = caption(app)
        path.write_text(BRIEFING.replace("title: A test briefing", "title: Saved"))
        await until(pilot, lambda: app.document.briefing.title == "Saved", "the save")
        await pilot.pause()
        assert active(app) == "source" and app.source_view.current == 1
        assert caption(app) == before
        assert app.source_selection.document is app.document
        # With the help open over the views, a save is shown under it.
        await pilot.press("question_mark")
        path.write_text(BRIEFING.replace("title: A test briefing", "title: Under the help"))
        await until(pilot, lambda: app.document.briefing.title == "Under the help", "the save")
        await pilot.press("escape")
        assert active(app) == "source" and app.focused is app.source_view


async def test_a_save_keeps_the_search_and_its_cursor(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path)
    async with app.run_test(size=(110, 32)) as pilot:
        await watching(pilot)
        await pilot.press("3", *"lopez", "down")
        results = app.quotes_view.result_list
        assert app.quotes_view.results.count == 2 and results.cursor == 1
        path.write_text(BRIEFING.replace("text: Talks must go on.", "text: Talks go on."))
        await until(pilot, lambda: app.quotes_view.index.search('"talks go"').count == 1,
                    "the search index")
        await pilot.pause()
        assert results.cursor == 1 and app.quotes_view.query_input.value == "lopez"
        assert app.quotes_view.current_hit().statement.text == "Talks go on."
        assert isinstance(app.focused, type(app.quotes_view.query_input))


async def test_a_save_made_while_the_reader_starts_is_not_missed(tmp_path):
    """The command line loads the file, then the reader starts and then its watcher: a save
    in between is caught once the watch is in place."""
    path = write_briefing(tmp_path)
    app = reader(path)  # loaded now
    path.write_text(BRIEFING.replace("title: A test briefing", "title: Saved meanwhile"))
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: app.document.briefing.title == "Saved meanwhile",
                    "the save made before the watch")


async def test_a_broken_save_keeps_the_last_good_view_and_lists_its_problems(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path)
    async with app.run_test(size=(110, 32)) as pilot:
        await watching(pilot)
        await pilot.press("2", "j")
        panel = app.query_one("#problems-panel")
        assert not panel.display or not panel.has_class("shown")
        shown = app.document
        path.write_text(BRIEFING.replace("title: A test briefing",
                                         'title: A test briefing\n"[red]oops[/red]": 1'))
        await until(pilot, lambda: panel.has_class("shown"), "the problems panel")
        text = panel_text(app).plain
        assert f"{path}:4:1: error: unknown key '[red]oops[/red]'" in text  # as written
        assert app.document is shown  # the last good version
        assert active(app) == "countries" and app.countries_view.entry.code == "ES"
        # Fixed: the panel goes, the fix is shown.
        path.write_text(BRIEFING.replace("title: A test briefing", "title: Fixed"))
        await until(pilot, lambda: not panel.has_class("shown"), "the panel to go")
        assert app.document.briefing.title == "Fixed"
        assert app.countries_view.entry.code == "ES"


async def test_an_edited_source_verifies_the_evidence_again(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path)
    async with app.run_test(size=(110, 32)) as pilot:
        await watching(pilot)
        source = tmp_path / "source.txt"
        original = source.read_text()
        source.write_text(original.replace("would hurt everyone", "would hurt some"))
        panel = app.query_one("#problems-panel")
        await until(pilot, lambda: panel.has_class("shown"), "the problems panel")
        assert "not found in source 'wire'" in panel_text(app).plain
        source.write_text(original + "A new paragraph.\n")
        await until(pilot, lambda: not panel.has_class("shown"), "the panel to go")
        assert "A new paragraph." in app.document.source_texts["wire"]


async def test_quitting_stops_the_watcher(tmp_path, monkeypatch):
    """The watcher is told to stop when the reader exits: it never holds the exit up."""
    from tui.library import follow as following

    ended = threading.Event()
    original = following.follow
    gave_up = []

    class Stop:
        """The reader's stop event, or, failing it, a deadline (so a failure is no hang)."""

        def __init__(self, event):
            self.event = event
            self.deadline = time.monotonic() + WAIT

        def is_set(self):
            if time.monotonic() > self.deadline and not self.event.is_set():
                gave_up.append(True)
                return True
            return self.event.is_set()

    def follow(files, stop, report, **options):
        try:
            original(files, Stop(stop), report, **options)
        finally:
            ended.set()

    monkeypatch.setattr(following, "follow", follow)
    app = reader(write_briefing(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: app._follow_stop is not None, "the watcher")
        await pilot.press("q")
    assert ended.wait(2 * WAIT) and not gave_up, "the watcher ran on after the reader quit"


async def test_following_can_be_off(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path, follow=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app._follow_stop is None and not list(
            w for w in app.workers if w.group == "follow")


# ------------------------------------------------------------------------------ e: edit


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """A stand-in editor: records its arguments, then runs the given edit (if any)."""
    record = tmp_path / "editor-args"
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib, os\n"
        f"pathlib.Path({str(record)!r}).write_text('\\n'.join(sys.argv[1:]))\n"
        "edit = os.environ.get('EDIT_REPLACE')\n"
        "if edit:\n"
        "    old, new = edit.split('=>')\n"
        "    path = pathlib.Path(sys.argv[-1])\n"
        "    path.write_text(path.read_text().replace(old, new))\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.delenv("EDITOR", raising=False)
    # Headless, the terminal cannot be handed over: suspending is a no-op here.
    monkeypatch.setattr(BriefingApp, "suspend", lambda self: contextlib.nullcontext())

    def arguments() -> list[str]:
        return record.read_text().split("\n") if record.exists() else []

    return arguments


def line_with(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


async def test_e_opens_the_editor_at_the_selected_items_line(tmp_path, editor):
    path = write_briefing(tmp_path)
    app = reader(path, follow=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("e")  # the summary: the briefing, at its title
        assert editor() == [f"+{line_with(path, 'title:')}", str(path)]
        await pilot.press("2", "j", "e")  # a country: its entry in countries
        assert editor() == [f"+{line_with(path, '- code: ES')}", str(path)]
        await pilot.press("enter", "j", "e")  # a statement
        assert editor() == [f"+{line_with(path, 'id: lopez-talks')}", str(path)]
        await pilot.press("5", "e")  # a matrix cell: its position
        assert editor() == [f"+{line_with(path, '- country: DE')}", str(path)]
        await pilot.press("right", "e")  # Germany on sanctions: no position, says so
        assert "No position recorded for Germany on Sanctions" in list(app._notifications)[-1].message
        await pilot.press("3")
        await pilot.press(*"lopez", "escape", "e")  # a search result: its statement
        assert editor() == [f"+{line_with(path, 'id: lopez-sanctions')}", str(path)]


async def test_e_in_the_source_opens_the_source_text_at_the_passage(tmp_path, editor):
    path = write_briefing(tmp_path)
    app = reader(path, follow=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "j", "4", "e")  # Spain's evidence: López's sentence
        source = tmp_path / "source.txt"
        assert editor() == [f"+{line_with(source, 'Ana López')}", str(source)]


async def test_after_the_editor_the_save_is_shown_even_without_the_watcher(
        tmp_path, editor, monkeypatch):
    path = write_briefing(tmp_path)
    app = reader(path, follow=False)
    monkeypatch.setenv("EDIT_REPLACE", "name: Spain=>name: Kingdom of Spain")
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "j", "e")
        await until(pilot, lambda: app.countries_view.entry.name == "Kingdom of Spain",
                    "the edit")
        assert active(app) == "countries"


async def test_e_on_a_broken_briefing_opens_it_at_its_first_problem(tmp_path, editor):
    path = write_briefing(tmp_path)
    app = reader(path)
    async with app.run_test(size=(110, 32)) as pilot:
        await watching(pilot)
        path.write_text(BRIEFING.replace("  - code: ES\n", "  - code: es\n"))
        await until(pilot, lambda: app.query_one("#problems-panel").has_class("shown"),
                    "the problems panel")
        await pilot.press("2", "e")
        assert editor() == [f"+{line_with(path, '- code: es')}", str(path)]


async def test_e_with_nothing_to_edit_says_so(tmp_path, editor, monkeypatch):
    text = BRIEFING[:BRIEFING.index("topics:")]  # no topics: an empty matrix
    path = write_briefing(tmp_path, text=text)
    app = reader(path, follow=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("5", "e")
        assert editor() == []
        assert "The matrix is empty" in list(app._notifications)[-1].message


def test_the_editor_command(tmp_path):
    from tui.reader.edit import editor_command

    path = tmp_path / "b.yaml"
    assert editor_command({}, path, 7) == ["vi", "+7", str(path)]
    assert editor_command({"EDITOR": "nano"}, path, 7) == ["nano", "+7", str(path)]
    assert editor_command({"EDITOR": "nano", "VISUAL": "code -w"}, path, 0) == [
        "code", "-w", "+1", str(path)]
    assert editor_command({"VISUAL": "'my editor' --flag"}, path, 3)[:2] == [
        "my editor", "--flag"]
    assert editor_command({"VISUAL": "bad 'quote"}, path, 3)[0] == "bad 'quote"


# ------------------------------------------------------------------------------ find


async def test_find_in_the_source_counts_steps_and_ends(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path, follow=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("4", "f")
        assert isinstance(app.focused, FindField)
        await pilot.press(*"SAID")  # letters are text here (not shortcuts)
        assert active(app) == "source"
        view = app.source_view
        assert [view.text[a:b] for a, b in view.matches] == ["said"] * 3
        assert 'find “SAID”: 1/3' in caption(app)
        await pilot.press("enter")  # back to the text: n/N step the matches
        assert app.focused is view
        await pilot.press("n")
        assert "2/3" in caption(app)
        await pilot.press("N", "N")
        assert "3/3" in caption(app)
        await pilot.press("escape")  # ends the find, stays in the view
        assert not view.finding and not view.matches and active(app) == "source"
        assert "find" not in caption(app).split("·")[0]
        assert not app.query_one(FindField).has_class("open")
        await pilot.press("f", *"jurgen")  # accents folded; the match is the text's word
        assert [view.text[a:b] for a, b in view.matches] == ["Jürgen"]
        assert "1/1" in caption(app)
        await pilot.press("escape")  # in the field: ends the find too
        assert not view.finding and app.focused is view
        await pilot.press("f", *"nowhere")
        assert "no match" in caption(app)


async def test_the_source_caption_counts_passages_and_names_their_claims(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path, follow=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "j", "4")  # Spain: its position and López's statements
        view = app.source_view
        assert len(view.spans) == 3
        seen = []
        for number in range(1, 4):
            line = caption(app).split("\n")[1]
            assert line.startswith(f"passage {number} of 3 — ")
            seen.append(line.split(" — ")[1].split("  ·  ")[0])
            await pilot.press("n")
        assert sorted(seen) == ["Position on Sanctions", "Statement: Talks must go on.",
                                "Statement: would hurt everyone"]
        assert caption(app).split("\n")[1].startswith("passage 1 of 3")  # round again
        # While finding, n steps the matches, not the passages; after Escape, passages again.
        await pilot.press("f", *"talks", "enter", "n")
        assert view.current == 0 and "1/1" in caption(app)
        await pilot.press("escape", "n")
        assert caption(app).split("\n")[1].startswith("passage 2 of 3")


async def test_find_keeps_on_when_the_text_changes(tmp_path):
    path = write_briefing(tmp_path)
    app = reader(path, follow=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("4", "f", *"minister", "enter")
        assert "1/1" in caption(app)
        await pilot.press("2", "4")  # another selection's evidence, the same text
        assert app.source_view.finding and "1/1" in caption(app)


def test_no_new_module_is_too_long():
    root = Path(__file__).resolve().parent.parent / "tui"
    for name in ("reader/follow.py", "reader/edit.py", "reader/views/source.py",
                 "reader/views/source_pane.py", "search/find.py", "search/update.py",
                 "library/follow.py", "format/locations.py"):
        assert len((root / name).read_text().splitlines()) <= 400, name
    assert os.sep  # (paths above are relative to the package)


async def test_the_first_passage_is_in_sight_the_first_time_the_source_is_shown():
    """The view gets its size only once shown: the scroll to the passage waits for it."""
    from tui.library.files import bundled_library, find_briefings

    files, _ = find_briefings([bundled_library()])
    app = BriefingApp(files, restore=False, follow=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key in ["2", "j", "j", "enter", "4"]:
            await pilot.press(key)
            await pilot.pause()
        view = app.source_view
        line = view._line_of(view.spans[view.current][0])
        assert line > view.scrollable_content_region.height  # below the first screen
        top = view.scroll_offset.y
        assert top <= line < top + view.scrollable_content_region.height
