"""One entry of the briefing cache: what loading a briefing file produced, kept in one file.

An entry is four lines:

1. the header, a JSON object: the layout's version (:data:`CACHE_FORMAT`), the entry's key,
   the hashes of line 2 and of lines 3-4, and the source records (each source file's id, path
   relative to the briefing, and a hash of its text);
2. the briefing's :class:`~tui.search.segment.Segment` (its card and its part of the index);
3. where each evidence excerpt was found in its source, and how many were checked: the spans
   in the order of :func:`tui.format.anchoring.evidence_keys` (one item per excerpt of the
   validated briefing, null for one not found), not the excerpts' texts again;
4. the validated briefing, as JSON.

A warm start reads lines 1-2 (:meth:`Entry.segment`); opening a briefing reads all four
(:meth:`Entry.document`); a library snapshot reads line 1 (:meth:`Entry.header`) to record the
sources it depends on. Reading checks everything: the file is a regular file of bounded size,
the header has the right version and key, each part matches its hash, the sources are still
inside the briefing's folder and unchanged, the briefing validates and the spans fit the
source texts. A problem in the entry itself raises :class:`Corrupt` (the caller deletes it);
sources changed here raise :class:`Stale` (the entry may be right for another copy of the
library, so it is kept).

Entries are named by key in the cache's folder; the key (what the briefing's bytes and the
code make of it) and the folder belong to :mod:`tui.library.cache`, which owns the entries.

This module is headless: no Textual.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tui.library.atomic import write_atomically
from tui.library.regular import open_regular, read_regular

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.search.segment import Segment

CACHE_FORMAT = 5
"""Version of the entry layout; bump it when the entry or the key changes."""
SUFFIX = ".entry"
MAX_BYTES = 256 * 1024 * 1024
"""Largest entry read (a briefing is at most 32 MiB of YAML; its JSON and spans are similar)."""
TOUCH_SECONDS = 24 * 3600
"""An entry read is marked as used (its modification time set to now) when its mark is older
than this: the cache's pruning goes by these marks (see :func:`tui.library.cache.prune`)."""


class Corrupt(Exception):
    """The entry is not a valid entry: delete it."""


class Stale(Exception):
    """The entry may be valid, but its source files differ here: a miss; the entry is kept."""


def text_hash(data: bytes) -> str:
    """The hash that an entry records of a source file's text and of its own parts: 128 bits
    of SHA-256 (see :func:`tui.library.cache._key`)."""
    return hashlib.sha256(data).hexdigest()[:32]


def without_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


@dataclass(frozen=True)
class SourceRecord:
    """A source file a briefing was loaded with: its id, its path relative to the briefing,
    and a hash of its text."""

    id: str
    file: str
    hash: str

    @classmethod
    def parse(cls, value: Any) -> SourceRecord:
        """A record as stored (``[id, file, hash]``); raises :class:`Corrupt`."""
        if not (type(value) is list and len(value) == 3
                and all(isinstance(part, str) for part in value)):
            raise Corrupt("bad source record")
        source_id, file, expected = value
        if Path(file).is_absolute() or file.startswith(("/", "\\")):
            raise Corrupt("absolute source path")
        return cls(source_id, file, expected)

    def to_json(self) -> list[str]:
        return [self.id, self.file, self.hash]

    def unchanged(self, briefing: Path) -> bool:
        """The file is still inside the briefing's folder, and its text is the one recorded."""
        try:
            _read_sources((self,), briefing, decode=False)
            return True
        except (Corrupt, Stale):
            return False


