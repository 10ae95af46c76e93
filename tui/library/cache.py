"""A cache of loaded briefings, keyed by content, for fast warm loads of large libraries.

Loading a briefing parses YAML, validates it and locates every evidence excerpt in its source
texts; for a library of a thousand briefings that is most of the reader's start-up. The cache keeps
what that work produced, the validated briefing as JSON plus where each excerpt was found, so that
a warm load reads the briefing file, hashes it, reads its source files and validates the JSON
(pydantic's JSON validator is much faster than YAML parsing and evidence matching).

Keys. An entry is named by a BLAKE2b hash of the briefing file's bytes together with the cache
format, the package version, the pydantic version and a fingerprint of the modules that define
what a valid briefing is (model, loader, evidence, references, countries, document). The source
files are not known before the YAML is parsed, so the entry records, for each source file, its
path relative to the briefing and a hash of its text; a hit re-reads those files (their text
is part of the document anyway), and any difference makes it a miss. Moving a library keeps its
cache; editing the code of the format invalidates it.

Safety. The cache folder is not trusted more than a briefing: an entry is read with a size limit,
its body is checked against a hash in its header, the briefing is re-validated by the model,
and the spans are checked against the source texts. Any problem is a miss: the entry is deleted
and the briefing loaded from its file. Only briefings that load without problems are stored;
a bad file raises :class:`BriefingError` every time, exactly as :func:`tui.format.loader.load` does.
Entries are written to a temporary file in the cache folder and renamed into place, so readers
and concurrent writers never see a partial entry. A cache folder that cannot be written only
makes every load a cold one.

Segments. An entry also holds the briefing's :class:`~tui.search.segment.Segment` (its card and its
part of the search index). :func:`segment_cached` reads only that, after the same checks of the
briefing file and its sources: that is how a library opens warm, with each briefing validated
only when it is opened.

Layout: ``<cache dir>/briefings-v<FORMAT>/<key>.entry``; the cache dir is
``platformdirs.user_cache_dir("briefing")`` or ``$BRIEFING_CACHE_DIR``. An entry is four lines:
a JSON header (source files and their hashes, hashes of the segment line and of the rest), the
segment's JSON, the excerpt spans' JSON, then the briefing's JSON. A warm start reads only the
first two lines.

This module is headless: no Textual.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import shutil
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import __version__
from tui.format.problems import Problem
from tui.library.atomic import write_atomically

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.search.segment import Segment

CACHE_FORMAT = 2
"""Version of the entry layout; bump it when the entry or the key changes."""

ENV_DIR = "BRIEFING_CACHE_DIR"
"""Environment variable naming the cache folder (overrides the platform default)."""

SUFFIX = ".entry"
MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""Largest entry read (a briefing is at most 32 MiB of YAML; its JSON and spans are similar)."""

_MODULES = ("tui.format.model", "tui.format.values", "tui.format.claims", "tui.format.yaml_safe",
            "tui.format.positions", "tui.format.loader", "tui.format.evidence",
            "tui.format.anchoring", "tui.format.references",
            "tui.format.countries", "tui.format.document", "tui.search.folding",
            "tui.search.segment")
"""Modules whose code decides what loads and what a loaded document holds."""


def cache_dir() -> Path:
    """The cache folder: ``$BRIEFING_CACHE_DIR`` or the platform's cache folder for ``briefing``."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("briefing", appauthor=False))


def entries_dir() -> Path:
    """The folder of this cache format's entries."""
    return cache_dir() / f"briefings-v{CACHE_FORMAT}"


def clear_cache() -> int:
    """Delete every cached briefing (of every cache format); return how many entries were removed.

    Never raises: entries that cannot be removed are left.
    """
    removed = 0
    root = cache_dir()
    try:
        folders = [entry for entry in root.iterdir() if entry.name.startswith("briefings-v")]
    except OSError:
        return 0
    for folder in folders:
        try:
            removed += sum(1 for entry in folder.iterdir() if entry.name.endswith(SUFFIX))
        except OSError:
            pass
        shutil.rmtree(folder, ignore_errors=True)
    return removed


