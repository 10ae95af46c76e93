"""The help screen: every key of the reader."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.reader.screens.modal import DismissOnce

SEARCH_SYNTAX: list[tuple[str, str]] = [
    ("words", "all words must match; case and accents ignored; the last word is a prefix"),
    ('"a phrase"', "the words in this order"),
    ("speaker: country:", "filters, e.g. speaker:macron country:DE"),
    ("topic: kind:", "kind:direct or kind:reported"),
    ("briefing:", "only statements of one briefing"),
    ("credibility:", "the curator's grade: credibility:2, credibility:doubtful, credibility:unrated"),
    ("a | b", "either: words, phrases or filters"),
    ("-word", "leave out: -word, -\"a phrase\", -speaker:name"),
    ("date:", "date:2024-03, date:2024-01..2024-03, date:2024-05-01.."),
]
"""What a query can say (not keys: the words typed in the search field)."""

MOUSE = ("mouse", "click to select, double-click to open, the wheel scrolls")


def help_table() -> Table:
    """Every key, from the bindings (see :func:`tui.reader.keys.help_sections`), then the
    search syntax."""
    from tui.reader.keys import help_sections

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    sections = [(name, [(row.keys, row.meaning) for row in rows])
                for name, rows in help_sections()]
    sections[0][1].append(MOUSE)
    for section, rows in [*sections, ("Search syntax", SEARCH_SYNTAX)]:
        table.add_row(Text(section, style="bold underline"), "")
        for key, meaning in rows:
            table.add_row(Text(key), Text(meaning))
        table.add_row("", "")
    return table


class HelpScreen(DismissOnce, ModalScreen[None]):
    """Every key, in one place; Escape, q or ? closes it."""

    HELP_SECTION = "Help"

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll_down", show=False),
        Binding("k,up", "scroll_up", show=False),
    ]

    def compose(self):
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — Escape to close"
            yield Static(help_table())

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
