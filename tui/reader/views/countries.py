"""View 2, Countries: the list of countries, and the selected country's detail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.format import wording
from tui.format.claims import basis_words
from tui.reader import selection
from tui.reader.selection import Selection
from tui.reader.styles import (
    CHIP_WIDTH,
    DIM,
    DIRECT_STYLE,
    HEADING,
    REPORTED_STYLE,
    block,
    hanging,
    join,
    lines,
    plain,
    stacked,
    stance_chip,
)
from tui.reader.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.widget import AwaitMount

    from tui.format.document import Document
    from tui.format.model import Actor, Country, Stance, Statement
    from tui.reader.story_finder import FoundStory

Was = tuple["Mapping[tuple[str, str], Stance | None]", str]
"""What changed positions were in the previous briefing of the story, and its date label."""

INTERNATIONAL = "International actors"


@dataclass(frozen=True)
class Entry:
    """One row of the country list: a country, or the actors without one (``country`` None)."""

    country: Country | None
    actors: tuple[Actor, ...]

    @property
    def name(self) -> str:
        return self.country.name if self.country else INTERNATIONAL

    @property
    def code(self) -> str | None:
        return self.country.code if self.country else None


def entries(document: Document) -> list[Entry]:
    """Countries in the briefing's order, then international actors if there are any."""
    briefing = document.briefing
    rows = [
        Entry(country, tuple(a for a in briefing.actors if a.country == country.code))
        for country in briefing.countries
    ]
    stateless = tuple(a for a in briefing.actors if a.country is None)
    if stateless:
        rows.append(Entry(None, stateless))
    return rows


def statement_text(statement: Statement, speaker: Actor | None) -> Text:
    """A statement as shown in lists: text, then who said it, when, and who reports it."""
    if statement.is_direct:
        text = Text(end="")
        text.append("“", style=DIRECT_STYLE)
        text.append_text(block(statement.text, DIRECT_STYLE))
        text.append("”", style=DIRECT_STYLE)
    else:
        text = Text(end="")
        text.append("reported: ", style=DIM)
        text.append_text(block(statement.text, REPORTED_STYLE))
    byline = wording.byline(speaker.name if speaker else statement.speaker,
                            speaker.role if speaker else None, statement.reported_by,
                            (statement.when, statement.date.isoformat() if statement.date else None))
    text.append("\n  — ", style=DIM)
    text.append_text(plain(byline, DIM))
    return text


class StatementCard(Static, can_focus=True):
    """A statement in a country's detail; focus it to see its evidence, ``c`` to copy it."""

    HELP_SECTION = "Countries"

    BINDINGS = [
        Binding("up,k", "step(-1)", "Previous", show=False,
                tooltip="in a country's statements: previous statement"),
        Binding("down,j", "step(1)", "Next", show=False,
                tooltip="in a country's statements: next statement"),
    ]

    class Focused(Message):
        """A statement card got the focus."""

        def __init__(self, statement: Statement, selection: Selection) -> None:
            super().__init__()
            self.statement = statement
            self.selection = selection

    def __init__(self, document: Document, statement: Statement, speaker: Actor | None) -> None:
        super().__init__(statement_text(statement, speaker))
        self.document = document
        self.statement = statement

    @property
    def selection(self) -> Selection:
        return selection.of_statement(self.document, self.statement)

    def on_focus(self) -> None:
        self.post_message(self.Focused(self.statement, self.selection))

    def action_step(self, step: int) -> None:
        """Move the focus to the next (1) or previous (-1) statement of the country."""
        cards = list(self.parent.query(StatementCard)) if self.parent else []
        index = cards.index(self) + step if self in cards else -1
        if 0 <= index < len(cards):
            cards[index].focus()
            cards[index].scroll_visible(animate=False)


def was_words(stance: Stance | None, label: str) -> str:
    """A position's stance in the previous briefing: ``was: opposes on 06-12``."""
    from tui.format.story import stance_words

    when = "in the undated briefing before" if label == "undated" else f"on {label}"
    return f"was: {stance_words(stance)} {when}"


