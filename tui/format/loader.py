"""Load a briefing file as untrusted input: safe YAML, validated, evidence verified.

Every problem is reported with the line and column of the YAML node it is about (the key of an
unknown key, the value of a bad value), and all problems of a file are reported together.
"""

from __future__ import annotations

import gc
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, cast

from pydantic import ValidationError

from tui.format import references
from tui.format.anchoring import (
    Anchor,
    Indexed,
    Status,
    changed_sources,
    classify_miss,
    evidence_items,
    evidence_texts,
    excerpts_to_check,
    keys_of,
    miss_message,
    moved_message,
    source_changed_message,
)
from tui.format.document import Document
from tui.format.evidence import SourceText, excerpts_parts
from tui.format.model import Briefing, Source
from tui.format.partial import valid_evidence
from tui.format.positions import Loc, Locator, validation_problems
from tui.format.problems import BriefingError, Problem
from tui.format.yaml_fast import fast_parse
from tui.format.yaml_safe import offset_position, parse

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Largest briefing or source file read (32 MiB); a library is many files, not one huge one."""


def read_bytes(path: Path, *, shown: str | None = None) -> bytes:
    """Read a regular file of at most :data:`MAX_FILE_BYTES` (never a FIFO, device or folder)."""
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
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise BriefingError(
            [Problem(shown, 0, 0, f"cannot read: {error.strerror or error}")]
        ) from None


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8 bytes as text, a leading BOM dropped; UTF-16 and undecodable bytes refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BriefingError([Problem(shown, 1, 1, "file is UTF-16; briefings are UTF-8")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line, column = offset_position(good, len(good))
        message = f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded"
        raise BriefingError([Problem(shown, line, column, message)]) from None


def read_text(path: Path, *, shown: str | None = None) -> str:
    """Read a UTF-8 text file (a BOM tolerated), refusing huge or undecodable files."""
    shown = shown or str(path)
    return decode_text(read_bytes(path, shown=shown), shown)


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


Spans = dict[tuple[str, str], tuple[tuple[int, int], ...]]
"""Where each excerpt found is: ``(source id, excerpt)`` → spans in the source text."""


class Verification(NamedTuple):
    """What verifying a briefing's evidence found."""

    spans: Spans
    """Where each excerpt found is: ``(source id, excerpt)`` → spans in the source text."""
    checked: int
    """Excerpts (and direct quotations) checked against source files."""
    problems: list[Problem]
    """Excerpts not found."""
    notices: list[Problem]
    """Sources changed since they were curated, and their excerpts still found verbatim."""


def verify_evidence(
    briefing: Briefing, texts: dict[str, str], locate: Locator, items: Indexed | None = None
) -> Verification:
    """Locate every excerpt in its source file (see :mod:`tui.format.anchoring`); with
    ``items``, only theirs (see :func:`tui.format.anchoring.evidence_items`)."""
    by_text: dict[int, SourceText] = {}  # sources naming the same file share its text
    prepared: dict[str, SourceText] = {}
    for source_id, text in texts.items():
        if id(text) not in by_text:
            by_text[id(text)] = SourceText(text)
        prepared[source_id] = by_text[id(text)]
    changed = changed_sources(briefing, texts)
    files = {source.id: source.file or "" for source in briefing.sources}
    spans: Spans = {}
    found: dict[tuple[str, str], Anchor] = {}
    counts: dict[str, Counter[Status]] = {source_id: Counter() for source_id in changed}
    problems: list[Problem] = []
    notices: list[Problem] = []
    wanted = [
        (loc, source_id, excerpts, direct, evidence_texts(excerpts, direct))
        for loc, source_id, excerpts, direct in evidence_items(briefing, items)
        if source_id in prepared
    ]  # the last is what is checked, in the order of excerpts_to_check
    # Each (source, excerpt) once, in order: misses spend the source's hint budget in turn.
    keys = keys_of((source_id, checks) for _, source_id, _, _, checks in wanted)
    distinct = list(dict.fromkeys(excerpt for _, excerpt in keys))
    # Every excerpt normalised at once (one at a time costs about as much as finding it).
    parts = dict(zip(distinct, excerpts_parts(distinct), strict=True))
    located = {key: prepared[key[0]].find(parts[key[1]]) for key in keys}
    checked = sum(len(checks) for *_, checks in wanted)
    if not changed and None not in located.values():  # every excerpt verified: the usual case
        return Verification(cast(Spans, located), checked, problems, notices)
    for loc, source_id, excerpts, direct, checks in wanted:
        source = prepared[source_id]
        is_changed = source_id in changed
        for n, excerpt in enumerate(checks):
            key = (source_id, excerpt)
            if key in spans and not is_changed:
                continue
            result = found.get(key)
            if result is None:
                at = located[key]
                if at is not None and not is_changed:  # verified
                    spans[key] = at
                    continue
                result = found[key] = (
                    classify_miss(source.missed(parts[excerpt]), excerpt)
                    if at is None
                    else Anchor(Status.MOVED, spans=at)
                )
            where, _, what = excerpts_to_check(loc, excerpts, direct)[n]
            if is_changed:
                counts[source_id][result.status] += 1
            if result.status is Status.MOVED:
                spans[key] = result.spans
                line = source.line_of(result.spans[0][0])
                message = moved_message(what, source_id, files[source_id], line)
                notices.append(replace(locate.problem(where, message), severity="notice"))
            else:
                say = miss_message if is_changed else _not_found
                problems.append(locate.problem(where, say(result, what, source_id, excerpt)))
    for index, recorded in enumerate(briefing.sources):
        if recorded.id in changed and recorded.sha256 is not None:
            message = source_changed_message(
                files[recorded.id], recorded.sha256, changed[recorded.id], counts[recorded.id]
            )
            notice = locate.problem(("sources", index, "sha256"), message)
            notices.append(replace(notice, severity="notice"))
    return Verification(spans, checked, problems, notices)


