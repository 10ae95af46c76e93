"""``e``: edit what is selected, in the curator's editor, at its line; the reader shows the save.

The editor is ``$VISUAL``, else ``$EDITOR``, else ``vi``, run as ``EDITOR +LINE FILE`` (the
convention vi, vim, nano, emacs and micro share) while the reader is suspended. The file and
line: a country's entry in ``countries``, a statement's, position's, debate's or risk's entry
(:meth:`tui.reader.selection.Selection.location`, turned into a line of the file as it is now
by :func:`tui.format.locations.line_in_file`); in the Summary, the briefing's title; in the
Source view, the source text at the passage or match in view. A briefing that no longer loads
opens at its first problem. When the editor exits the briefing is read again at once (the
watcher would see the save too; reading an unchanged file changes nothing).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.reader.follow import Follow

DEFAULT_EDITOR = "vi"


def editor_command(environ: Mapping[str, str], path: Path, line: int) -> list[str]:
    """``$VISUAL`` / ``$EDITOR`` (split as a shell would: ``code -w`` is two words), else
    ``vi``, then ``+LINE`` and the file."""
    editor = environ.get("VISUAL") or environ.get("EDITOR") or DEFAULT_EDITOR
    try:
        words = shlex.split(editor)
    except ValueError:  # an unbalanced quote: the whole value names the program
        words = [editor]
    return [*(words or [DEFAULT_EDITOR]), f"+{max(1, line)}", str(path)]


@dataclass(frozen=True)
class EditTarget:
    """What ``e`` opens: a file at a line, for a briefing."""

    path: Path
    line: int
    briefing: Path
    """The briefing to read again afterwards (the file itself, or the one reading a source)."""


class Edit(Follow):
    """The ``e`` key."""

    def edit_target(self) -> EditTarget | str:
        """What ``e`` opens here, or, when there is nothing to open, why (a sentence)."""
        from tui.format.locations import line_in_file

        view = self.tabs.active
        if view == "source":
            return self._source_target()
        document = self.document
        if view == "summary":
            if document is None:
                return "No briefing is shown."
            return self._in_briefing(document.path, line_in_file(document.path, ("title",)))
        chosen = self.selection_on_screen()
        if chosen is None:
            return "Nothing is selected here."
        location = chosen.location()
        if location is None:
            return chosen.caption if chosen.item is None else "This item has no entry to edit."
        path = chosen.document.path
        return self._in_briefing(path, line_in_file(path, location))

    def _in_briefing(self, path: Path, line: int) -> EditTarget:
        problems = [p for p in self.problems_of(path) if p.line]
        if problems:  # it no longer loads: where it broke matters more than where it was
            line = problems[0].line
        return EditTarget(path, line, path)

    def _source_target(self) -> EditTarget | str:
        target = self.target
        document = target.document if target is not None else self.document
        if document is None:
            return "No briefing is shown."
        source_id = target.source_id if target is not None else document.first_source.id
        source = next(s for s in document.briefing.sources if s.id == source_id)
        if source.file is None:
            return f"{source.title}: this source has no file to edit."
        view = self.source_view
        line = view.text.count("\n", 0, view.focus_offset()) + 1
        return EditTarget(document.path.parent / source.file, line, document.path)

    def action_edit(self) -> None:
        """``e``: open the selected item in the editor at its line."""
        from textual.app import SuspendNotSupported

        target = self.edit_target()
        if isinstance(target, str):
            self.notify(target, severity="warning", markup=False)
            return
        command = editor_command(os.environ, target.path, target.line)
        try:
            with self.suspend():
                result = subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify("The reader cannot hand the terminal to an editor here.",
                        severity="error", markup=False)
            return
        except OSError as error:
            self.notify(f"Cannot run the editor {command[0]!r}: {error.strerror or error}. "
                        "Set $VISUAL or $EDITOR.", severity="error", markup=False)
            return
        if result.returncode:
            self.notify(f"The editor {command[0]!r} exited with status {result.returncode}.",
                        severity="warning", markup=False)
        self.reload_now(target.briefing)