def detail_header(document: Document, entry: Entry, was: Was | None = None) -> Group:
    """Everything about a country but its statements: summary, stances (with what changed
    ones were in the previous briefing of the story, ``was``), actors."""
    briefing = document.briefing
    parts: list[Text] = []
    title = Text(end="")
    title.append_text(plain(entry.name, "bold"))
    if entry.country:
        title.append(f" ({entry.country.code})", style=DIM)
        if entry.country.memberships:
            title.append_text(plain("  ·  " + ", ".join(entry.country.memberships), DIM))
    parts.append(title)
    if entry.country and entry.country.summary:
        parts.append(block(entry.country.summary))
    stances: Table | None = None
    if entry.country:
        stances = Table.grid(padding=(0, 1, 1, 0), expand=True)
        stances.add_column(width=11, no_wrap=True)
        stances.add_column(ratio=1)
        positions = {p.topic: p for p in briefing.positions if p.country == entry.country.code}
        for topic in briefing.topics:
            position = positions.get(topic.id)
            chip = (
                stance_chip(position.stance, width=CHIP_WIDTH,
                            inferred=position.basis == "inferred")
                if position
                else Text("no position".center(11), style=DIM, end="")
            )
            about = Text(end="")
            about.append_text(plain(topic.title, "bold"))
            if position and position.summary:
                about.append("\n")
                about.append_text(block(position.summary))
            if position and position.basis == "inferred":
                about.append("\n")
                about.append_text(plain(basis_words(position.basis, position.note), "italic"))
            if was is not None and (entry.country.code, topic.id) in was[0]:
                about.append("\n")
                about.append(was_words(was[0][(entry.country.code, topic.id)], was[1]),
                             style="italic")
            stances.add_row(chip, about)
    actors: list[Text] = [Text("Actors", style=HEADING, end="")]
    if not entry.actors:
        actors.append(Text("  None named.", style=DIM, end=""))
    for actor in entry.actors:
        line = Text("  ", end="")
        line.append_text(plain(actor.name, "bold"))
        extra = [value for value in (actor.role, actor.kind if actor.kind != "person" else None) if value]
        if extra:
            line.append_text(plain(" — " + ", ".join(extra), DIM))
        actors.append(line)
    if stances is None:
        return Group(lines(parts), Text(""), lines(actors))
    heading = Text("Stances", style=HEADING)
    if not briefing.topics:
        stances.add_row(Text(""), Text("No topics in this briefing.", style=DIM))
    return Group(lines(parts), Text(""), heading, stances, Text(""), lines(actors))


def involvement(document: Document, entry: Entry) -> Group | None:
    """The debates and risks that involve the country or its actors."""
    briefing = document.briefing
    actor_ids = {actor.id for actor in entry.actors}
    parts: list[RenderableType] = []
    for debate in briefing.debates:
        sides = [
            side for side in debate.sides
            if (entry.code and side.country == entry.code) or (side.actor in actor_ids)
        ]
        if not sides:
            continue
        parts.append(hanging("  ", plain(debate.title, "bold")))
        for side in sides:
            who = briefing.lookups.party(side)
            chip = join("    ", stance_chip(side.stance, width=CHIP_WIDTH), " ")
            parts.append(hanging(chip, plain(who + (f": {side.summary}" if side.summary else ""))))
    for risk in briefing.risks:
        if not actor_ids.intersection(risk.raised_by):
            continue
        line = plain(risk.title, "bold")
        line.append_text(plain(" — " + wording.risk_ratings(risk), DIM))
        parts.append(hanging(Text("  risk: ", style="bold", end=""), line))
    if not parts:
        return None
    return stacked([Text("Debates and risks", style=HEADING, end=""), *parts])