def _read_sources(records: tuple[SourceRecord, ...], briefing: Path, *,
                  decode: bool = True) -> dict[str, str]:
    """Each recorded source file's text, if it is still inside the folder and unchanged
    (raises :class:`Stale`); with ``decode=False`` the files are only checked."""
    from tui.format.loader import MAX_FILE_BYTES

    texts: dict[str, str] = {}
    folder: Path | None = None
    for record in records:
        if folder is None:
            folder = briefing.resolve().parent
        target = (briefing.parent / record.file).resolve()
        if not target.is_relative_to(folder):
            raise Stale("source outside the folder")
        try:
            data = without_bom(read_regular(target, MAX_FILE_BYTES))
        except (OSError, ValueError):
            raise Stale("source missing") from None
        if text_hash(data) != record.hash:
            raise Stale("source changed")
        if decode:
            try:
                texts[record.id] = data.decode("utf-8")
            except UnicodeDecodeError:
                raise Stale("source not UTF-8") from None
    return texts


@dataclass(frozen=True)
class Header:
    """An entry's first line."""

    key: str
    segment: str
    """The hash of the segment line."""
    rest: str
    """The hash of the spans and briefing lines."""
    sources: tuple[SourceRecord, ...]

    @classmethod
    def parse(cls, line: bytes, key: str) -> Header:
        """The header of the entry ``key``; raises :class:`Corrupt`."""
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            raise Corrupt("header not JSON") from None
        if (type(data) is not dict or data.get("format") != CACHE_FORMAT
                or data.get("key") != key):
            raise Corrupt("wrong format or key")
        segment, rest, sources = data.get("segment"), data.get("rest"), data.get("sources")
        if not (isinstance(segment, str) and isinstance(rest, str) and type(sources) is list):
            raise Corrupt("header of the wrong shape")
        return cls(key, segment, rest, tuple(SourceRecord.parse(item) for item in sources))

    def to_line(self) -> bytes:
        return json_line({"format": CACHE_FORMAT, "key": self.key, "segment": self.segment,
                          "rest": self.rest,
                          "sources": [record.to_json() for record in self.sources]})

    def sources_unchanged(self, briefing: Path) -> bool:
        """Every source file recorded is still there, unchanged."""
        try:
            _read_sources(self.sources, briefing, decode=False)
            return True
        except (Corrupt, Stale):
            return False


