"""Reading the files the library keeps (cache entries, snapshots, the reader's state): regular
files only, of a bounded size.

A path in the cache or state folder is not trusted to be what it should be: a FIFO there would
block ``open`` for ever, a symbolic link to ``/dev/zero`` would read without end, a link to a
huge file would fill the memory. So every such file is opened with ``O_NONBLOCK`` (opening a
FIFO then returns at once), checked with ``fstat`` on the descriptor itself (no race between
the check and the read) to be a regular file, and read up to a limit.

This module is headless: no Textual.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotRegular(OSError):
    """The path is not a regular file (a folder, a FIFO, a device, a socket)."""


class TooLarge(OSError):
    """The file is larger than the limit it is read with."""


def open_regular(path: Path | str, limit: int | None = None) -> BinaryIO:
    """``path`` opened for reading, once it is known to be a regular file of at most ``limit``
    bytes (any size without one); raises :class:`FileNotFoundError`, :class:`NotRegular`,
    :class:`TooLarge` or another :class:`OSError`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"{path} is not a regular file")
        if limit is not None and info.st_size > limit:
            raise TooLarge(f"{path} is {info.st_size:,} bytes; the limit is {limit:,}")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`open_regular`); a file
    that grew past the limit while it was read raises :class:`TooLarge`."""
    with open_regular(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{path} is larger than {limit:,} bytes")
    return data


def read_regular_or_none(path: Path | str, limit: int) -> bytes | None:
    """:func:`read_regular`, or None for any problem (missing, not regular, too large ...)."""
    try:
        return read_regular(path, limit)
    except (OSError, ValueError):
        return None
