"""Hostile data on screen: markup, escape sequences, bidi, invisible and wide text stay inert.

A briefing whose every text field holds markup and action syntax, bidi overrides, zero-width
characters, CJK, an emoji ZWJ sequence, stacked combining marks and a 10,000-character word, with
a source file full of terminal escape sequences, is opened in the reader at several sizes; every
view is visited and clicked. After every step the screen is rendered the way the terminal gets it
and checked: the app still runs, data shows literally (``[b]x[/b]`` as text), and no control,
bidi or invisible character from the data reaches the terminal.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from helpers import loaded
from rich.cells import cell_len
from rich.console import Console
from textual.app import App
from textual.widgets import TabbedContent

from tui.format.countries import ISO_3166_ALPHA2
from tui.format.loader import load
from tui.format.sanitize import printable, printable_spans
from tui.library.files import find_briefings, quick_title
from tui.reader.app import BriefingApp
from tui.reader.keys import VIEWS
from tui.reader.messages import TitlePeeked
from tui.reader.screens.help import HelpScreen
from tui.reader.screens.picker import PickerScreen
from tui.reader.styles import MATCH_STYLE, block, marked, plain
from tui.reader.views.countries import CountriesView, StatementCard
from tui.reader.views.quotes import QuotesView
from tui.reader.views.source import SourceView

# ---------------------------------------------------------------------------- the hostile data

MARKUP = ("[b]x[/b]", "[/]", "[@click=app.quit]q[/]", "[link=https://x]l[/link]")
CJK = "中文字符テスト한국어"
FAMILY = "👩\u200d👩\u200d👧"
COMBINING = "e" + "\u0301" * 5
LONG_WORD = "W" * 10_000


def payload(label: str) -> str:
    """A field's hostile value, starting with a label that says which field it is."""
    return (
        f"{label} {' '.join(MARKUP)} \u202eRLO\u202c \u2066LRI\u2069 "
        f"z\u200bw\u2060j\ufeffk {CJK} {FAMILY} {COMBINING}"
    )


UNSAFE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")
"""What the terminal must never get from data: controls (C0, DEL, C1), format characters (bidi
overrides and isolates, zero-width and invisible characters), surrogates, line and paragraph
separators. Their stand-ins (⟨U+202E⟩, ␛) are what it gets instead."""


def unsafe_char(text: str) -> str | None:
    """The first character of ``text`` the terminal must not get (newlines separate lines)."""
    for char in text:
        if char != "\n" and unicodedata.category(char) in UNSAFE_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None

# The source file: every kind of terminal escape, C0/C1 controls and bidi characters, all
# outside the evidence excerpts (which are on lines of their own).
SOURCE_HOSTILE = (
    "title \x1b]0;PWNED-TITLE\x07 clipboard \x1b]52;c;UFdORUQ=\x07 wipe \x1b[2J\x1b[H "
    "link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ c1-osc \x9d0;PWNED-C1\x9c "
    "c1-csi \x9b2J nul \x00 bel \x07 bs \x08 del \x7f nel \x85 dcs \x90x\x9c "
    "bidi \u202eRLO\u202c \u2066LRI\u2069 zw z\u200bw\u2060j\ufeffk cr \r tab \t end"
)
PLAIN_EVIDENCE = "the envoys spoke at length about the plan"
DIRECT_QUOTE = "[b]x[/b] [/] [@click=app.quit]q[/] [link=https://x]l[/link] 中文字符 e\u0301\u0301"
SOURCE = (
    f"{SOURCE_HOSTILE}\n\n"
    f"On Monday {PLAIN_EVIDENCE}.\n\n"
    f'The envoy said "{DIRECT_QUOTE}" and left.\n\n'
    f"{SOURCE_HOSTILE}\n"
)

