"""``story``: a story of 100 briefings: finding it in a library, building its timeline, and
drawing a screen of the Timeline view's rows (``story.rows.100``: the text of every cell on a
120x40 screen, each fitted to its column, and each column's widest trail).

The story is written into the run's scratch folder: 100 briefings made from one generated
briefing (100 statements, 10-20 countries, 4-6 topics), each with its own id, date and
``story: bench-story``, and its stances drawn again (a quarter of them change from one
briefing to the next), next to 100 generated briefings of no story. All share the evidence of
their source texts, so every file verifies.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import time
from pathlib import Path

from ..generate import STANCES, render_briefing
from ..harness import Context, Measurement, figure
from ._reader import environment

STORY = "bench-story"
SIZE = 100


def _write_story(folder: Path, others: Path) -> list[Path]:
    """The story's files and the unrelated library's (hard links), all in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    brief_id, yaml_text, source_text = render_briefing(0, 100, seed=1)
    source_name = re.search(r'^    file: "(.+)"$', yaml_text, re.MULTILINE)
    assert source_name is not None
    (folder / source_name.group(1)).write_text(source_text, encoding="utf-8")
    rng = random.Random("story-bench")
    stances = re.findall(r"^(    |        )stance: (\S+)$", yaml_text, re.MULTILINE)
    current = [stance for _, stance in stances]
    paths = []
    for number in range(SIZE):
        if number:
            current = [rng.choice(STANCES) if rng.random() < 0.25 else s for s in current]
        text = _with_stances(yaml_text, current)
        date = dt.date(2030, 1, 1) + dt.timedelta(days=7 * number)
        text = re.sub(r"^id: .+$", f"id: {brief_id}-{number:03d}", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^date: .+$", f"date: {date.isoformat()}\nstory: {STORY}", text, count=1,
                      flags=re.MULTILINE)
        path = folder / f"story-{number:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    for other in sorted(others.iterdir()):
        if other.suffix in (".yaml", ".txt"):
            os.link(other, folder / other.name)
    return paths


def _with_stances(yaml_text: str, stances: list[str]) -> str:
    drawn = iter(stances)
    return re.sub(r"^(    |        )stance: \S+$", lambda m: f"{m.group(1)}stance: {next(drawn)}",
                  yaml_text, flags=re.MULTILINE)


def _screen_of_rows(result, columns: int = 120, rows: int = 35) -> int:
    """Build what the Timeline view draws for a screen: each column's widest trail (as the
    grid does when it loads the story), then the text of every cell of ``rows`` rows at
    ``columns`` columns, the cursor in the middle of the longest trail of the first row.
    Returns the cells built."""
    from tui.reader.views.timeline_grid import TimelineGrid
    from tui.reader.views.timeline_text import cell_text, natural_width

    topics = [topic for topic, _ in result.topics]
    natural = [max(natural_width(result, result.cell(code, topic)) for code, _ in result.countries)
               for topic in topics]
    area = columns - 27
    fit = max(1, min(len(topics), area // TimelineGrid.MIN_COLUMN))
    share = max(TimelineGrid.MIN_COLUMN, area // fit)
    widths = [min(size + 1, share) for size in natural[:fit]]
    built = 0
    for row, (code, _) in enumerate(result.countries[:rows]):
        for topic, width in zip(topics, widths, strict=False):
            cell = result.cell(code, topic)
            selected = len(cell.steps) // 2 if cell is not None and row == 0 else None
            cell_text(result, cell, width - 1, selected)
            built += 1
    return built


@figure("story", quick=True,
        description="a story of 100 briefings: found among 200 files, its timeline built and "
                    "a screen of the Timeline view's rows drawn")
def story(ctx: Context):
    from tui.format.story import timeline
    from tui.library.files import find_briefings
    from tui.library.stories import story_documents

    others = ctx.library(SIZE, 100)
    folder = ctx.scratch / "story-library"
    _write_story(folder, others.folder)
    files, unreadable = find_briefings([folder])
    assert not unreadable
    with environment(BRIEFING_CACHE_DIR=str(ctx.scratch / "story-cache")):
        began = time.perf_counter()
        documents, problems = story_documents(files, STORY)  # cold: validates and fills the cache
        cold = time.perf_counter() - began
        if problems or len(documents) != SIZE:
            raise RuntimeError(f"{len(documents)} briefings of the story, problems: {problems[:3]}")
        warm = []
        for _ in range(ctx.runs(quick=3, full=5)):
            began = time.perf_counter()
            story_documents(files, STORY)
            warm.append(time.perf_counter() - began)
    briefings = [document.briefing for document in documents]
    built = []
    for _ in range(ctx.runs(quick=20, full=50)):
        began = time.perf_counter()
        result = timeline(briefings)
        built.append((time.perf_counter() - began) * 1000)
    screen = []
    _screen_of_rows(result)  # the imports, once
    for _ in range(ctx.runs(quick=20, full=50)):
        began = time.perf_counter()
        drawn = _screen_of_rows(result)
        screen.append((time.perf_counter() - began) * 1000)
    cells = len(result.cells)
    changes = len(result.changes)
    longest = max(len(cell.steps) for cell in result.cells.values())
    yield Measurement(
        "story.rows.100", screen, "ms",
        note=f"the Timeline view's rows for a 120x40 screen: {drawn} cells' text (trails up to "
             f"{longest} stances, fitted to their columns) and each column's widest trail",
    )
    yield Measurement(
        "story.timeline.100", built, "ms",
        note=f"timeline() of 100 loaded briefings: {len(result.countries)} countries x "
             f"{len(result.topics)} topics, {cells} cells, {changes} changes of stance",
    )
    yield Measurement(
        "story.find.100.warm", warm, "s",
        note=f"story_documents() over {len(files)} files (warm cache; the cold run took "
             f"{cold:.1f} s)",
    )
