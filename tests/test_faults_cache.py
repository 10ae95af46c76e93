"""Faults around the cache, the library snapshot and the saved state: the next start must show
exactly what the files say, never hang, and say once what it cannot use.

Each case is an attack of issue 17 that once gave a wrong result, a hang or a silent slowdown.
The oracle is ``briefing quotes`` run in a fresh process (see ``faults.py``) or the library
opened as the reader opens it: the rare word found once, in the right statement; an edited
statement found by its new text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from faults import CODE_ROOT, RARE, environment, ids, library, quotes

from tui.library import ingest, snapshot
from tui.library.entry import CACHE_FORMAT

EXPECTED = [("b03", "lopez-talks")]


def _snapshots(cache: Path) -> list[Path]:
    return sorted(cache.glob("libraries-v*/*.index"))


# ------------------------------------------------------------------ snapshot keyed by the code


def _other_code(folder: Path) -> Path:
    """A copy of the code under test whose word rules differ: a hyphen joins words, so
    "cease-fire" is one word there and "fire" alone is found nowhere."""
    shutil.copytree(CODE_ROOT / "tui", folder / "tui",
                    ignore=shutil.ignore_patterns("__pycache__", "briefings"))
    folding = folder / "tui" / "search" / "folding.py"
    text = folding.read_text(encoding="utf-8")
    assert 'WORD = re.compile(r"\\w+")' in text
    folding.write_text(text.replace('WORD = re.compile(r"\\w+")',
                                    'WORD = re.compile(r"\\w+(?:-\\w+)*")'), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_snapshot_made_by_other_code_is_not_used(tmp_path: Path):
    """An upgrade changing the word rules used the old snapshot (31 results instead of 32),
    and going back used the new one (0 instead of 1)."""
    folder = tmp_path / "lib"
    library(folder)
    cache = tmp_path / "cache"
    other = _other_code(tmp_path / "other")
    cold_here = len(quotes("fire", folder, tmp_path / "cold-here")[0])
    cold_other = len(quotes("fire", folder, tmp_path / "cold-other", code=other)[0])
    assert (cold_here, cold_other) == (12, 0)
    for _ in range(2):  # each start after the other code's
        assert len(quotes("fire", folder, cache)[0]) == cold_here
        assert _snapshots(cache)
        assert len(quotes("fire", folder, cache, code=other)[0]) == cold_other
    assert ids(quotes(RARE, folder, cache)[0]) == EXPECTED


# ------------------------------------------------------------------ the racy window


def _backdate(folder: Path) -> None:
    old = 1_700_000_000
    for path in folder.iterdir():
        os.utime(path, (old, old))


def test_a_same_size_edit_within_a_second_with_its_time_put_back_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """On a file system with one-second timestamps, an edit of the same size made within the
    second the snapshot's statuses were taken, its modification time put back, leaves every
    status as recorded: only the change time being that recent tells. Emulated here: change
    times are those of one coarse tick, taken when the snapshot records them."""
    paths = library(tmp_path / "lib")
    _backdate(tmp_path / "lib")
    real = snapshot._status
    tick: list[int] = []

    def coarse(path: Path) -> list[int] | None:
        status = real(path)
        if status is None:
            return None
        if not tick:
            tick.append(time.time_ns() // 10**9 * 10**9)
        return [*status[:4], tick[0]]

    monkeypatch.setattr(snapshot, "_status", coarse)
    first = ingest.open_library(paths, workers=0)
    assert first is not None and first.save_snapshot()
    before = os.stat(paths[4])
    text = paths[4].read_text(encoding="utf-8")
    edited = text.replace("text: Talks on a", "text: Walks on a")
    assert len(edited) == len(text) and edited != text
    paths[4].write_text(edited, encoding="utf-8")
    os.utime(paths[4], ns=(before.st_atime_ns, before.st_mtime_ns))
    opened = ingest.open_library(paths, workers=0)
    assert opened is not None
    found = [(hit.card.id, hit.statement.id) for hit in opened.index.search("walks").hits()]
    assert found == [("b04", "lopez-talks")], f"opened by {opened.way}: the old text was used"


# ------------------------------------------------------------------ special files


def _fifo_in_place_of(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def test_a_snapshot_that_is_a_fifo_does_not_hang(tmp_path: Path):
    folder, cache = tmp_path / "lib", tmp_path / "cache"
    library(folder)
    quotes(RARE, folder, cache)
    (found,) = _snapshots(cache)
    _fifo_in_place_of(found)
    assert ids(quotes(RARE, folder, cache, timeout=30)[0]) == EXPECTED


def test_a_cache_entry_that_is_a_fifo_does_not_hang(tmp_path: Path):
    folder, cache = tmp_path / "lib", tmp_path / "cache"
    library(folder, count=4)  # too few for a snapshot: the entries are read
    quotes(RARE, folder, cache)
    entries = sorted(cache.glob("briefings-v*/*.entry"))
    assert len(entries) == 4
    for entry in entries:
        _fifo_in_place_of(entry)
    assert ids(quotes(RARE, folder, cache, timeout=30)[0]) == EXPECTED


READ_AND_REPORT = """\
import sys
from tui.cli import main
code = main(sys.argv[1:])
with open("/proc/self/io") as io:
    read = dict(line.split(": ") for line in io.read().splitlines())
