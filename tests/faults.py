"""What the fault suites share: a library with known words, and the oracle run on it.

The oracle is the question a user would ask after a fault: does the next start show exactly
what the files say? :func:`quotes` runs ``briefing quotes`` in a fresh process (the reader's own
way of opening a library: snapshot, entries, workers) and returns the statements found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import BRIEFING, write_briefing

import tui

RARE = "zephyrine"
"""A word found in exactly one statement of the library (file ``b03``)."""
CODE_ROOT = Path(tui.__file__).resolve().parent.parent
"""The folder holding the ``tui`` package under test (put first on PYTHONPATH of children)."""


def library(folder: Path, count: int = 12) -> list[Path]:
    """``count`` briefings (a snapshot is written from 10 on); b03's third statement holds
    :data:`RARE`, every file holds "cease-fire" once (two words, or one with other rules)."""
    paths = []
    for number in range(count):
        text = BRIEFING.replace("id: test-briefing", f"id: b{number:02d}")
        text = text.replace("title: A test briefing", f"title: Briefing number {number}")
        talks = "Talks on a cease-fire must go on."
        if number == 3:
            talks = f"Talks on a cease-fire must go on, {RARE}."
        text = text.replace("text: Talks must go on.", f"text: {talks}")
        paths.append(write_briefing(folder, f"b{number:02d}.yaml", text=text))
    return paths


def environment(cache: Path, *, code: Path = CODE_ROOT, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(code), *extra.pop("path", "").split(os.pathsep)]
    env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    env["BRIEFING_CACHE_DIR"] = str(cache)
    env["BRIEFING_STATE_DIR"] = str(cache.parent / "state")
    env.update(extra)
    return env


def quotes(query: str, folder: Path, cache: Path, *, code: Path = CODE_ROOT, timeout: float = 60,
           **extra: str) -> tuple[list[dict], str]:
    """The statements ``briefing quotes QUERY FOLDER --json`` prints, and its standard error.

    A run that does not end within ``timeout`` seconds (a hang) fails the test."""
    result = subprocess.run(
        [sys.executable, "-m", "tui", "quotes", query, str(folder), "--json"],
        capture_output=True, text=True, timeout=timeout, env=environment(cache, code=code, **extra),
        cwd=folder.parent,  # never the repository: ``-m`` puts the working folder first
    )
    assert result.returncode in (0, 1), result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def ids(found: list[dict]) -> list[tuple[str, str]]:
    return [(record["briefing"], record["id"]) for record in found]