# ---------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------


@functools.cache
def _salt() -> bytes:
    """What besides the briefing's bytes decides an entry: versions and the format's code."""
    import pydantic

    digest = hashlib.blake2b(digest_size=16)
    for name in _MODULES:
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            digest.update(name.encode() + b"\0")
            if origin:
                digest.update(Path(origin).read_bytes())
        except (OSError, ImportError, ValueError):
            digest.update(b"?")
    return (
        f"briefing-cache {CACHE_FORMAT} {__version__} pydantic {pydantic.VERSION} "
        f"code {digest.hexdigest()}\n"
    ).encode()


def _key(data: bytes) -> str:
    digest = hashlib.blake2b(_salt(), digest_size=20)
    digest.update(data)
    return digest.hexdigest()


def _text_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _without_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, or None (the loader will say why)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError):
        return None
    return data if len(data) <= limit else None


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


class _Corrupt(Exception):
    """The entry is not a valid entry: delete it."""


class _Stale(Exception):
    """The entry may be valid, but its source files differ here: a miss; the entry is kept."""


def load_cached(path: Path | str, *, shown: str | None = None) -> Document:
    """:func:`tui.format.loader.load`, from the cache when the briefing and its sources are unchanged.

    Raises :class:`BriefingError` with the file's problems, as the loader does; a briefing that
    loads is stored for next time. Problems of the cache itself never escape.
    """
    from tui.format.loader import gc_paused

    with gc_paused():
        return _load_cached(Path(path), shown)


def _load_cached(path: Path, shown: str | None) -> Document:
    from tui.format import loader

    data = _read_regular(path, loader.MAX_FILE_BYTES)
    if data is None:  # missing, not a regular file, too large: the loader reports it
        return loader.load(path, shown=shown)
    key = _key(data)
    entry = entries_dir() / f"{key}{SUFFIX}"
    document = _lookup(entry, key, path)
    if document is not None:
        return document
    return _load_and_store(path, shown, data, key)[0]


def _load_and_store(path: Path, shown: str | None, data: bytes, key: str) -> tuple[Document, Segment]:
    """Load the file, and store its entry if the file did not change meanwhile."""
    from tui.format import loader
    from tui.search.segment import Segment

    document = loader.load(path, shown=shown)
    segment = Segment.of(document)
    if _read_regular(path, loader.MAX_FILE_BYTES) == data:  # unchanged while it was loaded
        _store(entries_dir() / f"{key}{SUFFIX}", key, document, segment)
    return document, segment


def load_cached_safely(
    path: Path | str, *, shown: str | None = None
) -> tuple[Document | None, list[Problem]]:
    """:func:`tui.format.loader.load_safely` through the cache: never raises."""
    from tui.format import loader

    return loader.load_safely(Path(path), shown=shown, load_one=load_cached)


def segment_cached(path: Path | str, *, shown: str | None = None) -> tuple[Segment | None, list[Problem]]:
    """A briefing's segment: from its cache entry, or by loading the file (and storing it).

    Never raises: a bad file gives None and its problems, as :func:`load_cached_safely` does.
    """
    from tui.format import loader

    path = Path(path)
    found: list[Segment] = []

    def load_one(path: Path, shown: str | None = None) -> Document | None:
        data = _read_regular(path, loader.MAX_FILE_BYTES)
        if data is None:  # missing, not a regular file, too large: the loader reports it
            return loader.load(path, shown=shown)
        key = _key(data)
        entry = entries_dir() / f"{key}{SUFFIX}"
        try:
            segment = _segment_of_entry(entry, key, path)
        except _Stale:
            segment = None
        except Exception:  # noqa: BLE001 - anything wrong with an entry is a miss
            segment = None
            _remove(entry)
        if segment is not None:
            found.append(segment)
            return None
        document, segment = _load_and_store(path, shown, data, key)
        found.append(segment)
        return document

    with loader.gc_paused():
        _, problems = loader.load_safely(path, shown=shown, load_one=load_one)
    return (found[0] if found and not problems else None), problems


