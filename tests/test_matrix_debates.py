"""The stance matrix and the debates-and-risks view, each in a tiny app of its own."""

from __future__ import annotations

import io
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from helpers import BRIEFING, write_briefing
from rich.text import Text
from textual.app import App
from textual.widgets import Static

from tui.format.document import Document
from tui.format.loader import load
from tui.format.model import Briefing, Country, Position, Source, Stance, Topic
from tui.format.wording import STANCE_CHIPS, STANCE_MEANINGS, risk_ratings
from tui.library.files import bundled_library
from tui.reader.styles import STYLESHEETS
from tui.reader.views.debates import DebatesView, ItemList, order_risks
from tui.reader.views.matrix import MatrixGrid, MatrixView, chip_words, stance_counts

BUNDLED = bundled_library() / "nato-ground-troops" / "briefing.yaml"


class ViewApp(App[None]):
    """One view, shown on mount, with every message it posts recorded."""

    CSS_PATH = STYLESHEETS

    def __init__(self, view: type, document: Document) -> None:
        super().__init__()
        self.view_class = view
        self.document = document
        self.messages: list = []

    def compose(self):
        yield self.view_class(id="view")

    def on_mount(self) -> None:
        view = self.query_one("#view")
        view.show(self.document)
        if isinstance(view, MatrixView):
            view.grid.focus()
        else:
            view.item_list.focus()

    def on_matrix_view_cell_changed(self, message: MatrixView.CellChanged) -> None:
        self.messages.append(message)

    def on_matrix_view_open_country(self, message: MatrixView.OpenCountry) -> None:
        self.messages.append(message)

    def on_debates_view_item_changed(self, message: DebatesView.ItemChanged) -> None:
        self.messages.append(message)


def screen_lines(widget) -> list[str]:
    """What a line-API widget shows, as plain text."""
    return [
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    ]


def static_text(widget: Static, width: int = 2000) -> str:
    """What a Static holds, as plain text (wrapped at ``width``, trailing spaces dropped)."""
    from rich.console import Console

    content = widget.content
    if isinstance(content, Text):
        return content.plain
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(content)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def detail_text(app: ViewApp) -> str:
    bodies = [w for w in app.query(Static) if w.id in ("matrix-detail-body", "debates-detail-body")]
    return static_text(bodies[0])


SMALL_EXTRA = textwrap.dedent(
    """\
    debates:
      - id: troops-debate
        title: "[@click=app.quit]x[/]"
        topic: troops
        summary: "Who sends [b]troops[/b]?"
        evidence: '"no troops will be sent"'
        sides:
          - country: DE
            stance: opposes
            summary: No troops.
            evidence: Chancellor Jürgen Müller said on Monday
          - actor: lopez
            stance: warns
            evidence: sanctions "would hurt everyone"
      - id: bare-debate
        title: A debate with nothing else
    risks:
      - id: high-unlikely
        title: High impact, unlikely
        likelihood: unlikely
        confidence: low
        impact: high
        raised_by: [mueller]
        summary: "[red]Written first[/red]"
        evidence: '"no troops will be sent"'
      - id: low-certain
        title: Low impact, almost certain
        likelihood: almost-certain
        confidence: high
        impact: low
        raised_by: [lopez, mod]
      - id: bare-risk
        title: Not rated at all
      - id: medium-even
        title: Medium impact, even chance
        likelihood: even-chance
        confidence: moderate
        impact: medium
        evidence: said talks must go on
    """
)


@pytest.fixture
def small(tmp_path: Path) -> Document:
    text = BRIEFING.replace("title: Sanctions", "title: '[b]x[/b]'") + SMALL_EXTRA
    return load(write_briefing(tmp_path, text=text))


@pytest.fixture
def empty(tmp_path: Path) -> Document:
    text = textwrap.dedent(
        """\
        format: 1
        id: empty
        title: Nothing argued
        summary: Nothing happened.
        sources:
          - id: wire
            title: A wire
        countries:
          - code: DE
            name: Germany
        """
    )
    return load(write_briefing(tmp_path / "empty", text=text))


