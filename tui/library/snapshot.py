"""A whole library's search index, saved after it is built, so a warm start skips the merge.

Opening a library merges one segment per briefing into the index (see :mod:`tui.search.segment`); at a
thousand briefings that is reading a thousand cache entries and copying a few hundred thousand
postings. The snapshot keeps the merged index in one file, named by the library's files. A
start whose files are all unchanged reads that one file instead, after checking every briefing
and source file against what it recorded. Files that failed to load are not in it; they are
loaded again at each start (so their problems are listed, and a fixed file is noticed).

What a start reads is what counting results needs: the cards, and where the postings are
(each bitmap is deserialised when a query first needs it; see :mod:`tui.search.postings`).
Statements, which only drawing a result needs, are a JSON line each (after a line per briefing
for its speakers), parsed when the statement is first shown: a result costs the parse of its own
line, and a warm start does not parse the statements of a library it only counts.

Safety: as for cache entries, the snapshot is not trusted more than a briefing. Every value is
type-checked on reading, the postings are checked to fit the library, results are masked to
real statements, and the text reaches the screen through the same sanitising paths. A problem
found on opening means no snapshot: the library is opened from its entries and the snapshot
written again. Damage anywhere is found on opening (a CRC-32 of everything after the header);
a forged statement line (its types wrong, the CRC right) is found when it is first read: the
statement is shown as unreadable and the snapshot is deleted, so the next start rebuilds it.

Checking the files: a snapshot records each file's status (device, inode, size, modification
and change times) with its content hash. A file whose status is unchanged is taken as
unchanged, as ``make`` and ``git`` do, without reading it; any other is read and hashed.
A file whose modification or change time is within :data:`RACY_NS` of the snapshot's writing
is always hashed: on a file system with coarse timestamps, an edit of the same size in the same
tick (its modification time put back) leaves the whole status as recorded, and only the change
time being that recent says it may have happened after the status was taken.

Keys: a snapshot is named by the library's files (their absolute paths, in order) and by the
code that built it (:func:`tui.library.cache.fingerprint`, as the cache entries are), so a
reader never uses an index made with other word rules; an upgrade and a downgrade each build
their own. The header records the fingerprint too, and it is checked.

Files: the snapshot is opened as a regular file only, of at most :data:`MAX_BYTES` (a FIFO or
a link to a device put in its place is refused without blocking); temporary files left in the
snapshots' and the entries' folders by a write that was killed are removed when a snapshot is
next saved (:func:`tui.library.atomic.remove_leftovers`).

Layout: ``<cache dir>/libraries-v<FORMAT>/<library key>.index``, written atomically:

1. a JSON line, the header: format, key, the code's fingerprint, time written, the files with
   their keys, statuses
   and source records, and the CRC-32 and size of the head and of the rest;
2. a JSON line, the head: the cards, each field's words and the sizes of their bitmaps, then its
   two-letter prefixes and the sizes of theirs (none for a field of few words), the same for
   the positions, and the sizes of the token starts, of the slot owners and of the line ends;
3. the rest: the bitmaps (Roaring's portable serialisation, one after the other, in the head's
   order), the token starts (unsigned 32-bit, native order: each statement's first token),
   the slot owners (the same: each token slot's statement, see
   :class:`tui.search.postings.Positions`), the line ends (unsigned 64-bit: where each line
   below ends), then the lines: per briefing, in order, its speakers and countries
   (:meth:`tui.search.segment.Statements.speakers_json`), then each of its statements
   (:meth:`tui.search.segment.Statements.row_json`). The head and rest are written and read
   by :mod:`tui.library.saved_index`.

The file is mapped, not read: a start reads the header and head, checks the CRC (every page
read once, then given back), and deserialises a word's bitmap when a query first needs it.

Only the :data:`KEEP` most recently used snapshots are kept.

This module is headless: no Textual.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import mmap
import os
import shutil
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.library import cache
from tui.library.atomic import remove_leftovers, write_atomically
from tui.library.entry import SourceRecord
from tui.library.regular import open_regular
from tui.library.saved_index import chunks, dump, expect, index_of, line, types_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from tui.search.index import SearchIndex

FORMAT = 5
SUFFIX = ".index"
KEEP = 8
"""How many library snapshots are kept (the least recently used are deleted)."""
MAX_BYTES = 4 << 30


class Library:
    """The files of a library, in order; their cache keys are read when first asked for."""

    def __init__(self, files: list[Path]) -> None:
        self.files = list(files)
        self._keys: list[str | None] | None = None

    @property
    def keys(self) -> list[str | None]:
        """Each file's cache key (None: it cannot be read as a briefing)."""
        if self._keys is None:
            self._keys = [cache.file_key(path) for path in self.files]
        return self._keys

    @functools.cached_property
    def key(self) -> str:
        """The snapshot's name: the code's fingerprint, the files' absolute paths in order."""
        digest = hashlib.blake2b(f"library {FORMAT} {cache.fingerprint()}\n".encode(),
                                 digest_size=20)
        for path in self.files:
            digest.update(os.fsencode(os.path.abspath(path)) + b"\0")
        return digest.hexdigest()


