"""Helpers shared by the reader figures (``search``, ``app_search``, ``app_load``).

Not a figure module (its name starts with ``_``, so :mod:`bench.figures` does not import it as
one): a warm briefing cache for benchmarks, libraries whose last file holds a marker word, a tmux
server of our own, and process memory readings.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..harness import CACHE, REPO, Context

READER_CACHES = CACHE / "reader-cache"
"""Where :func:`reader_cache` keeps its folders."""

STALE_AFTER = 3600.0
"""A reader cache folder of other code untouched for this many seconds is deleted."""


def reader_cache() -> Path:
    """``BRIEFING_CACHE_DIR`` for the figures that want a warm cache, kept between runs.

    The reader's cache keys its entries by the code of the briefing format, so an edit of
    ``tui/`` makes every entry stale (about 80 MB for the 1,000-file library). The folder is
    named by a fingerprint of that code, and folders of other fingerprints that no run has used
    for an hour are deleted.
    """
    import hashlib

    try:
        from tui.library.cache import _salt  # what the reader's cache keys hold besides the file

        fingerprint = hashlib.sha1(_salt()).hexdigest()[:12]
    except (ImportError, AttributeError):
        digest = hashlib.sha1()
        for path in sorted((REPO / "tui").glob("*.py")):
            digest.update(path.read_bytes())
        fingerprint = digest.hexdigest()[:12]
    folder = READER_CACHES / fingerprint
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)  # in use: not stale for runs of other code
    now = time.time()
    for other in READER_CACHES.iterdir():
        try:
            if other != folder and other.is_dir() and now - other.stat().st_mtime > STALE_AFTER:
                shutil.rmtree(other, ignore_errors=True)
        except OSError:
            pass
    return folder

MARKER = "quokkamarker"
"""A word the generator never writes: added to one statement of a library's last file."""

COLUMNS, ROWS = 120, 40


def briefing_command() -> Path | None:
    """The installed ``briefing`` command next to the running interpreter, if there is one."""
    path = Path(sys.executable).parent / "briefing"
    return path if path.exists() else None


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a block (restoring the old values)."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_note() -> str:
    """The machine's load average: benchmarks on a shared machine are only as quiet as it is."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return ""
    return f"load avg {one:.1f}/{os.cpu_count()} CPUs"


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile of ``values``, nearest rank (p99 of 200 samples is the 2nd
    largest)."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered) - 1e-9)))
    return ordered[rank - 1]


# ---------------------------------------------------------------------------------- memory


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size of a process (``VmRSS``), in MB (10^6 bytes)."""
    return _status_kb(pid, "VmRSS") * 1024 / 1e6


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident set size of a process (``VmHWM``), in MB (10^6 bytes)."""
    return _status_kb(pid, "VmHWM") * 1024 / 1e6


def _status_kb(pid: int | str, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


# ---------------------------------------------------------------------------------- libraries


def marked_library(ctx: Context, files: int, statements: int = 100) -> Path:
    """A copy of a generated library whose LAST file has :data:`MARKER` in one statement.

    Searching for the marker gives exactly one result, and only once the last file is loaded
    and indexed. The copy is hard links to the cached library (the last briefing rewritten), kept
    next to it, so it costs nothing after the first run.
    """
    source = ctx.library(files, statements)
    folder = CACHE / f"{source.folder.name}-marked"
    if (folder / ".complete").is_file():
        return folder
    partial = Path(tempfile.mkdtemp(prefix=f".partial-{folder.name}-", dir=CACHE))
    briefings = sorted(source.folder.glob("*.yaml"))
    last = briefings[-1]
    for path in source.folder.iterdir():
        if path.name.startswith("."):
            continue
        target = partial / path.name
        if path == last:
            target.write_text(_with_marker(path.read_text(encoding="utf-8")), encoding="utf-8")
            continue
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
    from tui.format.loader import load

    load(partial / last.name)  # raises if the marked briefing is not valid
    (partial / ".complete").write_text(f"{files} files, marker {MARKER!r} in {last.name}\n")
    try:
        partial.rename(folder)
    except OSError:  # made meanwhile by another run: use that one
        shutil.rmtree(partial, ignore_errors=True)
    return folder


def _with_marker(text: str) -> str:
    """The briefing with :data:`MARKER` at the start of its first reported statement's text."""
    pattern = re.compile(r'^(    kind: reported\n    text: ")', re.MULTILINE)
    marked, count = pattern.subn(lambda m: m.group(1) + MARKER.capitalize() + ": ", text, count=1)
    if count != 1:
        raise RuntimeError("no reported statement to mark in the last briefing")
    return marked


def title_of(path: Path, length: int = 30) -> str:
    """The first ``length`` characters of a briefing's title (what the reader paints first)."""
    import yaml

    with path.open(encoding="utf-8") as handle:
        return str(yaml.safe_load(handle)["title"])[:length]


# ---------------------------------------------------------------------------------- tmux


