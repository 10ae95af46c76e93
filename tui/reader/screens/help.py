"""The help screen: every key of the reader."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Views",
        [
            ("1", "Summary: bottom line, summary, key points, caveats, sources"),
            ("2", "Countries: each country's stances, actors, statements"),
            ("3", "Quotes: search every statement"),
            ("4", "Source: the source text with the evidence highlighted"),
            ("5", "Matrix: every country's stance on every topic"),
            ("6", "Debates & risks: who stands where; what could go wrong"),
            ("b", "Briefings: pick another open briefing"),
        ],
    ),
    (
        "Moving",
        [
            ("↑ ↓  j k", "move in lists (the detail follows)"),
            ("g G  Home End", "first / last"),
            ("PgUp PgDn", "page up / down"),
            ("Tab  Shift+Tab", "next / previous pane"),
            ("Enter", "open: a country's statements, a result in its country"),
            ("Escape", "go back, or leave the search field"),
            ("mouse", "click to select, double-click to open, wheel to scroll"),
        ],
    ),
    (
        "Search",
        [
            ("/", "search from any view"),
            ("words", "all words must match; case and accents ignored; last word is a prefix"),
            ('"a phrase"', "exact phrase"),
            ("speaker: country:", "filters, e.g. speaker:macron country:DE"),
            ("topic: kind:", "kind:direct or kind:reported"),
            ("briefing:", "only statements of one briefing"),
            ("s", "show the highlighted statement in the source"),
            ("c", "copy the statement with its citation"),
        ],
    ),
    (
        "Source",
        [("n N", "next / previous highlighted passage")],
    ),
    (
        "Matrix, debates and risks",
        [
            ("← → ↑ ↓  h j k l", "move between cells"),
            ("Enter", "open the cell's country"),
            ("s", "show the selected item's evidence in the source"),
            ("o", "order the risks: by impact, by likelihood, as written"),
        ],
    ),
    (
        "App",
        [
            ("Ctrl+P", "command palette: jump to a country, view or briefing"),
            ("?", "this help"),
            ("q  Ctrl+Q", "quit"),
        ],
    ),
]


def help_table() -> Table:
    """The keys as a table."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, rows in KEYS:
        table.add_row(Text(section, style="bold underline"), "")
        for key, meaning in rows:
            table.add_row(key, meaning)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Every key, in one place; Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll_down", show=False),
        Binding("k,up", "scroll_up", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def compose(self):
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — Escape to close"
            yield Static(help_table())

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
