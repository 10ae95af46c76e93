"""Hostile and broken briefing files, through the real command: one clear line, no traceback.

Every case runs ``briefing check`` in a subprocess under a memory limit and a generous hang
guard, and checks the exit status (1 for a bad file, 2 for a path that cannot be read), that
the output is ``PATH:LINE:COL: error: ...`` (or ``PATH: error: ...`` where no position applies),
and that nothing but the expected lines was printed: no traceback, no side effect.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import BRIEFING, SOURCE, write_briefing

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space for each check
HANG_GUARD = 30  # seconds; a guard against hangs, not a speed assertion (see bench/)

LINE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: error: (?P<message>.+)$")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def check(*paths: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "check", *map(str, paths)],
        capture_output=True, text=True, cwd=cwd, timeout=HANG_GUARD, preexec_fn=_limit_memory,
        stdin=subprocess.DEVNULL,
    )


def errors(result: subprocess.CompletedProcess[str]) -> list[re.Match[str]]:
    """The error lines; every other line must be the summary."""
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    found = []
    for line in out.splitlines():
        if line.startswith("checked "):
            continue
        match = LINE.match(line)
        assert match, f"not an error line: {line!r}\n{out}"
        found.append(match)
    assert found, out
    return found


def bad(tmp_path: Path, text: str | bytes, *, name: str = "b.yaml") -> list[re.Match[str]]:
    """Write a briefing (with the test source beside it), check it: exit 1 and its errors."""
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = check(path, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "check wrote a file"
    found = errors(result)
    assert all(m["path"] == str(path) for m in found)
    return found


def at(found: list[re.Match[str]]) -> list[tuple[int, int]]:
    return [(int(m["line"] or 0), int(m["col"] or 0)) for m in found]


# ----------------------------------------------------------------------------- YAML syntax

SYNTAX = {
    "unclosed flow sequence": ("format: 1\nid: [a, b\ntitle: x\n", (3, 6)),
    "unclosed flow mapping": ("format: 1\nid: {a: b\n", (3, 1)),
    "unclosed double quote": ('format: 1\ntitle: "never closed\n', (3, 1)),
    "unclosed single quote": ("format: 1\ntitle: 'never closed\n", (3, 1)),
    "bad indentation": ("format: 1\ntitle: x\n  summary: y\n", (3, 10)),
    "tab indentation": ("format: 1\nsources:\n\t- id: a\n", (3, 1)),
    "bad escape": ('format: 1\ntitle: "bad \\q escape"\n', (2, 13)),
    "mapping value in plain scalar": ("format: 1\ntitle: a: b\n", (2, 9)),
    "two documents": ("format: 1\n---\nformat: 1\n", (2, 1)),
    "undefined alias": ("format: 1\ntitle: *nothing\n", (2, 8)),
    "bad tag": ("format: 1\ntitle: !!python/object:os.system x\n", (2, 8)),
    "unknown local tag": ("format: 1\ntitle: !mine x\n", (2, 8)),
}


@pytest.mark.parametrize("case", list(SYNTAX))
def test_yaml_syntax_errors_have_a_position(tmp_path, case):
    text, position = SYNTAX[case]
    found = bad(tmp_path, text)
    assert len(found) == 1
    assert found[0]["line"] is not None, found[0].string
    assert at(found)[0][0] == position[0], found[0].string


# ----------------------------------------------------------------------------- shapes and types

WRONG_TYPES = [
    ("format: 1", "format: [1]", "format"),
    ("format: 1", "format: 2", "format"),
    ("id: test-briefing", "id: {a: 1}", "id"),
    ("title: A test briefing", "title: [x]", "title"),
    ("date: 2031-05-04", "date: yesterday", "date"),
    ("bluf: Two countries disagree.", "bluf: 3.5", "bluf"),
    ("key_points: [One point]", "key_points: One point", "key_points"),
    ("  - id: wire\n", "  - id: 7\n", "sources[0].id"),
    ("    title: Test wire", "    title: null", "sources[0].title"),
    ("    memberships: [NATO, EU]", "    memberships: NATO", "memberships"),
    ("    kind: office", "    kind: spaceship", "actors[2].kind"),
    ("    stance: opposes", "    stance: maybe", "positions[0].stance"),
    ("    kind: direct\n    text: no troops", "    kind: direct\n    text: 12", "statements[0].text"),
    ("    topics: [troops]", "    topics: troops", "statements[0].topics"),
    ("    when: Monday", "    when: {day: 1}", "statements[0].when"),
]


@pytest.mark.parametrize("old,new,where", WRONG_TYPES, ids=[w for _, _, w in WRONG_TYPES])
def test_wrong_types_are_reported_at_the_value(tmp_path, old, new, where):
    assert old in BRIEFING
    text = BRIEFING.replace(old, new, 1)
    found = bad(tmp_path, text)
    start = text.index(new)
    value_line = text[:start].count("\n") + 1 + new.rstrip("\n").count("\n")
    assert value_line in [line for line, _ in at(found)], [m.string for m in found]


REQUIRED = ["format", "id", "title", "summary", "sources", "countries"]


@pytest.mark.parametrize("key", REQUIRED)
def test_missing_required_keys(tmp_path, key):
    lines = BRIEFING.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    found = bad(tmp_path, "".join(lines[:start] + lines[end:]))
    assert any(f"missing required key '{key}'" in m["message"] for m in found)


def test_unknown_and_duplicate_keys(tmp_path):
    text = BRIEFING.replace("bluf:", "colour: red\nbluf:").replace("key_points:", "title: again\nkey_points:")
    found = bad(tmp_path, text)
    messages = " ".join(m["message"] for m in found)
    assert "unknown key 'colour'" in messages and "duplicate key 'title'" in messages


# ----------------------------------------------------------------------------- aliases, depth, size

ALIAS_BOMB = textwrap.dedent(
    """\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)