class CountriesView(Horizontal):
    """The country list on the left, the selected country's detail on the right."""

    class CountryChanged(Message):
        """The selected country (entry) changed."""

        def __init__(self, entry: Entry, selection: Selection) -> None:
            super().__init__()
            self.entry = entry
            self.selection = selection

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.rows: list[Entry] = []
        self.shown: int = -1
        self.was: Was | None = None
        """Positions changed since the previous briefing of the story (once it is found)."""

    def compose(self):
        yield VirtualList(self._render_row, empty="Loading…", id="country-list")
        yield VerticalScroll(id="country-detail")

    def _render_row(self, row: int, width: int) -> list[Text]:
        entry = self.rows[row]
        marker = Text(f"{entry.code} " if entry.code else "·· ", style=DIM, end="")
        return [join(marker, plain(entry.name))]

    @property
    def country_list(self) -> VirtualList:
        return self.query_one("#country-list", VirtualList)

    def show(self, document: Document, *, select: str | None = None,
             international: bool = False) -> None:
        """Show the countries of ``document``, selecting the country code ``select`` (or,
        with ``international``, the actors without a country)."""
        self.document = document
        self.rows = entries(document)
        self.shown = -1
        self.was = None
        if self.app.tabs.active == "countries":  # type: ignore[attr-defined]
            self.want_story()
        index = self.index_of(select) if select is not None or international else 0
        self.country_list.reset(len(self.rows), cursor=index, empty="No countries.")
        self._show_detail(index)

    def want_story(self) -> None:
        """Find the story of the briefing shown (in a thread), to say what changed."""
        document = self.document
        if document is None or document.briefing.story is None or self.was is not None:
            return
        found = self.app.stories.request(document, self._story_found)  # type: ignore[attr-defined]
        if found is not None:
            self._story_found(found)

    def _story_found(self, found: FoundStory) -> None:
        document = self.document
        if found.current is not document or found.previous is None or not self.is_attached:
            return
        self.was = (found.was, found.previous_label)
        entry = self.entry
        if entry is not None and document is not None:
            for header in self.query(".country-header").results(Static):
                header.update(detail_header(document, entry, self.was))

    def index_of(self, code: str | None) -> int:
        """Row of a country code (None: international actors)."""
        for index, entry in enumerate(self.rows):
            if entry.code == code:
                return index
        return 0

    async def select(self, code: str | None) -> None:
        """Move the selection to a country; returns once its detail is mounted."""
        index = self.index_of(code)
        self.country_list.move_to(index)
        mounted = self._show_detail(index)
        if mounted is not None:
            await mounted

    def on_virtual_list_highlighted(self, event: VirtualList.Highlighted) -> None:
        if event.list.id == "country-list":
            event.stop()
            self._show_detail(event.index)

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        if event.list.id == "country-list":
            event.stop()
            self.focus_first_card()

    def focus_first_card(self) -> None:
        """Move into the detail, on the first statement."""
        cards = list(self.query(StatementCard))
        if cards:
            cards[0].focus()
        else:
            self.query_one("#country-detail").focus()

    @property
    def entry(self) -> Entry | None:
        return self.rows[self.shown] if 0 <= self.shown < len(self.rows) else None

    def _show_detail(self, index: int) -> AwaitMount | None:
        if self.document is None or not (0 <= index < len(self.rows)) or index == self.shown:
            return None
        self.shown = index
        entry = self.rows[index]
        document = self.document
        detail = self.query_one("#country-detail", VerticalScroll)
        actors = {actor.id: actor for actor in document.briefing.actors}
        actor_ids = {actor.id for actor in entry.actors}
        statements = [s for s in document.briefing.statements if s.speaker in actor_ids]
        widgets: list[Static] = [Static(detail_header(document, entry, self.was),
                                        classes="detail-block country-header")]
        widgets.append(Static(Text(f"Statements ({len(statements)})", style=HEADING), classes="detail-heading"))
        if not statements:
            widgets.append(Static(Text("  No statements recorded.", style=DIM), classes="detail-block"))
        widgets.extend(StatementCard(document, s, actors.get(s.speaker)) for s in statements)
        extra = involvement(document, entry)
        if extra is not None:
            widgets.append(Static(extra, classes="detail-block"))
        with self.app.batch_update():
            detail.remove_children()
            mounted = detail.mount_all(widgets)
            detail.scroll_home(animate=False)
        self.post_message(self.CountryChanged(
            entry, selection.of_country(document, entry.country, entry.actors)))
        return mounted

    @property
    def selection(self) -> Selection | None:
        """The focused statement, else the selected country (None before a briefing)."""
        focused = self.app.focused
        if isinstance(focused, StatementCard) and focused in self.query(StatementCard):
            return focused.selection
        entry = self.entry
        if self.document is None or entry is None:
            return None
        return selection.of_country(self.document, entry.country, entry.actors)

    def focus_statement(self, statement_id: str) -> bool:
        """Focus the card of a statement (after the detail is shown)."""
        for card in self.query(StatementCard):
            if card.statement.id == statement_id:
                card.focus()
                self.call_after_refresh(card.scroll_visible, animate=False)
                return True
        return False
