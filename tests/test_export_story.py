"""Exports of a briefing of a story: the "Since the last briefing" section."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tui.export.html import to_html
from tui.export.markdown import to_markdown
from tui.format.loader import load
from tui.format.story import since_last

STORY = Path(__file__).parent / "stories" / "glacier-water"
FILES = sorted(STORY.glob("*.yaml"))

SECTION = """\
## Since the last briefing

Since “Italy softens its stand on the glacier water pact” (glacier-water-2031-06-19, 2031-06-19): 7 changes.

**Actors**

- *added:* French delegate (FR)

**Positions**

- *changed:* Italy (IT) · Emergency glacier water pact: open to it → supports
- *changed:* France (FR) · Emergency glacier water pact: supports → opposes
- *added:* Switzerland (CH) · Water export quotas: opposes

**Statements**

- *added:* Giulia Ferri: “will sign the amended pact”
- *added:* French delegate: “goes too far”
- *withdrawn:* Giulia Ferri: “is ready to talk about a shared pact”

## Countries
"""


def export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "export", *args], capture_output=True,
                          text=True)


def test_markdown_says_what_changed_since_the_last_briefing():
    story = [load(path) for path in FILES]
    latest = story[2]
    section = since_last(latest.briefing, [d.briefing for d in story])
    text = to_markdown(latest, section)
    assert SECTION in text
    assert text.index("## Summary") < text.index("## Since the last briefing")
    assert "Since the last briefing" not in to_markdown(latest)  # only when it is given


def test_html_says_what_changed_since_the_last_briefing():
    story = [load(path) for path in FILES]
    latest = story[2]
    page = to_html(latest, since_last(latest.briefing, [d.briefing for d in story]))
    assert '<li><a href="#since-last">Since the last briefing</a></li>' in page
    assert '<section id="since-last"><h2>Since the last briefing</h2>' in page
    assert ("<h3>Positions</h3><ul><li><em>changed:</em> Italy (IT) · Emergency glacier water "
            "pact: open to it → supports</li>") in page
    assert "<li><em>withdrawn:</em> Giulia Ferri: “is ready to talk about a shared pact”</li>" \
        in page
    assert "since-last" not in to_html(latest)


def test_the_section_escapes_what_the_briefings_say():
    story = [load(path).briefing for path in FILES]
    previous, latest = story[1], story[2]
    hostile = latest.statements[0].model_copy(
        update={"text": "<script>alert(1)</script> *bold* [link](x) \u202e"})
    changed = latest.model_copy(update={"statements": (hostile, *latest.statements[1:])})
    section = since_last(changed, [previous, changed])
    assert section is not None
    page = to_html(changed, section)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "⟨U+202E⟩" in page
    text = to_markdown(changed, section)
    assert "\\<script\\>" in text and "\\*bold\\*" in text and "\\[link\\](x)" in text


def test_export_finds_the_story_in_the_briefing_s_folder(tmp_path):
    result = export(str(FILES[2]))
    assert result.returncode == 0, result.stderr
    assert SECTION in result.stdout
    assert "id=\"since-last\"" in export(str(FILES[2]), "--format", "html").stdout
    first = export(str(FILES[0]))  # the first of its story: nothing to compare with
    assert first.returncode == 0 and "Since the last briefing" not in first.stdout
    as_json = export(str(FILES[2]), "--format", "json")
    assert as_json.returncode == 0 and "Since the last" not in as_json.stdout  # the model only


def test_a_broken_file_of_the_story_is_told_and_left_out(tmp_path):
    folder = tmp_path / "story"
    shutil.copytree(STORY, folder)
    middle = folder / FILES[1].name
    middle.write_text(middle.read_text(encoding="utf-8").replace("format: 1", "format: 9"),
                      encoding="utf-8")
    result = export(str(folder / FILES[2].name))
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{middle}:1:") and "error:" in lines[0]
    assert lines[1] == ("briefing export: warning: 1 file(s) of the folder that may be of story "
                        "'glacier-water' did not load: 'since the last briefing' leaves them out")
    # Compared with the briefing before the broken one, as the folder now holds the story.
    assert "Since “Alpine ministers split over an emergency glacier water pact”" in result.stdout