SOURCE_FILE = "src [@click=app.quit]q[/] [b]x[/b] \u202eRLO\u202c.txt"
"""The source's file name: markup and a bidi override (the name is shown in the summary)."""


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (controls, format and separator characters
    escaped, as a curator's editor might write them)."""
    out = []
    for char in json.dumps(text, ensure_ascii=False)[1:-1]:
        category = unicodedata.category(char)
        if category[0] in "CZ" and char != " ":
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def q(label: str) -> str:
    return yaml_string(payload(label))


CODES = sorted(ISO_3166_ALPHA2)
"""Every country code: the format allows no more countries in one briefing (codes are ISO and
unique), so the big briefing has all of them."""


def hostile_briefing(*, briefing_id: str = "hostile", title: str | None = None, countries: int | None = None) -> str:
    codes = CODES[:countries] if countries else CODES
    lines = [
        "format: 1",
        f"id: {briefing_id}",
        f"title: {yaml_string(title) if title else q('TITLE')}",
        "date: 2031-05-04",
        f"bluf: {q('BLUF')}",
        f"summary: {yaml_string(payload('SUMMARY') + chr(10) + chr(10) + payload('PARAGRAPH2'))}",
        "key_points:",
        f"  - {q('KEYPOINT')}",
        f"  - {yaml_string('LONG ' + LONG_WORD)}",
        "sources:",
        "  - id: wire",
        f"    title: {q('SRCTITLE')}",
        f"    outlet: {q('OUTLET')}",
        f"    url: {q('URL')}",
        "    reliability: B",
        f"    file: {yaml_string(SOURCE_FILE)}",
        "countries:",
    ]
    for index, code in enumerate(codes):
        lines += [
            f"  - code: {code}",
            f"    name: {q('NAME-' + code)}",
            f"    memberships: [{q('MEMBER')}, {yaml_string(CJK)}]",
            f"    summary: {yaml_string('LONG ' + LONG_WORD) if index == 1 else q('CSUMMARY')}",
        ]
    lines += ["actors:"]
    for code in codes:
        for number in (1, 2):
            lines += [
                f"  - id: a-{code.lower()}-{number}",
                f"    name: {q(f'ACTOR-{code}-{number}')}",
                f"    role: {q('ROLE')}",
                f"    country: {code}",
            ]
    lines += [
        "  - id: intl",
        f"    name: {q('INTLACTOR')}",
        "    kind: organisation",
        "topics:",
        "  - id: t1",
        f"    title: {q('TOPIC1')}",
        f"    summary: {q('TSUMMARY')}",
        "  - id: t2",
        f"    title: {q('TOPIC2')}",
        "positions:",
    ]
    for code in codes:
        for topic, stance in (("t1", "opposes"), ("t2", "warns")):
            lines += [
                f"  - country: {code}",
                f"    topic: {topic}",
                f"    stance: {stance}",
                f"    summary: {q('PSUMMARY')}",
                f"    evidence: {yaml_string(PLAIN_EVIDENCE)}",
            ]
    lines += ["statements:"]
    for index, code in enumerate(codes):
        text = "LONG " + LONG_WORD if index == 2 else payload(f"STATEMENT-{code}")
        lines += [
            f"  - id: s-{code.lower()}",
            f"    speaker: a-{code.lower()}-1",
            "    kind: reported",
            f"    text: {yaml_string(text)}",
            "    topics: [t1]",
            f"    when: {q('WHEN')}",
            f"    reported_by: {q('REPORTEDBY')}",
            f"    evidence: {yaml_string(PLAIN_EVIDENCE)}",
            f"  - id: d-{code.lower()}",
            f"    speaker: a-{code.lower()}-2",
            "    kind: direct",
            f"    text: {yaml_string(DIRECT_QUOTE)}",
            f"    evidence: {yaml_string(DIRECT_QUOTE)}",
        ]
    lines += [
        "  - id: s-intl",
        "    speaker: intl",
        "    kind: reported",
        f"    text: {q('INTLSTATEMENT')}",
        f"    evidence: {yaml_string(PLAIN_EVIDENCE)}",
        "debates:",
        "  - id: deb",
        f"    title: {q('DEBATE')}",
        f"    summary: {q('DSUMMARY')}",
        "    topic: t1",
        "    sides:",
        f"      - country: {codes[0]}",
        "        stance: supports",
        f"        summary: {q('SIDE')}",
        f"        evidence: {yaml_string(PLAIN_EVIDENCE)}",
        f"      - actor: a-{codes[0].lower()}-2",
        "        stance: opposes",
        f"        summary: {q('ACTORSIDE')}",
        f"    evidence: {yaml_string(PLAIN_EVIDENCE)}",
        "risks:",
        "  - id: risk",
        f"    title: {q('RISK')}",
        f"    summary: {q('RSUMMARY')}",
        "    likelihood: likely",
        "    confidence: low",
        "    impact: high",
        f"    raised_by: [a-{codes[0].lower()}-1]",
        f"    evidence: {yaml_string(PLAIN_EVIDENCE)}",
        "caveats:",
        f"  - text: {q('CAVEAT')}",
        f"    evidence: {yaml_string(PLAIN_EVIDENCE)}",
    ]
    return "\n".join(lines) + "\n"


def minimal_briefing() -> str:
    """Required fields only: every optional list empty or absent."""
    return "\n".join([
        "format: 1",
        "id: minimal",
        f"title: {q('MINIMAL')}",
        "summary: \"\\u202e\"",
        "key_points: []",
        "sources:",
        "  - id: s",
        f"    title: {q('MINSOURCE')}",
        "countries:",
        "  - code: FR",
        f"    name: {q('MINCOUNTRY')}",
        "    memberships: []",
        "actors: []",
        "topics: []",
        "positions: []",
        "statements: []",
        "debates: []",
        "risks: []",
        "caveats: []",
    ]) + "\n"


BIG_NAME = "[@click=app.quit]x [b]big[/b].yaml"
"""The big briefing's file name (its "[/" makes a folder "[@click=app.quit]x [b]big[")."""

BAD_NAME = "bad [@click=app.quit]q[/] [/] \x1b]0;PWNED-NAME\x07 \u202eRLO.yaml"
"""A file that fails to load, named with markup, an escape sequence and a bidi override."""

BAD_BRIEFING = (
    'format: 1\nid: bad\n"[/]": 1\n"[@click=app.quit]q[/]": 2\n'
    '"\\e]0;PWNED-KEY\\a\\u202e": 3\ntitle: "\\e]2;PWNED-VALUE\\a"\n'
)
"""Unknown keys that error messages echo (markup, an escape sequence) and a control
character in a value."""


PEEK_NAME = "0 peek.yaml"
"""Sorted first, so the reader paints its title before loading it (``library.quick_title``)."""

PEEK_BRIEFING = "title: PEEK \x1b]0;PWNED-PEEK\x07 \u202e[/] [@click=app.quit]q[/]\nformat: 1\n"
"""A raw escape sequence in a plain title: the loader refuses the file, but the title is read
without it for the first frame."""


def write_library(folder: Path, *, countries: int | None = None) -> Path:
    """The hostile library: the big briefing, a second one, a minimal one and two bad files."""
    files = {
        PEEK_NAME: PEEK_BRIEFING,
        BIG_NAME: hostile_briefing(countries=countries),
        "second \u202e[b]x[/b].yaml": hostile_briefing(
            briefing_id="second", title="SECOND " + LONG_WORD, countries=3),
        "minimal.yaml": minimal_briefing(),
        BAD_NAME: BAD_BRIEFING,
    }
    for name, text in files.items():
        path = folder / name  # a "/" in a name ("[/]") makes folders, which is fine
        # Each briefing's source file beside it, under its hostile relative name.
        for written, content in ((path, text), (path.parent / SOURCE_FILE, SOURCE)):
            written.parent.mkdir(parents=True, exist_ok=True)
            written.write_text(content, encoding="utf-8")
    return folder


def by_id(files: list[Path], briefing_id: str) -> Path:
    return next(path for path in files if f"\nid: {briefing_id}\n" in path.read_text("utf-8"))


# ---------------------------------------------------------------------------- the screen


class Screen:
    """Everything the terminal received over a run, as text and as the raw output."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def capture(self, app: App, where: str) -> str:
        """Render the current screen like the driver does; check it; return its text."""
        assert app.is_running, f"the app stopped ({where})"
        width, height = app.size
        console = Console(
            width=width, height=height, file=io.StringIO(), force_terminal=True,
            color_system="truecolor", legacy_windows=False, safe_box=False,
        )
        update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
        console.print(update)
        raw = console.file.getvalue()
        check_raw(raw, where)
        strips = app.screen._compositor.render_strips()
        text = "\n".join("".join(segment.text for segment in strip) for strip in strips)
        found = unsafe_char(text)
        assert found is None, f"{where}: {found} reached the screen"
        self.texts.append(text)
        return text

    @property
    def all(self) -> str:
        return "\n".join(self.texts)


# Textual's own output: SGR and cursor movement (CSI), nothing else.
_OWN_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def check_raw(raw: str, where: str) -> None:
    """The terminal output has no escape sequence but Textual's own CSI, and no C0/C1 control."""
    for marker in ("\x1b]", "\x9d", "\x9b", "\x90", "\x1bP", "\x1b\\"):
        assert marker not in raw, f"{where}: {marker!r} in the terminal output"
    rest = _OWN_SEQUENCE.sub("", raw)
    found = re.search("[\x00-\x09\x0b-\x0c\x0e-\x1f\x7f-\x9f]", rest)
    assert found is None, f"{where}: control U+{ord(found.group()):04X} in the terminal output"


async def click_tokens(pilot, screen: Screen, where: str, token: str = "[@click=app.quit]q[/]") -> int:
    """Click where ``token`` is shown (its start and its ``q``): it must stay inert text."""
    text = screen.capture(pilot.app, where)
    clicks = 0
    for y, line in enumerate(text.split("\n")):
        start = line.find(token)
        if start < 0:
            continue
        x = cell_len(line[:start])
        for dx in (0, token.index("]q") + 1):
            await pilot.click(offset=(x + dx, y))
            clicks += 1
            assert pilot.app.is_running, f"{where}: a click on data at {x + dx},{y} ended the app"
        if clicks >= 4:
            break
    return clicks


# ---------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return write_library(tmp_path_factory.mktemp("hostile") / "library")


def test_the_hostile_briefing_is_valid_data(library):
    """Everything planted is valid under the format (Cf characters are data, not errors)."""
    files, problems = find_briefings([library])
    assert not problems
    document = load(by_id(files, "hostile"))
    briefing = document.briefing
    assert len(briefing.countries) == len(CODES) >= 249
    assert len(briefing.actors) == 2 * len(CODES) + 1
    assert len(briefing.positions) == 2 * len(CODES)
    assert "\u202e" in briefing.title and "[/]" in briefing.title and FAMILY in briefing.title
    assert "\x1b]0;PWNED-TITLE" in document.source_texts["wire"]
    assert document.spans  # evidence found despite the escapes around it


LABELS = (
    "TITLE", "BLUF", "SUMMARY", "PARAGRAPH2", "KEYPOINT", "CAVEAT", "SRCTITLE", "OUTLET", "URL",
    "NAME-AD", "MEMBER", "CSUMMARY", "ACTOR-AD-1", "ACTOR-AD-2", "ROLE", "TOPIC1", "TOPIC2",
    "PSUMMARY", "STATEMENT-AD", "WHEN", "REPORTEDBY", "DEBATE", "SIDE", "RISK", "INTLACTOR",
    "INTLSTATEMENT", "MINIMAL", "TSUMMARY", "DSUMMARY", "ACTORSIDE", "RSUMMARY",
)
"""Fields whose label must be seen, followed by the markup as text, on the wide screen."""


def view_keys() -> list[str]:
    """The keys of every view the reader has (1–4, and any added since)."""
    return [key for key, _, _, _ in VIEWS]


async def open_briefing(pilot, briefing_id: str) -> None:
    app = pilot.app
    if not isinstance(app.screen, PickerScreen):
        await pilot.press("b")
    number = app.documents.number_of(briefing_id=briefing_id)
    await pilot.press("g", *["j"] * number, "enter")
    await pilot.pause()
    assert app.document.briefing.id == briefing_id


async def full_tour(pilot, screen: Screen) -> None:
    """Every view, scrolled, clicked, searched; help, picker and palette."""
    app = pilot.app
    picker = screen.capture(app, "picker")
    assert "␛]0;PWNED-NAME␇" in picker and "'[/]'" in picker, picker
    await open_briefing(pilot, "hostile")

    # 1 Summary, top and bottom.
    await pilot.press("1")
    await click_tokens(pilot, screen, "summary")
    await pilot.press("end")
    await pilot.pause()
    screen.capture(app, "summary end")

    # 2 Countries: rows as the list scrolls, the detail of several, cards, clicks.
    await pilot.press("2")
    await pilot.pause()
    await click_tokens(pilot, screen, "countries")
    await pilot.press("escape")  # a click in the detail focused it: back to the list
    assert app.focused is app.query_one(CountriesView).country_list
    await pilot.press("j", "j")  # the country with the long summary, then the long quote
    await pilot.pause()
    screen.capture(app, "countries long")
    await pilot.press("pagedown", "pagedown")
    await pilot.pause()
    screen.capture(app, "countries page")
    await pilot.press("g")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.focused, StatementCard)
    await pilot.press("j", "c")  # copy: the notification shows the citation
    await pilot.pause()
    screen.capture(app, "copied")
    assert unsafe_char(app.clipboard) is None
    card = app.query(StatementCard).first()
    await pilot.click(card, offset=(2, 0))
    await pilot.click(card, offset=(10, 1), times=2)
    await click_tokens(pilot, screen, "cards")
    country_list = app.query_one(CountriesView).country_list
    await pilot.click(country_list, offset=(4, 2), times=2)
    await pilot.press("escape", "G")  # international actors, last
    await pilot.pause()
    screen.capture(app, "international")

    # 3 Quotes: hostile words, the preview, a result clicked, hostile queries.
    await pilot.press("3", *"click")
    await pilot.pause()
    results = app.query_one(QuotesView).result_list
    await pilot.click(results, offset=(3, 0))
    await click_tokens(pilot, screen, "quotes")
    await pilot.press("down", "down")
    screen.capture(app, "quotes down")
    await pilot.press("escape", "3", *["backspace"] * 5, *'"[/]" [@', "down")
    screen.capture(app, "markup query")
    await pilot.press(*["backspace"] * 8, *'kind:"\\', "down")
    screen.capture(app, "open quote query")
    await pilot.press("escape")

    # 4 Source: the escapes in the file are shown as symbols.
    await pilot.press("4")
    await pilot.pause()
    source = screen.capture(app, "source")
    view = app.query_one(SourceView)
    assert "\x1b" not in view.text and "\u202e" not in view.text
    assert "␛]0;PWNED-TITLE␇" in source, source
    await pilot.press("n", "n", "N", "end")
    screen.capture(app, "source end")
    await pilot.click(view, offset=(5, 2))

    # Any further view (5, 6, ...): shown, moved in, clicked.
    for key in view_keys()[4:]:
        await pilot.press(key)
        await pilot.pause()
        await click_tokens(pilot, screen, f"view {key}")
        await pilot.press("down", "right", "enter")
        await pilot.pause()
        screen.capture(app, f"view {key} moved")
        await pilot.press(key)

    # A statement in the source (s) from a country's card.
    await pilot.press("2", "enter", "s")
    await pilot.pause()
    screen.capture(app, "statement in source")

    # ? help, b picker (clicked), Ctrl+P palette typing a country's name.
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    screen.capture(app, "help")
    await pilot.press("escape", "b")
    assert isinstance(app.screen, PickerScreen)
    await click_tokens(pilot, screen, "picker")
    await pilot.press("escape")
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"NZ [")
    await pilot.pause(0.3)
    screen.capture(app, "palette")
    await pilot.press("enter")
    await pilot.pause()
    screen.capture(app, "palette chosen")
    assert app.query_one("#views", TabbedContent).active == "countries"
    assert app.query_one(CountriesView).entry.code == "NZ"


