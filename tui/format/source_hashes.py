"""Record in a briefing file the hash of each source's text (``briefing check --update-sources``).

Only a briefing that loads without a problem is updated, so every excerpt has been found
verbatim in the text whose hash is recorded. The file is edited as text, never re-serialised:
an existing ``sha256`` value is replaced where it stands; a missing one is a new line under the
source's ``file:`` key, with the same indentation (``, sha256: ...`` after it in a flow mapping).
Everything else (comments, quoting, layout, line endings, a BOM) is kept byte for byte. The
edit is checked by parsing the new text: it must hold the same data but the hashes. The file is
replaced atomically (a temporary file in the same folder, then ``os.replace``).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tui.format.anchoring import text_sha256
from tui.format.document import Document
from tui.format.loader import decode_text, read_bytes
from tui.format.problems import BriefingError, Problem
from tui.format.yaml_safe import parse

_BOM = b"\xef\xbb\xbf"


@dataclass
class Update:
    """What updating one briefing file did."""

    recorded: list[str] = field(default_factory=list)
    """Ids of the sources whose hash was written."""
    problems: list[Problem] = field(default_factory=list)
    """Why the file was not updated (nothing was written then)."""


def stale_sources(document: Document) -> dict[int, str]:
    """Sources whose recorded hash is missing or not their text's: index → the text's hash."""
    stale: dict[int, str] = {}
    for index, source in enumerate(document.briefing.sources):
        text = document.source_texts.get(source.id)
        if text is None:
            continue
        now = text_sha256(text)
        if source.sha256 != now:
            stale[index] = now
    return stale


def update_sources(document: Document, *, shown: str | None = None) -> Update:
    """Write the hashes of ``document``'s source texts into its file (a document that loaded:
    every excerpt verified). The file must still be the one loaded."""
    path = document.path
    shown = shown or str(path)
    update = Update()
    stale = stale_sources(document)
    if not stale:
        return update
    try:
        data = read_bytes(path, shown=shown)
        bom = data.startswith(_BOM)
        text = decode_text(data, shown)
        edited = _edited(text, stale)
        _check_edit(text, edited, stale, shown)
    except BriefingError as error:
        update.problems = error.problems
        return update
    except _Refused as refused:
        update.problems = [Problem(shown, refused.line, refused.column, str(refused))]
        return update
    ids = [document.briefing.sources[index].id for index in sorted(stale)]
    new_bytes = (_BOM if bom else b"") + edited.encode("utf-8")
    try:
        _write_atomically(path, new_bytes, expected=data)
    except _Refused as refused:
        update.problems = [Problem(shown, 0, 0, str(refused))]
        return update
    except OSError as error:
        update.problems = [Problem(shown, 0, 0, f"cannot write: {error.strerror or error}")]
        return update
    update.recorded = ids
    return update


class _Refused(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def _edited(text: str, stale: dict[int, str]) -> str:
    """``text`` with each stale source's hash written (edits applied from the end)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # pure Python: marks are str offsets
    sources = _value(root, "sources")
    if not isinstance(sources, yaml.SequenceNode):
        raise _Refused("cannot find the list of sources")
    edits: list[tuple[int, int, str]] = []
    for index, digest in stale.items():
        node = sources.value[index] if index < len(sources.value) else None
        if not isinstance(node, yaml.MappingNode):
            raise _Refused(f"cannot find sources[{index}]")
        edits.append(_edit(text, node, digest))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    return next((v for k, v in _pairs(node) if k.value == key), None)


def _pairs(node: yaml.Node | None) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


def _scalar(digest: str) -> str:
    """The digest as a YAML scalar that reads back as a string (all digits would be a number)."""
    return f"'{digest}'" if digest.isdigit() else digest


def _edit(text: str, source: yaml.MappingNode, digest: str) -> tuple[int, int, str]:
    """One edit ``(start, end, replacement)`` writing ``digest`` as this source's sha256."""
    pairs = _pairs(source)
    current = next((v for k, v in pairs if k.value == "sha256"), None)
    if isinstance(current, yaml.ScalarNode):
        start, end = current.start_mark.index, current.end_mark.index
        written = text[start:end]
        style = current.style
        if style in ("'", '"') and written[:1] == style and written[-1:] == style:
            return start, end, f"{style}{digest}{style}"
        if style is None and written == current.value:
            return start, end, _scalar(digest)
        raise _Refused("cannot rewrite the sha256 value in place",
                       current.start_mark.line + 1, current.start_mark.column + 1)
    if current is not None:
        raise _Refused("sha256 is not a single value",
                       current.start_mark.line + 1, current.start_mark.column + 1)
    key, value = next(((k, v) for k, v in pairs if k.value == "file"), (None, None))
    if key is None or value is None or text[key.start_mark.index : key.end_mark.index] != "file":
        raise _Refused("cannot find the source's 'file' key", source.start_mark.line + 1,
                       source.start_mark.column + 1)
    if source.flow_style:  # {id: s, file: a.txt}: the new pair goes right after file's value
        return value.end_mark.index, value.end_mark.index, f", sha256: {_scalar(digest)}"
    end = value.end_mark.index
    if value.end_mark.column == 0:  # a block scalar ends at the start of the next line
        at = end
    else:
        newline = text.find("\n", end)
        at = len(text) if newline == -1 else newline + 1
    eol = "\r\n" if at >= 2 and text[at - 2 : at] == "\r\n" else "\n"
    lead = eol if at == len(text) and not text.endswith("\n") else ""
    line = " " * key.start_mark.column + f"sha256: {_scalar(digest)}" + eol
    return at, at, lead + line


def _check_edit(before: str, after: str, stale: dict[int, str], shown: str) -> None:
    """Refuse an edit whose text does not parse to the same data but the new hashes."""
    old, _ = parse(before, shown)
    new, _ = parse(after, shown)
    try:
        expected = {**old, "sources": list(old["sources"])}
        for index, digest in stale.items():
            expected["sources"][index] = {**old["sources"][index], "sha256": digest}
        same = new == expected
    except (KeyError, TypeError, IndexError):
        same = False
    if not same:
        raise _Refused("cannot record the hashes without changing something else; "
                       "add the sha256 lines by hand")


def _write_atomically(path: Path, data: bytes, *, expected: bytes) -> None:
    """Replace the file ``path`` names (through a symbolic link) with ``data``, if it still
    holds ``expected``: a temporary file in the same folder, its mode the file's, then
    ``os.replace``."""
    target = path.resolve()
    info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("not a regular file: not updated")
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if target.read_bytes() != expected:
            raise _Refused("the file changed while its sources were being updated: not updated")
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