def file_key(path: Path) -> str | None:
    """The cache key of a briefing file's bytes, or None if it cannot be read as a briefing."""
    from tui.format.loader import MAX_FILE_BYTES

    data = _read_regular(path, MAX_FILE_BYTES)
    return _key(data) if data is not None else None


def has_entry(key: str) -> bool:
    """An entry exists for ``key`` (it may still turn out stale or corrupt when read)."""
    return (entries_dir() / f"{key}{SUFFIX}").is_file()


def sources_of(segment_key: str, path: Path) -> list[list[str]] | None:
    """The source records (id, file, hash) of the entry ``segment_key``, or None."""
    try:
        with open(entries_dir() / f"{segment_key}{SUFFIX}", "rb") as handle:
            raw_header = handle.readline(MAX_ENTRY_BYTES)
        header = _check_header(raw_header, segment_key)
        sources = header["sources"]
        return sources if isinstance(sources, list) else None
    except Exception:  # noqa: BLE001 - no entry, or a bad one: the caller does without
        return None


def sources_unchanged(sources: Any, path: Path) -> bool:
    """The source files recorded for the briefing at ``path`` are still there and unchanged."""
    try:
        if not isinstance(sources, list):
            return False
        _source_texts(sources, path, decode=False)
        return True
    except Exception:  # noqa: BLE001 - stale or malformed records alike
        return False


def _segment_of_entry(entry: Path, key: str, path: Path) -> Segment | None:
    """The segment of an entry (reading only its first two lines), None if there is none."""
    from tui.search.segment import Segment

    try:
        with open(entry, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            header_line = handle.readline(MAX_ENTRY_BYTES)
            segment_line = handle.readline(MAX_ENTRY_BYTES).rstrip(b"\n")
    except (OSError, ValueError):
        return None
    header = _check_header(header_line, key)
    if header.get("segment") != _text_hash(segment_line):
        raise _Corrupt("segment does not match its hash")
    sources = header["sources"]
    if not isinstance(sources, list):
        raise _Corrupt("sources not a list")
    _source_texts(sources, path, decode=False)  # the same sources, unchanged, or it is stale
    try:
        return Segment.from_json(json.loads(segment_line))
    except ValueError as error:
        raise _Corrupt(str(error)) from None


def _lookup(entry: Path, key: str, path: Path) -> Document | None:
    """The cached document, or None on a miss (a corrupt entry is deleted)."""
    raw = _read_regular(entry, MAX_ENTRY_BYTES)
    if raw is None:
        return None
    try:
        return _rebuild(raw, key, path)
    except _Stale:
        return None
    except Exception:  # noqa: BLE001 - anything wrong with an entry is a miss
        _remove(entry)
        return None


def _check_header(line: bytes, key: str) -> dict[str, Any]:
    header = json.loads(line)
    if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT or header.get("key") != key:
        raise _Corrupt("wrong format or key")
    return header


def _split(raw: bytes, key: str) -> tuple[dict[str, Any], bytes, bytes]:
    """An entry's header, its segment and the rest (spans and body), checked against their hashes."""
    first = raw.find(b"\n")
    second = raw.find(b"\n", first + 1)
    if first < 0 or second < 0:
        raise _Corrupt("not three lines")
    header = _check_header(raw[:first], key)
    segment, rest = raw[first + 1 : second], raw[second + 1 :]
    if header.get("segment") != _text_hash(segment):
        raise _Corrupt("segment does not match its hash")
    if header.get("rest") != _text_hash(rest):
        raise _Corrupt("spans and body do not match their hash")
    return header, segment, rest


def _rebuild(raw: bytes, key: str, path: Path) -> Document:
    from tui.format.document import Document
    from tui.format.model import Briefing

    header, _, rest = _split(raw, key)
    newline = rest.find(b"\n")
    if newline < 0:
        raise _Corrupt("no spans line")
    extra = json.loads(rest[:newline])
    body = rest[newline + 1 :]
    sources = header["sources"]
    spans_in = extra["spans"]
    excerpts = extra["excerpts"]
    if not isinstance(sources, list) or not isinstance(spans_in, list):
        raise _Corrupt("sources or spans not lists")
    if type(excerpts) is not int or excerpts < 0:
        raise _Corrupt("bad excerpt count")

    # The source files, read once: checked against their hashes and kept as the document's text.
    texts = _source_texts(sources, path)

    briefing = Briefing.model_validate_json(body)
    files = {source.id: source.file for source in briefing.sources if source.file is not None}
    if files != {source_id: file for source_id, file, _ in sources}:
        raise _Corrupt("sources do not match the briefing")

    spans: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}
    for source_id, excerpt, found in spans_in:
        text = texts[source_id]
        if not isinstance(excerpt, str) or not isinstance(found, list) or not found:
            raise _Corrupt("bad span")
        converted = []
        for start, end in found:
            if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
                raise _Corrupt("span outside the source")
            converted.append((start, end))
        spans[(source_id, excerpt)] = tuple(converted)
    return Document(path=path, briefing=briefing, source_texts=texts, spans=spans, excerpts=excerpts)


