"""Every key of the reader: the rules that route them, and the help built from the bindings.

Rules, in the order a key meets them:

1. **One at a time, in the order typed.** Keys come from the terminal's thread through the
   inbox (:mod:`tui.reader.inbox`: in batches; Ctrl+Q noticed as it arrives, and the keys
   still queued dropped once quitting) to the app, where every key waits in the
   :class:`~tui.reader.key_queue.KeyQueue` until the key before it has been handled; each goes to the widget that
   has the focus when its turn comes. The first frame is the title bar alone: until every
   view is mounted (a few frames), keys wait. Only Ctrl+Q quits at once. ``q`` waits like any
   other key: ``/quick`` typed at first paint searches for "quick", it does not quit.
2. **A modal screen owns the keys.** While the picker, the help or the command palette is
   open, the app's shortcuts do nothing; the screen's own bindings act (Ctrl+Q still quits).
3. **A text field owns the letters.** While the search field has the focus, the app's
   single-character shortcuts (views, ``/ s c e b ? q``) are letters typed into it; the view
   digits ``1``-``7`` still switch views while the field is empty (``3`` then ``4`` shows the
   source). Escape leaves the field for the results. Ctrl+Q quits from anywhere.
4. **The focused widget first.** Other keys go to the focused widget, then its containers
   (each view binds its own movement keys), then the app.

Every binding that a user can press carries a description (the footer's word) and, where the
footer's word is not enough, a tooltip (the help's sentence). :func:`help_sections` builds the
help screen from them, and :func:`markdown_table` the README's key table (a test checks that
the README holds exactly that table).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding

VIEWS: tuple[tuple[str, str, str, str], ...] = (
    ("1", "summary", "Summary", "bottom line, summary, key points, caveats, sources"),
    ("2", "countries", "Countries", "each country's stances, actors and statements"),
    ("3", "quotes", "Quotes", "search every statement"),
    ("4", "source", "Source", "the source text with the evidence highlighted"),
    ("5", "matrix", "Matrix", "every country's stance on every topic"),
    ("6", "debates", "Debates & risks", "who stands where; what could go wrong"),
    ("7", "timeline", "Timeline", "who moved over the briefing's story, and the evidence of "
     "each move"),
)
"""The views: key, id, title, what it shows."""

VIEW_IDS = frozenset(view for _, view, _, _ in VIEWS)

QUIT_AT_ONCE_ACTIONS = frozenset({"quit"})
"""App actions that act even before the views exist: Ctrl+Q (rule 1)."""

SHORTCUT_ACTIONS = frozenset(
    {"view", "search", "quit_letter", "copy_statement", "show_source", "pick", "help", "edit"})
"""App actions bound to single characters: letters in a text field (rule 3)."""

QUIT_KEYS = frozenset({"ctrl+q"})
"""Keys bound to ``quit`` with priority: seen as they arrive, ahead of any backlog, and never
kept for later."""

MODAL_ALLOWED = frozenset({"quit"})
"""App actions that still act while a modal screen is open (rule 2)."""


def app_bindings() -> list[Binding]:
    """The app's own bindings (the views bind their movement keys themselves)."""
    return [
        *(Binding(key, f"view('{view}')", title, show=False, tooltip=f"{title}: {what}")
          for key, view, title, what in VIEWS),
        Binding("slash", "search", "Search", tooltip="search quotes, from any view (and from "
                "the briefing picker, over every briefing)"),
        Binding("s", "show_source", "Source",
                tooltip="show the selected item's evidence in the source"),
        Binding("c", "copy_statement", "Copy",
                tooltip="copy the selected statement with its citation"),
        Binding("e", "edit", "Edit", tooltip="edit the selected item's entry (in the Summary, "
                "the briefing; in Source, the source text) in $VISUAL or $EDITOR (else vi) at "
                "its line; the reader shows the save"),
        Binding("b", "pick", "Briefings", tooltip="the briefing picker (when several are open)"),
        Binding("question_mark", "help", "Help", tooltip="every key (this help)"),
        Binding("escape", "go_back", "Back",
                tooltip="go back: leave the search field, leave the detail, previous view"),
        Binding("q", "quit_letter", "Quit", tooltip="quit (in the search field, a letter)"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True,
                tooltip="quit, from anywhere"),
        Binding("tab", "focus_next", "Next pane", show=False, tooltip="next pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False,
                tooltip="previous pane"),
    ]


# ------------------------------------------------------------------------------------- help

_KEY_NAMES = {
    "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
    "home": "Home", "end": "End", "enter": "Enter", "escape": "Escape", "tab": "Tab",
    "shift+tab": "Shift+Tab", "slash": "/", "question_mark": "?", "space": "Space",
    "left_square_bracket": "[", "right_square_bracket": "]",
}


def key_display(keys: str) -> str:
    """``up,k`` → ``↑ k``; ``ctrl+p`` → ``Ctrl+P``."""
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key in _KEY_NAMES:
            shown.append(_KEY_NAMES[key])
        elif key.startswith("ctrl+"):
            shown.append("Ctrl+" + key[5:].upper())
        else:
            shown.append(key)
    return " ".join(shown)


@dataclass(frozen=True)
class HelpRow:
    keys: str
    meaning: str


def _rows(bindings: Iterable[Binding | tuple[str, ...]]) -> list[HelpRow]:
    rows: list[HelpRow] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.tooltip:
            continue
        row = HelpRow(key_display(binding.key), binding.tooltip)
        if row not in rows:
            rows.append(row)
    return rows


def help_sections() -> list[tuple[str, list[HelpRow]]]:
    """The help, section by section, from the bindings of the app, its views and screens.

    A class's section is its ``HELP_SECTION``; classes sharing a section add to it, rows
    bound in several places are listed once.
    """
    from textual.app import App

    from tui.reader.app import BriefingApp
    from tui.reader.screens.picker import PickerScreen
    from tui.reader.views.countries import StatementCard
    from tui.reader.views.debates import DebatesView
    from tui.reader.views.matrix import MatrixGrid
    from tui.reader.views.quotes import QuotesView
    from tui.reader.views.source import SourceView
    from tui.reader.views.source_pane import FindField
    from tui.reader.views.summary import SummaryView
    from tui.reader.views.timeline import ChangeDetail
    from tui.reader.views.timeline_grid import TimelineGrid
    from tui.reader.widgets.virtual_list import VirtualList

    palette = Binding(App.COMMAND_PALETTE_BINDING, "command_palette", "Palette",
                      tooltip="command palette: jump to any view, country or briefing")
    classes = (BriefingApp, VirtualList, SummaryView, StatementCard, QuotesView, SourceView,
               FindField, MatrixGrid, DebatesView, TimelineGrid, ChangeDetail, PickerScreen)
    sections: dict[str, list[HelpRow]] = {}
    for cls in classes:
        section = sections.setdefault(cls.HELP_SECTION, [])
        bindings = [*cls.BINDINGS, palette] if cls is BriefingApp else cls.BINDINGS
        section.extend(row for row in _rows(bindings) if row not in section)
    return list(sections.items())


def markdown_table() -> str:
    """The README's key table: ``| Key(s) | Description |``, a row per key, by section."""
    lines = ["| Key(s) | Description |", "|---|---|"]
    for section, rows in help_sections():
        lines.append(f"| **{section}** | |")
        for row in rows:
            keys = " ".join(f"`{key}`" for key in row.keys.split(" "))
            lines.append(f"| {keys} | {row.meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m tui.reader.keys: the README's key table
    print(markdown_table(), end="")
