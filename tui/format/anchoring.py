"""Where each excerpt stands in its source text, and whether that text is the one curated.

A source may record ``sha256``, the hash of its file's text when the briefing was curated
(:func:`text_sha256`). Against the text read now, each excerpt is :class:`Status`:

* ``verified``: found verbatim (the format's matching rules), the source unchanged or unrecorded;
* ``moved``: found verbatim, but the source's text changed since it was curated (a notice);
* ``changed``: not found, and a passage of the source is close (at least :data:`CHANGED_SCORE`):
  the words that differ are told (:class:`Change`);
* ``orphaned``: not found, and no passage is that close.

The verbatim rule is the only pass: a changed excerpt is never taken for the passage it resembles,
however close (a dropped "not" or a changed number scores high). Similarity only chooses the
passage shown and the words marked. :func:`anchor` classifies one excerpt; :func:`anchors`
classifies every excerpt of a loaded document (for the reader).
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from tui.format.evidence import Miss, Passage, SourceText, Span, excerpt_parts
from tui.format.wording import plural

if TYPE_CHECKING:
    from tui.format.document import Document
    from tui.format.model import Briefing

Loc = tuple[str | int, ...]

CHANGED_SCORE = 75.0
"""Least similarity (0-100) of the closest passage for a missing excerpt to count as changed."""

MAX_DIFF_CELLS = 4_000_000
"""Largest product of the two texts' word counts whose differing words are worked out."""

CONTEXT_WORDS = 4
"""Unchanged words kept on each side of a difference when the texts are shown."""

SHOWN_LIMIT = 240
"""Most characters of each text shown in a message."""


class Status(StrEnum):
    """Where an excerpt stands in its source text."""

    VERIFIED = "verified"
    MOVED = "moved"
    CHANGED = "changed"
    ORPHANED = "orphaned"

    @property
    def found(self) -> bool:
        """True when the excerpt is in the text verbatim (verified or moved)."""
        return self in (Status.VERIFIED, Status.MOVED)


@dataclass(frozen=True)
class Change:
    """A run of words of the excerpt (``old``) and of the source's passage (``new``)."""

    kind: Literal["equal", "replace", "delete", "insert"]
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class Anchor:
    """One excerpt's standing in its source text."""

    status: Status
    spans: tuple[Span, ...] = ()
    """Where the excerpt is in the source text (verified and moved)."""
    passage: Passage | None = None
    """The closest passage (changed, and orphaned when one scores at least the hint's score)."""
    changes: tuple[Change, ...] = ()
    """Changed: the excerpt's words against the passage's, in order (empty if too long)."""
    skipped: str | None = None
    """Why no closest passage was looked for (see :class:`tui.format.evidence.Miss`)."""


def text_sha256(text: str) -> str:
    """The hash a source records: SHA-256 of its text in UTF-8, without a leading BOM (the
    text the loader reads), in lower-case hex. For a file without a BOM, ``sha256sum FILE``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def changed_sources(briefing: Briefing, texts: dict[str, str]) -> dict[str, str]:
    """Sources that record a hash their text no longer has: source id → the text's hash now."""
    changed: dict[str, str] = {}
    for source in briefing.sources:
        text = texts.get(source.id)
        if source.sha256 is not None and text is not None:
            now = text_sha256(text)
            if now != source.sha256:
                changed[source.id] = now
    return changed


def anchor(source: SourceText, excerpt: str, *, source_changed: bool) -> Anchor:
    """Classify one excerpt against its source text (``source_changed``: its hash differs)."""
    found = source.locate(excerpt)
    if not isinstance(found, Miss):
        return Anchor(Status.MOVED if source_changed else Status.VERIFIED, spans=found)
    return classify_miss(found, excerpt)


def classify_miss(miss: Miss, excerpt: str) -> Anchor:
    """A miss as changed (with the words that differ) or orphaned."""
    passage = miss.passage
    if passage is None or passage.score < CHANGED_SCORE:
        return Anchor(Status.ORPHANED, passage=passage, skipped=miss.skipped)
    changes = word_changes(" ".join(excerpt_parts(excerpt)), passage.text)
    return Anchor(Status.CHANGED, passage=passage, changes=changes)