def big_document(countries: int = 500, topics: int = 10) -> Document:
    """A briefing far larger than any real one (codes need not be real: built, not loaded)."""
    country_list = [Country.model_construct(code=f"{i:03d}", name=f"Country {i}", memberships=(), summary=None)
                    for i in range(countries)]
    topic_list = [Topic(id=f"topic-{t}", title=f"Topic number {t} with a long title") for t in range(topics)]
    stances = list(Stance)
    positions = [
        Position.model_construct(country=c.code, topic=t.id, stance=stances[(i + j) % 5], summary=None, evidence=())
        for i, c in enumerate(country_list)
        for j, t in enumerate(topic_list)
        if (i + j) % 3
    ]
    briefing = Briefing(
        format=1, id="big", title="Big", summary="Big.",
        sources=[Source(id="s", title="S")],
        countries=[Country(code="FR", name="France")],
        topics=topic_list,
    ).model_copy(update={"countries": tuple(country_list), "positions": tuple(positions)})
    return Document(path=Path("big.yaml"), briefing=briefing)


# --------------------------------------------------------------------------- the matrix


async def test_cell_navigation_with_arrows_and_hjkl(bundled: Document):
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(MatrixView)
        assert (view.cell.country.code, view.cell.topic.id) == ("FR", "ground-troops")
        assert app.messages and app.messages[-1].country_code == "FR"

        steps = [
            ("j", "US", "ground-troops"),
            ("l", "US", "weapons-aid"),
            ("right", "US", "ammo-purchases-outside-eu"),
            ("down", "DE", "ammo-purchases-outside-eu"),
            ("h", "DE", "weapons-aid"),
            ("left", "DE", "ground-troops"),
            ("k", "US", "ground-troops"),
            ("up", "FR", "ground-troops"),
        ]
        positions = {(p.country, p.topic): p for p in bundled.briefing.positions}
        for key, code, topic in steps:
            await pilot.press(key)
            await pilot.pause()
            cell = view.cell
            assert (cell.country.code, cell.topic.id) == (code, topic), key
            message = app.messages[-1]
            assert isinstance(message, MatrixView.CellChanged)
            assert (message.country_code, message.topic_id) == (code, topic)
            assert message.position is positions.get((code, topic))
            detail = detail_text(app)
            assert cell.country.name in detail and cell.topic.title in detail
            if message.position is None:
                assert "No position recorded" in detail
                assert view.selection.excerpts == ()
            else:
                assert STANCE_CHIPS[message.position.stance] in detail
                assert message.position.summary in detail
                assert view.selection.excerpts == message.position.evidence
                for excerpt in message.position.evidence:
                    assert excerpt in detail


async def test_cursor_stops_at_the_edges(bundled: Document):
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(MatrixView)
        count = len(app.messages)
        await pilot.press("k", "h")
        assert len(app.messages) == count  # nothing moved, nothing posted
        await pilot.press("G", *["l"] * 10)
        await pilot.pause()
        assert view.cell.country.code == bundled.briefing.countries[-1].code
        assert view.cell.topic.id == bundled.briefing.topics[-1].id
        await pilot.press("g")
        assert view.cell.country.code == "FR"


async def test_selected_cell_is_marked_in_the_grid(bundled: Document):
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "l", "l")
        await pilot.pause()
        lines = screen_lines(app.query_one(MatrixGrid))
        us = next(line for line in lines if "United States" in line)
        assert re.search(r"\[\s+·\s+\]", us), us  # the empty cell under the cursor
        fr = next(line for line in lines if "France" in line)
        assert "[" not in fr


