"""Counts read right for 0, 1 and many wherever they are shown; the matrix legend's words; the
footer fits; the picker's footer offers only what acts there; Summary moves with j/k/g/G."""

from __future__ import annotations

import re
import textwrap

import pytest
from helpers import loaded, write_briefing
from textual.widgets import TabbedContent
from textual.widgets._footer import FooterKey

from tui import cli
from tui.format.loader import load
from tui.library.files import bundled_library, find_briefings
from tui.reader.app import BriefingApp
from tui.reader.screens.picker import PickerScreen
from tui.reader.views.matrix import legend_entries
from tui.reader.views.summary import summary_renderable

ONE_OF_EACH = textwrap.dedent(
    """\
    format: 1
    id: one-of-each
    title: One of each
    date: 2031-05-04
    summary: One paragraph.
    sources:
      - id: wire
        title: Test wire
        file: source.txt
    countries:
      - code: DE
        name: Germany
    actors:
      - id: mueller
        name: Jürgen Müller
        role: Chancellor
        country: DE
    topics:
      - id: troops
        title: Sending troops
    positions:
      - country: DE
        topic: troops
        stance: opposes
        evidence: '"no troops will be sent"'
    statements:
      - id: mueller-no-troops
        speaker: mueller
        kind: direct
        text: no troops will be sent
        topics: [troops]
        evidence: Chancellor Jürgen Müller said on Monday that "no troops will be sent"
    """
)

ONE_WRONG = re.compile(r"\b1 (countries|statements|actors|positions|files|items|excerpts|"
                       r"problems|debates|risks|sides|passages)\b")


def test_the_summary_counts_one_of_each_in_the_singular(tmp_path):
    document = load(write_briefing(tmp_path, text=ONE_OF_EACH))
    shown = summary_renderable(document).plain
    assert "1 country · 1 actor · 1 statement · 1 position" in shown
    assert not ONE_WRONG.search(shown)


def test_check_counts_one_file_in_the_singular(tmp_path, capsys):
    path = write_briefing(tmp_path, text=ONE_OF_EACH)
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "checked 1 file: " in out and "1 statement, " in out, out
    assert not ONE_WRONG.search(out), out


async def test_the_picker_and_the_search_count_one_in_the_singular(tmp_path):
    for name in ("a", "b"):
        text = ONE_OF_EACH.replace("id: one-of-each", f"id: one-{name}")
        write_briefing(tmp_path / name, f"{name}.yaml", text=text)
    files, _ = find_briefings([tmp_path])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        row = " ".join(line.plain for line in picker._render_row(0, 100))
        assert "1 country · 1 statement" in row and not ONE_WRONG.search(row), row
        await pilot.press("escape")
        app.open_document(0, view=None)
        await pilot.press("slash", *"troops briefing:one-a")
        await pilot.pause()
        counter = str(app.quotes_view.query_one("#result-count").render())
        assert counter == "1 of 2 statements in 2 briefings", counter


@pytest.mark.parametrize("counts, expected", [
    ({"warns": 3}, "WARNS  warns of consequences (3)"),
    ({"warns": 1}, "WARNS  warns of consequences (1)"),
    ({}, "UNDECIDED  has not decided (0)"),
    ({"supports": 1}, "SUPPORTS  in favour (1)"),
])
def test_the_matrix_legend_reads_right_for_0_1_and_many(counts, expected):
    full = {stance: counts.get(stance, 0)
            for stance in ("supports", "open", "undecided", "opposes", "warns")}
    entries = [entry.plain.strip() for entry in legend_entries(full, 2)]
    assert expected in entries, entries
    assert "· no position (2)" in entries
    for entry in entries:  # never "3 warns of consequences" nor "0 has not decided"
        assert not re.search(r"\d+ (warns|has|in favour|against|does)", entry), entry


def bundled_files():
    return find_briefings([bundled_library()])[0]


@pytest.mark.parametrize("width", [80, 120])
async def test_the_footer_fits_in_every_view(width):
    app = BriefingApp(bundled_files(), restore=False)
    async with app.run_test(size=(width, 30)) as pilot:
        await loaded(pilot)
        for key, view in [("1", "summary"), ("2", "countries"), ("4", "source"),
                          ("5", "matrix"), ("6", "debates"), ("7", "timeline")]:
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert app.query_one("#views", TabbedContent).active == view
            shown = list(app.screen.query(FooterKey))
            cut = [key.description or key.key for key in shown if key.region.right > width]
            assert not cut, f"{view} at {width} columns: cut {cut}"
            kept = [key.action for key in shown if key.display]
            assert "quit_letter" in kept and "help" in kept, view


async def test_the_pickers_footer_offers_only_what_acts_there(tmp_path):
    for name in ("a", "b"):
        text = ONE_OF_EACH.replace("id: one-of-each", f"id: one-{name}")
        write_briefing(tmp_path / name, f"{name}.yaml", text=text)
    files, _ = find_briefings([tmp_path])
    app = BriefingApp(files, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.pause()
        offered = {key.action for key in app.screen.query(FooterKey)}
        assert offered == {"close", "search", "app.quit"}, offered
        behind = app.focused
        await pilot.press("s", "c", "2")  # none of them acts here
        assert isinstance(app.screen, PickerScreen) and app.focused is behind


async def test_summary_moves_with_j_k_g_and_G():
    app = BriefingApp(bundled_files(), restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        summary = app.summary_view
        assert app.focused is summary and summary.max_scroll_y > 2
        await pilot.press("j", "j")
        assert summary.scroll_y == 2
        await pilot.press("k")
        assert summary.scroll_y == 1
        await pilot.press("G")
        assert summary.scroll_y == summary.max_scroll_y
        await pilot.press("g")
        assert summary.scroll_y == 0