def word_changes(old: str, new: str) -> tuple[Change, ...]:
    """The words of ``old`` against those of ``new``: equal runs and differences, in order
    (word-level Levenshtein alignment); empty when the texts are too long to align."""
    old_words, new_words = old.split(), new.split()
    if len(old_words) * len(new_words) > MAX_DIFF_CELLS:
        return ()
    from rapidfuzz.distance import Levenshtein  # only for misses: most loads never need it

    return tuple(
        Change(op.tag, tuple(old_words[op.src_start : op.src_end]),  # type: ignore[arg-type]
               tuple(new_words[op.dest_start : op.dest_end]))
        for op in Levenshtein.opcodes(old_words, new_words)
    )


def marked(changes: tuple[Change, ...]) -> tuple[str, str]:
    """Both texts with the words that differ marked, ``[-old-]`` in the excerpt and ``{+new+}``
    in the source; long unchanged runs shortened to ``...``."""
    old: list[str] = []
    new: list[str] = []
    last = len(changes) - 1
    for index, change in enumerate(changes):
        if change.kind == "equal":
            words = list(change.old)
            head = CONTEXT_WORDS if index > 0 else 0
            tail = CONTEXT_WORDS if index < last else 0
            if last > 0 and head + tail + 1 < len(words):
                words = [*words[:head], "...", *words[len(words) - tail :]]
            old.extend(words)
            new.extend(words)
            continue
        if change.old:
            old.append("[-" + " ".join(change.old) + "-]")
        if change.new:
            new.append("{+" + " ".join(change.new) + "+}")
    return _shown(" ".join(old)), _shown(" ".join(new))


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_LIMIT else text[: SHOWN_LIMIT - 3] + "..."


# --- messages of ``briefing check`` -------------------------------------------------------------


def source_changed_message(file: str, recorded: str, now: str, counts: dict[Status, int]) -> str:
    """The notice on a source whose text changed since it was curated."""
    found = counts.get(Status.MOVED, 0)
    tally = f"{plural(found, 'excerpt')} still found verbatim"
    for status in (Status.CHANGED, Status.ORPHANED):
        if counts.get(status):
            tally += f", {counts[status]} {status.value}"
    advice = (
        "; 'briefing check --update-sources' records the new hash"
        if not counts.get(Status.CHANGED) and not counts.get(Status.ORPHANED)
        else ""
    )
    return (
        f"source file '{file}' changed since the briefing was curated "
        f"(sha256 {recorded[:12]}... recorded, {now[:12]}... now): {tally}{advice}"
    )


def moved_message(what: str, source_id: str, file: str, line: int) -> str:
    """The notice on an excerpt found verbatim in a changed source."""
    return f"{what} found verbatim in the changed source '{source_id}' (line {line} of '{file}')"


def miss_message(found: Anchor, what: str, source_id: str, excerpt: str) -> str:
    """The error on an excerpt of a changed source that is not found in it."""
    if found.status is Status.CHANGED and found.passage is not None:
        if found.changes:
            old, new = marked(found.changes)
        else:
            old, new = _shown(excerpt), _shown(found.passage.text) + " (too long to mark the words)"
        return (
            f"{what} changed in source '{source_id}' since it was curated: "
            f'the excerpt reads "{old}", the source now "{new}"'
        )
    shown = _shown(excerpt)
    message = f"{what} orphaned: not found in the changed source '{source_id}': \"{shown}\""
    if found.passage is not None:
        return message + f'; closest passage: "{_shown(found.passage.text)}"'
    if found.skipped:
        return message + f"; no closest passage ({found.skipped})"
    return message + "; no passage of the source is close"


# --- every excerpt of a briefing ----------------------------------------------------------------


Indexed = dict[str, list[tuple[int, Any]]]
"""Items of the evidence-bearing lists (positions, statements, debates, risks, caveats) with
their index in the file: all of them, or those that validated when the whole did not."""


