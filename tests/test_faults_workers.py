"""Faults around the worker processes: a file that never finishes loading must not keep the
reader from quitting, nor keep a core busy once the reader is gone.

A worker is made to hang on one file through a ``sitecustomize`` module on the children's
PYTHONPATH (the loader's ``load`` sleeps on that file), as a file whose evidence matching took
minutes did.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from faults import RARE, environment, library

from tui.library import ingest, pool

HANG = """\
import os, time
hang = os.environ.get("BRIEFING_TEST_HANG")
if hang:
    import tui.format.loader as loader
    real = loader.load
    def load(path, **options):
        if str(path).endswith(hang):
            with open(os.environ["BRIEFING_TEST_PIDS"], "a") as handle:
                handle.write(f"{os.getpid()}\\n")
            time.sleep(3600)
        return real(path, **options)
    loader.load = load
"""


@pytest.fixture
def hanging(tmp_path: Path):
    """Where the children find the hanging loader; the pids of the workers that hung (killed
    at the end, whatever the test found)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(HANG, encoding="utf-8")
    pids = tmp_path / "pids"
    yield site, pids
    for pid in _pids(pids):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def _wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
            return True
        except ProcessLookupError:
            return False


@pytest.mark.slow
def test_cancelling_while_a_worker_hangs_ends_at_once_and_kills_the_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hanging):
    """The loader thread blocked reading a busy worker's answer, and quitting waited for it."""
    site, pids = hanging
    paths = library(tmp_path / "lib")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), *sys.path]))
    monkeypatch.setenv("BRIEFING_TEST_HANG", "b05.yaml")
    monkeypatch.setenv("BRIEFING_TEST_PIDS", str(pids))
    started: list = []
    real = pool.Workers.__init__

    def spy(self, library, workers):
        real(self, library, workers)
        started.extend(self.processes)

    monkeypatch.setattr(pool.Workers, "__init__", spy)
    cancel = threading.Event()
    outcome: list = []
    thread = threading.Thread(daemon=True, target=lambda: outcome.append(
        ingest.open_library(paths, workers=2, cancelled=cancel.is_set)))
    thread.start()
    assert _wait_for(lambda: _pids(pids)), "no worker reached the hanging file"
    cancel.set()
    thread.join(20)
    assert not thread.is_alive(), "cancelled, but still waiting for the worker"
    assert outcome == [None]
    assert started and all(process.poll() is not None for process in started)


@pytest.mark.slow
def test_workers_die_with_the_process_that_started_them(tmp_path: Path, hanging):
    """After the reader was killed, an orphaned worker kept a core at 100 %."""
    site, pids = hanging
    folder = tmp_path / "lib"
    library(folder)
    parent = subprocess.Popen(
        [sys.executable, "-m", "tui", "quotes", RARE, str(folder)], cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=environment(tmp_path / "cache", path=str(site), BRIEFING_TEST_HANG="b05.yaml",
                        BRIEFING_TEST_PIDS=str(pids)))
    try:
        assert _wait_for(lambda: _pids(pids)), "no worker reached the hanging file"
    finally:
        parent.kill()
        parent.wait()
    (worker,) = _pids(pids)
    assert _wait_for(lambda: not _running(worker), timeout=20), "the worker outlived its parent"
