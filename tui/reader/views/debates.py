"""Debates and risks: who argues what, and what could go wrong, with the selected item in full.

The list is a :class:`~tui.reader.widgets.virtual_list.VirtualList` of one-line rows; an item (a debate with
its sides, a risk with its ratings) spans several rows and the cursor moves item by item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.format.claims import basis_words
from tui.format.wording import plural, risk_ratings
from tui.reader import selection
from tui.reader.selection import Selection
from tui.reader.styles import (
    CHIP_WIDTH,
    DIM,
    HEADING,
    block,
    hanging,
    join,
    plain,
    quoted_excerpt,
    stacked,
    stance_chip,
)
from tui.reader.widgets.item_list import ItemList
from tui.reader.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.model import Debate, Risk, Side

Kind = Literal["debate", "risk"]

ORDERS: tuple[str, ...] = ("impact", "likelihood", "written")
"""The orders of risks that ``o`` cycles through."""

ORDER_LABELS = {
    "impact": "by impact (high first)",
    "likelihood": "by likelihood (most likely first)",
    "written": "as written",
}

def _rank(value: object) -> int:
    """Rank of a likelihood or impact; -1 when not given (sorts last)."""
    return value.rank if value is not None else -1  # type: ignore[attr-defined]


def order_risks(risks: tuple[Risk, ...], order: str) -> list[Risk]:
    """Risks by impact (then likelihood), by likelihood (then impact), or as written."""
    indexed = list(enumerate(risks))
    if order == "impact":
        indexed.sort(key=lambda pair: (-_rank(pair[1].impact), -_rank(pair[1].likelihood), pair[0]))
    elif order == "likelihood":
        indexed.sort(key=lambda pair: (-_rank(pair[1].likelihood), -_rank(pair[1].impact), pair[0]))
    return [risk for _, risk in indexed]


@dataclass(frozen=True)
class Item:
    """A row group of the list: a section heading, a debate or a risk."""

    kind: Literal["heading", "debate", "risk"]
    value: Debate | Risk | None = None
    heading: str = ""

    @property
    def selectable(self) -> bool:
        return self.kind != "heading"


class DebatesView(Vertical):
    """Debates and risks as a list, the selected one in full below."""

    HELP_SECTION = "Debates & risks"

    BINDINGS = [Binding("o", "cycle_order", "Risk order", show=False,  # the caption says it
                        tooltip="order the risks: by impact, by likelihood, as written")]

    class ItemChanged(Message):
        """The selected item changed: ``kind`` is "debate" or "risk", ``item`` the model object."""

        def __init__(self, kind: Kind, item: Debate | Risk, selection: Selection) -> None:
            super().__init__()
            self.kind = kind
            self.item = item
            self.selection = selection

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document: Document | None = None
        self.order = ORDERS[0]
        self.items: list[Item] = []
        self._lines: dict[int, list[Text]] = {}

    def compose(self):
        yield Static(Text("Loading…", end=""), id="debates-caption")
        yield ItemList(self._render_row, empty="Loading…", id="debates-list")
        with VerticalScroll(id="debates-detail"):
            yield Static(id="debates-detail-body")

    @property
    def item_list(self) -> ItemList:
        return self.query_one("#debates-list", ItemList)

    # ------------------------------------------------------------------ content

    def show(self, document: Document, *, select: tuple[Kind, str] | None = None) -> None:
        """Show the debates and risks of ``document``, selecting the debate or risk
        ``(kind, id)`` (the first one if it is not there)."""
        self.document = document
        chosen: tuple[Kind, Debate | Risk] | None = None
        if select is not None:
            kind, wanted = select
            items = document.briefing.debates if kind == "debate" else document.briefing.risks
            found = next((item for item in items if item.id == wanted), None)
            chosen = (kind, found) if found is not None else None
        self._rebuild(select=chosen)

    def set_order(self, order: str) -> None:
        """Order the risks ``by impact``, ``by likelihood`` or ``as written`` (keeps the selection)."""
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; expected one of {', '.join(ORDERS)}")
        self.order = order
        if self.document is not None:
            self._rebuild(select=self.selected)

    def action_cycle_order(self) -> None:
        """``o``: the next order of risks."""
        self.set_order(ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)])

    def _rebuild(self, *, select: tuple[Kind, Debate | Risk] | None) -> None:
        assert self.document is not None
        briefing = self.document.briefing
        items: list[Item] = []
        if briefing.debates:
            items.append(Item("heading", heading=f"Debates ({len(briefing.debates)})"))
            items.extend(Item("debate", debate) for debate in briefing.debates)
        elif briefing.risks:
            items.append(Item("heading", heading="Debates: none recorded in this briefing"))
        if briefing.risks:
            items.append(Item("heading", heading=f"Risks ({len(briefing.risks)}), {ORDER_LABELS[self.order]}"))
            items.extend(Item("risk", risk) for risk in order_risks(briefing.risks, self.order))
        elif briefing.debates:
            items.append(Item("heading", heading="Risks: none recorded in this briefing"))
        self.items = items
        self._lines = {}
        target = 0
        if select is not None:
            for index, item in enumerate(items):
                if item.value is select[1]:
                    target = index
                    break
        sizes = [len(self._item_lines(index)) for index in range(len(items))]
        self._update_caption()
        empty = "This briefing records no debates and no risks."
        self.item_list.set_items(sizes, [item.selectable for item in items], item=target, empty=empty)
        if not self.item_list.count:
            self._show_detail(None)

    def _update_caption(self) -> None:
        assert self.document is not None
        briefing = self.document.briefing
        debates, risks = len(briefing.debates), len(briefing.risks)
        text = Text(f"{plural(debates, 'debate')} · {plural(risks, 'risk')}", end="")
        if risks:
            text.append("  ·  risks ")
            text.append(ORDER_LABELS[self.order], style="bold")
            text.append("  (o: change order)", style=DIM)
        self.query_one("#debates-caption", Static).update(text)

    # ------------------------------------------------------------------ rendering

    def party(self, side: Side) -> str:
        """Who a side is: the actor's or the country's name."""
        assert self.document is not None
        return self.document.briefing.lookups.party(side)

    def _topic_title_of(self, topic_id: str | None) -> str | None:
        assert self.document is not None
        return self.document.briefing.lookups.topic_title(topic_id) if topic_id else None

    def _item_lines(self, index: int) -> list[Text]:
        """The rows of an item, without the selection mark (each is cut to the width later)."""
        cached = self._lines.get(index)
        if cached is not None:
            return cached
        item = self.items[index]
        result: list[Text] = []
        if item.kind == "heading":
            result.append(plain(item.heading, HEADING))
        elif item.kind == "debate":
            debate: Debate = item.value  # type: ignore[assignment]
            result.append(join(Text("DEBATE ", style=DIM, end=""), plain(debate.title, "bold")))
            about = []
            topic = self._topic_title_of(debate.topic)
            if topic:
                about.append(f"topic: {topic}")
            about.append(plural(len(debate.sides), "side"))
            result.append(plain("  " + " · ".join(about), DIM))
            for side in debate.sides:
                line = Text("  ", end="")
                line.append_text(stance_chip(side.stance, width=CHIP_WIDTH,
                                             inferred=side.basis == "inferred"))
                line.append(" ")
                line.append_text(plain(self.party(side), "bold"))
                if side.summary:
                    line.append_text(plain(f" — {side.summary}"))
                result.append(line)
            if not debate.sides:
                result.append(Text("  no sides recorded", style=DIM, end=""))
        else:
            risk: Risk = item.value  # type: ignore[assignment]
            result.append(join(Text("RISK ", style=DIM, end=""), plain(risk.title, "bold")))
            result.append(plain(f"  {risk_ratings(risk)}"))
            if risk.raised_by:
                assert self.document is not None
                lookups = self.document.briefing.lookups
                names = ", ".join(lookups.actor_name(a) for a in risk.raised_by)
                result.append(plain(f"  raised by {names}", DIM))
            if risk.summary:
                result.append(plain(f"  {risk.summary}"))
        if item.kind != "heading":
            result.append(Text(end=""))
        self._lines[index] = result
        return result

    def _render_row(self, row: int, width: int) -> list[Text]:
        item_list = self.item_list
        index = item_list.item_at(row)
        if index >= len(self.items):
            return []
        rows = self._item_lines(index)
        line = rows[row - item_list.starts[index]] if row - item_list.starts[index] < len(rows) else Text()
        selected = item_list.item == index and self.items[index].selectable
        is_last = row - item_list.starts[index] == len(rows) - 1 and self.items[index].kind != "heading"
        if selected and not is_last:
            bar = Text("▌", style=item_list.get_component_rich_style("item-list--bar", partial=True), end="")
        else:
            bar = Text(" ", end="")
        return [join(bar, line)]

    # ------------------------------------------------------------------ selection

    @property
    def selected(self) -> tuple[Kind, Debate | Risk] | None:
        """The selected item and its kind."""
        index = self.item_list.item if self.items else None
        if index is None or index >= len(self.items):
            return None
        item = self.items[index]
        return item.kind, item.value  # type: ignore[return-value]

    @property
    def selection(self) -> Selection | None:
        """The debate or risk under the cursor, or nothing (None before a briefing)."""
        if self.document is None:
            return None
        chosen = self.selected
        if chosen is None:
            return selection.nothing(self.document, "This briefing records no debates or risks.")
        kind, value = chosen
        if kind == "debate":
            return selection.of_debate(self.document, value)  # type: ignore[arg-type]
        return selection.of_risk(self.document, value)  # type: ignore[arg-type]

    def on_virtual_list_highlighted(self, event: VirtualList.Highlighted) -> None:
        if event.list.id != "debates-list":
            return
        event.stop()
        self._show_detail(self.selected)

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        if event.list.id == "debates-list":
            event.stop()

    def _show_detail(self, selected: tuple[Kind, Debate | Risk] | None) -> None:
        body = self.query_one("#debates-detail-body", Static)
        if selected is None:
            body.update(Text(
                "Debates are open questions the actors argue about; risks are what could go wrong. "
                "This briefing records neither.",
                style=DIM,
            ) if self.document is not None else Text(""))
            return
        kind, value = selected
        body.update(self._debate_detail(value) if kind == "debate" else self._risk_detail(value))  # type: ignore[arg-type]
        self.query_one("#debates-detail", VerticalScroll).scroll_home(animate=False)
        chosen = self.selection
        assert chosen is not None
        self.post_message(self.ItemChanged(kind, value, chosen))

    @staticmethod
    def _evidence(excerpts: tuple[str, ...], indent: int = 2) -> list[Table]:
        return [quoted_excerpt(excerpt, indent) for excerpt in excerpts]

    def _debate_detail(self, debate: Debate) -> Group:
        assert self.document is not None
        briefing = self.document.briefing
        actors = {actor.id: actor for actor in briefing.actors}
        countries = {country.code: country for country in briefing.countries}
        parts: list[RenderableType] = [plain(debate.title, "bold")]
        topic = self._topic_title_of(debate.topic)
        parts.append(plain(f"Debate · topic: {topic}" if topic else "Debate · no topic given", DIM))
        if debate.summary:
            parts.append(block(debate.summary))
        if debate.evidence:
            parts.append(Text(f"Evidence ({len(debate.evidence)})", style=HEADING, end=""))
            parts.extend(self._evidence(debate.evidence))
        parts.append(Text(f"Sides ({len(debate.sides)})", style=HEADING, end=""))
        if not debate.sides:
            parts.append(Text("  No sides recorded.", style=DIM, end=""))
        for side in debate.sides:
            who = plain(self.party(side), "bold")
            extra: list[str] = [side.stance.label]
            actor = actors.get(side.actor or "")
            if actor is not None:
                if actor.role:
                    extra.append(actor.role)
                if actor.country and actor.country in countries:
                    extra.append(countries[actor.country].name)
            who.append_text(plain(" — " + ", ".join(extra), DIM))
            chip = stance_chip(side.stance, width=CHIP_WIDTH, inferred=side.basis == "inferred")
            parts.append(hanging(join(chip, " "), who))
            if side.summary:
                parts.append(hanging("  ", block(side.summary)))
            if side.basis == "inferred":
                parts.append(hanging("  ", plain(basis_words(side.basis, side.note), "italic")))
            parts.extend(self._evidence(side.evidence, indent=4))
        return stacked(parts)

    def _risk_detail(self, risk: Risk) -> Group:
        assert self.document is not None
        actors = {actor.id: actor for actor in self.document.briefing.actors}
        parts: list[RenderableType] = [plain(risk.title, "bold"),
                                       plain(f"Risk · {risk_ratings(risk)}", DIM)]
        grid = [
            ("Likelihood", risk.likelihood.label if risk.likelihood else None),
            ("Confidence", risk.confidence.value if risk.confidence else None),
            ("Impact", risk.impact.value if risk.impact else None),
        ]
        for label, value in grid:
            line = Text(end="")
            line.append(f"{label}: ", style="bold")
            line.append(value or "not given", style="" if value else DIM)
            parts.append(line)
        if risk.raised_by:
            names = []
            for actor_id in risk.raised_by:
                actor = actors.get(actor_id)
                if actor is None:
                    names.append(actor_id)
                else:
                    names.append(f"{actor.name} ({actor.role})" if actor.role else actor.name)
            parts.append(hanging(Text("Raised by: ", style="bold", end=""), plain(", ".join(names))))
        else:
            parts.append(join(Text("Raised by: ", style="bold", end=""), Text("not named", style=DIM, end="")))
        if risk.summary:
            parts.append(block(risk.summary))
        if risk.evidence:
            parts.append(Text(f"Evidence ({len(risk.evidence)})", style=HEADING, end=""))
            parts.extend(self._evidence(risk.evidence))
        return stacked(parts)
