"""Reported speech: ``X said that ...``, ``According to X, ...``, ``..., according to X.``

A sentence without a quotation is reported speech when a speaker (a noun phrase the cast can
resolve) goes with a verb that takes a clause (``said``, ``warned``, ``stated during a news
conference on Monday evening that``, ``is confident that``), or with ``according to``. What was
said, the clause, is given to the curator to paraphrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.draft import lexicon as lx
from tui.draft.attribution import Found, phrase_after, phrase_before, subject
from tui.draft.mentions import Mention, Token, outlet_name, phrase_end

CLAUSE_VERBS = lx.words(
    """
    said says told tells warned warns insisted insists stated declared declares noted
    notes explained explains argued argues claimed wrote writes added adds confirmed
    confirms denied denies announced announces stressed stresses emphasised emphasized
    emphasises emphasizes underlined acknowledged acknowledges admitted admits conceded concedes
    cautioned cautions predicted predicts vowed pledged promised suggested
    suggests maintained maintains asserted asserts contended contends reiterated reiterates
    repeated recalled saying stating warning adding insisting noting arguing claiming confirming
    """
) | lx.BELIEF_VERBS
"""Reporting verbs that take what was said as a clause (not ``called it``, ``welcomed``)."""

_BE = frozenset({"is", "was", "are", "were"})
_REPORT_NOUNS = lx.words("statement report readout transcript release post")


@dataclass(frozen=True)
class Reported:
    """A reported statement found in a sentence."""

    found: Found
    content: int
    """Index of the first token of what was said."""
    content_end: int
    """Index just after its last token."""


def _speaker_ok(mention: Mention | None) -> bool:
    return mention is not None and mention.kind in ("person", "office", "organisation", "pronoun")


def _outlet(tokens: list[Token], at: int) -> bool:
    end = phrase_end(tokens, at)
    phrase = tokens[at:end]
    if at < len(tokens) and tokens[at].lower in ("a", "an", "the") and at + 1 < len(tokens) and (
        tokens[at + 1].lower in _REPORT_NOUNS
    ):
        return True
    return outlet_name(phrase) is not None and any(t.bare.lower() in lx.OUTLETS for t in phrase)


def _according(tokens: list[Token]) -> Reported | None:
    for at in range(len(tokens) - 1):
        if not (tokens[at].lower == "according" and tokens[at + 1].lower == "to"):
            continue
        if _outlet(tokens, at + 2):
            return None
        main, role = phrase_after(tokens, at + 2)
        if not _speaker_ok(main):
            return None
        end = phrase_end(tokens, at + 2)
        if at <= 3:  # "According to X, the fund would ..."
            comma = next((i for i in range(end, len(tokens)) if tokens[i].text == ","), None)
            if comma is None:
                return None
            return Reported(Found(main, role, at), comma + 1, len(tokens))
        if tokens[at - 1].text == ",":  # "..., according to X."
            return Reported(Found(main, role, at), 0, at - 1)
    return None


def _verb(tokens: list[Token], at: int) -> int:
    """How many tokens make a reporting verb at ``at`` (0 if none): ``said``, ``is
    confident``, ``issued a warning``."""
    low = tokens[at].lower
    if low in CLAUSE_VERBS:
        return 1
    if low in _BE and at + 1 < len(tokens) and tokens[at + 1].lower in ("confident", "convinced"):
        return 2
    if low == "issued" and [t.lower for t in tokens[at + 1 : at + 3]] == ["a", "warning"]:
        return 3
    return 0


def find_reported(tokens: list[Token]) -> Reported | None:
    """The reported statement of a sentence without quotations, if it has one."""
    found = _according(tokens)
    if found is not None:
        return found
    participle: Reported | None = None
    for at in range(len(tokens)):
        size = _verb(tokens, at)
        if not size:
            continue
        after = at + size
        that = next((i for i in range(after, min(len(tokens), after + 12))
                     if tokens[i].lower == "that"), None)
        if that is not None:
            content = that + 1
        elif tokens[at].lower in ("told", "tells"):
            content = phrase_end(tokens, after)
            if content == after:
                continue
        else:
            content = after
        words = sum(1 for t in tokens[content:] if t.word)
        if words < 4:
            continue
        if tokens[at].lower in lx.PARTICIPLES:
            if participle is None:
                main, role = subject(tokens)
                if _speaker_ok(main):
                    participle = Reported(Found(main, role, at), content, len(tokens))
            continue
        main, role = phrase_before(tokens, at)
        if _speaker_ok(main):
            return Reported(Found(main, role, at), content, len(tokens))
    return participle