class Tmux:
    """A tmux server on a private socket, so nobody else's sessions are touched.

    Started before the first measurement (its own start-up is never counted); ``stop`` kills only
    this server.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"briefing-bench-{os.getpid()}-{id(self):x}"
        self.env = env
        self.started = False
        self.socket_path = ""

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=check)

    def start(self) -> None:
        self("new-session", "-d", "-s", "keepalive", "-x", str(COLUMNS), "-y", str(ROWS),
             "sleep 86400")
        self.started = True
        self.socket_path = self("display-message", "-p", "#{socket_path}").stdout.strip()
        self("set-option", "-g", "remain-on-exit", "on")
        # Run the reader as installed: pip compiles the package's bytecode when it installs it,
        # so an environment that forbids writing bytecode would make an editable checkout
        # compile every module at every start (about 0.15 s), which no installed reader does.
        self("set-environment", "-g", "-u", "PYTHONDONTWRITEBYTECODE", check=False)

    def stop(self) -> None:
        if self.started:
            self("kill-server", check=False)
            self.started = False
            if self.socket_path:
                Path(self.socket_path).unlink(missing_ok=True)

    def launch(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> float:
        """Start ``argv`` in a new session (120x40); return the perf_counter just before.

        The command runs through ``sh -c`` with ``COLUMNS`` and ``LINES`` unset (Textual would
        take the size from them) and ``exec``, so the pane's process is the program itself.
        """
        merged = {**self.env, **(env or {})}
        pairs = [arg for key, value in merged.items() for arg in ("-e", f"{key}={value}")]
        command = "unset COLUMNS LINES; exec " + " ".join(_quote(arg) for arg in argv)
        began = time.perf_counter()
        self("new-session", "-d", "-s", name, "-x", str(COLUMNS), "-y", str(ROWS), *pairs,
             "-c", str(REPO), command)
        return began

    def screen(self, name: str) -> tuple[str, bool]:
        """The pane's text, and whether its program has exited."""
        out = self("capture-pane", "-p", "-t", name, ";",
                   "display-message", "-p", "-t", name, "#{pane_dead}", check=False).stdout
        screen, _, dead = out.rstrip("\n").rpartition("\n")
        return screen, dead.strip() == "1"

    def wait_for(self, name: str, found, began: float, timeout: float,
                 poll: float = 0.0) -> tuple[float, str]:
        """Poll until ``found(screen)`` is true; seconds since ``began`` and the screen.

        Raises RuntimeError (with the last lines of the screen) on timeout or if the program
        died. ``poll`` is the sleep between captures (a capture itself takes about 3 ms).
        """
        while True:
            screen, dead = self.screen(name)
            now = time.perf_counter()
            if found(screen):
                return now - began, screen
            if dead:
                raise RuntimeError(f"the reader exited: {last_lines(screen)}")
            if now - began > timeout:
                raise RuntimeError(f"timed out after {timeout:.0f} s: {last_lines(screen)}")
            if poll:
                time.sleep(poll)

    def send(self, name: str, *keys: str, literal: bool = False) -> None:
        args = ["send-keys", "-t", name, *(["-l"] if literal else []), *keys]
        self(*args)

    def pid(self, name: str) -> int | None:
        """The pane's process id (the program, thanks to ``exec``)."""
        text = self("display-message", "-p", "-t", name, "#{pane_pid}", check=False).stdout
        try:
            return int(text.strip())
        except ValueError:
            return None

    def quit(self, name: str, timeout: float = 60.0) -> bool:
        """Quit the reader as a user does (Ctrl+Q) and wait until it has exited, so the work it
        finishes on the way out (the library snapshot) is done; False if it did not exit."""
        self.send(name, "C-q")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.screen(name)[1]:
                return True
            time.sleep(0.05)
        return False

    def close(self, name: str) -> None:
        """End a session and wait (up to 10 s) for its program to be gone."""
        pid = self.pid(name)
        self("kill-session", "-t", name, check=False)
        if pid is None:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except (ProcessLookupError, PermissionError):
                break
            time.sleep(0.02)
        time.sleep(0.05)


def python_pid(pid: int) -> int:
    """``pid`` if it is the Python process, else its first Python child (a shell in between)."""
    for candidate in [pid, *_children(pid)]:
        try:
            command = Path(f"/proc/{candidate}/cmdline").read_bytes()
        except OSError:
            continue
        if b"python" in command or b"briefing" in command:
            return candidate
    return pid


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def last_lines(screen: str, count: int = 3) -> str:
    lines = [line.strip() for line in screen.splitlines()
             if line.strip() and not line.startswith("Pane is dead")]
    return " | ".join(lines[-count:]) or "(blank screen)"


def has_line(screen: str, text: str) -> bool:
    """Whether a line of the screen, stripped, is exactly ``text`` (``"1 of"`` must not match
    ``"81 of"``)."""
    return any(line.strip() == text for line in screen.splitlines())


def line_starting(screen: str, prefix: str) -> bool:
    """Whether a line of the screen, stripped, starts with ``prefix``."""
    return any(line.strip().startswith(prefix) for line in screen.splitlines())


def which(program: str) -> bool:
    return shutil.which(program) is not None
