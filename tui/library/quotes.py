"""``briefing quotes``: the reader's quote search from the command line.

One result per line with its citation, the words found marked (colour only on a terminal), or
JSON Lines with ``--json``. Data text is printed through ``printable`` and built as ``Text``,
never parsed as markup.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.format.document import Document

from tui.format.problems import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def cmd_quotes(query: str, paths: list[Path], *, as_json: bool, limit: int) -> int:
    """Search statements like the reader; one result per line (or JSON Lines). Exit 0 with
    results, 1 with none, 2 for a path that cannot be read.

    The library is opened as the reader opens it (:mod:`tui.library.ingest`: snapshot, cache entries or
    worker processes); only the briefings of the results printed are loaded in full.
    """
    from tui.format.citation import citation
    from tui.format.claims import credibility_words
    from tui.format.sanitize import printable, printable_spans
    from tui.library.cache import load_cached_safely
    from tui.library.files import find_briefings
    from tui.library.ingest import open_library
    from tui.search.query import highlights, parse_query

    files, unreadable = find_briefings(paths)
    for problem in unreadable:
        print(problem, file=sys.stderr)
    if unreadable:
        return EXIT_USAGE
    opened = open_library(files)
    assert opened is not None  # never cancelled
    if opened.notice:
        print(f"briefing: {opened.notice}", file=sys.stderr)
    for problem in opened.problems:
        print(problem, file=sys.stderr)
    index = opened.index
    results = index.search(parse_query(query))
    loaded: dict[int, Document | None] = {}

    def statement_of(hit):  # the full statement: the index keeps only what results show
        if hit.briefing not in loaded:
            document, problems = load_cached_safely(opened.files[hit.briefing])
            for problem in problems:  # changed since the library was opened
                print(problem, file=sys.stderr)
            loaded[hit.briefing] = document
        document = loaded[hit.briefing]
        if document is None:
            return None, None
        return document, document.briefing.lookups.statement(hit.statement.id)

    if not results.count:
        print(f"briefing: {printable(results.why_empty())}", file=sys.stderr)
        opened.save_snapshot()
        return EXIT_PROBLEMS
    shown = results.count if not limit else min(limit, results.count)
    if as_json:
        import json

        for hit in results.hits(0, shown):
            document, statement = statement_of(hit)
            if statement is None:
                continue
            grade = statement.credibility
            record = {
                "briefing": document.briefing.id,
                "id": statement.id,
                "kind": statement.kind,
                "text": statement.text,
                "speaker": hit.speaker_name,
                "role": hit.speaker.role if hit.speaker else None,
                "country": hit.country_code,
                "reported_by": statement.reported_by,
                "when": statement.when,
                "date": statement.date.isoformat() if statement.date else None,
                "topics": list(statement.topics),
                "citation": citation(document, statement),
                "credibility": None if grade is None else int(grade),
                "credibility_label": None if grade is None else grade.label,
            }
            print(json.dumps(record, ensure_ascii=False))
        if shown < results.count:
            print(f"({results.count - shown} more; raise --limit)", file=sys.stderr)
        opened.save_snapshot()
        return EXIT_OK
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for hit in results.hits(0, shown):
        document, statement = statement_of(hit)
        if statement is None:
            continue
        cited = citation(document, statement)
        offset = 1 if hit.statement.is_direct else len("(paraphrase) ")
        spans = [(a + offset, b + offset) for a, b in highlights(hit.statement.text, results.query)]
        shown_text, moved = printable_spans(cited, spans)
        line = Text(shown_text, end="")
        for start, end in moved:
            line.stylize("bold reverse", start, end)
        country = hit.country_code or "intl"
        grade = statement.credibility
        graded = "" if grade is None else f" · {credibility_words(grade)}"
        line.append(f"  [{document.briefing.id} · {country}{graded}]", style="dim")
        console.print(line)
    if shown < results.count:
        print(f"({results.count - shown} more; raise --limit)", file=sys.stderr)
    opened.save_snapshot()
    return EXIT_OK