async def test_counts_per_stance_match_the_model(bundled: Document):
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        expected = Counter(p.stance.value for p in bundled.briefing.positions)
        counts, empty = stance_counts(bundled)
        assert counts == {stance: expected.get(stance, 0) for stance in STANCE_CHIPS}
        briefing = bundled.briefing
        assert empty == len(briefing.countries) * len(briefing.topics) - len(briefing.positions)
        legend = chip_words(app.query_one("#matrix-legend").entries, 500).plain
        for stance, word in STANCE_CHIPS.items():
            meaning = re.escape(STANCE_MEANINGS[stance])
            assert re.search(rf"\b{word}\s+{meaning} \({expected.get(stance, 0)}\)", legend), (
                word, legend)
        assert f"no position ({empty})" in legend
        assert "does not rule it out" in legend  # the meaning of OPEN


async def test_enter_posts_open_country(bundled: Document):
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j", "l", "enter")
        await pilot.pause()
        opened = [m for m in app.messages if isinstance(m, MatrixView.OpenCountry)]
        assert [m.country_code for m in opened] == ["DE"]


async def test_words_carry_the_meaning_without_colour(bundled: Document, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_lines(app.query_one(MatrixGrid)))
        for word in ("OPEN", "OPPOSES", "SUPPORTS", "WARNS", "·"):
            assert word in text
        fr = next(line for line in text.splitlines() if "France" in line)
        assert re.search(r"OPEN\W+SUPPORTS\W+SUPPORTS", fr), fr
        screenshot = app.export_screenshot()
        assert "OPPOSES" in screenshot and "does&#160;not&#160;rule&#160;it&#160;out" in screenshot


async def test_matrix_markup_is_literal(small: Document):
    app = ViewApp(MatrixView, small)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")  # the topic titled [b]x[/b]
        await pilot.pause()
        header = screen_lines(app.query_one(MatrixGrid))[0]
        assert "[b]x[/b]" in header
        assert "[b]x[/b]" in detail_text(app)
        await pilot.press("j")  # ES warns on it
        await pilot.pause()
        assert app.messages[-1].position.stance == "warns"
        assert app.query_one(MatrixView).selection.excerpts == ('sanctions "would hurt everyone"',)