print("read", read["rchar"], file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs /proc/self/io")
def test_a_snapshot_linked_to_dev_zero_is_not_read(tmp_path: Path):
    """A snapshot replaced by a symbolic link to /dev/zero was read up to its limit, 1 GiB."""
    folder, cache = tmp_path / "lib", tmp_path / "cache"
    library(folder)
    quotes(RARE, folder, cache)
    (found,) = _snapshots(cache)
    found.unlink()
    found.symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-c", READ_AND_REPORT, "quotes", RARE, str(folder)],
        capture_output=True, text=True, timeout=120, env=environment(cache), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert RARE in result.stdout
    read = int(result.stderr.split("read ")[-1])
    assert read < 64 * 1024 * 1024, f"read {read:,} bytes"


def _in_a_thread(function, *args):
    """Run ``function`` in a daemon thread; its result, or a failure if it is still running
    after 20 seconds (blocked: a hang)."""
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(function(*args)), daemon=True)
    thread.start()
    thread.join(20)
    return thread, outcome


def test_a_saved_state_that_is_a_fifo_does_not_hang(tmp_path: Path):
    """A state.json that is a FIFO froze the reader's first frame, Ctrl+Q and Ctrl+C dead."""
    from tui.reader.state import ReaderState, load_state

    fifo = tmp_path / "state.json"
    os.mkfifo(fifo)
    thread, outcome = _in_a_thread(load_state, fifo)
    if thread.is_alive():  # release it: a writer opens the other end
        with open(fifo, "wb"):
            pass
        thread.join(5)
        pytest.fail("load_state blocked on a FIFO")
    state, notice = outcome[0]
    assert state == ReaderState() and notice and "not a regular file" in notice


# ------------------------------------------------------------------ leftovers


@pytest.mark.slow
def test_temporary_files_left_by_a_killed_write_are_removed(tmp_path: Path):
    """A snapshot write killed half-way left its 12.5 MB ``.part`` file for good."""
    folder, cache = tmp_path / "lib", tmp_path / "cache"
    library(folder)
    quotes(RARE, folder, cache)
    (found,) = _snapshots(cache)
    entries = found.parent.parent / f"briefings-v{CACHE_FORMAT}"
    leftovers = [found.parent / f".{found.name}.4242.deadbeef.part",
                 next(entries.glob("*.entry")).with_name(".x.entry.4242.deadbeef.part")]
    fresh = found.parent / f".{found.name}.4243.cafecafe.part"  # a write going on now
    hour_ago = time.time() - 3600
    for path in [*leftovers, fresh]:
        path.write_bytes(b"\0" * 100_000)
    for path in leftovers:
        os.utime(path, (hour_ago, hour_ago))
    found.unlink()  # the write was killed: no snapshot
    assert ids(quotes(RARE, folder, cache)[0]) == EXPECTED
    assert ids(quotes(RARE, folder, cache)[0]) == EXPECTED
    assert [path for path in leftovers if path.exists()] == []
    assert fresh.exists(), "a write that may still be going on is left alone"


