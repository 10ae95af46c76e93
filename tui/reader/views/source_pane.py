"""View 4, Source: a caption, the source text (:mod:`tui.reader.views.source`) and a find field.

The caption's first line says what is highlighted (set by the app); its second line counts:
``passage 2 of 3`` and the claim that passage is evidence of, or, while a find is active,
``find "troops": 2/7``, with the keys that step them. ``f`` opens the find field; typing finds
as it goes; Enter goes back to the text (the matches stay, ``n``/``N`` step them); Escape, in
the field or the text, ends the find.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui.reader.styles import DIM, plain
from tui.reader.views.source import SourceView
from tui.search.find import MAX_MATCHES


class FindField(Input):
    """Where the words to find in the source are typed."""

    HELP_SECTION = "Source"

    BINDINGS = [Binding("escape", "end_find", "End find", tooltip="in the find field: end the find")]

    class Ended(Message):
        """Escape in the field."""

    def action_end_find(self) -> None:
        self.post_message(self.Ended())


def status_line(view: SourceView) -> Text:
    """The caption's counting line: the find's matches, or the evidence's passages."""
    text = Text(end="")
    if view.finding:
        query = " ".join(view.find_query.split())
        if not query:
            text.append("find: type the words to find", style="bold")
            text.append("  ·  Esc: end the find", style=DIM)
            return text
        text.append("find “")
        text.append_text(plain(query, "bold"))
        text.append("”: ")
        count = len(view.matches)
        if not count:
            text.append("no match", style="bold")
        else:
            shown = f"{MAX_MATCHES:,}+" if count >= MAX_MATCHES else f"{count}"
            text.append(f"{view.match + 1}/{shown}", style="bold")
            text.append("  ·  n/N: next/previous match", style=DIM)
        text.append("  ·  Esc: end the find", style=DIM)
        return text
    count = len(view.spans)
    if not count:
        text.append("f: find words in the text", style=DIM)
        return text
    text.append(f"passage {view.current + 1} of {count}", style="bold")
    if view.owners:
        text.append(" — ", style=DIM)
        text.append_text(plain(view.owners[view.current]))
    text.append("  ·  n/N: next/previous passage  ·  f: find", style=DIM)
    return text


class SourcePane(Vertical):
    """The Source view's caption, text and find field."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._head = Text("Nothing selected.", style=DIM)

    def compose(self):
        yield Static(self._head, id="source-caption")
        yield SourceView(id="source-text")
        yield FindField(placeholder="find in the source (Enter: to the text, Esc: end)",
                        id="source-find")

    @property
    def view(self) -> SourceView:
        return self.query_one("#source-text", SourceView)

    @property
    def field(self) -> FindField:
        return self.query_one("#source-find", FindField)

    def set_caption(self, head: Text) -> None:
        """What the text shows, in words (the counting line is added below it)."""
        self._head = head
        self._update_caption()

    def _update_caption(self) -> None:
        caption = Text(end="")
        caption.append_text(self._head)
        caption.append("\n")
        caption.append_text(status_line(self.view))
        self.query_one("#source-caption", Static).update(caption)

    def on_source_view_moved(self, event: SourceView.Moved) -> None:
        event.stop()
        if not self.view.finding and self.field.has_class("open"):
            self._close_field()  # Escape in the text ended the find
        self._update_caption()

    def on_source_view_find_requested(self, event: SourceView.FindRequested) -> None:
        event.stop()
        self.open_find()

    def open_find(self) -> None:
        """Show the find field with the current words, focused (the find starts at once)."""
        field = self.field
        field.add_class("open")
        view = self.view
        if not view.finding:
            field.value = ""
            view.find("")
        self.screen.set_focus(field)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.field:
            event.stop()
            if self.field.has_class("open"):
                self.view.find(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.field:
            event.stop()
            if not self.view.find_query.strip():
                self.end_find()
                return
            self.screen.set_focus(self.view)

    def on_find_field_ended(self, event: FindField.Ended) -> None:
        event.stop()
        self.end_find()

    def end_find(self) -> None:
        """End the find and go back to the text."""
        self.view.end_find()
        self._close_field()
        self.screen.set_focus(self.view)
        self._update_caption()

    def _close_field(self) -> None:
        field = self.field
        field.remove_class("open")
        with field.prevent(Input.Changed):
            field.value = ""
