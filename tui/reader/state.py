"""The reader's state between runs: last briefing, view, selected country, recent searches,
the theme.

The state is a small JSON file in the user's state folder (``platformdirs.user_state_dir``), or
in ``$BRIEFING_STATE_DIR`` when that is set. It is untrusted input like any file: loading never
raises; a file that cannot be read or does not hold a valid state is ignored with a notice, and
the reader starts fresh. Only a regular file is read (a FIFO or a device in its place is refused
without blocking, see :mod:`tui.library.regular`). Saving is atomic (a temporary file in the same folder, flushed to disk,
then renamed over the old one), so a crash or a concurrent run never leaves a half-written file;
a folder that cannot be written gives a notice, not an exception.

This module is headless: no Textual, no pydantic.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tui.library.atomic import write_atomically
from tui.library.regular import NotRegular, TooLarge, read_regular

STATE_FORMAT = 1
"""Version of the state file's layout."""

STATE_FILE = "state.json"
ENV_DIR = "BRIEFING_STATE_DIR"
"""Environment variable naming the folder of the state file (overrides the platform default)."""

MAX_STATE_BYTES = 64 * 1024
"""Largest state file read; a valid one is a few kilobytes at most."""
MAX_SEARCHES = 20
"""Recent searches kept."""
MAX_SEARCH_CHARS = 500
MAX_PATH_CHARS = 4096
MAX_ID_CHARS = 200
MAX_VIEW_CHARS = 40
MAX_COUNTRY_CHARS = 8
MAX_THEME_CHARS = 64

