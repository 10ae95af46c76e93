"""The cache kept in bounds: entries unused for 30 days or beyond the size cap are pruned, and
``briefing cache --info`` / ``--clear`` show and empty it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from faults import RARE, library

from tui.cli import main
from tui.library import cache, ingest, snapshot, upkeep

DAY = 86400


def _entries() -> dict[str, Path]:
    return {path.name[: -len(cache.SUFFIX)]: path
            for path in cache.entries_dir().glob(f"*{cache.SUFFIX}")}


def _age(paths, days: float) -> None:
    then = time.time() - days * DAY
    for path in paths:
        os.utime(path, (then, then))


def _open(paths: list[Path]) -> ingest.Opened:
    opened = ingest.open_library(paths, workers=0)
    assert opened is not None
    opened.save_snapshot()
    return opened


def _edit(path: Path, number: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Briefing number", f"title: Edit {number} of briefing"),
                    encoding="utf-8")


def test_entries_left_behind_by_edits_are_pruned_after_30_days(tmp_path: Path):
    """A 24 MB library's cache reached 58 MB after four edits, and was never pruned."""
    paths = library(tmp_path / "lib")
    _open(paths)
    for number in range(4):
        _edit(paths[number], number)
        _open(paths)
    assert len(_entries()) == len(paths) + 4
    _age(_entries().values(), 31)  # the library is opened again, a month later: its
    _open(paths)  # snapshot is used (so its entries are), the old entries are not
    assert len(_entries()) == len(paths) + 4
    pruned = upkeep.prune()
    assert pruned.entries == 4
    assert set(_entries()) == set(snapshot.Library(paths).keys)
    assert _open(paths).index.search(RARE).count == 1


def test_entries_read_recently_are_kept(tmp_path: Path):
    paths = library(tmp_path / "lib", count=3)  # no snapshot: the entries themselves are read
    _open(paths)
    _age(_entries().values(), 31)
    _open(paths)  # read: marked as used
    assert upkeep.prune().entries == 0
    _age(_entries().values(), 31)
    assert upkeep.prune().entries == 3
    assert _entries() == {}


def test_beyond_the_size_cap_the_least_recently_used_go_first(tmp_path: Path):
    paths = library(tmp_path / "lib", count=4)
    _open(paths)
    entries = _entries()
    keys = [cache.file_key(path) for path in paths]
    for days, key in enumerate(keys):  # b00 used today, b03 three days ago
        _age([entries[key]], days)
    size = entries[keys[0]].stat().st_size
    pruned = upkeep.prune(max_bytes=2 * size + size // 2)
    assert pruned.entries == 2
    assert set(_entries()) == set(keys[:2])


def test_the_size_cap_keeps_every_entry_of_the_library_used_last(tmp_path: Path):
    """A library whose entries alone pass the cap (1.6 GB at 1,000,000 statements, against
    1 GiB) lost 45% of them at its first pruning, and parsed those files again the next time
    it opened without its snapshot. Now only the entries it does not use go, oldest first."""
    paths = library(tmp_path / "lib")
    _open(paths)
    _edit(paths[0], 0)
    _open(paths)  # a new snapshot; b00's old entry is held by the older snapshot only
    current = set(snapshot.Library(paths).keys)
    stray = set(_entries()) - current
    assert len(stray) == 1
    size = sum(path.stat().st_size for path in _entries().values())
    pruned = upkeep.prune(max_bytes=size // 4)
    assert pruned.entries == 1
    assert set(_entries()) == current
    _age(_entries().values(), 31)  # unused for a month, and its snapshot too: the age rule
    for path in snapshot.folder().glob("*"):  # still applies
        os.utime(path, (time.time() - 31 * DAY,) * 2)
    assert upkeep.prune(max_bytes=size // 4).entries == len(paths)


def test_pruning_runs_at_most_once_a_day(tmp_path: Path):
    paths = library(tmp_path / "lib", count=2)
    _open(paths)  # pruned now, after opening
    assert (cache.cache_dir() / upkeep.STAMP).exists()
    assert upkeep.prune_if_due() is None
    assert upkeep.prune_if_due(time.time() + 2 * DAY) is not None


def test_cache_info_and_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    paths = library(tmp_path / "lib")
    _open(paths)
    assert main(["cache", "--info"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"folder:     {cache.cache_dir()}"
    assert lines[1].startswith(f"entries:    {len(paths)} (") and "KiB" in lines[1]
    assert lines[2].startswith("snapshots:  1 (")
    assert main(["cache"]) == 0
    assert capsys.readouterr().out.splitlines() == lines
    assert main(["cache", "--clear"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"removed {len(paths)} entries and 1 snapshot from {cache.cache_dir()}")
    assert _entries() == {} and not list(snapshot.folder().glob("*"))
    main(["cache"])
    assert "entries:    0 (0 bytes)" in capsys.readouterr().out
    assert _open(paths).index.search(RARE).count == 1


def test_cache_info_of_a_folder_that_cannot_be_used(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocker / "cache"))
    assert main(["cache"]) == 0
    assert f"problem:    {blocker} is not a folder" in capsys.readouterr().out
    assert main(["cache", "--clear"]) == 0
