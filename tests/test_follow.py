"""Following saved files (headless): what is watched, every way editors save, and a reload."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from helpers import BRIEFING, SOURCE, write_briefing

from tui.format.loader import load
from tui.library.follow import follow, reload, watched

WAIT = 20.0
"""Seconds to wait for a save to be reported before the test fails (never a timing claim)."""


@pytest.fixture
def library(tmp_path):
    """A folder with the test briefing, its source, and many other files nobody follows."""
    path = write_briefing(tmp_path / "lib")
    for number in range(200):
        (tmp_path / "lib" / f"other{number}.yaml").write_text("x")
    return path


@pytest.fixture
def reports(library):
    """Follow the test briefing in a thread; yields the queue of what it reports."""
    found: queue.Queue[set[Path]] = queue.Queue()
    stop = threading.Event()
    files = watched([load(library)])
    thread = threading.Thread(target=follow, args=(files, stop, found.put), daemon=True)
    thread.start()
    _until_watching(found, library)
    yield found
    stop.set()
    thread.join(timeout=WAIT)
    assert not thread.is_alive(), "the watcher did not stop when told to"


def _until_watching(found: queue.Queue, library: Path) -> None:
    """Save the followed file until a save is reported (the watch is set up in the thread),
    then until no more reports come."""
    for _ in range(int(WAIT / 0.5)):
        library.write_text(library.read_text())
        try:
            found.get(timeout=0.5)
            break
        except queue.Empty:
            continue
    else:
        pytest.fail("the watcher never reported a save")
    while True:
        try:
            found.get(timeout=0.5)
        except queue.Empty:
            return


def reported(found: queue.Queue) -> set[Path]:
    try:
        return found.get(timeout=WAIT)
    except queue.Empty:
        pytest.fail("the save was not reported")


def nothing_more(found: queue.Queue, library: Path) -> None:
    """No other report is pending: a save of the followed file now is the next one."""
    library.write_text(library.read_text())
    assert reported(found) == {library}
    assert found.empty()


def test_what_is_followed_is_each_briefing_and_its_sources(tmp_path):
    path = write_briefing(tmp_path / "a")
    files = watched([load(path)])
    assert files.briefings_of([str(path)]) == {path}
    assert files.briefings_of([str(path.parent / "source.txt")]) == {path}
    assert files.briefings_of([str(path.parent / "other.txt")]) == set()
    assert files.folders == [os.path.abspath(path.parent)]


def test_a_symbolic_link_is_followed_to_its_file(tmp_path):
    real = write_briefing(tmp_path / "real")
    link = tmp_path / "real" / "link.yaml"
    link.symlink_to(real)
    files = watched([load(link)])
    assert files.briefings_of([str(real)]) == {link}
    assert files.briefings_of([str(link)]) == {link}


def test_a_save_in_place_is_reported(reports, library):
    library.write_text(BRIEFING.replace("A test briefing", "Saved in place"))
    assert reported(reports) == {library}


def test_an_atomic_rename_save_is_reported(reports, library):
    temporary = library.parent / ".test.yaml.tmp"
    temporary.write_text(BRIEFING.replace("A test briefing", "Renamed into place"))
    os.replace(temporary, library)
    assert reported(reports) == {library}
    nothing_more(reports, library)


def test_a_saved_source_text_is_reported_for_its_briefing(reports, library):
    (library.parent / "source.txt").write_text(SOURCE + "\nMore.\n")
    assert reported(reports) == {library}


def test_other_files_of_the_folder_are_not_reported(reports, library):
    for number in range(20):
        (library.parent / f"other{number}.yaml").write_text("changed")
    (library.parent / "new.yaml").write_text("new")
    nothing_more(reports, library)


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
@pytest.mark.parametrize("backupcopy", ["yes", "no"])
def test_vim_saves_are_reported(reports, library, backupcopy):
    """backupcopy=no renames the file away and writes a new one (a new inode)."""
    subprocess.run(
        ["vim", "-Es", "-u", "NONE", "-N", "-i", "NONE", "-c",
         f"set backupcopy={backupcopy} writebackup backup backupdir=.", "-c",
         "%s/A test briefing/Saved by vim/", "-c", "wq", str(library)],
        check=True, timeout=60, cwd=library.parent, stdin=subprocess.DEVNULL)
    assert "Saved by vim" in library.read_text()
    assert reported(reports) == {library}
    nothing_more(reports, library)


def test_nothing_to_follow_returns_at_once(tmp_path):
    from tui.library.follow import Watched

    follow(Watched({}), threading.Event(), lambda found: None)


def test_a_reload_gives_the_new_document_or_the_problems(tmp_path):
    path = write_briefing(tmp_path)
    good = reload(path)
    assert good.document is not None and good.segment is not None and not good.problems
    path.write_text(BRIEFING.replace("title: A test briefing", "title: [unclosed"))
    bad = reload(path)
    assert bad.document is None and bad.segment is None
    assert bad.problems and bad.problems[0].line >= 3
    assert str(bad.problems[0]).startswith(f"{path}:{bad.problems[0].line}:")
    assert bad.started >= good.started
    # A source edit that drops quoted words is caught: the evidence is verified again.
    (tmp_path / "source.txt").write_text(SOURCE.replace("would hurt everyone", "would hurt"))
    path.write_text(BRIEFING)
    stale = reload(path)
    assert stale.document is None
    assert any("not found in source" in p.message for p in stale.problems)
