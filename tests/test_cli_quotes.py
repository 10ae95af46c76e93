"""``briefing quotes``: the reader's search from the command line, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import BRIEFING, write_briefing

from tui.library import ingest, snapshot


def quotes(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEFING_CACHE_DIR=str(cache), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "tui", "quotes", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_bundled_search_prints_citations(tmp_path: Path):
    result = quotes("kirby", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines and all("John Kirby" in line for line in lines)
    assert all(line.endswith("· US]") for line in lines)


def test_json_lines_carry_the_full_statement(tmp_path: Path):
    result = quotes("kind:reported", "--json", "--limit", "2", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    for record in records:
        assert record["kind"] == "reported"
        assert record["citation"].startswith("(paraphrase) ")  # never passed off as a quote
        assert record["briefing"] and record["id"] and record["speaker"]
    assert "more; raise --limit" in result.stderr


def test_no_match_says_why_and_exits_1(tmp_path: Path):
    result = quotes("troops sanctions zebra", cache=tmp_path / "cache")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "No statement matches" in result.stderr and "remove a word" in result.stderr


def test_a_library_with_a_bad_file_searches_the_good_ones(tmp_path: Path, monkeypatch):
    folder = tmp_path / "lib"
    for number in range(ingest.SNAPSHOT_MIN + 1):
        text = BRIEFING.replace("id: test-briefing", f"id: b{number:02d}")
        if number == 4:
            text = text.replace("format: 1", "format: 3")
        write_briefing(folder, f"b{number:02d}.yaml", text=text)
    runs = [quotes("lopez", "--json", str(folder), cache=tmp_path / "cache") for _ in range(2)]
    for result in runs:
        assert result.returncode == 0, result.stderr
        assert "b04.yaml:1:9: error:" in result.stderr
        briefings = {json.loads(line)["briefing"] for line in result.stdout.splitlines()}
        assert briefings == {f"b{n:02d}" for n in range(ingest.SNAPSHOT_MIN + 1)} - {"b04"}
    assert runs[0].stdout == runs[1].stdout
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    assert list(snapshot.folder().glob(f"*{snapshot.SUFFIX}")), "the first run saved one"


def test_results_are_printed_literally(tmp_path: Path):
    """Markup in a statement is text, not styling (the test briefing has '[b]plan[/b]')."""
    folder = tmp_path / "lib"
    write_briefing(folder)
    result = quotes("plan", str(folder), cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert "[b]plan[/b]" in result.stdout