def _dedupe(searches: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Searches without blanks or repeats (the first occurrence wins), at most ``MAX_SEARCHES``."""
    seen: set[str] = set()
    kept: list[str] = []
    for search in searches:
        search = search.strip()
        if not search or search in seen:
            continue
        seen.add(search)
        kept.append(search[:MAX_SEARCH_CHARS])
        if len(kept) == MAX_SEARCHES:
            break
    return tuple(kept)


@dataclass(frozen=True)
class ReaderState:
    """What the reader remembers between runs."""

    briefing_path: str | None = None
    """The file of the briefing last shown."""
    briefing_id: str | None = None
    """The id of that briefing (to find it again if the library was moved)."""
    view: str = "summary"
    """The view last shown: ``summary``, ``countries``, ``quotes``, ``source``, ..."""
    country: str | None = None
    """The selected country's code, e.g. ``"FR"``."""
    searches: tuple[str, ...] = field(default=())
    """Recent searches, most recent first, without repeats, at most ``MAX_SEARCHES``."""
    theme: str | None = None
    """The theme chosen in the command palette (None: the default; a file without it is valid)."""

    def __post_init__(self) -> None:
        if isinstance(self.briefing_path, os.PathLike):
            object.__setattr__(self, "briefing_path", os.fspath(self.briefing_path))
        if not isinstance(self.searches, tuple) or len(set(self.searches)) != len(self.searches) or (
            len(self.searches) > MAX_SEARCHES
        ):
            object.__setattr__(self, "searches", _dedupe(list(self.searches)))

    def with_search(self, query: str) -> ReaderState:
        """The state with ``query`` as the most recent search (moved to the front if repeated)."""
        query = query.strip()
        if not query:
            return self
        return replace(self, searches=_dedupe([query, *self.searches]))

    def to_json(self) -> dict[str, Any]:
        """The state as the JSON object saved."""
        return {
            "format": STATE_FORMAT,
            "briefing_path": self.briefing_path,
            "briefing_id": self.briefing_id,
            "view": self.view,
            "country": self.country,
            "searches": list(self.searches),
            "theme": self.theme,
        }


class _Invalid(Exception):
    """The state file does not hold a valid state (the message says why)."""


def state_dir() -> Path:
    """The folder of the state file: ``$BRIEFING_STATE_DIR`` or the platform's state folder."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_dir("briefing", appauthor=False))


def state_path() -> Path:
    """Where the state is saved."""
    return state_dir() / STATE_FILE


def _optional_text(data: dict[str, Any], key: str, limit: int) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Invalid(f"'{key}' is {type(value).__name__}, not text")
    if len(value) > limit:
        raise _Invalid(f"'{key}' is longer than {limit:,} characters")
    if "\x00" in value:
        raise _Invalid(f"'{key}' contains a NUL character")
    return value or None


def _parse(data: Any) -> ReaderState:
    if not isinstance(data, dict):
        raise _Invalid(f"it holds {type(data).__name__ if data is not None else 'null'}, not an object")
    version = data.get("format", STATE_FORMAT)
    if type(version) is not int:
        raise _Invalid("'format' is not a number")
    if version != STATE_FORMAT:
        raise _Invalid(f"it is format {version}; this version reads format {STATE_FORMAT}")
    view = _optional_text(data, "view", MAX_VIEW_CHARS) or ReaderState.view
    searches = data.get("searches", [])
    if not isinstance(searches, list):
        raise _Invalid(f"'searches' is {type(searches).__name__}, not a list")
    for search in searches:
        if not isinstance(search, str):
            raise _Invalid(f"a search is {type(search).__name__}, not text")
    return ReaderState(
        briefing_path=_optional_text(data, "briefing_path", MAX_PATH_CHARS),
        briefing_id=_optional_text(data, "briefing_id", MAX_ID_CHARS),
        view=view,
        country=_optional_text(data, "country", MAX_COUNTRY_CHARS),
        searches=_dedupe(searches[: MAX_SEARCHES * 4]),
        theme=_optional_text(data, "theme", MAX_THEME_CHARS),
    )


def load_state(path: Path | str | None = None) -> tuple[ReaderState, str | None]:
    """The saved state and a notice, or the default state (and a notice if the file was bad).

    Never raises: a missing file is a first run (no notice); an unreadable, oversized or invalid
    file gives the default state and a notice saying why it was ignored.
    """
    try:
        path = Path(path) if path is not None else state_path()
        try:
            raw = read_regular(path, MAX_STATE_BYTES)
        except FileNotFoundError:
            return ReaderState(), None
        except NotRegular:
            raise _Invalid(f"cannot read {path}: not a regular file") from None
        except TooLarge:
            raise _Invalid(f"{path} is larger than {MAX_STATE_BYTES:,} bytes") from None
        except OSError as error:
            raise _Invalid(f"cannot read {path}: {error.strerror or error}") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise _Invalid(f"{path} is not UTF-8") from None
        except (ValueError, RecursionError) as error:
            raise _Invalid(f"{path} is not valid JSON ({error})") from None
        return _parse(data), None
    except _Invalid as error:
        return ReaderState(), f"Ignored the saved state ({error}): starting fresh"
    except Exception as error:  # noqa: BLE001 - the saved state must never stop the reader
        return ReaderState(), (
            f"Ignored the saved state ({type(error).__name__}: {error}): starting fresh"
        )


def save_state(state: ReaderState, path: Path | str | None = None, *,
               wait_for_disk: bool = True) -> str | None:
    """Write the state atomically and durably; return ``None``, or a notice if it could not be
    saved.

    ``wait_for_disk`` False (quitting): the file is replaced at once (the next start reads it)
    and flushed to disk by a thread that the exit does not wait for. On a busy disk the flush
    took over a second, between the quit key and the shell's prompt.
    """
    try:
        path = Path(path) if path is not None else state_path()
        try:
            data = (json.dumps(state.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
        except UnicodeEncodeError:  # a file name that is not UTF-8: escaped, it reads back
            data = (json.dumps(state.to_json(), indent=2) + "\n").encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data, durable=wait_for_disk)
        if not wait_for_disk:
            import threading

            from tui.library.atomic import flush_to_disk

            threading.Thread(target=flush_to_disk, args=(path,), daemon=True,
                             name="flush-state").start()
        return None
    except Exception as error:  # noqa: BLE001 - failing to save must never crash the reader
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = path if path is not None else "the state folder"
        return f"Could not save the reader's state to {where} ({reason})"
