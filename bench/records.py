"""What a search index gets from a library, as plain records, for comparing index designs.

Every design in :mod:`bench.figures.index_designs` is built from the same records: one per
statement, in library order, with the folded words of each field the reader's index searches
(as :meth:`tui.search.segment.Segment.of` gathers them) and the statement's date. They are read
from a library's YAML once (PyYAML's C loader, in worker processes; the library is generated,
so valid) and kept next to it as ``records.tsv``: a line per statement, tab-separated fields of
space-separated words.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("text", "all", "speaker", "country", "topic", "kind", "briefing")
"""``text``: the statement's folded words in order (for phrases); ``all``: every word a free
word matches (the text's, the outlet's, the speaker's name, id and role, the country); then one
per filter."""


@dataclass(frozen=True, slots=True)
class Record:
    briefing: int
    """The briefing's number in the library's order."""
    date: str
    """The statement's date, else its briefing's (ISO, may be empty)."""
    fields: tuple[str, ...]
    """Per name of :data:`FIELDS`, words one space apart."""


def _briefing_lines(path: str, number: int) -> list[str]:
    import yaml

    from tui.search.folding import words

    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    actors = {actor["id"]: actor for actor in data.get("actors") or []}
    names = {country["code"]: country["name"] for country in data.get("countries") or []}
    topics = {topic["id"]: {*words(topic["id"]), *words(topic.get("title", ""))}
              for topic in data.get("topics") or []}
    briefing = " ".join(sorted({*words(data["id"]), *words(data.get("title", ""))}))
    day = str(data.get("date") or "")
    lines = []
    for statement in data.get("statements") or []:
        text = words(statement["text"])
        actor = actors.get(statement["speaker"]) or {}
        speaker = {*words(statement["speaker"]), *words(actor.get("name", ""))}
        code = actor.get("country")
        country = {code.lower(), *words(names[code])} if code in names else set()
        every = {*text, *speaker, *country, *words(actor.get("role") or ""),
                 *words(statement.get("reported_by") or "")}
        about: set[str] = set()
        for topic in statement.get("topics") or []:
            about |= topics.get(topic) or set(words(topic))
        fields = (" ".join(text), " ".join(sorted(every)), " ".join(sorted(speaker)),
                  " ".join(sorted(country)), " ".join(sorted(about)), statement["kind"], briefing)
        lines.append("\t".join([str(number), str(statement.get("date") or day), *fields]))
    return lines


def _chunk(paths: list[str], first: int) -> str:
    return "".join(line + "\n" for number, path in enumerate(paths, first)
                   for line in _briefing_lines(path, number))


def records_file(folder: Path, jobs: int | None = None) -> Path:
    """``folder/records.tsv``, written from the library's YAML files if it is not there yet."""
    target = folder / "records.tsv"
    if target.is_file():
        return target
    paths = [str(path) for path in sorted(folder.glob("*.yaml"))]
    step = 100
    partial = target.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out, ProcessPoolExecutor(
            jobs or os.cpu_count() or 1) as pool:
        for text in pool.map(_chunk, [paths[n:n + step] for n in range(0, len(paths), step)],
                             range(0, len(paths), step)):
            out.write(text)
    partial.rename(target)
    return target


def read_records(path: Path, limit: int | None = None) -> Iterator[Record]:
    """The records of a ``records.tsv``, the first ``limit`` of them if given."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            briefing, date, *fields = line.rstrip("\n").split("\t")
            yield Record(int(briefing), date, tuple(fields))
