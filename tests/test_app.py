"""The reader driven by keys and mouse through Textual's Pilot."""

from __future__ import annotations

import threading

import pytest
from helpers import BRIEFING, bundled_files, loaded, write_briefing
from textual.widgets import Input, TabbedContent

from tui.library.files import find_briefings
from tui.reader.app import BriefingApp
from tui.reader.screens.help import HelpScreen
from tui.reader.screens.picker import PickerScreen
from tui.reader.views.countries import CountriesView, StatementCard
from tui.reader.views.quotes import QuotesView
from tui.reader.views.source import SourceView
from tui.reader.widgets.virtual_list import VirtualList


def active(app) -> str:
    return app.query_one("#views", TabbedContent).active


def hold_the_loader(monkeypatch) -> threading.Event:
    """Opening the library waits (in the loader's thread) until the event returned is set: the
    views are up, the first briefing not loaded yet."""
    from tui.library import ingest

    go = threading.Event()
    real = ingest.open_library

    def held_back(*args, **kwargs):
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "open_library", held_back)
    return go


async def views_ready(app, pilot) -> None:
    """Wait (up to 5 s) until the app's views exist."""
    for _ in range(500):
        if app.ready:
            return
        await pilot.pause(0.01)


async def test_number_keys_switch_views_and_focus_them():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert active(app) == "summary"
        await pilot.press("2")
        assert active(app) == "countries"
        assert app.focused is app.query_one(CountriesView).country_list
        await pilot.press("3")
        assert active(app) == "quotes"
        assert isinstance(app.focused, Input)
        await pilot.press("escape")  # leaves the field for the results
        assert active(app) == "quotes"
        assert app.focused is app.quotes_view.result_list
        await pilot.press("escape")  # then the view
        assert active(app) == "countries"
        await pilot.press("3", "4")  # in the empty search field, a digit still switches views
        assert active(app) == "source"
        await pilot.press("3", "x", "4")  # once a query is typed, digits are text
        assert active(app) == "quotes"
        assert app.quotes_view.query_input.value == "x4"
        await pilot.press("escape", "4")
        assert active(app) == "source"
        assert isinstance(app.focused, SourceView)
        await pilot.press("1")
        assert active(app) == "summary"


async def test_country_list_moves_and_detail_follows():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        countries = app.query_one(CountriesView)
        assert countries.entry.code == "FR"
        await pilot.press("j")
        assert countries.entry.code == "US"
        await pilot.press("down", "down")
        assert countries.entry.code == "GB"
        await pilot.press("k")
        assert countries.entry.code == "DE"
        await pilot.press("G")
        assert countries.entry.code is None  # international actors come last
        await pilot.press("g")
        assert countries.entry.code == "FR"
        await pilot.pause()
        cards = list(app.query(StatementCard))
        assert [card.statement.speaker for card in cards] == ["macron"] * len(cards)
        assert cards


async def test_enter_opens_statements_escape_returns_to_list():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "j", "enter")
        await pilot.pause()
        assert isinstance(app.focused, StatementCard)
        first = app.focused.statement.id
        await pilot.press("j")
        assert isinstance(app.focused, StatementCard)
        assert app.focused.statement.id != first
        await pilot.press("escape")
        assert app.focused is app.query_one(CountriesView).country_list


async def test_search_from_any_view_and_open_result_in_its_country():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "/")
        assert active(app) == "quotes"
        await pilot.press(*"kirby")
        quotes = app.query_one(QuotesView)
        assert quotes.results.count == 1
        assert quotes.current_hit().statement.speaker == "kirby"
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert active(app) == "countries"
        assert app.query_one(CountriesView).entry.code == "US"
        assert isinstance(app.focused, StatementCard)
        assert app.focused.statement.speaker == "kirby"
        # The statement is scrolled into view in the detail pane.
        assert app.query_one("#country-detail").region.contains_region(app.focused.region)