# ------------------------------------------------------------------ an unusable cache folder


@pytest.mark.slow
def test_a_cache_path_that_is_a_file_is_said_once_and_loads_work(tmp_path: Path):
    """A cache path that is a file made every start cold with nothing said."""
    folder = tmp_path / "lib"
    library(folder)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    for cache in (blocker, blocker / "cache"):
        for _ in range(2):
            found, errors = quotes(RARE, folder, cache)
            assert ids(found) == EXPECTED
            said = [line for line in errors.splitlines() if "cache" in line]
            assert len(said) == 1 and str(cache) in said[0], errors
            assert errors.count("\n") == 1, errors


SITE = """\
import os
log = os.environ.get("BRIEFING_TEST_LOAD_LOG")
if log:
    import tui.format.loader as loader
    real = loader.load
    def load(path, **options):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{path}\\n")
        return real(path, **options)
    loader.load = load
"""


@pytest.mark.slow
def test_an_unusable_cache_loads_every_file_once(tmp_path: Path):
    """With the cache unwritable, each file was loaded by a worker and then again by the
    reader (7.0 s instead of 3.6 s)."""
    folder = tmp_path / "lib"
    paths = library(folder, count=20)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    log = tmp_path / "loads.log"
    result = subprocess.run(
        [sys.executable, "-m", "tui", "quotes", RARE, str(folder), "--json"],
        capture_output=True, text=True, timeout=120,
        env=environment(blocker / "cache", path=str(site), BRIEFING_TEST_LOAD_LOG=str(log)),
        cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    loads = log.read_text(encoding="utf-8").splitlines()
    # Every file once to build the index, and b03 once more: the result printed needs its
    # whole document, and there is no cache entry to read it from.
    assert sorted(loads) == sorted([*map(str, paths), str(paths[3])])


async def test_the_reader_says_once_that_the_cache_cannot_be_used(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    from helpers import loaded

    from tui.reader.app import BriefingApp

    folder = tmp_path / "lib"
    library(folder)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocker))
    app = BriefingApp(sorted(folder.glob("*.yaml")), restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.pause(0.3)
        said = [n.message for n in app._notifications if "cache" in n.message]
        assert len(said) == 1 and str(blocker) in said[0], said
        assert app.quotes_view.index is not None
        assert app.quotes_view.index.search(RARE).count == 1


@pytest.mark.parametrize("peek", ["quick_title", "peek_title"])
def test_a_briefing_that_is_a_fifo_does_not_hang_the_first_frame(tmp_path: Path, peek: str):
    """The reader paints the first file's title before loading it: a FIFO there blocked."""
    from tui.library import files

    fifo = tmp_path / "a.yaml"
    os.mkfifo(fifo)
    thread, outcome = _in_a_thread(getattr(files, peek), fifo)
    if thread.is_alive():
        with open(fifo, "wb"):
            pass
        thread.join(5)
        pytest.fail(f"{peek} blocked on a FIFO")
    assert outcome == [None]


def test_a_file_name_that_is_not_utf8_does_not_lose_the_state(tmp_path: Path):
    """Quitting with a briefing open whose file name is not UTF-8 lost the state
    ("surrogates not allowed")."""
    from tui.reader.state import ReaderState, load_state, save_state

    name = os.fsdecode(b"caf\xe9.yaml")  # Latin-1 bytes: a surrogate escape in Python
    state = ReaderState(briefing_path=str(tmp_path / name), view="countries", country="ES",
                        searches=("café",))
    assert save_state(state, tmp_path / "state.json") is None
    assert load_state(tmp_path / "state.json") == (state, None)