def _source_texts(sources: list[Any], path: Path, *, decode: bool = True) -> dict[str, str]:
    """Each recorded source file's text, if it is still inside the folder and unchanged.

    With ``decode=False`` the files are only checked (and the texts left out).
    """
    from tui.format.loader import MAX_FILE_BYTES

    texts: dict[str, str] = {}
    folder: Path | None = None
    for source_id, file, expected in sources:
        if not (isinstance(source_id, str) and isinstance(file, str) and isinstance(expected, str)):
            raise _Corrupt("bad source record")
        relative = Path(file)
        if relative.is_absolute() or file.startswith(("/", "\\")):
            raise _Corrupt("absolute source path")
        if folder is None:
            folder = path.resolve().parent
        target = (path.parent / relative).resolve()
        if not target.is_relative_to(folder):
            raise _Stale("source outside the folder")
        data = _read_regular(target, MAX_FILE_BYTES)
        if data is None:
            raise _Stale("source missing")
        data = _without_bom(data)
        if _text_hash(data) != expected:
            raise _Stale("source changed")
        if decode:
            texts[source_id] = data.decode("utf-8")
    return texts


# ---------------------------------------------------------------------------------------------
# Storing
# ---------------------------------------------------------------------------------------------


def _entry_bytes(key: str, document: Document, segment: Segment) -> bytes:
    body = document.briefing.model_dump_json().encode("utf-8")
    segment_line = _json_line(segment.to_json())
    extra = _json_line({
        "excerpts": document.excerpts,
        "spans": [
            [source_id, excerpt, [list(span) for span in found]]
            for (source_id, excerpt), found in document.spans.items()
        ],
    })
    rest = extra + b"\n" + body
    sources = [
        [source.id, source.file, _text_hash(document.source_texts[source.id].encode("utf-8"))]
        for source in document.briefing.sources
        if source.file is not None
    ]
    header = {
        "format": CACHE_FORMAT,
        "key": key,
        "segment": _text_hash(segment_line),
        "rest": _text_hash(rest),
        "sources": sources,
    }
    return b"\n".join([_json_line(header), segment_line, rest])


def _json_line(value: Any) -> bytes:
    """Compact JSON on one line (JSON escapes every newline inside strings)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _store(entry: Path, key: str, document: Document, segment: Segment) -> bool:
    """Write an entry atomically; False (and nothing left behind) if it cannot be written."""
    try:
        data = _entry_bytes(key, document, segment)
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(entry, data)
        return True
    except Exception:  # noqa: BLE001 - the cache is an optimisation: never fail a load for it
        return False


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
