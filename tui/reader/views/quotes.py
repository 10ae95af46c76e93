"""View 3, Quotes: search every statement of the open briefings as you type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from tui.format.wording import byline, plural
from tui.reader.keys import VIEWS
from tui.reader.styles import DIM, DIRECT_STYLE, REPORTED_STYLE, marked, plain
from tui.reader.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from tui.search.index import Hit, Results, SearchIndex

VIEW_DIGITS = {key: view for key, view, _, _ in VIEWS}

PLACEHOLDER = 'Search quotes: words, "a phrase", speaker: country: topic: kind: briefing:'


def result_byline(hit: Hit, *, with_briefing: bool, file: str | None = None) -> Text:
    """Speaker, role, country, kind and attribution of a result (and its briefing's id, with
    its ``file`` when another briefing has the same id)."""
    statement = hit.statement
    details = [hit.country or "international", statement.kind]
    if with_briefing:
        details.append(f"{hit.card.id} ({file})" if file else hit.card.id)
    role = hit.speaker.role if hit.speaker else None
    return plain("  — " + byline(hit.speaker_name, role, statement.reported_by, details), DIM)


def result_text(hit: Hit, spans: list[tuple[int, int]]) -> Text:
    """A statement's text with the matched words highlighted."""
    statement = hit.statement
    style = DIRECT_STYLE if statement.is_direct else REPORTED_STYLE
    body = marked(statement.text, spans, style)
    if statement.is_direct:
        return Text("“", style=style, end="") + body + Text("”", style=style, end="")
    return body


def _editing_keys() -> dict[str, str]:
    """Input's own editing keys (Backspace, Ctrl+U, ...) and their actions."""
    keys: dict[str, str] = {}
    for binding in Input.BINDINGS:
        if isinstance(binding, Binding) and binding.key and binding.action != "submit":
            for key in binding.key.split(","):
                keys[key.strip()] = binding.action
    return keys


class QueryInput(Input):
    """The search field (its container binds Up/Down to move through the results)."""

    _EDITING = _editing_keys()

    async def _on_key(self, event: events.Key) -> None:
        if event.character in VIEW_DIGITS and not self.value:
            # An empty field: the view digits still switch views (see tui.reader.keys).
            event.stop()
            event.prevent_default()
            self.app.action_view(VIEW_DIGITS[event.character])  # type: ignore[attr-defined]
            return
        # Textual runs a binding once the key has bubbled up to the app, but inserts a letter at
        # once: with the app busy (a briefing loading), Ctrl+U then "t" came out as "t" then
        # Ctrl+U, which deleted the "t". Editing keys are run here, in the order typed.
        action = self._EDITING.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        await super()._on_key(event)


