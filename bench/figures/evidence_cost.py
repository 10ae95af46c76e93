"""``check_miss.*``: ``briefing check`` on excerpts built to be expensive to miss (issue 17).

Each case is a one-caveat briefing whose source is the source text of a generated briefing of
100 statements (19.7 KB, 64 paragraphs, as in the other figures' libraries): an excerpt of
10,000 or 100,000 characters of the source's own words in another order (never verbatim, so
the matcher looks for the closest passage), and an excerpt of 1,000 elided parts
(``the ... of ... the ...``) made of words found in every paragraph, whose last part is absent.
Each run is ``python -m tui check FILE`` in a subprocess, wall clock, interpreter start included;
it must exit 1 with the excerpt's error. A run over ``TIMEOUT`` seconds is stopped and reported
as the timeout (the figure's note says so).
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from ..generate import render_briefing
from ..harness import REPO, Context, Measurement, figure

TIMEOUT = 120.0
"""Seconds after which a run is stopped (the old matcher took over 300 s on two cases)."""


BRIEFING = """\
format: 1
id: costly-miss
title: An excerpt that is expensive to miss
summary: S
sources:
  - id: s
    title: Src
    file: source.txt
countries:
  - code: FR
    name: France
caveats:
  - text: c
    evidence: "{excerpt}"
"""


def shuffled_excerpt(text: str, characters: int, seed: int = 0) -> str:
    """About ``characters`` characters of the words of ``text`` in a random order."""
    words = text.split()
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < characters:
        word = rng.choice(words)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:characters].rstrip()


def elided_excerpt(parts: int) -> str:
    """``parts`` parts separated by ``...``: common words, then one that is absent."""
    common = ["the", "of", "to", "and", "in"]
    body = [common[index % len(common)] for index in range(parts - 1)]
    return " ... ".join([*body, "quokkamarker"])


CASES = {
    "missing_10k": lambda text: shuffled_excerpt(text, 10_000),
    "missing_100k": lambda text: shuffled_excerpt(text, 100_000),
    "elisions_1000": lambda text: elided_excerpt(1_000),
}


def write_case(folder: Path, case: str) -> Path:
    """A briefing and its source in ``folder`` for one of :data:`CASES`; the briefing's path."""
    text = render_briefing(0, 100)[2]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(text, encoding="utf-8")
    excerpt = CASES[case](text).replace("\\", "").replace('"', "'")
    path = folder / "briefing.yaml"
    path.write_text(BRIEFING.format(excerpt=excerpt), encoding="utf-8")
    return path


def time_check(path: Path) -> tuple[float, bool]:
    """Seconds ``briefing check`` took on ``path``, and whether it finished within the timeout."""
    command = [sys.executable, "-m", "tui", "check", str(path)]
    began = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return TIMEOUT, False
    seconds = time.perf_counter() - began
    if done.returncode != 1 or "excerpt not found" not in done.stdout:
        raise RuntimeError(f"briefing check exited {done.returncode}: {done.stdout[-300:]!r}")
    return seconds, True


@figure("check_miss", quick=True,
        description="`briefing check` on 10k/100k-character missing excerpts and 1,000 elisions")
def check_miss(ctx: Context):
    for case in CASES:
        path = write_case(ctx.scratch / case, case)
        samples: list[float] = []
        finished = True
        for _ in range(ctx.runs(quick=2, full=3)):
            seconds, done = time_check(path)
            samples.append(seconds)
            finished = finished and done
            if not done:
                break  # one timeout says enough
        note = "wall clock incl. interpreter start; exit 1 with the excerpt's error"
        if not finished:
            note = f"stopped at the {TIMEOUT:.0f} s timeout"
        yield Measurement(f"check_miss.{case}", samples, "s", note=note)