RACY_NS = 2_000_000_000
"""A file modified this close to when the snapshot was written is checked by its content: on a
file system with coarse timestamps, a later change could leave its status unchanged."""


def _status(path: Path) -> list[int] | None:
    """What says a file is the one the snapshot saw: device, inode, size, modified, changed."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _unchanged(path: Path, status: Any, written: int) -> bool:
    """The file's status is as recorded, its times well before the snapshot was written."""
    return (type(status) is list and len(status) == 5 and types_of(status) <= {int}
            and status[3] < written - RACY_NS and status[4] < written - RACY_NS
            and _status(path) == status)


def folder() -> Path:
    return cache.cache_dir() / f"libraries-v{FORMAT}"


@dataclass(frozen=True)
class Restored:
    """An index read from a snapshot: which files are in it, which must be loaded again."""

    index: SearchIndex
    good: list[int]
    """Positions (in the library's files) of the briefings in the index, in order."""
    failed: list[int]
    """Positions of the files that did not load when the snapshot was written."""


def load(library: Library) -> Restored | None:
    """The library's snapshot, if there is one and every briefing and source is unchanged."""
    path = folder() / f"{library.key}{SUFFIX}"
    try:
        with open_regular(path, MAX_BYTES) as handle:
            # Mapped, not read: the bitmaps and statement lines are paged in as queries and
            # results need them (snapshots are replaced by renaming, never rewritten in place).
            raw = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        restored = _restore(raw, library, path)
    except Exception:  # noqa: BLE001 - no snapshot, or a bad one: open from the entries
        return None
    if restored is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by the pruning
    return restored


def _restore(raw: bytes | mmap.mmap, library: Library, path: Path) -> Restored | None:
    first = raw.find(b"\n")
    second = raw.find(b"\n", first + 1)
    expect(0 <= first < second)
    header = json.loads(raw[:first])
    head, rest = raw[first + 1 : second], memoryview(raw)[second + 1 :]
    expect(type(header) is dict and header["format"] == FORMAT and header["key"] == library.key
            and header.get("code") == cache.fingerprint())
    rest_hash = _hash_mapped(raw, second + 1) if isinstance(raw, mmap.mmap) else _hash(rest)
    expect(header["head"] == _hash(head) and header["rest"] == rest_hash)
    written = header["written"]
    files = header["files"]
    expect(type(files) is list and len(files) == len(library.files) and type(written) is int)
    good, failed = [], []
    for number, (record, file) in enumerate(zip(files, library.files, strict=False)):
        expect(type(record) is list and len(record) == 4)
        key, status, sources, statuses = record
        if sources is None:
            failed.append(number)  # loaded again by the caller, whatever it holds now
            continue
        # Unchanged by its status (a stat), or by its content (its cache key).
        if not _unchanged(file, status, written) and cache.file_key(file) != key:
            return None
        expect(type(sources) is list and type(statuses) is list
                and len(statuses) == len(sources))
        for source, source_status in zip(sources, statuses, strict=False):
            record = SourceRecord.parse(source)
            if not (_unchanged(file.parent / record.file, source_status, written)
                    or record.unchanged(file)):
                return None
        good.append(number)
    data = json.loads(head)
    expect(type(data) is dict)
    index = index_of(data, rest, lambda: path.unlink(missing_ok=True))
    expect(index.briefings == len(good))
    return Restored(index, good, failed)