class Entry:
    """The cache entry named ``key`` in ``folder`` (it may not exist)."""

    def __init__(self, folder: Path, key: str) -> None:
        self.key = key
        self.path = folder / f"{key}{SUFFIX}"

    def exists(self) -> bool:
        return self.path.is_file()

    # ------------------------------------------------------------------ reading

    def _open(self) -> BinaryIO:
        """The entry, opened; marked as used if its mark is old (raises OSError)."""
        handle = open_regular(self.path, MAX_BYTES)
        try:
            modified = os.fstat(handle.fileno()).st_mtime
            if time.time() - modified > TOUCH_SECONDS:
                os.utime(handle.fileno())
        except OSError:
            pass  # a read-only cache: the entry is only pruned earlier
        return handle

    def header(self) -> Header:
        """The entry's header alone (raises :class:`Corrupt`, or OSError if it cannot be read)."""
        with self._open() as handle:
            line = handle.readline(MAX_BYTES)
        return Header.parse(line, self.key)

    def segment(self, briefing: Path) -> Segment:
        """The briefing's segment, after checking its sources (lines 1-2 only)."""
        from tui.search.segment import Segment

        with self._open() as handle:
            header_line = handle.readline(MAX_BYTES)
            segment_line = handle.readline(MAX_BYTES).rstrip(b"\n")
        header = Header.parse(header_line, self.key)
        if header.segment != text_hash(segment_line):
            raise Corrupt("segment does not match its hash")
        _read_sources(header.sources, briefing, decode=False)
        try:
            return Segment.from_line(segment_line)
        except ValueError as error:
            raise Corrupt(str(error)) from None

    def document(self, briefing: Path) -> Document:
        """The briefing's document, rebuilt from the whole entry and its source files."""
        with self._open() as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise Corrupt("too large")
        return self.rebuild(raw, briefing)

    def rebuild(self, raw: bytes, briefing: Path) -> Document:
        """The document held by ``raw``, the entry's bytes (raises Corrupt or Stale)."""
        from pydantic import ValidationError

        from tui.format.anchoring import evidence_keys
        from tui.format.document import Document
        from tui.format.model import Briefing

        first = raw.find(b"\n")
        second = raw.find(b"\n", first + 1)
        if first < 0 or second < 0:
            raise Corrupt("not three lines")
        header = Header.parse(raw[:first], self.key)
        segment, rest = raw[first + 1 : second], raw[second + 1 :]
        if header.segment != text_hash(segment):
            raise Corrupt("segment does not match its hash")
        if header.rest != text_hash(rest):
            raise Corrupt("spans and body do not match their hash")
        newline = rest.find(b"\n")
        if newline < 0:
            raise Corrupt("no spans line")
        try:
            extra = json.loads(rest[:newline])
            spans_in, excerpts = extra["spans"], extra["excerpts"]
        except (ValueError, RecursionError, TypeError, KeyError):
            raise Corrupt("bad spans line") from None
        if type(spans_in) is not list:
            raise Corrupt("spans not a list")
        if type(excerpts) is not int or excerpts < 0:
            raise Corrupt("bad excerpt count")

        # The source files, read once: checked against their hashes and kept as the text.
        texts = _read_sources(header.sources, briefing)

        try:
            model = Briefing.model_validate_json(rest[newline + 1 :])
        except ValidationError as error:
            raise Corrupt(f"body does not validate ({error.error_count()} errors)") from None
        files = {source.id: source.file for source in model.sources if source.file is not None}
        if files != {record.id: record.file for record in header.sources}:
            raise Corrupt("sources do not match the briefing")

        keys = evidence_keys(model, texts)  # the excerpts, in the order the spans are in
        if len(spans_in) != len(keys):
            raise Corrupt("spans do not match the briefing's excerpts")
        spans: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}
        for key, found in zip(keys, spans_in, strict=True):
            if found is None:  # not found in its source
                continue
            text = texts[key[0]]
            if type(found) is not list or not found:
                raise Corrupt("bad span")
            converted = []
            for pair in found:
                if not (type(pair) is list and len(pair) == 2):
                    raise Corrupt("bad span")
                start, end = pair
                if type(start) is not int or type(end) is not int or not (
                        0 <= start <= end <= len(text)):
                    raise Corrupt("span outside the source")
                converted.append((start, end))
            spans[key] = tuple(converted)
        return Document(path=briefing, briefing=model, source_texts=texts, spans=spans,
                        excerpts=excerpts)

    # ------------------------------------------------------------------ writing

    @staticmethod
    def encode(key: str, document: Document, segment: Segment) -> bytes:
        """The bytes of the entry ``key`` for a loaded document and its segment."""
        body = document.briefing.model_dump_json().encode("utf-8")
        segment_line = segment.encoded
        extra = json_line({"excerpts": document.excerpts, "spans": _spans_in_order(document)})
        rest = extra + b"\n" + body
        sources = tuple(
            SourceRecord(source.id, source.file,
                         text_hash(document.source_texts[source.id].encode("utf-8")))
            for source in document.briefing.sources
            if source.file is not None
        )
        header = Header(key, text_hash(segment_line), text_hash(rest), sources)
        return b"\n".join([header.to_line(), segment_line, rest])

    def write(self, document: Document, segment: Segment) -> None:
        """Write the entry atomically (raises OSError if it cannot be written)."""
        data = self.encode(self.key, document, segment)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, data)

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


def _spans_in_order(document: Document) -> list[tuple[tuple[int, int], ...] | None]:
    """The document's spans, one item per excerpt in :func:`~tui.format.anchoring.evidence_keys`
    order (None where it was not found); raises ValueError for a span of no excerpt of the
    briefing (it would be lost: nothing is dropped silently)."""
    from tui.format.anchoring import evidence_keys

    keys = evidence_keys(document.briefing, document.source_texts)
    spans = document.spans
    if not spans.keys() <= set(keys):
        raise ValueError("a span of no excerpt of the briefing")
    return [spans.get(key) for key in keys]  # tuples: JSON writes them as lists


def json_line(value: Any) -> bytes:
    """Compact JSON on one line (JSON escapes every newline inside strings)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
