"""A cache of loaded briefings, keyed by content, for fast warm loads of large libraries.

Loading a briefing parses YAML, validates it and locates every evidence excerpt in its source
texts; for a library of a thousand briefings that is most of the reader's start-up. The cache keeps
what that work produced, the validated briefing as JSON plus where each excerpt was found, so that
a warm load reads the briefing file, hashes it, reads its source files and validates the JSON
(pydantic's JSON validator is much faster than YAML parsing and evidence matching).

Keys. An entry is named by a BLAKE2b hash of the briefing file's bytes together with the cache
format, the package version, the pydantic version and a fingerprint of the modules that define
what a valid briefing is and what a loaded one holds (model, loader, evidence, references,
countries, document, the word rules of the search): :func:`fingerprint`, which also keys the
library snapshots. The source
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
and concurrent writers never see a partial entry.

Segments. An entry also holds the briefing's :class:`~tui.search.segment.Segment` (its card and its
part of the search index). :func:`segment_cached` reads only that, after the same checks of the
briefing file and its sources: that is how a library opens warm, with each briefing validated
only when it is opened.

Layout: ``<cache dir>/briefings-v<FORMAT>/<key>.entry``; the cache dir is
``platformdirs.user_cache_dir("briefing")`` or ``$BRIEFING_CACHE_DIR``. What an entry holds, and
how it is read and checked, is :mod:`tui.library.entry`; this module owns the entries: their
keys, their folder, when they are read and written.

A cache folder that cannot be used (a file where the folder should be, no permission, a
read-only file system) is found once per process (:func:`unusable`), said once by the caller,
and never written to again: loads go on from the files.

This module is headless: no Textual.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import secrets
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.format.problems import Problem
from tui.library.entry import CACHE_FORMAT, SUFFIX, Corrupt, Entry, Stale
from tui.library.regular import read_regular_or_none

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.search.segment import Segment

__all__ = ["CACHE_FORMAT", "SUFFIX", "Corrupt", "Entry", "Stale"]

ENV_DIR = "BRIEFING_CACHE_DIR"
"""Environment variable naming the cache folder (overrides the platform default)."""

_MODULES = ("tui.format.model", "tui.format.values", "tui.format.claims", "tui.format.yaml_safe",
            "tui.format.yaml_fast",
            "tui.format.positions", "tui.format.loader", "tui.format.evidence",
            "tui.format.anchoring", "tui.format.references",
            "tui.format.countries", "tui.format.document", "tui.format.lookups",
            "tui.format.partial", "tui.format.problems", "tui.format.sanitize",
            "tui.format.wording", "tui.search.folding", "tui.search.segment",
            "tui.search.building", "tui.search.grouping", "tui.search.packed",
            "tui.search.postings", "tui.library.entry")
"""Modules whose code decides what loads and what a loaded document and its segment hold:
every module of the format and search layers that loading a file and building its segment
import (``tests/test_cache.py`` checks that none is missing)."""


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
        with contextlib.suppress(OSError):
            removed += sum(1 for entry in folder.iterdir() if entry.name.endswith(SUFFIX))
        shutil.rmtree(folder, ignore_errors=True)
    return removed


_UNUSABLE: dict[Path, str | None] = {}


def unusable() -> str | None:
    """Why the cache folder cannot be used (one line), or None; checked once per folder.

    The check creates the folder if need be and a file in it (removed at once): a file where
    the folder should be, a folder that cannot be written and a read-only file system all show.
    """
    folder = entries_dir()
    if folder not in _UNUSABLE:
        _UNUSABLE[folder] = _check_writable(folder)
    return _UNUSABLE[folder]


def _check_writable(folder: Path) -> str | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe.{os.getpid()}.{secrets.token_hex(4)}.part"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
        return None
    except OSError as error:
        from tui.format.sanitize import printable

        reason = error.strerror or str(error)
        return (f"the cache folder {printable(str(cache_dir()))} cannot be used ({reason}): "
                "every briefing is loaded from its file")


# ---------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------


@functools.cache
def _salt() -> bytes:
    """What besides the briefing's bytes decides an entry: versions and the format's code."""
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
        f"briefing-cache {CACHE_FORMAT} {__version__} pydantic {_pydantic_version()} "
        f"code {digest.hexdigest()}\n"
    ).encode()


def _pydantic_version() -> str:
    """Pydantic's version module, hashed (it holds the version), found without importing
    pydantic: a warm start that only searches never needs it (a tenth of a second)."""
    try:
        spec = importlib.util.find_spec("pydantic")
        folders = list(spec.submodule_search_locations or ()) if spec is not None else []
        return hashlib.blake2b(Path(folders[0], "version.py").read_bytes(),
                               digest_size=8).hexdigest()
    except (OSError, ImportError, ValueError, IndexError):
        import pydantic

        return pydantic.VERSION


def fingerprint() -> str:
    """The code and versions that decide what a loaded briefing holds, as a short hash: an
    entry or a snapshot made by other code is never used."""
    return hashlib.blake2b(_salt(), digest_size=10).hexdigest()


def _key(data: bytes) -> str:
    """160 bits of SHA-256 (where the processor does SHA-256, 2.5 times blake2b's speed
    measured; every briefing's bytes are hashed on every cold and entries start)."""
    digest = hashlib.sha256(_salt())
    digest.update(data)
    return digest.hexdigest()[:40]


def file_key(path: Path) -> str | None:
    """The cache key of a briefing file's bytes, or None if it cannot be read as a briefing."""
    from tui.format.loader import MAX_FILE_BYTES

    data = read_regular_or_none(path, MAX_FILE_BYTES)
    return _key(data) if data is not None else None


def entry(key: str) -> Entry:
    """The entry named ``key`` (it may not exist)."""
    return Entry(entries_dir(), key)


def has_entry(key: str) -> bool:
    """An entry exists for ``key`` (it may still turn out stale or corrupt when read)."""
    return entry(key).exists()


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


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

    data = read_regular_or_none(path, loader.MAX_FILE_BYTES)
    if data is None:  # missing, not a regular file, too large: the loader reports it
        return loader.load(path, shown=shown)
    found = entry(_key(data))
    try:
        return found.document(path)
    except (Stale, OSError):  # stale here, or no entry
        pass
    except Exception:  # noqa: BLE001 - anything wrong with an entry is a miss
        found.remove()
    return _load_and_store(path, shown, data, found)[0]


def _load_and_store(path: Path, shown: str | None, data: bytes,
                    found: Entry) -> tuple[Document, Segment]:
    """Load the file from ``data`` (its bytes, which ``found``'s key is of), and store its
    entry: made of those bytes, the entry holds what they load to, whatever the file holds by
    now."""
    from tui.format import loader
    from tui.search.segment import Segment

    document = loader.load(path, shown=shown, data=data)
    segment = Segment.of(document)
    _store(found, document, segment)
    return document, segment


def _store(found: Entry, document: Document, segment: Segment) -> bool:
    """Write an entry atomically; False (and nothing left behind) if it cannot be written."""
    if unusable():
        return False
    try:
        found.write(document, segment)
        return True
    except Exception:  # noqa: BLE001 - the cache is an optimisation: never fail a load for it
        return False


def load_cached_safely(
    path: Path | str, *, shown: str | None = None
) -> tuple[Document | None, list[Problem]]:
    """:func:`load_cached` that never raises: the document, or the problems that stopped it
    (exactly those of :func:`tui.format.loader.load_safely`)."""
    from tui.format.loader import failure_problems

    path = Path(path)
    shown = shown or str(path)
    try:
        return load_cached(path, shown=shown), []
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the reader
        return None, failure_problems(error, shown)


def segment_cached(path: Path | str, *, shown: str | None = None) -> tuple[Segment | None, list[Problem]]:
    """A briefing's segment: from its cache entry, or by loading the file (and storing it).

    Never raises: a bad file gives None and its problems, as :func:`load_cached_safely` does.
    """
    from tui.format.loader import failure_problems, gc_paused

    path = Path(path)
    shown = shown or str(path)
    try:
        with gc_paused():
            return _segment_cached(path, shown), []
    except Exception as error:  # noqa: BLE001 - a bad file must never crash the reader
        return None, failure_problems(error, shown)


def _segment_cached(path: Path, shown: str) -> Segment:
    from tui.format import loader
    from tui.search.segment import Segment

    data = read_regular_or_none(path, loader.MAX_FILE_BYTES)
    if data is None:  # missing, not a regular file, too large: the loader reports it
        return Segment.of(loader.load(path, shown=shown))
    found = entry(_key(data))
    try:
        return found.segment(path)
    except (Stale, OSError):
        pass
    except Exception:  # noqa: BLE001 - anything wrong with an entry is a miss
        found.remove()
    return _load_and_store(path, shown, data, found)[1]