def save(library: Library, index: SearchIndex, good: list[int]) -> bool:
    """Write the library's snapshot atomically (``good``: positions of the indexed files)."""
    try:
        written = time.time_ns()
        records: list[list[Any]] = [[key, None, None, None] for key in library.keys]
        for number in good:
            key, path = library.keys[number], library.files[number]
            if key is None:
                return False
            try:
                recorded = cache.entry(key).header()
            except Exception:  # noqa: BLE001 - its entry is gone or bad: nothing to check
                return False
            # Each file's status, taken before its content is checked against what was loaded.
            status = _status(path)
            statuses = [_status(path.parent / record.file) for record in recorded.sources]
            if cache.file_key(path) != key or not recorded.sources_unchanged(path):
                return False  # changed since it was loaded: the next start loads it again
            records[number][1:] = [status, [record.to_json() for record in recorded.sources],
                                   statuses]
        where = folder()
        where.mkdir(parents=True, exist_ok=True)
        # The rest is written to two unnamed files as it is made, then hashed and copied after
        # the header (which holds its hash) a chunk at a time: never all of it in memory.
        with tempfile.TemporaryFile(dir=where) as rest, tempfile.TemporaryFile(dir=where) as lines:
            head, ends = dump(index, rest, lines)

            def pieces() -> Iterator[bytes]:
                yield from chunks(rest)
                yield ends
                yield from chunks(lines)

            header = {"format": FORMAT, "key": library.key, "code": cache.fingerprint(),
                      "written": written, "files": records, "head": _hash(head),
                      "rest": _hash_pieces(pieces())}
            write_atomically(where / f"{library.key}{SUFFIX}",
                             itertools.chain([line(header), b"\n", head, b"\n"], pieces()))
        _prune(where)
        remove_leftovers(where)
        remove_leftovers(cache.entries_dir())
        return True
    except Exception:  # noqa: BLE001 - the snapshot is an optimisation
        return False


def _prune(where: Path) -> None:
    """Keep the :data:`KEEP` most recently used snapshots, and none of an older format."""
    for other in where.parent.glob("libraries-v*"):
        if other != where and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    try:
        found = sorted(where.glob(f"*{SUFFIX}"), key=lambda path: path.stat().st_mtime,
                       reverse=True)
    except OSError:
        return
    for old in found[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def uses() -> dict[str, float]:
    """For each briefing key held by a snapshot, when a snapshot holding it was last used
    (read at the start of a library, or written): what keeps its cache entry from pruning."""
    found: dict[str, float] = {}
    for path in folder().glob(f"*{SUFFIX}"):
        try:
            with open_regular(path, MAX_BYTES) as handle:
                used = os.fstat(handle.fileno()).st_mtime
                header = json.loads(handle.readline(MAX_BYTES))
            for record in header["files"]:
                key = record[0]
                if isinstance(key, str):
                    found[key] = max(found.get(key, 0.0), used)
        except Exception:  # noqa: BLE001 - not a snapshot: it holds nothing
            continue
    return found


def clear() -> int:
    """Delete every library snapshot (of every format); how many there were. Never raises."""
    removed = 0
    try:
        folders = [item for item in cache.cache_dir().iterdir()
                   if item.name.startswith("libraries-v") and item.is_dir()]
    except OSError:
        return 0
    for where in folders:
        removed += sum(1 for _ in where.glob(f"*{SUFFIX}"))
        shutil.rmtree(where, ignore_errors=True)
    return removed


def _hash_mapped(raw: mmap.mmap, start: int, step: int = 1 << 24) -> str:
    """:func:`_hash` of ``raw[start:]``, a piece at a time, each piece's pages given back once
    read: the check reads the whole file without the whole file counting in the process's
    memory (the pages a query needs are read again then, from the page cache)."""
    crc = 0
    view = memoryview(raw)  # read in place, not copied out a piece at a time
    for at in range(start, len(raw), step):
        end = min(at + step, len(raw))
        crc = zlib.crc32(view[at:end], crc)
        page = at - at % mmap.PAGESIZE
        raw.madvise(mmap.MADV_DONTNEED, page, end - page)
    return f"{crc:08x}-{max(0, len(raw) - start)}"


def _hash_pieces(pieces: Iterable[bytes | memoryview]) -> str:
    """:func:`_hash` of the pieces laid end to end (without joining them)."""
    crc, size = 0, 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
    return f"{crc:08x}-{size}"


def _hash(data: bytes | memoryview) -> str:
    """A check against damage (CRC-32, 30 times faster than a cryptographic hash): a forged
    snapshot is refused by the type checks, not by this."""
    return _hash_pieces((data,))
