"""One atomic file write for everything the project writes: exports, cache entries,
library snapshots and the reader's state.

The data goes to a temporary file in the same folder (named ``.NAME.PID.RANDOM.part``, so a
write killed half-way leaves a file that is recognisably a leftover), which is then renamed
over the target: a reader sees the old file or the new one, never half of one. A path that
exists and is not a regular file (a device, a FIFO, a symbolic link, a folder) is refused
rather than replaced: ``-o /dev/stdout`` or a link someone planted must never become a file.
An existing file that is read-only is refused too (:class:`ReadOnlyFile`), also for root, who
could write it: a file its owner marked read-only is not silently replaced.

Temporary files older than :data:`LEFTOVER_SECONDS` are leftovers of a write that was killed;
:func:`remove_leftovers` deletes them from a folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Iterable
from pathlib import Path

PART_SUFFIX = ".part"
"""The suffix of temporary files (see :func:`remove_leftovers`)."""
LEFTOVER_SECONDS = 120
"""A temporary file this old is no write in progress (the largest, a library snapshot, takes
a second or two)."""


class NotARegularFile(OSError):
    """The target exists and is not a regular file: it is not replaced."""


class ReadOnlyFile(OSError):
    """The target is a file without write permission for its owner: it is not replaced."""


def write_atomically(path: Path, data: bytes | Iterable[bytes | memoryview], *,
                     durable: bool = False) -> None:
    """Write ``data`` (bytes, or pieces written one after the other) to ``path`` atomically;
    raise :class:`OSError` if it cannot be written.

    ``durable``: flush the file and the folder to disk before returning (the user's state and
    exports; the cache can do without). A new file gets the usual permissions (0666 less the
    umask); an existing one keeps its mode.
    """
    folder = path.parent
    mode = 0o666
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{path} exists and is not a regular file; not replacing it")
        if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise ReadOnlyFile(f"{path} is read-only; not replacing it")
        mode = info.st_mode & 0o7777
    temporary = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{PART_SUFFIX}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode != 0o666:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_folder(folder)


def flush_to_disk(path: Path) -> None:
    """Flush a file written without ``durable`` and its folder to disk (best effort: never
    raises)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush a rename to disk where the platform allows it (best effort)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def remove_leftovers(folder: Path, older_than: float = LEFTOVER_SECONDS) -> int:
    """Delete the temporary files of writes killed half-way (see :data:`PART_SUFFIX`) that are
    older than ``older_than`` seconds from ``folder``; how many were removed. Never raises."""
    removed = 0
    limit = time.time() - older_than
    try:
        with os.scandir(folder) as found:
            for item in found:
                if not (item.name.startswith(".") and item.name.endswith(PART_SUFFIX)):
                    continue
                try:
                    if item.is_file(follow_symlinks=False) and item.stat(
                            follow_symlinks=False).st_mtime < limit:
                        os.unlink(item.path)
                        removed += 1
                except OSError:
                    pass
    except OSError:
        pass
    return removed