class QuotesView(Vertical):
    """Search field, result count, the results, and the highlighted result in full."""

    class Changed(Message):
        """The highlighted result changed (``hit`` None when there are no results)."""

        def __init__(self, hit: Hit | None) -> None:
            super().__init__()
            self.hit = hit

    class Opened(Message):
        """Enter on a result."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    HELP_SECTION = "Quotes"

    BINDINGS = [
        Binding("down", "results(1)", "Next result", show=False,
                tooltip="in the search field: next result"),
        Binding("up", "results(-1)", "Previous result", show=False,
                tooltip="in the search field: previous result"),
        Binding("pagedown", "result_page(1)", "Results page down", show=False,
                tooltip="in the search field: a page of results down"),
        Binding("pageup", "result_page(-1)", "Results page up", show=False,
                tooltip="in the search field: a page of results up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index: SearchIndex | None = None
        self.results: Results | None = None
        self.labels: dict[int, str] = {}
        """The file of each briefing whose id another has (by briefing number): shown with the
        id, so the two can be told apart."""

    def compose(self):
        yield QueryInput(placeholder=PLACEHOLDER, id="query")
        yield Static(Text("Loading…"), id="result-count")
        yield VirtualList(self._render_row, row_height=3, empty="Loading the search index…", id="results")
        with VerticalScroll(id="result-preview"):
            yield Static(id="preview-body")

    @property
    def result_list(self) -> VirtualList:
        return self.query_one("#results", VirtualList)

    @property
    def query_input(self) -> Input:
        return self.query_one("#query", Input)

    def set_index(self, index: SearchIndex, *, keep_cursor: bool = False) -> None:
        """Search ``index`` from now on (re-running the current query; with ``keep_cursor``
        the results' cursor stays on its row, as when a briefing was saved again)."""
        self.index = index
        cursor = self.result_list.cursor if keep_cursor else 0
        self.run_query(self.query_input.value, cursor=cursor)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.run_query(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.results and self.results.count:
            self.post_message(self.Opened(self.results.hit(self.result_list.cursor)))

    def run_query(self, text: str, *, cursor: int = 0) -> None:
        """Search and show the rows from the first (or from ``cursor``)."""
        if self.index is None:
            return
        from tui.search.query import parse_query

        self.results = self.index.search(parse_query(text))
        count = self.results.count
        total = len(self.index)
        many = self.index.briefings > 1
        if count:
            where = f" in {self.index.briefings:,} briefings" if many else ""
            label = f"{count:,} of {plural(total, 'statement')}{where}"
            if self.results.query.empty:
                label = f"All {plural(total, 'statement')}{where}" if total > 1 else (
                    f"The only statement{where}")
            counter = Text(label, end="")
            empty = ""
        else:
            counter = Text("0 results", style="bold", end="")
            empty = self.results.why_empty()
        self.query_one("#result-count", Static).update(counter)
        self.result_list.reset(count, cursor=cursor, empty=empty)
        if not count:
            self.query_one("#preview-body", Static).update("")
            self.post_message(self.Changed(None))

    def _render_row(self, row: int, width: int) -> list[Text]:
        assert self.results is not None and self.index is not None
        from tui.search.query import highlights

        hit = self.results.hit(row)
        spans = highlights(hit.statement.text, self.results.query)
        return [
            result_text(hit, spans),
            result_byline(hit, with_briefing=self.index.briefings > 1,
                          file=self.labels.get(hit.briefing)),
            Text(""),
        ]

    def _is_current(self, event: VirtualList.Highlighted | VirtualList.Selected) -> bool:
        """The message is about a row of the results shown now, under the cursor: one posted
        before a new search replaced the results (keys typed fast) is not acted on."""
        return (self.results is not None and 0 <= event.index < self.results.count
                and event.index == self.result_list.cursor)

    def on_virtual_list_highlighted(self, event: VirtualList.Highlighted) -> None:
        if event.list.id != "results":
            return
        event.stop()
        if not self._is_current(event):
            return
        assert self.results is not None
        from tui.search.query import highlights

        hit = self.results.hit(event.index)
        preview = result_text(hit, highlights(hit.statement.text, self.results.query))
        preview.no_wrap = False
        full = Text.assemble(preview, "\n", result_byline(hit, with_briefing=True,
                                                          file=self.labels.get(hit.briefing)))
        if hit.statement.when:
            full.append_text(plain(f"\n  when: {hit.statement.when}", DIM))
        self.query_one("#preview-body", Static).update(full)
        self.post_message(self.Changed(hit))

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        if event.list.id == "results":
            event.stop()
            if self._is_current(event):
                assert self.results is not None
                self.post_message(self.Opened(self.results.hit(event.index)))

    def action_results(self, step: int) -> None:
        """Move the results' cursor without leaving the search field."""
        results = self.result_list
        (results.action_cursor_down if step > 0 else results.action_cursor_up)()

    def action_result_page(self, step: int) -> None:
        """Move the results' cursor a page without leaving the search field."""
        results = self.result_list
        (results.action_page_down if step > 0 else results.action_page_up)()

    def current_hit(self) -> Hit | None:
        """The highlighted result."""
        if self.results is None or not self.results.count:
            return None
        return self.results.hit(self.result_list.cursor)