async def quick_tour(pilot, screen: Screen) -> None:
    """Every view, the help, the picker and the palette, with a few keys and clicks each."""
    app = pilot.app
    await open_briefing(pilot, "hostile")
    for key in view_keys():
        await pilot.press(key)
        screen.capture(app, f"view {key}")
        await pilot.press("j", "enter", "pagedown")
        await pilot.click(offset=(app.size.width // 2, app.size.height // 2))
        screen.capture(app, f"view {key} moved")
    await pilot.press("3", *"click", "down", "s")
    screen.capture(app, "in source")
    await pilot.press("question_mark")
    screen.capture(app, "help")
    await pilot.press("escape", "b")
    screen.capture(app, "picker")
    await pilot.press("escape", "ctrl+p")
    await pilot.press(*"NZ [")
    await pilot.pause(0.3)
    screen.capture(app, "palette")
    await pilot.press("enter")
    await pilot.pause()
    screen.capture(app, "palette chosen")


@pytest.mark.parametrize(
    "size, tour",
    [((200, 60), full_tour), ((80, 24), quick_tour), ((20, 6), quick_tour)],
    ids=["200x60", "80x24", "20x6"],
)
async def test_every_view_shows_hostile_data_literally_and_inertly(library, size, tour):
    files, _ = find_briefings([library])
    app = BriefingApp(files)
    screen = Screen()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        # Several briefings (and a bad file): the picker first.
        assert isinstance(app.screen, PickerScreen)
        screen.capture(app, "picker")
        await tour(pilot, screen)
        # Resize while on data.
        for width, height in ((20, 6), size):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            screen.capture(app, f"resized {width}x{height}")
        # The minimal briefing: nothing optional at all.
        await open_briefing(pilot, "minimal")
        for key in (*view_keys(), "2", "enter"):
            await pilot.press(key)
            screen.capture(app, f"minimal {key}")
        assert app.is_running

    seen = screen.all
    shown_whole = MARKUP if size[0] >= 40 else ("[b]x[/b]", "[/]")
    for token in shown_whole:
        assert token in seen, f"{token} not shown literally"
    assert "⟨U+202E⟩" in seen or size[0] < 40
    if tour is not full_tour:
        return
    assert "⟨U+2066⟩" in seen and "⟨U+200B⟩" in seen and "⟨U+FEFF⟩" in seen
    flowing = re.sub(r"\s+", " ", seen)  # lines wrap at spaces
    missing = [label for label in LABELS if f"{label} [b]x[/b] [/]" not in flowing]
    assert not missing, f"not shown literally: {missing}"
    assert CJK in seen and "👩⟨U+200D⟩👩⟨U+200D⟩👧" in seen and "e\u0301" in seen
    assert "W" * 60 in seen
    assert "[@click=app.quit]q[/] [b]x[/b] ⟨U+202E⟩RLO" in flowing  # the source file's name


async def test_a_title_peeked_before_loading_is_painted_literally(library):
    """The first frame shows the first file's title read without the loader (no control check)."""
    peek = library / PEEK_NAME
    hint = quick_title(peek)
    assert hint is not None and "\x1b]0;PWNED-PEEK\x07" in hint  # raw: nothing checked it yet
    app = BriefingApp([peek], documents=[], restore=False)
    async with app.run_test(size=(120, 8)) as pilot:
        app.on_title_peeked(TitlePeeked(hint))
        await pilot.pause()
        shown = Screen().capture(app, "peeked title")
        assert "PEEK ␛]0;PWNED-PEEK␇ ⟨U+202E⟩[/] [@click=app.quit]q[/]" in shown, shown


async def test_picker_lists_files_that_fail_after_it_opened(library):
    """The picker opens with the first briefing; files loaded after must appear in it too."""
    files, _ = find_briefings([library])
    app = BriefingApp(files)
    async with app.run_test(size=(200, 60)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PickerScreen)
        shown = Screen().capture(app, "picker")
        assert f"Briefings ({len(app.documents)})" in shown
        assert "␛]0;PWNED-NAME␇" in shown and "'[/]'" in shown


# ---------------------------------------------------------------------------- the defences


def every_char_of(category_prefixes: tuple[str, ...]):
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char).startswith(category_prefixes):
            yield char


def test_printable_shows_every_format_control_and_separator_character():
    """Cc, Cf (bidi, zero-width, invisible), Zl/Zp and surrogates never pass through."""
    kept = [
        f"U+{ord(char):04X}"
        for char in every_char_of(("Cc", "Cf", "Cs", "Zl", "Zp"))
        if char in printable(char)
        or (char not in "\n\t" and char in printable(char, multiline=True))
    ]
    assert not kept, f"passed through printable: {kept}"
    same = [
        f"U+{ord(char):04X}"
        for char in every_char_of(("Cc", "Cf", "Cs", "Zl", "Zp"))
        if char != "\n" and (char in (shown := printable(char, same_length=True)) or len(shown) != 1)
    ]
    assert not same, f"same_length lets through or changes the length of: {same}"


def test_variation_selectors_may_style_a_character_but_not_hide_text():
    assert printable("❤\ufe0f") == "❤\ufe0f"  # an emoji's own presentation selector
    hidden = "a" + "\ufe00\ufe01\U000e0100" * 3  # text smuggled in a run of selectors
    shown = printable(hidden)
    assert shown.count("⟨U+") >= 8
    assert len(printable(hidden, same_length=True)) == len(hidden)


@pytest.mark.parametrize("text", [
    "[/]", "[@click=app.quit]q[/]", "[b]x[/b]", "[link=https://x]l[/link]",
    "\x1b]0;T\x07", "\u202eabc", "a\u200bb", "\x9b2J",
])
def test_styles_build_literal_control_free_text(text):
    for built in (plain(text), block(text)):
        shown = built.plain
        assert unsafe_char(shown) is None
        assert not built.spans  # no markup parsed into styles
        for token in MARKUP:
            if token in text:
                assert token in shown


def test_marked_moves_highlights_past_the_stand_ins():
    text = "a\u202eRLO b\u200bc [/] RLO"
    spans = [(2, 5), (text.index("[/]"), text.index("[/]") + 3), (len(text) - 3, len(text))]
    built = marked(text, spans)
    assert [built.plain[span.start : span.end] for span in built.spans] == ["RLO", "[/]", "RLO"]
    shown, moved = printable_spans(text, [(0, len(text))])
    assert shown == printable(text) and moved == [(0, len(shown))]


async def test_search_highlights_the_matched_word_after_a_bidi_override(library):
    files, _ = find_briefings([library])
    app = BriefingApp([by_id(files, "hostile")])
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("3", *"RLO")
        quotes = app.query_one(QuotesView)
        first = quotes._render_row(0, 120)[0]
        marked_words = {
            first.plain[span.start : span.end] for span in first.spans if span.style == MATCH_STYLE
        }
        assert marked_words == {"RLO"}
