"""A statement as it is quoted in a report: text, speaker, attribution and source."""

from __future__ import annotations

from tui.format.document import Document
from tui.format.model import Actor, Statement


def citation(document: Document, statement: Statement) -> str:
    """``“text” — Speaker, role (reported by X) — Source title, date``.

    Reported speech reads ``(paraphrase) text — ...`` so it is never pasted as a quotation.
    """
    briefing = document.briefing
    speaker: Actor | None = next((a for a in briefing.actors if a.id == statement.speaker), None)
    who = speaker.name if speaker else statement.speaker
    if speaker and speaker.role and speaker.role != speaker.name:
        who += f", {speaker.role}"
    if statement.reported_by:
        who += f" (reported by {statement.reported_by})"
    source = briefing.source_of(statement)
    when = statement.date or source.published or briefing.date
    cited = source.title + (f", {when.isoformat()}" if when else "")
    # A paraphrase is never dressed as a quotation: reported speech is marked as such.
    quoted = (
        f"\u201c{statement.text}\u201d" if statement.is_direct else f"(paraphrase) {statement.text}"
    )
    return f"{quoted} \u2014 {who} \u2014 {cited}"