async def test_search_results_follow_each_keystroke_and_explain_empty():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        quotes = app.query_one(QuotesView)
        total = quotes.results.count
        counts = []
        for key in "troops":
            await pilot.press(key)
            counts.append(quotes.results.count)
        assert counts[0] <= total and counts[-1] < total
        await pilot.press(*" zzzz")
        assert quotes.results.count == 0
        assert "No statement matches" in quotes.result_list.empty_message
        await pilot.press(*["backspace"] * 5)
        assert quotes.results.count == counts[-1]


async def test_page_keys_in_the_search_field_move_the_results_a_page():
    """PgDn and PgUp in the search field page through the results, as ↓ and ↑ step them, and
    the field keeps the focus (so typing goes on refining the query)."""
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("/")
        quotes = app.query_one(QuotesView)
        results = quotes.result_list
        assert quotes.results.count > 2 * results._page()
        for key, step in [("pagedown", 1), ("pagedown", 1), ("down", 0), ("pageup", -1)]:
            # A page is as many results as the list shows now (the preview below it varies).
            before, page = results.cursor, results._page()
            await pilot.press(key)
            assert results.cursor == (before + step * page if step else before + 1), key
            assert app.focused is quotes.query_input
        for _ in range(quotes.results.count):
            await pilot.press("pageup")
        assert results.cursor == 0
        await pilot.press("t")
        assert quotes.query_input.value == "t"


async def test_s_shows_the_result_in_the_source_and_n_steps():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("/", *"nothing should", "down", "tab")
        quotes = app.query_one(QuotesView)
        hit = quotes.current_hit()
        assert hit.statement.kind == "direct"
        await pilot.press("s")
        assert active(app) == "source"
        view = app.query_one(SourceView)
        assert view.spans
        start, end = view.spans[view.current]
        assert "nothing should be ruled out" in view.text[start - 2 : end + 30] or "nothing" in view.text[start:end]
        before = view.current
        await pilot.press("n")
        assert view.current == (before + 1) % len(view.spans)
        await pilot.press("N")
        assert view.current == before


async def test_country_selection_highlights_its_evidence_in_the_source():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "j", "j", "4")
        view = app.query_one(SourceView)
        assert view.spans
        text = view.text
        assert any("German" in text[a:b] or "Chancellor" in text[a:b] for a, b in view.spans)


async def test_help_lists_keys_and_closes():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_q_before_the_views_are_mounted_quits_cleanly():
    """The first frame is the title bar alone; q typed ahead of the views still just quits."""
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.ready
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_jumps_to_a_country():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Country: Poland")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert active(app) == "countries"
        assert app.query_one(CountriesView).entry.code == "PL"


async def test_several_briefings_open_the_picker_first(tmp_path):
    write_briefing(tmp_path / "a", "a.yaml")
    second = BRIEFING.replace("id: test-briefing", "id: second").replace("A test briefing", "Second one")
    write_briefing(tmp_path / "b", "b.yaml", second)
    files, _ = find_briefings([tmp_path])
    app = BriefingApp(files)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("j", "enter")
        assert not isinstance(app.screen, PickerScreen)
        assert app.document.briefing.id == "second"
        await pilot.press("b")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        assert app.document.briefing.id == "second"
        # Search covers every open briefing.
        await pilot.press("/", *"jurgen")
        assert app.query_one(QuotesView).results.count == 2


async def test_bad_files_in_a_folder_are_listed_not_dropped(tmp_path):
    write_briefing(tmp_path, "good.yaml")
    (tmp_path / "bad.yaml").write_text("format: 1\nid: [oops\n", encoding="utf-8")
    files, _ = find_briefings([tmp_path])
    app = BriefingApp(files)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert [p.path for p in app.problems] == [str(tmp_path / "bad.yaml")]
        shown = str(app.screen.query_one("#failures Static").render())
        assert "bad.yaml:" in shown and "error:" in shown


MARKUP = "[@click=app.quit]click me[/] [b]bold?[/b] [/]"


