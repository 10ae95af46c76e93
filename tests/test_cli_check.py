"""``briefing check`` / ``schema`` / ``--version`` / ``--help``, run as real processes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import minimal

GOOD = minimal("good")

BAD = minimal("Bad", format=2)

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$")


def _console_script() -> str:
    found = shutil.which("briefing", path=str(Path(sys.executable).parent))
    assert found, f"the 'briefing' console script is not installed next to {sys.executable}"
    return found


RUNNERS = {
    "python -m tui": lambda: [sys.executable, "-m", "tui"],
    "briefing": lambda: [_console_script()],
}


def run(runner: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*RUNNERS[runner](), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(params=sorted(RUNNERS))
def runner(request) -> str:
    return request.param


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_check_without_arguments_checks_the_bundled_library(runner, tmp_path):
    result = run(runner, "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    match = re.match(r"checked (\d+) files?: (\d+) valid, 0 with problems;", summary)
    assert match, summary
    assert int(match[1]) >= 1 and match[1] == match[2]
    # The bundled briefing has 14 statements and evidence that was verified against its source.
    statements = int(re.search(r"(\d+) statements", summary)[1])
    excerpts = int(re.search(r"(\d+) excerpts verified", summary)[1])
    assert statements >= 10 and excerpts >= 50
    assert summary.endswith("0 problems")


def test_check_bad_file_exits_1_with_located_problems(runner, tmp_path):
    write(tmp_path, "bad.yaml", BAD)
    result = run(runner, "check", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "bad.yaml:1:9: error: format: input should be 1 (got 2)",
        "bad.yaml:2:5: error: id: must be a slug: lower-case letters, digits and '-', "
        "starting with a letter or digit (got 'Bad')",
    ]
    assert "checked 1 file: 0 valid, 1 with problems" in result.stderr
    assert "2 problems" in result.stderr


def test_check_good_file_exits_0(tmp_path):
    write(tmp_path, "good.yaml", GOOD)
    result = run("python -m tui", "check", "good.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("checked 1 file: 1 valid, 0 with problems;")
    assert result.stderr == ""


def test_check_file_that_crashes_yaml_has_no_traceback(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    (tmp_path / "huge.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "ctl.yaml").write_text("a: b\x1b\n", encoding="utf-8")
    result = run("python -m tui", "check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    *lines, huge = result.stdout.splitlines()
    assert lines == [
        "bin.yaml:1:1: error: file is UTF-16; briefings are UTF-8",
        "ctl.yaml:1:5: error: invalid YAML: character U+001B: control characters are not allowed",
        "deep.yaml:1:67: error: nesting deeper than 64 levels",
    ]
    # libyaml may stop first at its own limit (1000 levels); either way the error is located.
    match = LINE.match(huge)
    assert match and match["path"] == "huge.yaml" and match["line"] == "1", huge


def test_check_missing_path_exits_2(runner, tmp_path):
    result = run(runner, "check", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.yaml: error: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_missing_path_next_to_a_good_one_still_exits_2(tmp_path):
    write(tmp_path, "good.yaml", GOOD)
    result = run("python -m tui", "check", "good.yaml", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert "nope: error: no such file or folder" in result.stderr


@pytest.mark.parametrize("args", [["check", "--bogus"], ["--bogus"], ["schema", "extra"]])
def test_usage_error_exits_2(tmp_path, args):
    result = run("python -m tui", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("briefing: error: ")
    assert "Traceback" not in result.stderr


def test_schema_prints_json_schema(runner, tmp_path):
    result = run(runner, "schema", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert "statements" in schema["properties"]
    assert {"format", "id", "title", "summary", "sources", "countries"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    assert "Statement" in schema["$defs"]


def test_version(runner, tmp_path):
    result = run(runner, "--version", cwd=tmp_path)
    assert result.returncode == 0
    from tui import __version__

    assert result.stdout.strip() == f"briefing {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["check", "--help"]])
def test_help(tmp_path, args):
    result = run("python -m tui", *args, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: briefing")
    assert "check" in result.stdout


def test_folder_with_good_and_bad_files(runner, tmp_path):
    library = tmp_path / "library"
    write(library, "a-good.yaml", GOOD)
    write(library, "nested/z-bad.yml", BAD)
    write(library, "nested/notes.txt", "not a briefing: ignored in folders")
    write(library, ".hidden/bad.yaml", BAD)
    result = run(runner, "check", "library", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    bad = str(Path("library") / "nested" / "z-bad.yml")
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["path"] == bad
    assert [LINE.match(line)["line"] for line in lines] == ["1", "2"]
    assert "checked 2 files: 1 valid, 1 with problems" in result.stderr


def test_quick_open_parses_like_argparse():
    """The reader's start-up skips argparse for plain paths and --fresh: same result, or none."""
    import contextlib
    import io
    import itertools

    from tui.cli import _quick_open, build_parser

    parser = build_parser()
    tokens = ["a", "b", "", "--fresh", "--fr", "-x", "-", "--", "check"]
    for count in range(4):
        for rest in itertools.product(tokens, repeat=count):
            args = ["open", *rest]
            quick = _quick_open(args)
            if quick is None:
                continue
            with contextlib.redirect_stderr(io.StringIO()):
                options = parser.parse_args(args)  # never a usage error where quick parsed
            assert (options.paths, options.fresh) == quick, args
    assert _quick_open(["open", "a", "--fresh", "b"]) is None  # argparse's usage error


