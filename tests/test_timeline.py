"""The Timeline view (key 7), the story found for it, and the Countries view's "was" text."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from helpers import loaded
from rich.console import Console
from textual.widgets import Static, TabbedContent

from tui.format.loader import load, load_safely
from tui.format.model import Stance
from tui.format.story import timeline
from tui.library.files import bundled_library, find_briefings
from tui.reader.app import BriefingApp
from tui.reader.story_finder import find_story
from tui.reader.views.countries import detail_header, entries
from tui.reader.views.source import SourceView
from tui.reader.views.timeline_text import cell_text, fit_steps

STORY = Path(__file__).parent / "stories" / "glacier-water"
FILES = sorted(STORY.glob("*.yaml"))
FIRST, SECOND, THIRD = FILES


def rendered(renderable, width: int = 110) -> str:
    """What a rich renderable shows, as plain text."""
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def static_text(app, selector: str) -> str:
    return rendered(app.query_one(selector, Static).content)


def active(app) -> str:
    return app.query_one("#views", TabbedContent).active


# --------------------------------------------------------------------------------------------
# A cell's text
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def story_timeline():
    return timeline(load(path).briefing for path in FILES)


def test_a_cell_reads_each_stance_with_its_date(story_timeline):
    italy = story_timeline.cell("IT", "pact")
    assert cell_text(story_timeline, italy, 80).plain == (
        " OPPOSES 06-12 → OPEN 06-19 → SUPPORTS 06-26 ")
    swiss = story_timeline.cell("CH", "quotas")
    assert cell_text(story_timeline, swiss, 80).plain == (
        " OPPOSES 06-12 → no position 06-19 → OPPOSES 06-26 ")
    assert cell_text(story_timeline, story_timeline.cell("AT", "quotas"), 80).plain == " ·"


def test_a_narrow_cell_shows_the_latest_stances_or_those_around_the_cursor(story_timeline):
    italy = story_timeline.cell("IT", "pact")
    assert cell_text(story_timeline, italy, 32).plain == "‹1  OPEN 06-19 → SUPPORTS 06-26 "
    assert cell_text(story_timeline, italy, 31).plain == "‹2  SUPPORTS 06-26 "
    assert cell_text(story_timeline, italy, 32, selected=0).plain == (
        " OPPOSES 06-12 → OPEN 06-19  1›")
    assert cell_text(story_timeline, italy, 20, selected=1).plain == "‹1  OPEN 06-19  1›"


def test_fitting_a_long_trail_keeps_the_cursor_and_the_width():
    widths = [15] * 100
    for target in (0, 1, 50, 98, 99, None):
        first, end = fit_steps(widths, 60, target)
        shown = 99 if target is None else target
        assert first <= shown < end
        markers = (len(str(first)) + 2 if first else 0) + (len(str(100 - end)) + 2 if end < 100
                                                              else 0)
        assert sum(widths[first:end]) + (end - first - 1) + markers <= 60
        assert end - first == 3  # as many as fit: a fourth would not
    assert fit_steps(widths, 5, 7) == (7, 8)  # too narrow for one: the cursor's all the same
    assert fit_steps([], 10) == (0, 0)


# --------------------------------------------------------------------------------------------
# Finding the story
# --------------------------------------------------------------------------------------------


def test_find_story_reuses_what_is_held_and_says_what_changed(tmp_path, monkeypatch):
    folder = tmp_path / "story"
    shutil.copytree(STORY, folder)
    files = sorted(folder.glob("*.yaml"))
    current, _ = load_safely(files[1])
    held_first, _ = load_safely(files[0])
    loaded_here: list[str] = []
    import tui.library.cache as cache

    real = cache.load_cached_safely

    def counting(path):
        loaded_here.append(path.name)
        return real(path)

    monkeypatch.setattr(cache, "load_cached_safely", counting)
    numbers = {path.resolve(): number for number, path in enumerate(files)}
    found = find_story(current, [files[1]], {files[0].resolve(): held_first}, numbers)
    # The other files come from the briefing's own folder; what was held is not loaded again.
    assert loaded_here == [files[2].name]
    assert [d.briefing.id for d in found.documents] == [p.stem for p in files]
    assert found.documents[1] is current and found.documents[0] is held_first
    assert found.here == 1 and found.numbers == (0, 1, 2)
    assert found.previous is held_first and found.previous_label == "06-12"
    assert found.was == {  # changed since 06-12, and withdrawn since (Switzerland on quotas)
        ("IT", "pact"): Stance.OPPOSES, ("AT", "pact"): Stance.UNDECIDED,
        ("DE", "pact"): None, ("CH", "quotas"): Stance.OPPOSES,
    }
    assert [m.label for m in found.timeline.moments] == ["06-12", "06-19", "06-26"]


def test_a_briefing_without_a_story_is_a_story_of_one():
    files, _ = find_briefings([bundled_library()])
    document, _ = load_safely(files[0])
    found = find_story(document, files, {})
    assert found.story is None and found.documents == (document,)
    assert found.previous is None and found.was == {}
    assert len(found.timeline.moments) == 1


# --------------------------------------------------------------------------------------------
# The view
# --------------------------------------------------------------------------------------------


def story_app() -> BriefingApp:
    files, _ = find_briefings([STORY])
    return BriefingApp(files, restore=False)


async def open_latest_then(pilot, *keys: str) -> None:
    """Pick the last briefing of the story (06-26), then press ``keys``."""
    await loaded(pilot)
    await pilot.press("end", "enter")
    await loaded(pilot)
    for key in keys:
        await pilot.press(key)
        await loaded(pilot)


async def test_the_timeline_is_found_only_when_it_is_first_shown():
    app = story_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_latest_then(pilot, "1")
        view = app.timeline_view
        assert view.found is None and app.stories.found(app.document) is None
        await pilot.press("7")
        await loaded(pilot)
        assert view.found is not None and view.found.current is app.document
        header = static_text(app, "#timeline-header")
        assert "Story “glacier-water” · 3 briefings, 2031-06-12 to 2031-06-26" in header
        assert "6 changes of stance" in header
        grid = view.grid
        assert grid.cell.country == "IT" and grid.step == 2  # on the open briefing's date
        assert app.focused is grid


async def test_enter_on_a_change_shows_its_evidence_in_both_briefings():
    app = story_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_latest_then(pilot, "7", "left")  # Italy on the pact: open to it, 06-19
        view = app.timeline_view
        assert (view.grid.cell.country, view.grid.step) == ("IT", 1)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is view.detail
        detail = static_text(app, "#timeline-detail-body")
        assert "Changed on 06-19: opposes → open to it" in detail
        assert "Before · 06-12" in detail and "▶ After · 06-19" in detail
        assert "Rome opposes the draft in its present form" in detail  # the 06-12 evidence
        assert "Italy said it was open to the emergency pact" in detail  # the 06-19 evidence
        assert "Alpine ministers split" in detail  # the older briefing, by its title

        await pilot.press("s")  # the picked briefing (the newer) in its source
        assert active(app) == "source"
        source = app.query_one(SourceView)
        assert app.source_selection.document.briefing.id == "glacier-water-2031-06-19"
        assert [source.text[a:b] for a, b in source.spans] == [
            "Italy said it was open to the emergency pact"]

        await pilot.press("7", "enter", "left")  # the older briefing this time
        assert "▶ Before · 06-12" in static_text(app, "#timeline-detail-body")
        await pilot.press("s")
        assert app.source_selection.document.briefing.id == "glacier-water-2031-06-12"
        assert [source.text[a:b] for a, b in source.spans] == [
            "Rome opposes the draft in its present form"]
        await pilot.press("7", "enter", "escape")  # from the comparison back to the grid
        assert app.focused is view.grid


async def test_moving_through_the_story():
    app = story_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "7")  # the first briefing, 06-12
        await loaded(pilot)
        grid = app.timeline_view.grid

        def at() -> tuple[str, str, str]:
            cell = grid.cell
            return (cell.country, cell.topic,
                    grid.timeline.moments[cell.steps[grid.step].start].label)

        assert at() == ("IT", "pact", "06-12")
        seen = []
        for _ in range(6):
            await pilot.press("n")
            seen.append(at())
        assert seen == [("IT", "pact", "06-19"), ("CH", "quotas", "06-19"),
                        ("AT", "pact", "06-19"), ("IT", "pact", "06-26"),
                        ("CH", "quotas", "06-26"), ("FR", "pact", "06-26")]
        await pilot.press("n")  # no change after the last: it stays
        assert at() == ("FR", "pact", "06-26")
        await pilot.press("N", "N")
        assert at() == ("IT", "pact", "06-26")
        await pilot.press("left", "down")  # ↓ keeps the date: Switzerland has held one stance
        assert at() == ("CH", "pact", "06-12")
        await pilot.press("down")  # ... and Austria moved on 06-19, the date kept
        assert at() == ("AT", "pact", "06-19")
        await pilot.press("right")  # past Austria's last stance: the next topic, empty there
        assert (grid.cell, grid.column) == (None, 1)
        await pilot.press("enter")  # nothing to compare: it says so
        assert any("records a position" in n.message for n in app._notifications)
        await pilot.press("left_square_bracket")
        assert grid.column == 0


async def test_a_briefing_without_a_story_says_how_to_link_others():
    files, _ = find_briefings([bundled_library()])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("7")
        await loaded(pilot)
        header = " ".join(static_text(app, "#timeline-header").split())
        assert "This briefing is not part of a story" in header
        assert "story: glacier-water" in header  # how to link others
        view = app.timeline_view
        assert len(view.found.timeline.moments) == 1
        assert view.grid.cell is not None and not view.grid.cell.changed


async def test_countries_say_what_changed_positions_were():
    app = story_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_latest_then(pilot, "2")
        header = ".country-header"
        assert "was: open to it on 06-19" in static_text(app, header)  # Italy on the pact
        await pilot.press("j")  # Switzerland: the quotas back after a week without
        await pilot.pause()
        text = static_text(app, header)
        assert "was: no position on 06-19" in text
        assert text.count("was:") == 1  # its stance on the pact did not change
        await pilot.press("j", "j")  # France turned
        await pilot.pause()
        assert "was: supports on 06-19" in static_text(app, header)


def test_a_withdrawn_position_says_what_it_was():
    document = load(SECOND)
    switzerland = next(e for e in entries(document) if e.code == "CH")
    text = rendered(detail_header(document, switzerland, ({("CH", "quotas"): Stance.OPPOSES},
                                                           "06-12")))
    assert "no position" in text and "was: opposes on 06-12" in text
    assert "was:" not in rendered(detail_header(document, switzerland))
    undated = rendered(detail_header(document, switzerland, ({("CH", "pact"): None}, "undated")))
    assert "was: no position in the undated briefing before" in undated


@pytest.mark.parametrize("size", [(20, 6), (40, 12), (80, 24), (200, 60)])
async def test_no_crash_at_any_size(size):
    app = story_app()
    async with app.run_test(size=size) as pilot:
        await open_latest_then(pilot, "7")
        for key in ["n", "n", "down", "right", "right", "enter", "left", "escape", "N", "G",
                    "right_square_bracket", "pagedown", "g", "left", "enter"]:
            await pilot.press(key)
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.is_running


async def test_a_click_picks_a_stance_and_a_double_click_opens_it():
    app = story_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_latest_then(pilot, "7")
        grid = app.timeline_view.grid
        lines = ["".join(s.text for s in grid.render_line(y)) for y in range(4)]
        italy = lines[2]
        x = italy.index("OPEN 06-19")  # Italy's second stance, in the first row of cells
        await pilot.click(grid, offset=(x, 2))
        assert (grid.cell.country, grid.step) == ("IT", 1)
        await pilot.click(grid, offset=(x, 3), times=2)  # Switzerland's only stance: opened
        await pilot.pause()
        assert grid.cell.country == "CH" and app.focused is app.timeline_view.detail


async def test_markup_in_a_story_is_shown_literally(tmp_path):
    folder = tmp_path / "story"
    shutil.copytree(STORY, folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("name: Italy", "name: '[red]Italy[/red]'")
                        .replace("title: Water export quotas",
                                 "title: '[@click=app.quit]quotas[/]'"), encoding="utf-8")
    files, _ = find_briefings([folder])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_latest_then(pilot, "7", "enter")
        grid = app.timeline_view.grid
        screen = "\n".join("".join(s.text for s in grid.render_line(y)) for y in range(4))
        assert "[red]Italy[/red]" in screen and "[@click=app.quit]quotas[/]" in screen
        assert "[red]Italy[/red]" in static_text(app, "#timeline-detail-body")
        assert app.is_running
