"""Load a briefing file as untrusted input: safe YAML, validated, evidence verified.

Every problem is reported with the line and column of the YAML node it is about (the key of an
unknown key, the value of a bad value), and all problems of a file are reported together.
"""

from __future__ import annotations

import gc
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from tui.format import references
from tui.format.document import Document
from tui.format.evidence import Miss, SourceText
from tui.format.model import Briefing
from tui.format.positions import Loc, Locator, validation_problems
from tui.format.problems import BriefingError, Problem
from tui.format.yaml_safe import offset_position, parse

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Largest briefing or source file read (32 MiB); a library is many files, not one huge one."""


def read_text(path: Path, *, shown: str | None = None) -> str:
    """Read a UTF-8 text file (a BOM tolerated), refusing huge or undecodable files."""
    shown = shown or str(path)
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISDIR(info.st_mode):
            raise BriefingError([Problem(shown, 0, 0, "is a directory, not a file")])
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise BriefingError([Problem(shown, 0, 0, "not a regular file")])
        if size > MAX_FILE_BYTES:
            raise BriefingError(
                [Problem(shown, 0, 0, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")]
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise BriefingError([Problem(shown, 0, 0, f"cannot read: {error.strerror or error}")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BriefingError([Problem(shown, 1, 1, "file is UTF-16; briefings are UTF-8")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line, column = offset_position(good, len(good))
        raise BriefingError(
            [Problem(shown, line, column, f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded")]
        )


def _within(folder: Path, target: Path) -> bool:
    try:
        target.relative_to(folder)
    except ValueError:
        return False
    return True


def _load_sources(
    briefing: Briefing, path: Path, shown: str, locate: Locator
) -> tuple[dict[str, str], list[Problem]]:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    folder = path.resolve().parent
    read: dict[Path, str | BriefingError] = {}  # each file read once, however many sources name it
    for index, source in enumerate(briefing.sources):
        if source.file is None:
            continue
        loc: Loc = ("sources", index, "file")
        relative = Path(source.file)
        if relative.is_absolute() or source.file.startswith(("/", "\\")):
            problems.append(locate.problem(loc, f"source file '{source.file}' must be a relative path"))
            continue
        target = (path.parent / relative).resolve()
        if not _within(folder, target):
            problems.append(
                locate.problem(loc, f"source file '{source.file}' is outside the briefing's folder")
            )
            continue
        if not target.is_file():
            problems.append(locate.problem(loc, f"source file '{source.file}' not found"))
            continue
        if target not in read:
            try:
                read[target] = read_text(target, shown=str(target))
            except BriefingError as error:
                read[target] = error
        text = read[target]
        if isinstance(text, BriefingError):
            reason = text.problems[0].message
            problems.append(locate.problem(loc, f"source file '{source.file}': {reason}"))
        else:
            texts[source.id] = text
    return texts, problems


def _evidence_items(briefing: Briefing) -> Iterator[tuple[Loc, str, tuple[str, ...], str | None]]:
    """Every piece of evidence: (location, source id, excerpts, direct quotation or None)."""
    first = briefing.sources[0].id
    for i, item in enumerate(briefing.positions):
        yield ("positions", i, "evidence"), first, item.evidence, None
    for i, statement in enumerate(briefing.statements):
        source = briefing.source_of(statement).id
        direct = statement.text if statement.is_direct else None
        yield ("statements", i, "evidence"), source, statement.evidence, direct
    for i, debate in enumerate(briefing.debates):
        yield ("debates", i, "evidence"), first, debate.evidence, None
        for j, side in enumerate(debate.sides):
            yield ("debates", i, "sides", j, "evidence"), first, side.evidence, None
    for i, risk in enumerate(briefing.risks):
        yield ("risks", i, "evidence"), first, risk.evidence, None
    for i, caveat in enumerate(briefing.caveats):
        yield ("caveats", i, "evidence"), first, caveat.evidence, None


def verify_evidence(
    briefing: Briefing, texts: dict[str, str], locate: Locator
) -> tuple[dict[tuple[str, str], tuple[tuple[int, int], ...]], int, list[Problem]]:
    """Locate every excerpt in its source file: spans found, excerpts checked, misses."""
    by_text: dict[int, SourceText] = {}  # sources naming the same file share its text
    prepared: dict[str, SourceText] = {}
    for source_id, text in texts.items():
        if id(text) not in by_text:
            by_text[id(text)] = SourceText(text)
        prepared[source_id] = by_text[id(text)]
    spans: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}
    problems: list[Problem] = []
    checked = 0
    for loc, source_id, excerpts, direct in _evidence_items(briefing):
        source = prepared.get(source_id)
        if source is None:
            continue
        wanted: list[tuple[Loc, str, str]] = [
            (loc if len(excerpts) == 1 and isinstance(excerpts, tuple) else (*loc, n), excerpt, "excerpt")
            for n, excerpt in enumerate(excerpts)
        ]
        if direct is not None:
            wanted.append(((*loc[:-1], "text"), direct, "direct quotation"))
        for where, excerpt, what in wanted:
            checked += 1
            key = (source_id, excerpt)
            if key in spans:
                continue
            found = source.locate(excerpt)
            if isinstance(found, Miss):
                message = f"{what} not found in source '{source_id}': {_quote(excerpt)}"
                if found.hint:
                    message += f"; did you mean {_quote(found.hint)}?"
                problems.append(locate.problem(where, message))
            else:
                spans[key] = found
    return spans, checked, problems


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 3]}..."'


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (parsing and validating allocate many objects that
    are either kept or freed by reference counting, and each collection would also walk every
    document loaded before)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load(path: Path | str, *, shown: str | None = None) -> Document:
    """Load, validate and verify one briefing file; raise :class:`BriefingError` on problems."""
    with gc_paused():
        return _load(Path(path), shown or str(path))


def _load(path: Path, shown: str) -> Document:
    text = read_text(path, shown=shown)
    if not text.strip():
        raise BriefingError([Problem(shown, 1, 1, "file is empty")])
    data, problems = parse(text, shown)
    locate = Locator(text, shown)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.append(locate.problem((), f"a briefing is a mapping of keys, not {kind}"))
        raise BriefingError(problems)
    try:
        briefing = Briefing.model_validate(data)
    except ValidationError as error:
        problems.extend(validation_problems(error, locate))
        problems.extend(locate.problem(loc, message) for loc, message in references.check(data))
        raise BriefingError(sorted(set(problems))) from None
    problems.extend(locate.problem(loc, message) for loc, message in references.check(data))
    texts, source_problems = _load_sources(briefing, path, shown, locate)
    problems.extend(source_problems)
    spans, checked, evidence_problems = verify_evidence(briefing, texts, locate)
    problems.extend(evidence_problems)
    if problems:
        raise BriefingError(sorted(set(problems)))
    return Document(path=path, briefing=briefing, source_texts=texts, spans=spans, excerpts=checked)


def load_safely(path: Path, *, shown: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Load one file and never raise: a document, or the problems that stopped it."""
    shown = shown or str(path)
    try:
        return load(path, shown=shown), []
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the reader
        return None, failure_problems(error, shown)


def failure_problems(error: Exception, shown: str) -> list[Problem]:
    """What loading the file ``shown`` raised, as its problems (for every safe loading: this
    one, and the cache's)."""
    if isinstance(error, BriefingError):
        return error.problems
    if isinstance(error, RecursionError):
        return [Problem(shown, 0, 0, "nesting too deep to read")]
    if isinstance(error, MemoryError):
        return [Problem(shown, 0, 0, "out of memory while reading")]
    return [Problem(shown, 0, 0, f"cannot load ({type(error).__name__}: {error})")]