@pytest.mark.parametrize(
    "text",
    [
        "format: 1\nid: &x a\ntitle: *x\n",
        ALIAS_BOMB,
        "format: 1\ncycle: &c [*c]\n",
        "format: 1\nbase: &b {title: x}\nother:\n  <<: *b\n",
        "format: 1\n<<: {title: x}\n",
    ],
    ids=["alias", "alias bomb", "cycle", "merge key with alias", "merge key"],
)
def test_aliases_and_merge_keys_are_refused(tmp_path, text):
    found = bad(tmp_path, text)
    assert any("alias" in m["message"] or "merge" in m["message"] for m in found)


def test_nesting_20000_deep(tmp_path):
    found = bad(tmp_path, "format: 1\ntitle: " + "[" * 20000 + "]" * 20000 + "\n")
    assert found[0]["line"] is not None


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: costs no disk
    found = errors(result := check(path, cwd=tmp_path))
    assert result.returncode == 1
    assert "limit" in found[0]["message"]


# ----------------------------------------------------------------------------- encodings, shapes

def test_non_utf8_bytes_point_at_the_byte(tmp_path):
    found = bad(tmp_path, b"format: 1\ntitle: caf\xe9\n")
    assert at(found) == [(2, 11)] and "UTF-8" in found[0]["message"]


def test_utf16_is_refused(tmp_path):
    found = bad(tmp_path, "format: 1\n".encode("utf-16"))
    assert "UTF-16" in found[0]["message"]


def test_a_bom_is_tolerated(tmp_path):
    write_briefing(tmp_path, "b.yaml", "\ufeff" + BRIEFING)
    result = check(tmp_path / "b.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "text,message",
    [("", "empty"), ("   \n\n", "empty"), ("- a\n- b\n", "not a list"), ("just words\n", "not a single value")],
    ids=["empty", "blank", "list", "scalar"],
)
def test_files_that_are_not_mappings(tmp_path, text, message):
    found = bad(tmp_path, text)
    assert message in found[0]["message"]


def test_control_characters_are_refused_where_they_are(tmp_path):
    found = bad(tmp_path, BRIEFING.replace("title: A test briefing", 'title: "A \\e]0;pwned\\a title"'))
    assert any("control character U+001B" in m["message"] for m in found)
    found = bad(tmp_path, BRIEFING.replace("title: A test briefing", "title: A \x1b[2J title"))
    assert any("U+001B" in m["message"] for m in found)


# ----------------------------------------------------------------------------- paths

def test_a_directory_named_like_a_briefing_is_searched_not_read(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    result = check(tmp_path / "x.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "no briefing files found" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_paths_exit_2(tmp_path):
    result = check(tmp_path / "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert errors(result)[0]["message"] == "no such file or folder"
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere")
    result = check(tmp_path / "dangling.yaml", cwd=tmp_path)
    assert result.returncode == 2


def test_a_fifo_never_blocks_the_check(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    result = check(tmp_path / "pipe.yaml", cwd=tmp_path)
    assert result.returncode in (1, 2)
    assert "not a regular file" in (result.stdout + result.stderr)


def test_symlink_loops_in_a_library_folder(tmp_path):
    library = tmp_path / "lib"
    write_briefing(library, "good.yaml")
    (library / "loop").symlink_to(library)
    (library / "a.yaml").symlink_to(library / "b.yaml")
    (library / "b.yaml").symlink_to(library / "a.yaml")
    result = check(library, cwd=tmp_path)
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert result.returncode in (1, 2)
    assert "a.yaml" in out and "b.yaml" in out


@pytest.mark.parametrize("file", ["../outside.txt", "../../etc/passwd", "/etc/passwd", "link.txt"])
def test_source_files_outside_the_briefing_folder_are_refused(tmp_path, file):
    folder = tmp_path / "b"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    text = BRIEFING.replace("file: source.txt", f"file: {file}")
    (folder / "b.yaml").write_text(text, encoding="utf-8")
    result = check(folder / "b.yaml", cwd=tmp_path)
    assert result.returncode == 1
    found = errors(result)
    assert any("outside the briefing's folder" in m["message"] or "relative path" in m["message"] for m in found)


def test_markup_in_file_names_and_messages_is_printed_plainly(tmp_path):
    name = "[@click=app.quit]x[b].yaml"
    found = bad(tmp_path, "format: 1\n'[/]': 1\n", name=name)
    assert "[/]" in " ".join(m["message"] for m in found)


def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path):
    name = "\x1b]0;pwned\x07.yaml"
    (tmp_path / name).write_text("format: 1\n", encoding="utf-8")
    result = check(tmp_path / name, cwd=tmp_path)
    assert "\x1b" not in result.stdout + result.stderr
    assert "\x07" not in result.stdout + result.stderr
