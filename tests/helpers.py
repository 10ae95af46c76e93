"""Small builders shared by the tests: write a briefing and its source into a folder."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
TUI_DRIVE = next((candidate for candidate in (
    *([Path(os.environ["TUI_DRIVE"])] if os.environ.get("TUI_DRIVE") else []),
    _ROOT.parent / "shared" / "tools" / "tui-drive",  # beside the repository
    _ROOT.parent.parent / "shared" / "tools" / "tui-drive",  # beside a worktree's folder
) if candidate.exists()), _ROOT.parent / "shared" / "tools" / "tui-drive")
"""``shared/tools/tui-drive``, which drives a program in a real terminal (tmux)."""

def minimal(briefing_id: str = "b", *, format: int = 1) -> str:
    """The smallest valid briefing (11 lines: one source, one country, France), for tests that
    add to it, change one line of it, or count lines from it."""
    return (f"format: {format}\nid: {briefing_id}\ntitle: T\nsummary: S\n"
            "sources:\n  - id: s\n    title: Src\ncountries:\n  - code: FR\n    name: France\n")


MINIMAL = minimal()
""":func:`minimal` with the id ``b``."""

SOURCE = textwrap.dedent(
    """\
    Chancellor Jürgen Müller said on Monday that "no troops will be sent" to the region.

    Minister Ana López warned that sanctions "would hurt everyone" and said talks must go on.

    The ministry of defence said the [b]plan[/b] was not final.
    """
)

BRIEFING = textwrap.dedent(
    """\
    format: 1
    id: test-briefing
    title: A test briefing
    date: 2031-05-04
    bluf: Two countries disagree.
    summary: |
      First paragraph.

      Second paragraph.
    key_points: [One point]
    sources:
      - id: wire
        title: Test wire
        file: source.txt
    countries:
      - code: DE
        name: Germany
        memberships: [NATO, EU]
        summary: Will not send troops.
      - code: ES
        name: Spain
    actors:
      - id: mueller
        name: Jürgen Müller
        role: Chancellor
        country: DE
      - id: lopez
        name: Ana López
        role: Minister
        country: ES
      - id: mod
        name: Ministry of defence
        kind: office
    topics:
      - id: troops
        title: Sending troops
      - id: sanctions
        title: Sanctions
    positions:
      - country: DE
        topic: troops
        stance: opposes
        evidence: '"no troops will be sent"'
      - country: ES
        topic: sanctions
        stance: warns
        evidence: sanctions "would hurt everyone"
    statements:
      - id: mueller-no-troops
        speaker: mueller
        kind: direct
        text: no troops will be sent
        topics: [troops]
        when: Monday
        evidence: Chancellor Jürgen Müller said on Monday that "no troops will be sent"
      - id: lopez-sanctions
        speaker: lopez
        kind: direct
        text: would hurt everyone
        topics: [sanctions]
        evidence: Minister Ana López warned that sanctions "would hurt everyone"
      - id: lopez-talks
        speaker: lopez
        kind: reported
        text: Talks must go on.
        reported_by: Test wire
        evidence: said talks must go on
      - id: mod-plan
        speaker: mod
        kind: reported
        text: The [b]plan[/b] was not final.
        evidence: The ministry of defence said the [b]plan[/b] was not final.
    """
)


def write_briefing(folder: Path, name: str = "test.yaml", text: str = BRIEFING, source: str = SOURCE) -> Path:
    """Write a briefing (and its source file) into ``folder``; return the briefing's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(source, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def bundled_files() -> list[Path]:
    """The bundled library's briefing files (found through the installed package)."""
    from tui.library.files import bundled_library, find_briefings

    files, problems = find_briefings([bundled_library()])
    assert files and not problems
    return files


async def loaded(pilot) -> None:
    """Wait until the reader's views are mounted and its background work is done.

    The loader is started once the views are mounted, a few frames after start: waiting for
    the workers before then would wait for none. The watcher of saved files is not waited for.
    """
    app = pilot.app
    for _ in range(500):
        if app.ready or not app.is_running:
            break
        await pilot.pause(0.01)
    await settled(app)
    await pilot.pause()
    await pilot.pause()


async def settled(app) -> None:
    """Wait for the reader's background work, but not for the watcher of saved files (it
    runs until the reader quits)."""
    working = [worker for worker in app.workers if worker.group != "follow"]
    if working:  # an empty list would mean every worker to wait_for_complete
        await app.workers.wait_for_complete(working)
