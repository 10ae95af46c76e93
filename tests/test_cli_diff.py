"""``briefing diff OLD NEW``: the changes between two briefings of a story, as a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import minimal

from tui.format.changes import Change, diff
from tui.format.loader import load

STORY = Path(__file__).parent / "stories" / "glacier-water"
FIRST = STORY / "glacier-water-2031-06-12.yaml"
SECOND = STORY / "glacier-water-2031-06-19.yaml"
THIRD = STORY / "glacier-water-2031-06-26.yaml"

FIRST_TO_SECOND = """\
glacier-water-2031-06-12 (2031-06-12) → glacier-water-2031-06-19 (2031-06-19): 16 changes
Countries
  added      Germany (DE)
Actors
  added      Paul Huber, Environment Minister (AT)
  added      German government spokesperson (DE)
  removed    Austrian official (AT)
Positions
  changed    Italy (IT) · Emergency glacier water pact: opposes → open to it
  changed    Austria (AT) · Emergency glacier water pact: undecided → supports
  added      Germany (DE) · Emergency glacier water pact: supports
  withdrawn  Switzerland (CH) · Water export quotas: opposes
Debate sides
  changed    Should downstream regions pay for new reservoirs? · Giulia Ferri: opposes → open to it
Statements
  added      Giulia Ferri: “is ready to talk about a shared pact”
  added      Paul Huber: “will sign the pact this summer”
  withdrawn  Giulia Ferri: “cannot sign a pact that hands our rivers to others”
  withdrawn  Austrian official (paraphrase): Vienna is still studying the draft and will answer within weeks.
Risks
  re-rated   Water shortage in the Po valley: likelihood likely → very likely
  withdrawn  Border dispute over the Rhône headwaters
Caveats
  added      Germany's position rests on a single spokesperson, not a minister.
"""

SECOND_TO_THIRD = """\
glacier-water-2031-06-19 (2031-06-19) → glacier-water-2031-06-26 (2031-06-26): 7 changes
Actors
  added      French delegate (FR)
Positions
  changed    Italy (IT) · Emergency glacier water pact: open to it → supports
  changed    France (FR) · Emergency glacier water pact: supports → opposes
  added      Switzerland (CH) · Water export quotas: opposes
Statements
  added      Giulia Ferri: “will sign the amended pact”
  added      French delegate: “goes too far”
  withdrawn  Giulia Ferri: “is ready to talk about a shared pact”
"""

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$")


def briefing_diff(*args: str | Path, color: bool = False) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    if color:
        env["FORCE_COLOR"] = "1"
    return subprocess.run([sys.executable, "-m", "tui", "diff", *map(str, args)],
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize(("old", "new", "expected"), [
    (FIRST, SECOND, FIRST_TO_SECOND),
    (SECOND, THIRD, SECOND_TO_THIRD),
])
def test_prints_exactly_the_changes_and_exits_1(old, new, expected):
    result = briefing_diff(old, new)
    assert result.stderr == ""
    assert result.stdout == expected
    assert result.returncode == 1
    assert "\x1b" not in result.stdout  # no colour when the output is not a terminal


def test_colour_on_a_terminal_only_styles_the_same_text():
    result = briefing_diff(FIRST, SECOND, color=True)
    assert result.returncode == 1
    assert "\x1b[" in result.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", result.stdout) == FIRST_TO_SECOND


@pytest.mark.parametrize("as_json", [False, True])
def test_a_briefing_against_itself_prints_nothing_and_exits_0(as_json):
    result = briefing_diff(SECOND, SECOND, *(["--json"] if as_json else []))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_json_lines_round_trip_into_the_change_records():
    result = briefing_diff("--json", FIRST, SECOND)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    expected = diff(load(FIRST).briefing, load(SECOND).briefing)
    assert len(lines) == len(expected) == 16
    assert [Change.from_json(json.loads(line)) for line in lines] == expected
    first = json.loads(lines[0])
    assert first == {"section": "countries", "action": "added", "key": ["DE"],
                     "subject": "Germany (DE)", "field": None, "before": None, "after": None}
    stance = json.loads(lines[4])
    assert (stance["key"], stance["field"], stance["before"], stance["after"]) == (
        ["IT", "pact"], "stance", "opposes", "open")


def test_json_escapes_what_would_control_a_terminal(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(_SMALL, encoding="utf-8")
    new.write_text(_SMALL.replace("name: France", "name: Fr\u202eance"), encoding="utf-8")
    new.write_text(new.read_text(encoding="utf-8") + "  - code: IT\n    name: It\u202ealy\n",
                   encoding="utf-8")
    result = briefing_diff("--json", old, new)
    assert result.returncode == 1, result.stderr
    assert "\u202e" not in result.stdout and "\\u202e" in result.stdout
    assert json.loads(result.stdout)["subject"] == "It\u202ealy (IT)"
    text = briefing_diff(old, new)
    assert "\u202e" not in text.stdout and "It⟨U+202E⟩aly (IT)" in text.stdout


_SMALL = minimal("small")


def test_a_bad_file_gives_path_line_column_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SECOND.read_text(encoding="utf-8").replace("stance: open", "stance: maybe", 1),
                   encoding="utf-8")
    (tmp_path / SECOND.with_suffix(".txt").name).write_text(
        SECOND.with_suffix(".txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = briefing_diff(FIRST, bad)
    assert result.returncode == 2
    assert result.stdout == ""
    problems = result.stderr.strip().splitlines()
    assert len(problems) == 1, result.stderr
    found = LINE.match(problems[0])
    assert found, problems[0]
    assert found["path"] == str(bad)
    line = int(found["line"])
    assert bad.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "stance: maybe"
    assert "Traceback" not in result.stderr


def test_a_stale_quote_is_an_error_not_a_change(tmp_path):
    copy = tmp_path / SECOND.name
    copy.write_text(SECOND.read_text(encoding="utf-8"), encoding="utf-8")
    source = SECOND.with_suffix(".txt").read_text(encoding="utf-8")
    (tmp_path / SECOND.with_suffix(".txt").name).write_text(
        source.replace("will sign the pact this summer", "may sign the pact this summer"),
        encoding="utf-8")
    result = briefing_diff(FIRST, copy)
    assert result.returncode == 2
    assert result.stdout == ""
    assert all(LINE.match(line) for line in result.stderr.splitlines()), result.stderr
    assert "not found in source 'wire'" in result.stderr


def test_a_missing_file_and_usage_errors_exit_2(tmp_path):
    missing = briefing_diff(FIRST, tmp_path / "nope.yaml")
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert "nope.yaml: error:" in missing.stderr
    for args in ([FIRST], [FIRST, SECOND, THIRD], [FIRST, SECOND, "--colour"]):
        result = briefing_diff(*args)
        assert result.returncode == 2, args
        assert "usage" in result.stderr or "error" in result.stderr
