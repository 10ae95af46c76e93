"""A statement as it is quoted in a report: text, speaker, attribution and source.

The reader's copy (``c``), ``briefing quotes`` and the exports all cite through here.
"""

from __future__ import annotations

from tui.format.document import Document
from tui.format.model import Briefing, Statement

PARAPHRASE = "(paraphrase)"
"""What stands before reported speech wherever it is quoted."""


def quoted(statement: Statement) -> str:
    """``“text”`` for a direct quotation; ``(paraphrase) text`` for reported speech, which is
    never dressed as a quotation."""
    if statement.is_direct:
        return f"\u201c{statement.text}\u201d"
    return f"{PARAPHRASE} {statement.text}"


def cited_source(briefing: Briefing, statement: Statement) -> str:
    """``Source title, date``: the date said, else the source's published date, else the
    briefing's."""
    source = briefing.source_of(statement)
    when = statement.date or source.published or briefing.date
    return source.title + (f", {when.isoformat()}" if when else "")


def citation(document: Document | Briefing, statement: Statement) -> str:
    """``“text” — Speaker, role (reported by X) — Source title, date``."""
    briefing = document if isinstance(document, Briefing) else document.briefing
    who = briefing.lookups.speaker_byline(statement)
    return f"{quoted(statement)} \u2014 {who} \u2014 {cited_source(briefing, statement)}"