def _not_found(result: Anchor, what: str, source_id: str, excerpt: str) -> str:
    """The error on an excerpt that is not in a source (unchanged, or recording no hash)."""
    message = f"{what} not found in source '{source_id}': {_quote(excerpt)}"
    if result.passage is not None:
        message += f"; did you mean {_quote(result.passage.text)}?"
    elif result.skipped:
        message += f"; no hint ({result.skipped})"
    return message


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


def load(path: Path | str, *, shown: str | None = None, data: bytes | None = None) -> Document:
    """Load, validate and verify one briefing file; raise :class:`BriefingError` on problems.

    ``data``: the file's bytes, read already (by the cache, which keys its entry by them): the
    document is made of exactly these bytes, and the file is not read again. Its sources are
    read from beside ``path``.
    """
    return load_with_notices(path, shown=shown, data=data)[0]


def load_with_notices(
    path: Path | str, *, shown: str | None = None, data: bytes | None = None
) -> tuple[Document, list[Problem]]:
    """:func:`load`, and the notices of a file that loaded (see :class:`Verification`). A file
    that does not load raises :class:`BriefingError` with its errors, and the notices as
    ``error.notices``."""
    with gc_paused():
        return _load(Path(path), shown or str(path), data)


def _load(path: Path, shown: str, raw: bytes | None = None) -> tuple[Document, list[Problem]]:
    text = read_text(path, shown=shown) if raw is None else decode_text(raw, shown)
    if not text.strip():
        raise BriefingError([Problem(shown, 1, 1, "file is empty")])
    data = fast_parse(text)
    if data is not None:
        try:
            return _build(path, shown, text, data, [], fast=True)
        except _NotVouched:
            pass  # the fast path is for valid files: every problem is found and said below
    data, problems = parse(text, shown)
    return _build(path, shown, text, data, problems, fast=False)


class _NotVouched(Exception):
    """Data of the fast parser (:mod:`tui.format.yaml_fast`) that has a problem: the file is
    parsed again by the positioned safe loader, which finds and words every problem."""


def _build(
    path: Path, shown: str, text: str, data: object, problems: list[Problem], *, fast: bool
) -> tuple[Document, list[Problem]]:
    """Validate the parsed ``data`` of ``text`` and verify its evidence (see :func:`_load`)."""
    locate = Locator(text, shown)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.append(locate.problem((), f"a briefing is a mapping of keys, not {kind}"))
        raise BriefingError(problems)
    try:
        briefing = Briefing.model_validate(data)
    except ValidationError as error:
        if fast:
            raise _NotVouched from None
        problems.extend(validation_problems(error, locate))
        problems.extend(locate.problem(loc, message) for loc, message in references.check(data))
        problems.extend(_evidence_of_valid_items(data, path, locate))
        raise BriefingError(sorted(set(problems))) from None
    problems.extend(locate.problem(loc, message) for loc, message in references.check(data))
    texts, source_problems = _load_sources(enumerate(briefing.sources), path, locate)
    problems.extend(source_problems)
    verified = verify_evidence(briefing, texts, locate)
    problems.extend(verified.problems)
    notices = sorted(set(verified.notices))
    if problems and fast:
        raise _NotVouched
    if problems:
        failed = BriefingError(sorted(set(problems)))
        failed.notices = notices
        raise failed
    document = Document(path=path, briefing=briefing, source_texts=texts, spans=verified.spans,
                        excerpts=verified.checked)
    return document, notices


def _evidence_of_valid_items(data: dict, path: Path, locate: Locator) -> list[Problem]:
    """When the briefing as a whole does not validate, the problems of the evidence of the
    items that do (see :mod:`tui.format.partial`): source files, excerpts not found. Notices
    are left out: they are said once the file validates."""
    valid = valid_evidence(data)
    if valid is None:
        return []
    sources, items = valid
    texts, problems = _load_sources(sources, path, locate)
    partial = Briefing.model_construct(sources=tuple(source for _, source in sources))
    return problems + verify_evidence(partial, texts, locate, items).problems


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


def check_file(path: Path, *, shown: str | None = None) -> tuple[Document | None, list[Problem]]:
    """:func:`load_safely` with the file's notices too, in order (``briefing check``)."""
    shown = shown or str(path)
    try:
        document, notices = load_with_notices(path, shown=shown)
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the check
        found = error.notices if isinstance(error, BriefingError) else []
        return None, sorted([*failure_problems(error, shown), *found])
    return document, sorted(notices)