def evidence_items(
    briefing: Briefing, items: Indexed | None = None
) -> Iterator[tuple[Loc, str, tuple[str, ...], str | None]]:
    """Every piece of evidence: (location, source id, excerpts, direct quotation or None).

    ``items`` (default: every item of ``briefing``) are the items to take it from, with their
    index in the file; a statement naming a source ``briefing`` has not is left out (the
    unknown source is a problem of its own)."""
    if items is None:
        items = {name: list(enumerate(getattr(briefing, name)))
                 for name in ("positions", "statements", "debates", "risks", "caveats")}
    sources = [source.id for source in briefing.sources]
    first = sources[0]
    for i, item in items.get("positions", ()):
        yield ("positions", i, "evidence"), first, item.evidence, None
    for i, statement in items.get("statements", ()):
        source = statement.source or first
        if source not in sources:
            continue
        direct = statement.text if statement.is_direct else None
        yield ("statements", i, "evidence"), source, statement.evidence, direct
    for i, debate in items.get("debates", ()):
        yield ("debates", i, "evidence"), first, debate.evidence, None
        for j, side in enumerate(debate.sides):
            yield ("debates", i, "sides", j, "evidence"), first, side.evidence, None
    for i, risk in items.get("risks", ()):
        yield ("risks", i, "evidence"), first, risk.evidence, None
    for i, caveat in items.get("caveats", ()):
        yield ("caveats", i, "evidence"), first, caveat.evidence, None


def evidence_keys(
    briefing: Briefing, sources: Container[str], items: Indexed | None = None
) -> list[tuple[str, str]]:
    """Each ``(source id, excerpt)`` of the evidence once, in the order of
    :func:`evidence_items` and :func:`excerpts_to_check` (a direct quotation after its
    excerpts), for the sources in ``sources`` (those with a text): the excerpts a loaded
    document's spans are of. A cache entry stores the spans in this order, without the
    excerpts' texts."""
    return keys_of(
        (source_id, evidence_texts(excerpts, direct))
        for _, source_id, excerpts, direct in evidence_items(briefing, items)
        if source_id in sources
    )


def keys_of(checked: Iterable[tuple[str, tuple[str, ...]]]) -> list[tuple[str, str]]:
    """Each ``(source id, text)`` of ``checked`` (a source id and its item's
    :func:`evidence_texts`, item after item) once, in order: :func:`evidence_keys` of items
    already at hand."""
    return list(dict.fromkeys(
        (source_id, text) for source_id, texts in checked for text in texts))


def evidence_texts(excerpts: tuple[str, ...], direct: str | None) -> tuple[str, ...]:
    """An evidence item's texts to find in its source: its excerpts, then the direct quotation
    if there is one (the texts of :func:`excerpts_to_check`, in its order)."""
    return excerpts if direct is None else (*excerpts, direct)


def excerpts_to_check(
    loc: Loc, excerpts: tuple[str, ...], direct: str | None
) -> list[tuple[Loc, str, str]]:
    """An evidence item's excerpts (and direct quotation): (location, text, what it is)."""
    wanted = [
        (loc if len(excerpts) == 1 else (*loc, n), excerpt, "excerpt")
        for n, excerpt in enumerate(excerpts)
    ]
    if direct is not None:
        wanted.append(((*loc[:-1], "text"), direct, "direct quotation"))
    return wanted


def anchors(document: Document) -> dict[tuple[str, str], Anchor]:
    """Every excerpt (and direct quotation) of a loaded document: ``(source id, excerpt)`` →
    its anchor. Sources without a file have none. Found excerpts come from the document's
    spans; any other is located again (so a document built without verifying still says)."""
    briefing = document.briefing
    changed = changed_sources(briefing, document.source_texts)
    prepared: dict[str, SourceText] = {}
    result: dict[tuple[str, str], Anchor] = {}
    for loc, source_id, excerpts, direct in evidence_items(briefing):
        text = document.source_texts.get(source_id)
        if text is None:
            continue
        for _, excerpt, _ in excerpts_to_check(loc, excerpts, direct):
            key = (source_id, excerpt)
            if key in result:
                continue
            spans = document.spans.get(key)
            if spans is not None:
                status = Status.MOVED if source_id in changed else Status.VERIFIED
                result[key] = Anchor(status, spans=spans)
                continue
            if source_id not in prepared:
                prepared[source_id] = SourceText(text)
            result[key] = anchor(prepared[source_id], excerpt, source_changed=source_id in changed)
    return result
