"""Faults around ``briefing export``: ``-o`` never replaces what is not a regular file (also as
root), nor a read-only file; the Markdown export leaves nothing for a renderer to link.

As root, ``write_atomically`` once replaced any non-folder path: a device node, a symbolic
link to /proc/self/fd/1 and a FIFO all became regular files, and a read-only file was replaced
silently. The tests run as whoever runs them (root in CI), which is the point.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BRIEFING, write_briefing

from tui.export.markdown import to_markdown
from tui.format.loader import load


def _export(tmp_path: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "export", "-o", str(output)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)


def _device(tmp_path: Path) -> Path:
    return Path("/dev/null")


def _link_to_stdout(tmp_path: Path) -> Path:
    link = tmp_path / "out.md"
    link.symlink_to("/proc/self/fd/1")
    return link


def _link_to_a_file(tmp_path: Path) -> Path:
    (tmp_path / "real.md").write_text("someone else's file\n", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "real.md")
    return link


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    return fifo


def _read_only(tmp_path: Path) -> Path:
    path = tmp_path / "out.md"
    path.write_text("keep me\n", encoding="utf-8")
    path.chmod(0o444)
    return path


TARGETS = {"a device": _device, "a link to standard output": _link_to_stdout,
           "a link to a file": _link_to_a_file, "a FIFO": _fifo, "a read-only file": _read_only}


def _what(path: Path) -> tuple:
    info = os.lstat(path)
    content = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
    link = os.readlink(path) if stat.S_ISLNK(info.st_mode) else None
    return stat.S_IFMT(info.st_mode), info.st_mode, info.st_ino, content, link


@pytest.mark.parametrize("make", TARGETS.values(), ids=TARGETS.keys())
def test_export_refuses_to_replace_what_is_not_a_regular_writable_file(tmp_path: Path, make):
    target = make(tmp_path)
    before = _what(target)
    result = _export(tmp_path, target)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"briefing export: error: {target}: "), lines
    assert "not replacing it" in lines[0]
    assert _what(target) == before, "the target was changed"


def test_export_still_replaces_a_writable_file(tmp_path: Path):
    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    result = _export(tmp_path, target)
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


LINKABLE = ("see https://evil.example/x?a=1, www.evil.org, mail bob.smith@evil.com, "
            "ask @alice about #12 and reuters.com")


def test_markdown_leaves_no_bare_url_address_mention_or_ref_to_link(tmp_path: Path):
    """Bare URLs and e-mail addresses in any text became live links once the Markdown export
    was rendered with linkify."""
    markdown_it = pytest.importorskip("markdown_it")
    pytest.importorskip("linkify_it")
    text = BRIEFING.replace("bluf: Two countries disagree.", f"bluf: '{LINKABLE}'")
    text = text.replace("Second paragraph.", LINKABLE.replace(":", " at") + ".")
    document = load(write_briefing(tmp_path, text=text))
    markdown = to_markdown(document)
    html = markdown_it.MarkdownIt("commonmark", {"linkify": True}).enable("linkify").render(
        markdown)
    assert "<a " not in html, [line for line in html.splitlines() if "<a " in line]
    assert LINKABLE in html, "the text itself must still read the same once rendered"
    for escaped in ("https\\://", "www\\.evil\\.org", "bob.smith\\@evil\\.com", "\\@alice",
                    "\\#12", "reuters\\.com"):
        assert escaped in markdown