async def test_markup_in_data_is_shown_literally_and_does_nothing(tmp_path):
    text = BRIEFING.replace("text: Talks must go on.", f"text: '{MARKUP}'").replace(
        "name: Spain", "name: '[red]Spain[/red]'"
    )
    files = [write_briefing(tmp_path, "m.yaml", text)]
    app = BriefingApp(files)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "j")
        countries = app.query_one(CountriesView)
        assert countries.entry.name == "[red]Spain[/red]"
        await pilot.pause()
        card = next(c for c in app.query(StatementCard) if c.statement.id == "lopez-talks")
        assert MARKUP in str(card.render())
        await pilot.click(card, offset=(3, 0))
        await pilot.pause()
        assert app.is_running
        await pilot.press("/", *"click")
        results = app.query_one(QuotesView).result_list
        await pilot.click(results, offset=(2, 0))
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("size", [(20, 6), (30, 8), (80, 24), (200, 60)])
async def test_no_crash_at_any_size(size):
    app = BriefingApp(bundled_files())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        for key in ["2", "j", "enter", "j", "3", "t", "r", "down", "4", "n", "1", "question_mark", "escape"]:
            await pilot.press(key)
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.is_running


async def test_mouse_selects_countries():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        country_list = app.query_one("#country-list", VirtualList)
        await pilot.click(country_list, offset=(2, 3))
        await pilot.pause()
        assert app.query_one(CountriesView).entry.code == "GB"


async def test_c_copies_the_statement_with_its_citation():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("/", *"ruled out", "tab")
        await pilot.press("c")
        assert app.clipboard == (
            "\u201cnothing should be ruled out\u201d \u2014 Emmanuel Macron, President of France"
            " \u2014 NATO allies rule out ground troops for Ukraine after Macron remark"
        )
        notes = list(app._notifications)
        assert notes and notes[-1].message == app.clipboard
        # OSC 52 gets no answer: the reader says it sent the text, not that it was copied.
        assert notes[-1].title == ("Sent to the terminal's clipboard (OSC 52); "
                                   "your terminal may not support it")
        # Reported speech is never pasted as a quotation.
        await pilot.press("2", "j", "j", "enter", "c")
        assert app.clipboard.startswith("(paraphrase) ")
        assert "(reported by BBC)" in app.clipboard


async def test_c_without_a_statement_warns():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        assert app.clipboard == ""
        assert "Select a statement" in list(app._notifications)[-1].message


async def test_matrix_and_debates_views_drive_the_source():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        assert active(app) == "matrix"
        await pilot.press("j")  # United States, first topic: opposes
        await pilot.press("s")
        assert active(app) == "source"
        view = app.query_one(SourceView)
        assert view.spans and "United States" in app.query_one("#source-caption").render().plain
        await pilot.press("5", "enter")
        await pilot.pause()
        assert active(app) == "countries"
        assert app.query_one(CountriesView).entry.code == "US"
        await pilot.press("6")
        assert active(app) == "debates"
        await pilot.press("j", "s")
        assert active(app) == "source"
        assert app.query_one(SourceView).spans


def _caption(app) -> str:
    return app.source_pane._head.plain


async def test_s_shows_what_the_view_on_screen_has_under_its_cursor():
    """``s`` in Matrix and Debates shows the highlighted cell or item, never what was selected
    before (a statement card in Countries); on an empty cell it says so in names, and a later
    ``6`` ``s`` shows the debate highlighted, not the empty cell in ids (issue 12)."""
    app = BriefingApp(bundled_files(), restore=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "j", "enter")  # a statement card: the source's last selection
        await pilot.pause()
        assert isinstance(app.focused, StatementCard)
        await pilot.press("5")  # the matrix cursor does not move: no CellChanged
        cell = app.matrix_view.selection
        assert cell is not None and cell.kind == "position"
        await pilot.press("s")
        assert active(app) == "source"
        assert _caption(app).startswith(cell.caption + "  —  ")
        await pilot.press("2", "j", "enter")
        await pilot.pause()
        await pilot.press("6", "s")
        item = app.debates_view.selection
        assert item is not None and item.kind in ("debate", "risk")
        assert active(app) == "source"
        assert _caption(app).startswith(item.caption + "  —  ")
        # An empty cell: s says so (names, not ids) and stays in the matrix.
        await pilot.press("5")
        grid = app.matrix_view.grid
        row, column = next((r, c) for r, country in enumerate(grid.countries)
                           for c, topic in enumerate(grid.topics)
                           if (country.code, topic.id) not in grid.positions)
        await pilot.press(*["k"] * grid.row, *["h"] * grid.column, *["j"] * row, *["l"] * column)
        empty = app.matrix_view.selection
        assert empty is not None and empty.item is None
        country, topic = grid.countries[row], grid.topics[column]
        assert empty.caption == f"No position recorded for {country.name} on {topic.title}."
        await pilot.press("s")
        assert active(app) == "matrix"
        await pilot.press("6", "s")
        assert active(app) == "source"
        assert _caption(app).startswith(item.caption + "  —  ")
        assert country.code not in _caption(app).split() and topic.id not in _caption(app)