def test_check_reports_every_problem_of_a_file_in_one_run(tmp_path):
    """A schema problem, a reference problem and a wrong excerpt: all three at once (the
    evidence of the items that validated is verified even though the whole did not)."""
    from helpers import BRIEFING, write_briefing

    text = (BRIEFING
            .replace("    text: no troops will be sent\n",
                     "    text: no troops will be sent\n    colour: red\n")
            .replace("speaker: lopez\n    kind: reported", "speaker: nobody\n    kind: reported")
            .replace("evidence: The ministry of defence said the [b]plan[/b] was not final.",
                     "evidence: The ministry said the plan was final."))
    path = write_briefing(tmp_path, "b.yaml", text=text)
    result = run("briefing", "check", path.name, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert all(LINE.match(line) for line in lines), lines
    messages = [LINE.match(line)["message"] for line in lines]
    assert any(m.startswith("unknown key 'colour' in statements[0]") for m in messages), lines
    assert any("unknown speaker 'nobody'" in m for m in messages), lines
    assert any(m.startswith("excerpt not found in source 'wire': \"The ministry said the plan")
               for m in messages), lines
    assert len(lines) == 3, lines


@pytest.mark.parametrize("where, date, reason", [
    ("date", "2031-13-12", "month must be 1-12"),
    ("date", "2031-02-29", "day must be 1-28 in February 2031"),
    ("date", "'2031-5-4'", "write it as YYYY-MM-DD, e.g. 2031-05-04"),
    ("statements[0].date", "2031-04-31", "day must be 1-30 in April 2031"),
])
def test_an_impossible_date_is_a_sentence_at_its_line(tmp_path, where, date, reason):
    from helpers import BRIEFING, write_briefing

    if where == "date":
        text = BRIEFING.replace("date: 2031-05-04", f"date: {date}")
    else:
        text = BRIEFING.replace("    when: Monday\n", f"    when: Monday\n    date: {date}\n")
    path = write_briefing(tmp_path, "b.yaml", text=text)
    result = run("briefing", "check", path.name, cwd=tmp_path)
    assert result.returncode == 1
    written = date.strip("'")
    line = next(line for line in result.stdout.splitlines() if "valid date" in line)
    match = LINE.match(line)
    assert match, line
    assert match["message"] == f"{where}: {written} is not a valid date ({reason})"
    assert "Error" not in result.stdout + result.stderr  # no Python exception's name


def test_two_files_with_one_id_in_a_folder_are_both_named(tmp_path):
    library = tmp_path / "library"
    first = write(library, "a.yaml", GOOD)
    write(library, "b.yaml", GOOD.replace("title: T", "title: Another"))
    result = run("briefing", "check", "library", cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stdout.strip().splitlines()
    match = LINE.match(line)
    assert match, line
    assert match["path"] == str(Path("library") / "b.yaml")
    assert (match["line"], match["column"]) == ("2", "5")  # at the id
    assert f"'good' is also the id of {Path('library') / first.name}" in match["message"]
    assert "checked 2 files: 1 valid, 1 with problems" in result.stderr


@pytest.mark.parametrize("typed, meant", [("chek", "check"), ("expotr", "export"),
                                          ("quote", "quotes"), ("shcema", "schema")])
def test_a_mistyped_command_gets_did_you_mean(tmp_path, typed, meant):
    result = run("briefing", typed, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"briefing: '{typed}' is not a command or a file; "
                             f"did you mean '{meant}'?\n")


def test_a_file_named_like_a_mistyped_command_is_a_path(tmp_path):
    (tmp_path / "chek").write_text(GOOD, encoding="utf-8")
    result = run("briefing", "chek", cwd=tmp_path)
    assert "did you mean" not in result.stderr


def test_the_reader_writing_to_a_file_is_one_line_and_exit_2(tmp_path):
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        result = subprocess.run([_console_script()], cwd=tmp_path, stdout=handle,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                timeout=60)  # a guard against the hang, not a speed test
    assert result.returncode == 2
    assert out.read_text() == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("briefing: error: the reader needs a terminal, and standard output")


def test_subcommands_print_to_a_pipe(tmp_path):
    result = run("briefing", "check", cwd=tmp_path)
    assert result.returncode == 0 and "checked 1 file" in result.stdout