async def test_500_countries_render_only_what_is_visible():
    document = big_document()
    app = ViewApp(MatrixView, document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = app.query_one(MatrixGrid)
        calls = 0
        cell = grid._cell

        def counting(row: int, column: int) -> Text:
            nonlocal calls
            calls += 1
            return cell(row, column)

        grid._cell = counting  # type: ignore[method-assign]
        grid.refresh()
        await pilot.pause()
        assert 0 < calls <= grid.size.height * len(document.briefing.topics)
        await pilot.press("G")
        await pilot.pause()
        lines = screen_lines(grid)
        assert any("Country 499" in line for line in lines)
        assert "Country 0 " not in "\n".join(lines[2:])
        assert lines[0].startswith("Country")  # the header stays on screen
        for _ in range(9):
            await pilot.press("l")
        await pilot.pause()
        assert grid.scroll_offset.x > 0  # ten topics do not fit in 120 columns
        assert app.query_one(MatrixView).cell.topic.id == "topic-9"
        header = screen_lines(grid)[:2]
        assert "number 9" in header[1] and "topics 3–10/10" in header[1]


async def test_matrix_without_topics_says_so(empty: Document):
    app = ViewApp(MatrixView, empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(MatrixView)
        assert view.cell is None
        assert view.selection.excerpts == ()
        assert "no topics" in "\n".join(screen_lines(view.grid)).lower()
        await pilot.press("j", "l", "enter")
        assert app.messages == []


# --------------------------------------------------------------------------- debates and risks


def risk_ids(view: DebatesView) -> list[str]:
    return [item.value.id for item in view.items if item.kind == "risk"]


async def test_risks_cycle_through_orders(small: Document):
    app = ViewApp(DebatesView, small)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(DebatesView)
        caption = lambda: static_text(app.query_one("#debates-caption", Static))  # noqa: E731
        assert view.order == "impact"
        assert risk_ids(view) == ["high-unlikely", "medium-even", "low-certain", "bare-risk"]
        assert "by impact (high first)" in caption()
        await pilot.press("o")
        assert view.order == "likelihood"
        assert risk_ids(view) == ["low-certain", "medium-even", "high-unlikely", "bare-risk"]
        assert "by likelihood (most likely first)" in caption()
        rendered = "\n".join(screen_lines(view.item_list))
        assert rendered.index("Low impact, almost certain") < rendered.index("High impact, unlikely")
        await pilot.press("o")
        assert view.order == "written"
        assert risk_ids(view) == [r.id for r in small.briefing.risks]
        assert "as written" in caption()
        await pilot.press("o")
        assert view.order == "impact"


async def test_bundled_risk_orders_follow_the_model(bundled: Document):
    risks = bundled.briefing.risks
    by_impact = order_risks(risks, "impact")
    assert [r.impact.rank for r in by_impact] == sorted((r.impact.rank for r in risks), reverse=True)
    by_likelihood = order_risks(risks, "likelihood")
    assert [r.likelihood.rank for r in by_likelihood] == sorted((r.likelihood.rank for r in risks), reverse=True)
    assert order_risks(risks, "written") == list(risks)


async def test_reordering_keeps_the_selected_risk(small: Document):
    app = ViewApp(DebatesView, small)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("G")  # the last risk: bare-risk
        await pilot.pause()
        view = app.query_one(DebatesView)
        assert view.selected[1].id == "bare-risk"
        await pilot.press("o", "o")
        await pilot.pause()
        assert view.selected[1].id == "bare-risk"
        assert app.messages[-1].item.id == "bare-risk"


async def test_items_change_and_detail_follows(small: Document):
    app = ViewApp(DebatesView, small)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(DebatesView)
        first = app.messages[-1]
        assert (first.kind, first.item.id) == ("debate", "troops-debate")
        detail = detail_text(app)
        assert re.search(r"OPPOSES\s+Germany — opposes", detail)  # a country side: its name
        assert re.search(r"WARNS\s+Ana López — warns, Minister, Spain", detail)  # an actor side
        assert "OPPOSES" in detail and "WARNS" in detail
        assert view.selection.excerpts == (
            '"no troops will be sent"',
            "Chancellor Jürgen Müller said on Monday",
            'sanctions "would hurt everyone"',
        )
        seen = []
        for _ in range(len(small.briefing.debates) + len(small.briefing.risks) - 1):
            await pilot.press("j")
            await pilot.pause()
            seen.append((app.messages[-1].kind, app.messages[-1].item.id))
        assert seen == [
            ("debate", "bare-debate"),
            ("risk", "high-unlikely"),
            ("risk", "medium-even"),
            ("risk", "low-certain"),
            ("risk", "bare-risk"),
        ]
        await pilot.press("k", "k")
        await pilot.pause()
        assert view.selected[1].id == "medium-even"
        detail = detail_text(app)
        assert "even chance · moderate confidence · medium impact" in detail
        assert view.selection.excerpts == ("said talks must go on",)


async def test_list_rows_show_sides_and_ratings_in_words(bundled: Document):
    app = ViewApp(DebatesView, bundled)
    async with app.run_test(size=(160, 80)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_lines(app.query_one(ItemList)))
        assert "Should Western or NATO allies send ground troops to Ukraine?" in text
        assert re.search(r"OPEN\*\s+Emmanuel Macron — Nothing should be ruled out", text)
        assert re.search(r"OPPOSES\s+United States — No US troops", text)
        assert re.search(r"WARNS\s+Dmitry Peskov", text)
        assert "likely · moderate confidence · high impact" in text
        assert "raised by Dmitry Peskov" in text
        assert risk_ratings(bundled.briefing.risks[0]) == "unlikely · low confidence · high impact"


async def test_missing_optional_fields_render_cleanly(small: Document):
    app = ViewApp(DebatesView, small)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("j")  # the bare debate
        await pilot.pause()
        view = app.query_one(DebatesView)
        assert view.selected[1].id == "bare-debate"
        assert "No sides recorded" in detail_text(app)
        assert "no topic given" in detail_text(app)
        assert view.selection.excerpts == ()
        await pilot.press("G")
        await pilot.pause()
        assert view.selected[1].id == "bare-risk"
        detail = detail_text(app)
        assert "not rated" in detail and "not given" in detail and "not named" in detail
        text = "\n".join(screen_lines(view.item_list))
        assert "no sides recorded" in text and "not rated" in text
        assert "None" not in text and "None" not in detail


async def test_debates_markup_is_literal(small: Document):
    app = ViewApp(DebatesView, small)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        lines = screen_lines(app.query_one(ItemList))
        assert any("[@click=app.quit]x[/]" in line for line in lines)
        detail = detail_text(app)
        assert "[@click=app.quit]x[/]" in detail and "Who sends [b]troops[/b]?" in detail
        for y in range(len(lines)):
            for segment in app.query_one(ItemList).render_line(y):
                assert not (segment.style and segment.style.meta.get("@click"))
        await pilot.press("j", "j")
        await pilot.pause()
        assert "[red]Written first[/red]" in detail_text(app)


async def test_no_debates_or_risks_says_so(empty: Document):
    app = ViewApp(DebatesView, empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(DebatesView)
        assert view.selected is None and view.selection.excerpts == ()
        assert "no debates and no risks" in screen_lines(view.item_list)[0]
        assert "records neither" in detail_text(app)
        await pilot.press("j", "o", "G", "enter")
        assert app.messages == []


async def test_only_debates_notes_the_missing_risks(tmp_path: Path):
    text = BRIEFING + SMALL_EXTRA.split("risks:")[0]
    document = load(write_briefing(tmp_path, text=text))
    app = ViewApp(DebatesView, document)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_lines(app.query_one(ItemList)))
        assert "Risks: none recorded" in text
        assert "(o: change order)" not in static_text(app.query_one("#debates-caption", Static))


# --------------------------------------------------------------------------- small screens


@pytest.mark.parametrize("view", [MatrixView, DebatesView])
@pytest.mark.parametrize("which", ["bundled", "small", "empty"])
async def test_tiny_terminal_does_not_crash(view, which, request):
    document = request.getfixturevalue(which)
    app = ViewApp(view, document)
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.pause()
        await pilot.press("j", "l", "l", "G", "o", "pagedown", "k", "h", "g", "pageup", "enter")
        await pilot.pause()
        app.save_screenshot(str(request.getfixturevalue("tmp_path") / "tiny.svg"))


async def test_big_matrix_on_a_tiny_terminal():
    app = ViewApp(MatrixView, big_document())
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.press("G", "l", "l", "l", "pageup")
        await pilot.pause()
        assert app.query_one(MatrixView).cell.topic.id == "topic-3"


async def test_click_selects_a_cell_and_double_click_opens(bundled: Document):
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = app.query_one(MatrixGrid)
        x = grid._name_width() + 1 + 2 * grid.column_width + 3
        y = grid.header_height + 2  # Germany
        await pilot.click(MatrixGrid, offset=(x, y))
        await pilot.pause()
        cell = app.query_one(MatrixView).cell
        assert (cell.country.code, cell.topic.id) == ("DE", "ammo-purchases-outside-eu")
        await pilot.click(MatrixGrid, offset=(x, y), times=2)
        await pilot.pause()
        assert [m.country_code for m in app.messages if isinstance(m, MatrixView.OpenCountry)] == ["DE"]


async def test_click_selects_a_debate_or_risk(bundled: Document):
    app = ViewApp(DebatesView, bundled)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(DebatesView)
        lines = screen_lines(view.item_list)
        row = next(i for i, line in enumerate(lines) if "Should European nations buy" in line)
        await pilot.click(ItemList, offset=(10, row + 2))  # a side's row selects its debate
        await pilot.pause()
        assert view.selected[1].id == "ammo-outside-eu"
        assert app.messages[-1].kind == "debate"


async def test_an_inferred_position_is_marked_in_the_matrix_and_worded_in_its_detail(bundled):
    app = ViewApp(MatrixView, bundled)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        view = app.query_one(MatrixView)
        cell = view.cell
        assert cell.country.code == "FR" and cell.position.basis == "inferred"
        assert any("OPEN*" in line for line in screen_lines(view.grid))
        assert any("OPPOSES " in line and "OPPOSES*" not in line
                   for line in screen_lines(view.grid))  # the US: stated
        assert "inferred by the curator: " in detail_text(app)
        legend = "".join(chip.plain for chip in view.query_one("#matrix-legend").entries)
        assert "inferred by the curator, not stated by the source" in legend
HANGING = textwrap.dedent(
    """\
    debates:
      - id: long-debate
        title: Who pays for the troops
        sides:
          - actor: lopez
            stance: warns
            summary: Sanctions would hurt everyone, and the talks must go on whatever happens.
            evidence: Minister Ana López warned that sanctions "would hurt everyone" and said talks must go on
    risks:
      - id: long-risk
        title: A risk raised by two of them
        raised_by: [lopez, mueller]
    """
)


def rendered(renderable, width: int) -> list[str]:
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


def block_of(shown: list[str], first: str, last: str) -> list[str]:
    """The lines from the one holding ``first`` to the one holding ``last``."""
    start = next(i for i, line in enumerate(shown) if first in line)
    end = next(i for i in range(start, len(shown)) if last in shown[i])
    return shown[start:end + 1]


def assert_hangs(lines: list[str], column: int) -> None:
    """Every line after the first starts at ``column``: under the text, not at the edge."""
    assert len(lines) > 1, lines
    for line in lines[1:]:
        assert len(line) - len(line.lstrip(" ")) == column, (column, lines)


async def test_wrapped_sides_and_evidence_start_under_their_text(tmp_path: Path):
    from tui.reader.styles import CHIP_WIDTH

    document = load(write_briefing(tmp_path, text=BRIEFING + HANGING))
    app = ViewApp(DebatesView, document)
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        debate = app.query_one("#debates-detail-body", Static).content
        shown = rendered(debate, 36)
        assert_hangs(block_of(shown, "Ana López", "Spain"), CHIP_WIDTH + 1)
        assert_hangs(block_of(shown, "Sanctions would", "happens."), 2)
        assert_hangs(block_of(shown, "“Minister", "go on”"), 5)
        await pilot.press("down")
        await pilot.pause()
        risk = app.query_one("#debates-detail-body", Static).content
        assert_hangs(block_of(rendered(risk, 30), "Raised by:", "Chancellor)"), len("Raised by: "))


def test_wrapped_sides_in_a_countrys_detail_start_under_their_text(tmp_path: Path):
    from tui.reader.styles import CHIP_WIDTH
    from tui.reader.views.countries import entries, involvement

    document = load(write_briefing(tmp_path, text=BRIEFING + HANGING))
    spain = next(entry for entry in entries(document) if entry.code == "ES")
    shown = rendered(involvement(document, spain), 40)
    assert_hangs(block_of(shown, "Ana López:", "happens."), 4 + CHIP_WIDTH + 1)
    assert_hangs(block_of(shown, "risk:", "not rated"), len("  risk: "))


def test_a_countrys_debates_name_their_actors_never_their_ids(bundled: Document):
    """The Countries view's "Debates and risks" names each side's actor (``Dmitry Peskov:``),
    never the file's id (``peskov:``) (issue 12)."""
    from tui.reader.views.countries import entries, involvement

    russia = next(entry for entry in entries(bundled) if entry.code == "RU")
    shown = "\n".join(rendered(involvement(bundled, russia), 200))
    assert "Dmitry Peskov: " in shown, shown
    for actor in bundled.briefing.actors:
        assert f"{actor.id}:" not in shown, shown
