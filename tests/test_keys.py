"""Keys: typed before the views exist, in modal screens, in the search field; the help and the
README's key table built from the bindings."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import bundled_files, loaded
from textual.widgets import TabbedContent

from tui.library.files import find_briefings
from tui.reader.app import BriefingApp
from tui.reader.keys import help_sections, markdown_table
from tui.reader.screens.help import help_table
from tui.reader.screens.picker import PickerScreen

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_key_table_is_the_one_built_from_the_bindings():
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- keys -->\n(.*?)<!-- /keys -->", text, re.S)
    assert found, "README.md has no <!-- keys --> table"
    assert found.group(1) == markdown_table(), (
        "README's key table is stale: paste `python -m tui.reader.keys` between the markers")


def test_the_help_lists_every_binding_that_has_words():
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(help_table())
    shown = console.export_text()
    rows = [row for _, rows in help_sections() for row in rows]
    assert len(rows) > 30
    for row in rows:
        assert row.meaning in shown
    assert "Ctrl+P" in shown and "command palette" in shown


async def test_keys_typed_before_the_views_exist_land_in_order_and_q_does_not_quit():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.ready  # the first frame: only the title bar
        for key in ["slash", "q", "u", "i", "c", "k"]:
            await app.on_event(_key(key))
        await loaded(pilot)
        assert app.is_running
        assert app.query_one("#views", TabbedContent).active == "quotes"
        assert app.quotes_view.query_input.value == "quick"


async def test_a_modal_screen_owns_the_keys():
    app = BriefingApp(bundled_files(), restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.action_pick()
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        before = app.query_one("#views", TabbedContent).active
        await pilot.press("s", "2", "c", "question_mark")  # app shortcuts: nothing behind
        assert isinstance(app.screen, PickerScreen)
        assert app.query_one("#views", TabbedContent).active == before
        await pilot.press("escape")
        assert not isinstance(app.screen, PickerScreen)


def _key(name: str):
    from textual import events

    character = {"slash": "/"}.get(name, name if len(name) == 1 else None)
    return events.Key(name, character)


async def test_a_view_switched_while_a_modal_is_open_keeps_the_focus_behind_it():
    """A tab switch handled after the picker was pushed (``6`` then ``b`` in one burst, in a
    terminal) focuses the views' screen, not the picker's: the picker's keys would then reach
    the views behind it, and Escape would never close it."""
    app = BriefingApp(bundled_files(), restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.action_pick()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        chosen = picker.focused
        app._focus_view("debates")  # what the late TabActivated handler does
        assert picker.focused is chosen
        assert app.views_screen.focused is app.debates_view.item_list
        await pilot.press("escape")
        assert not isinstance(app.screen, PickerScreen)
def test_the_key_queue_lets_one_key_go_at_a_time_in_the_order_typed():
    from tui.reader.key_queue import KeyQueue

    queue = KeyQueue()
    typed = [_key(name) for name in ("slash", "q", "u")]
    assert all(queue.hold(key) for key in typed)  # before the views exist: every key waits
    assert not queue.hold(_key("ctrl+q"))  # except Ctrl+Q, which quits at once
    queue.open = True
    gone = [queue.done(queue.flight)]
    assert queue.hold(_key("i"))  # typed while "/" is in flight: it waits its turn
    assert queue.done(queue.flight - 1) is None  # a stale "done" lets nothing go
    while gone[-1] is not None:
        gone.append(queue.done(queue.flight))
    assert [key.key for key in gone[:-1]] == ["slash", "q", "u", "i"]
    assert not queue.busy
    assert not queue.hold(_key("c"))  # nothing waits, nothing in flight: it goes at once
    assert queue.busy and queue.hold(_key("k"))


async def test_keys_typed_right_after_b_act_in_the_picker(tmp_path):
    """``b j j Enter`` in one burst: the picker opens, its list has the focus when ``j`` comes,
    and the third briefing opens."""
    from helpers import BRIEFING, write_briefing
    from textual import events

    for name in "abc":
        write_briefing(tmp_path / name, f"{name}.yaml",
                       BRIEFING.replace("id: test-briefing", f"id: brief-{name}"))
    files, _ = find_briefings([tmp_path])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        for key in ("b", "j", "j", "enter"):
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(100):
            await pilot.pause(0.01)
            if app.current == 2 and not isinstance(app.screen, PickerScreen):
                break
        assert app.current == 2 and not isinstance(app.screen, PickerScreen)


async def test_slash_and_a_q_word_in_one_burst_land_in_the_search_field():
    """``/quick`` arriving in one burst (six keys queued at once, as a paste or a fast hand in
    a terminal sends them): every letter lands in the search field, in order, and the ``q``
    does not quit (issue 12: ``/kirby`` ended as ``k``, ``ki`` or nothing). Each key leaves
    only once the one before it has been handled: ``/`` must focus the field first."""
    from textual import events

    app = BriefingApp(bundled_files(), restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.focused is app.summary_view
        for key in ("slash", *"quick"):
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        for _ in range(200):
            await pilot.pause(0.01)
            if app.quotes_view.query_input.value == "quick":
                break
        assert app.is_running
        assert app.quotes_view.query_input.value == "quick"
        assert app.focused is app.quotes_view.query_input


def test_the_help_names_every_part_of_the_query_language():
    """Every filter, either-or and leaving out: the search syntax the help shows is the query
    language's (tui.search.query), not a subset of it."""
    from tui.reader.screens.help import SEARCH_SYNTAX
    from tui.search.query import FILTERS

    shown = " ".join(f"{syntax} {meaning}" for syntax, meaning in SEARCH_SYNTAX)
    for name in FILTERS:
        assert f"{name}:" in shown, name
    assert "a | b" in shown and "-word" in shown and '"a phrase"' in shown
