"""Load a briefing file as untrusted input: safe YAML, validated, evidence verified.

Every problem is reported with the line and column of the YAML node it is about (the key of an
unknown key, the value of a bad value), and all problems of a file are reported together.
"""

from __future__ import annotations

import gc
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tui.format import references
from tui.format.document import Document
from tui.format.evidence import Miss, SourceText
from tui.format.model import Briefing, Caveat, Debate, Position, Risk, Source, Statement
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
        raise BriefingError(
            [Problem(shown, 0, 0, f"cannot read: {error.strerror or error}")]) from None
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
        ) from None


def _within(folder: Path, target: Path) -> bool:
    try:
        target.relative_to(folder)
    except ValueError:
        return False
    return True


def _load_sources(
    sources: Iterable[tuple[int, Source]], path: Path, locate: Locator
) -> tuple[dict[str, str], list[Problem]]:
    """The texts of the sources' files (by source id), reading each file once."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    folder = path.resolve().parent
    read: dict[Path, str | BriefingError] = {}  # each file read once, however many sources name it
    for index, source in sources:
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


Indexed = dict[str, list[tuple[int, Any]]]
"""Items of the evidence-bearing lists (positions, statements, debates, risks, caveats) with
their index in the file: all of them, or those that validated when the whole did not."""

_EVIDENCE_LISTS: dict[str, type[BaseModel]] = {
    "positions": Position, "statements": Statement, "debates": Debate, "risks": Risk,
    "caveats": Caveat,
}


def _indexed(briefing: Briefing) -> Indexed:
    return {name: list(enumerate(getattr(briefing, name))) for name in _EVIDENCE_LISTS}


def _evidence_items(
    items: Indexed, sources: list[str]
) -> Iterator[tuple[Loc, str, tuple[str, ...], str | None]]:
    """Every piece of evidence: (location, source id, excerpts, direct quotation or None).

    ``sources`` are the source ids in the file's order (the first is the default source)."""
    first = sources[0]
    for i, item in items["positions"]:
        yield ("positions", i, "evidence"), first, item.evidence, None
    for i, statement in items["statements"]:
        if statement.source is not None and statement.source not in sources:
            continue  # an unknown source: reported as such
        source = statement.source or first
        direct = statement.text if statement.is_direct else None
        yield ("statements", i, "evidence"), source, statement.evidence, direct
    for i, debate in items["debates"]:
        yield ("debates", i, "evidence"), first, debate.evidence, None
        for j, side in enumerate(debate.sides):
            yield ("debates", i, "sides", j, "evidence"), first, side.evidence, None
    for i, risk in items["risks"]:
        yield ("risks", i, "evidence"), first, risk.evidence, None
    for i, caveat in items["caveats"]:
        yield ("caveats", i, "evidence"), first, caveat.evidence, None


def verify_evidence(
    briefing: Briefing, texts: dict[str, str], locate: Locator
) -> tuple[dict[tuple[str, str], tuple[tuple[int, int], ...]], int, list[Problem]]:
    """Locate every excerpt in its source file: spans found, excerpts checked, misses."""
    return _verify(_indexed(briefing), [source.id for source in briefing.sources], texts, locate)


def _verify(
    items: Indexed, sources: list[str], texts: dict[str, str], locate: Locator
) -> tuple[dict[tuple[str, str], tuple[tuple[int, int], ...]], int, list[Problem]]:
    by_text: dict[int, SourceText] = {}  # sources naming the same file share its text
    prepared: dict[str, SourceText] = {}
    for source_id, text in texts.items():
        if id(text) not in by_text:
            by_text[id(text)] = SourceText(text)
        prepared[source_id] = by_text[id(text)]
    spans: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}
    problems: list[Problem] = []
    checked = 0
    for loc, source_id, excerpts, direct in _evidence_items(items, sources):
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
        problems.extend(_evidence_of_valid_items(data, path, locate))
        raise BriefingError(sorted(set(problems))) from None
    problems.extend(locate.problem(loc, message) for loc, message in references.check(data))
    texts, source_problems = _load_sources(enumerate(briefing.sources), path, locate)
    problems.extend(source_problems)
    spans, checked, evidence_problems = verify_evidence(briefing, texts, locate)
    problems.extend(evidence_problems)
    if problems:
        raise BriefingError(sorted(set(problems)))
    return Document(path=path, briefing=briefing, source_texts=texts, spans=spans, excerpts=checked)


def _valid_items(data: dict, name: str, model: type[BaseModel]) -> list[tuple[int, Any]]:
    """The items of list ``name`` that validate on their own, with their index."""
    items = data.get(name)
    if not isinstance(items, list):
        return []
    valid = []
    for index, item in enumerate(items):
        try:
            valid.append((index, model.model_validate(item)))
        except ValidationError:
            continue  # its problems are reported by the whole's validation
    return valid


def _evidence_of_valid_items(data: dict, path: Path, locate: Locator) -> list[Problem]:
    """When the briefing as a whole does not validate, the evidence of the items that do (each
    source, position, statement, debate, risk and caveat validated on its own) is verified all
    the same, so that one run of ``briefing check`` reports every problem of a file."""
    sources = _valid_items(data, "sources", Source)
    listed = data.get("sources")
    if not sources or not isinstance(listed, list) or sources[0][0] != 0:
        return []  # the default source is the first one: without it, nothing can be placed
    ids = [source.id for _, source in sources]
    texts, problems = _load_sources(sources, path, locate)
    items = {name: _valid_items(data, name, model) for name, model in _EVIDENCE_LISTS.items()}
    _, _, misses = _verify(items, ids, texts, locate)
    return problems + misses


def load_safely(
    path: Path, *, shown: str | None = None, load_one: Callable[..., Document] = load
) -> tuple[Document | None, list[Problem]]:
    """Load one file and never raise: a document, or the problems that stopped it.

    ``load_one`` is the loading function (the cache passes its own).
    """
    shown = shown or str(path)
    try:
        return load_one(path, shown=shown), []
    except BriefingError as error:
        return None, error.problems
    except RecursionError:
        return None, [Problem(shown, 0, 0, "nesting too deep to read")]
    except MemoryError:
        return None, [Problem(shown, 0, 0, "out of memory while reading")]
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the reader
        return None, [Problem(shown, 0, 0, f"cannot load ({type(error).__name__}: {error})")]
