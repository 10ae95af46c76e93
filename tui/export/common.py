"""What every export format shares: the briefing of a document, paragraphs, actors, counts.

Statements are cited through :mod:`tui.format.citation`, so a quote reads the same in the
reader and in every export.
"""

from __future__ import annotations

import re
from collections import Counter

from tui.format.document import Document
from tui.format.model import Actor, Briefing, Stance


def briefing_of(document: Document | Briefing) -> Briefing:
    """The briefing to export (a loaded document's, or a briefing given as it is)."""
    return document if isinstance(document, Briefing) else document.briefing


def actor_line(actor: Actor) -> str:
    """``Name, role (office)``: an actor in a list of actors."""
    text = actor.name
    if actor.role:
        text += f", {actor.role}"
    if actor.kind != "person":
        text += f" ({actor.kind})"
    return text


def paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text (separated by blank lines), without surrounding whitespace."""
    text = text.replace("\r\n", "\n")
    return [part.strip() for part in re.split(r"\n[ \t]*\n", text) if part.strip()]


def stance_counts(briefing: Briefing, topic_id: str | None = None) -> Counter[Stance]:
    """Positions per stance, of one topic or of all."""
    return Counter(p.stance for p in briefing.positions if topic_id is None or p.topic == topic_id)


def is_web_url(url: str) -> bool:
    """An ``http(s)`` address with nothing that could break out of a link."""
    return re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) is not None