async def test_state_is_restored_on_the_next_start_and_fresh_ignores_it():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("/", *"kirby", "escape", "2", "j", "j")
        assert app.query_one(CountriesView).entry.code == "DE"
        await pilot.press("q")
    assert app.exit_notice is None

    again = BriefingApp(bundled_files())
    async with again.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert active(again) == "countries"
        assert again.query_one(CountriesView).entry.code == "DE"
        assert again.searches[0] == "kirby"

    fresh = BriefingApp(bundled_files(), restore=False)
    async with fresh.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert active(fresh) == "summary"
        assert fresh.searches == ()


async def test_corrupt_state_is_ignored_with_a_notice():
    from tui.reader.state import state_path

    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00{not json")
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert active(app) == "summary"
        assert any("Ignored the saved state" in n.message for n in app._notifications)


async def test_unwritable_state_directory_gives_a_notice_not_a_crash(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(blocker / "state"))
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
    assert app.exit_notice and "Could not save" in app.exit_notice


async def test_ctrl_q_quits_even_from_the_search_field():
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"troops q")
        await pilot.pause()
        assert app.quotes_view.query_input.value == "troops q"  # q is a letter there
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_keys_typed_before_the_views_are_ready_are_not_lost():
    """'/' and a word typed at once (before the views are mounted) land in the search field."""
    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.ready
        await pilot.press("slash", *"kirby")
        for _ in range(50):
            await pilot.pause(0.05)
            if app.quotes_view.index is not None and app.quotes_view.results is not None:
                break
        await pilot.pause()
        assert app.quotes_view.query_input.value == "kirby"
        assert app.quotes_view.results.count >= 1


def library(folder, count: int) -> list:
    """``count`` copies of the small briefing, ids b00, b01, ..., in one folder."""
    for number in range(count):
        text = BRIEFING.replace("id: test-briefing", f"id: b{number:02d}")
        write_briefing(folder, f"b{number:02d}.yaml", text=text)
    files, _ = find_briefings([folder])
    return files


async def test_a_word_typed_before_the_first_briefing_is_not_covered_by_the_picker(
        tmp_path, monkeypatch):
    """Several briefings open the picker first, unless keys were typed: "/talks" typed once the
    views exist but before the first briefing has loaded stays in the search field, with its
    results, and no picker covers it (issue 12: 8 of 10 runs on 300 briefings left the word
    in a search field hidden behind the picker)."""
    files = library(tmp_path, 3)
    go = hold_the_loader(monkeypatch)
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await views_ready(app, pilot)
        await pilot.press("slash", *"talks")
        assert app.quotes_view.query_input.value == "talks"
        go.set()
        await loaded(pilot)
        for _ in range(100):
            if app.quotes_view.results is not None and app.quotes_view.index is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert not isinstance(app.screen, PickerScreen), "the picker covers the search"
        assert active(app) == "quotes" and app.focused is app.quotes_view.query_input
        assert app.quotes_view.query_input.value == "talks"
        assert app.quotes_view.results.count == 3


async def searchable(pilot) -> None:
    """Wait until the views are mounted and the search index is in use (not for the loader
    to finish: what it does next may wait for a pause in typing)."""
    app = pilot.app
    for _ in range(300):
        if app.ready and app.quotes_view.index is not None:
            return
        await pilot.pause(0.02)
    raise AssertionError("the index was never in use")


async def test_a_library_reopens_from_its_snapshot_with_the_first_briefing_shown(tmp_path):
    from tui.library import ingest

    files = library(tmp_path / "lib", ingest.SNAPSHOT_MIN + 2)
    ways = []
    real = ingest.open_library

    def spy(*args, **kwargs):
        opened = real(*args, **kwargs)
        ways.append(opened.way)
        return opened

    ingest.open_library = spy
    try:
        for _ in range(2):
            app = BriefingApp(files, restore=False)
            async with app.run_test(size=(100, 30)) as pilot:
                await loaded(pilot)  # the snapshot is saved by the loader before it completes
                assert isinstance(app.screen, PickerScreen)
                assert app.document is not None and app.document.briefing.id == "b00"
                await pilot.press("escape", "slash", *"lopez")
                await pilot.pause()
                assert app.quotes_view.results.count == 2 * len(files)
    finally:
        ingest.open_library = real
    assert ways == ["entries", "snapshot"]


async def test_the_first_briefing_behind_the_picker_waits_for_a_pause(tmp_path, monkeypatch):
    """From a snapshot the picker comes first and the first briefing (loading it imports the
    model, about 0.4 s) waits for a pause in typing; a search does not need it, Escape loads
    it at once, and quitting does not wait for the pause."""
    import tui.reader.startup
    from tui.library import ingest

    files = library(tmp_path / "lib", ingest.SNAPSHOT_MIN)
    assert ingest.open_library(files, workers=0).save_snapshot()
    monkeypatch.setattr(tui.reader.startup, "IDLE_SECONDS", 60.0)  # the user never pauses
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await searchable(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("slash", *"lopez")
        await pilot.pause()
        assert app.quotes_view.results.count == 2 * len(files)
        assert app.documents.loaded(0) is None and not app.shown
        await pilot.press("escape", "b")  # out of the search field, to the picker
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.document is not None and app.document.briefing.id == "b00"
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_quit_before_the_pause_still_saves_the_snapshot(tmp_path, monkeypatch):
    """The snapshot is written when the user pauses; a quit before that writes it on the way
    out, so even a short session leaves one for the next start."""
    import tui.reader.startup
    from tui.library import ingest, snapshot

    files = library(tmp_path / "lib", ingest.SNAPSHOT_MIN)
    monkeypatch.setattr(tui.reader.startup, "IDLE_SECONDS", 60.0)  # the user never pauses
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await searchable(pilot)
        assert not list(snapshot.folder().glob(f"*{snapshot.SUFFIX}")), "not before the pause"
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert len(list(snapshot.folder().glob(f"*{snapshot.SUFFIX}"))) == 1


async def test_slash_in_the_picker_goes_to_quote_search(tmp_path):
    folder = tmp_path / "lib"
    for name in ("a", "b"):
        write_briefing(folder, f"{name}.yaml", text=BRIEFING.replace("test-briefing", name))
    files, _ = find_briefings([folder])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("slash", *"lopez")
        await pilot.pause()
        assert not isinstance(app.screen, PickerScreen)
        assert active(app) == "quotes"
        assert app.quotes_view.query_input.value == "lopez"
        assert app.quotes_view.results.count == 4


async def test_editing_keys_in_the_search_field_act_in_the_order_typed():
    """Ctrl+U is run when the field gets it, not after a trip to the app: a letter typed
    just after it is never deleted by it (which happened while a briefing was loading)."""
    from textual import events

    app = BriefingApp(bundled_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"troops")
        await pilot.pause()
        field = app.quotes_view.query_input
        await field._on_key(events.Key("ctrl+u", None))
        assert field.value == ""  # at once, before any other message is handled
        await pilot.press(*"kirby", "backspace")
        await pilot.pause()
        assert field.value == "kirb"


async def test_a_file_reopened_in_its_last_view_is_searchable(tmp_path):
    """A file named on the command line, its session restored: the search index is built."""
    from tui.format.loader import load
    from tui.reader.state import ReaderState, save_state

    path = write_briefing(tmp_path)
    document = load(path)
    save_state(ReaderState(briefing_path=str(path.resolve()), briefing_id=document.briefing.id,
                           view="countries"))
    app = BriefingApp([path], documents=[document])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert active(app) == "countries"  # the session was restored
        await pilot.press("slash", *"talks")
        assert app.quotes_view.index is not None, "no search index"
        assert app.quotes_view.results.count == 1


async def test_keys_typed_before_a_session_is_restored_keep_their_view(tmp_path, monkeypatch):
    """The last run ended in Countries; "/talks" typed before the first briefing has loaded
    stays in the search field (the briefing is reopened, not the view)."""
    from tui.reader.state import ReaderState, save_state

    path = write_briefing(tmp_path)
    save_state(ReaderState(briefing_path=str(path.resolve()), briefing_id="test-briefing",
                           view="countries", country="FR"))
    go = hold_the_loader(monkeypatch)
    app = BriefingApp([path])
    async with app.run_test(size=(100, 30)) as pilot:
        await views_ready(app, pilot)
        await pilot.press("slash", *"talks")
        assert app.quotes_view.query_input.value == "talks"
        go.set()
        await loaded(pilot)
        assert app.document is not None
        assert active(app) == "quotes"
        assert app.quotes_view.query_input.value == "talks"
        assert app.quotes_view.results.count == 1


async def test_two_briefings_with_one_id_are_marked_and_the_second_has_a_problem(tmp_path):
    from tui.reader.views.quotes import result_byline

    write_briefing(tmp_path / "lib", "a.yaml")
    write_briefing(tmp_path / "lib", "b.yaml", text=BRIEFING.replace("title: A test briefing",
                                                                     "title: The same id"))
    files, _ = find_briefings([tmp_path / "lib"])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        [problem] = app.problems
        assert problem.path == str(files[1]) and (problem.line, problem.column) == (2, 5)
        assert f"'test-briefing' is also the id of {files[0]}" in problem.message
        rows = [" ".join(line.plain for line in picker._render_row(n, 120)) for n in (0, 1)]
        assert "⚠ a.yaml: same id as b.yaml" in rows[0]
        assert "⚠ b.yaml: same id as a.yaml" in rows[1]
        failures = str(picker.query_one("#failures Static").render())
        assert "1 file loaded with a problem" in failures and str(problem) in failures
        await pilot.press("slash", *"talks")
        await pilot.pause()
        results = app.quotes_view.results
        assert results.count == 2
        bylines = {result_byline(results.hit(n), with_briefing=True,
                                 file=app.quotes_view.labels.get(results.hit(n).briefing)).plain
                   for n in range(2)}
        assert {"a.yaml" in b for b in bylines} == {True, False}  # told apart
        assert any("test-briefing (b.yaml)" in b for b in bylines), bylines


async def test_the_theme_chosen_is_there_at_the_next_start(tmp_path):
    path = write_briefing(tmp_path)
    app = BriefingApp([path])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.theme != "nord"
        app.theme = "nord"  # what the palette's "Change theme" does
        await pilot.press("ctrl+q")
    again = BriefingApp([path])
    async with again.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert again.theme == "nord"


async def test_a_cold_load_shows_how_many_files_of_how_many(tmp_path, monkeypatch):
    """The progress bar has a label with the total: "Loading 2 of 5 files…"."""

    from tui.library import ingest
    from tui.reader.messages import BriefingsLoaded

    go = hold_the_loader(monkeypatch)
    app = BriefingApp([write_briefing(tmp_path)], restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await views_ready(app, pilot)
        app.post_message(BriefingsLoaded(ingest.Batch(done=2, total=5), None))
        await pilot.pause()
        assert app.query_one("#loading").display
        assert str(app.query_one("#progress-label").render()) == "Loading 2 of 5 files…"
        go.set()
        await loaded(pilot)
        assert not app.query_one("#loading").display


def test_the_picker_says_how_many_files_of_how_many_while_loading():
    from tui.library.collection import Collection

    picker = PickerScreen(Collection(), [], 0)
    picker.files_done = (120, 1000)
    assert picker._title().plain.startswith("Briefings (0) — loading 120 of 1,000 files…")
    picker.files_done = None
    assert "loading" not in picker._title().plain
