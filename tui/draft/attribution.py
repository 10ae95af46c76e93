"""Who said it: the attribution around a quotation, and reported speech.

A sentence is read as tokens in which each quotation is one token. For a quotation, in order:

1. the clause right after it: ``"...," said Rebane``, ``"...," Rebane said``, ``"...," the
   minister told reporters``, ``"..." — Kaja Rebane``;
2. the last trigger in the clause before it: a reporting verb (``Rebane warned that the plan was
   "..."``), ``according to X``, a speech noun (``Macron's statement that "..."``, ``a statement
   from the White House``), or a colon after a subject (``Rebane was blunt: "..."``);
3. otherwise the speaker of the quotation in the sentence before (``"...," he said. "..."``), or
   the person the sentence before is about, or the last speaker of the paragraph before.

A speaker is the noun phrase next to the verb, with an appositive (``Kaja Rebane, Estonia's
prime minister,``); when the verb has none (``..., calling it "..."``, ``... and warned that``),
the sentence's subject. :class:`Clause` results carry the mention; the cast resolves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.draft import lexicon as lx
from tui.draft.mentions import Mention, Token, classify, outlet_name, phrase_end

_DAYS = lx.words("monday tuesday wednesday thursday friday saturday sunday")
_PARTS = lx.words("morning afternoon evening night")
_RELATIVE = lx.words("who which whose whom where speaking writing")
_DASHES = frozenset("\u2014\u2013-")


@dataclass(frozen=True)
class Found:
    """A speaker found for a quotation or a reported statement."""

    mention: Mention | None
    """The noun phrase (None: the sentence's subject or the previous speaker is meant)."""
    role: Mention | None = None
    """An appositive giving the role (``Kaja Rebane, Estonia's prime minister,``)."""
    verb: int = -1
    """Index of the trigger (verb, noun, colon) in the sentence's tokens."""
    inherit: bool = False
    """The verb has no subject of its own (``..., calling it``): the sentence's subject."""


def _is_verb(token: Token) -> bool:
    return token.lower in lx.REPORTING_VERBS or token.lower in lx.BELIEF_VERBS or (
        token.lower == "quoted"
    )


def combine(main: Mention | None, appositive: Mention | None) -> tuple[Mention | None, Mention | None]:
    """A phrase and its appositive: the named one is the speaker, the other its role."""
    if appositive is None or appositive.kind == "pronoun":
        return main, None
    if main is None:
        return (appositive, None) if appositive.named else (None, None)
    if main.named and not appositive.named:
        return main, appositive
    if appositive.named and not main.named and main.kind == "person":
        return appositive, main
    return main, None


def appositive_after(tokens: list[Token], end: int) -> tuple[Mention | None, int]:
    """``NAME, ROLE,``: the appositive after a phrase ending at ``end``, and where it ends."""
    if end >= len(tokens) or tokens[end].text != ",":
        return None, end
    start = end + 1
    if start < len(tokens) and tokens[start].lower in _RELATIVE:
        close = next((i for i in range(start, min(len(tokens), start + 16))
                      if tokens[i].text == ","), None)
        return None, (close + 1 if close is not None else end)
    stop = phrase_end(tokens, start)
    if stop == start:
        return None, end
    finish = stop
    if stop < len(tokens) and tokens[stop].lower in _RELATIVE:  # "an MP who sits on ...,"
        finish = next((i for i in range(stop, min(len(tokens), stop + 16))
                       if tokens[i].text == ","), stop)
        if finish == stop:
            return None, end
    elif stop < len(tokens) and tokens[stop].text not in (",", ".", ";", ":"):
        return None, end
    mention = classify(tokens[start:stop])
    if mention is None:
        return None, end
    return mention, (finish + 1 if finish < len(tokens) and tokens[finish].text == "," else finish)


def phrase_after(tokens: list[Token], at: int) -> tuple[Mention | None, Mention | None]:
    """The noun phrase starting at ``at`` (after ``said``, ``according to``), with its
    appositive: (speaker, role)."""
    end = phrase_end(tokens, at)
    if end == at:
        return None, None
    main = classify(tokens[at:end])
    appositive, _ = appositive_after(tokens, end)
    return combine(main, appositive)


def _skip_back(tokens: list[Token], at: int, floor: int) -> int:
    """Step back over auxiliaries and a day (``has also``, ``on Monday evening``)."""
    while at > floor:
        low = tokens[at - 1].lower
        day = low == "on" and at < len(tokens) and tokens[at].lower in _DAYS
        if low in lx.AUXILIARIES or low in _PARTS or low in _DAYS or day:
            at -= 1
        else:
            break
    return at


def phrase_before(tokens: list[Token], verb: int, floor: int = 0) -> tuple[Mention | None, Mention | None]:
    """The noun phrase that ends right before ``tokens[verb]`` (skipping auxiliaries, a day and
    an appositive between commas), with its appositive: (speaker, role)."""
    end = _skip_back(tokens, verb, floor)
    appositive = None
    if end > floor and tokens[end - 1].text == ",":
        opening = next((i for i in range(end - 2, max(floor, end - 18) - 1, -1)
                        if tokens[i].text == ","), None)
        if opening is None:
            return None, None
        inner = tokens[opening + 1 : end - 1]
        if inner and inner[0].lower not in _RELATIVE and phrase_end(tokens, opening + 1) == end - 1:
            appositive = classify(inner)
        end = opening
    start = None
    for candidate in range(max(floor, end - 14), end):
        if phrase_end(tokens, candidate) == end:
            start = candidate
            break
    if start is None:
        return combine(None, appositive)
    return combine(classify(tokens[start:end]), appositive)


def _dateline(tokens: list[Token]) -> int:
    """Where a sentence starts after a dateline (``TALLINN, March 4 (Wire) -``, ``Canberra —``):
    capitalised words, numbers and punctuation up to a dash near the start."""
    for index in range(1, min(len(tokens), 12)):
        token = tokens[index]
        if token.text in _DASHES:
            return index + 1
        if token.word and not (token.capitalised or token.text[:1].isdigit()) or token.quote:
            return 0
    return 0


def subject(tokens: list[Token]) -> tuple[Mention | None, Mention | None]:
    """The sentence's subject: the noun phrase at its start, after an introductory phrase
    (``In Rome,``, ``Asked about the plan,``, ``On Tuesday,``)."""
    at = _dateline(tokens)
    first = tokens[at].lower if at < len(tokens) else ""
    participle = first.endswith(("ing", "ed")) and at + 1 < len(tokens) and (
        tokens[at + 1].word and not tokens[at + 1].capitalised
    )  # "Asked about the plan,", "Speaking to reporters," (not "Ahmed, the minister,")
    if first in lx.CAPITALISED_STOPWORDS or participle:
        comma = next((i for i in range(at, min(len(tokens), at + 14)) if tokens[i].text == ","),
                     None)
        if comma is not None:
            at = comma + 1
    while at < len(tokens) and tokens[at].lower in lx.CAPITALISED_STOPWORDS - {"the", "a", "an"}:
        at += 1
    return phrase_after(tokens, at)


def after_quote(tokens: list[Token], quote: int) -> Found | None:
    """An attribution right after the quotation token at ``quote``."""
    at = quote + 1
    dash = False
    while at < len(tokens) and not tokens[at].word and not tokens[at].quote:
        dash = dash or tokens[at].text in _DASHES
        at += 1
    if at >= len(tokens) or tokens[at].quote:
        return None
    token = tokens[at]
    if _is_verb(token):
        main, role = phrase_after(tokens, at + 1)
        return Found(main, role, at) if main is not None else None
    if token.lower == "according" and at + 1 < len(tokens) and tokens[at + 1].lower == "to":
        main, role = phrase_after(tokens, at + 2)
        if main is None or _outlet_only(tokens, at + 2, main):
            return None
        return Found(main, role, at)
    end = phrase_end(tokens, at)
    if end == at:
        return None
    main = classify(tokens[at:end])
    appositive, after = appositive_after(tokens, end)
    verb = _skip_forward(tokens, after)
    if verb < len(tokens) and _is_verb(tokens[verb]):
        main, role = combine(main, appositive)
        return Found(main, role, verb) if main is not None else None
    if dash and main is not None:
        return Found(main, appositive, at)
    return None


def _skip_forward(tokens: list[Token], at: int) -> int:
    while at < len(tokens) and (tokens[at].lower in lx.AUXILIARIES or tokens[at].lower in _DAYS
                                or tokens[at].lower in _PARTS or tokens[at].lower == "on"
                                and at + 1 < len(tokens) and tokens[at + 1].lower in _DAYS):
        at += 1
    return at


def before_quote(tokens: list[Token], quote: int, floor: int) -> Found | None:
    """The last attribution in ``tokens[floor:quote]`` that the quotation falls under."""
    for at in range(quote - 1, floor - 1, -1):
        token = tokens[at]
        low = token.lower
        if low == "to" and at > floor and tokens[at - 1].lower == "according":
            main, role = phrase_after(tokens, at + 1)
            if main is not None and not _outlet_only(tokens, at + 1, main):
                return Found(main, role, at)
            continue
        if _is_verb(token) and not (at + 1 < len(tokens) and tokens[at + 1].lower == "by"):
            main, role = phrase_before(tokens, at, floor)
            inherit = main is None or main.kind not in ("person", "office", "organisation",
                                                        "pronoun")
            return Found(None if inherit else main, role, at, inherit=inherit)
        if low in lx.SPEECH_NOUNS:
            if at > floor and tokens[at - 1].possessive:
                main, role = phrase_before(tokens, at, floor)
                if main is not None:
                    return Found(main, role, at)
            if at + 2 < len(tokens) and tokens[at + 1].lower in ("from", "by"):
                main, role = phrase_after(tokens, at + 2)
                if main is not None:
                    return Found(main, role, at)
        if token.text == ":" and at == quote - 1:
            return Found(None, None, at, inherit=True)
    return None


def _outlet_only(tokens: list[Token], at: int, mention: Mention) -> bool:
    """``according to Reuters``: an outlet, which reports, rather than a speaker."""
    end = phrase_end(tokens, at)
    name = outlet_name(tokens[at:end])
    return name is not None and any(t.bare.lower() in lx.OUTLETS for t in tokens[at:end]) and (
        not mention.head
    )


# -- reported_by and when ------------------------------------------------------------------

_REPORT_NOUNS = lx.words("statement report readout transcript release post")


def reported_by(tokens: list[Token]) -> str | None:
    """The outlet or office a sentence credits: ``according to the BBC``, ``NY Times
    reported``, ``quoted by Le Monde``, ``told the Tagesspiegel newspaper``, ``Per BBC``,
    ``according to a statement from the White House``."""
    for at, token in enumerate(tokens):
        low = token.lower
        if low == "according" and at + 1 < len(tokens) and tokens[at + 1].lower == "to":
            start = at + 2
            if start < len(tokens) and tokens[start].lower in ("a", "an", "the"):
                start += 1
            if start < len(tokens) and tokens[start].lower in _REPORT_NOUNS:
                nxt = start + 1
                if nxt < len(tokens) and tokens[nxt].lower in ("released", "issued", "published"):
                    nxt += 1
                if nxt + 1 < len(tokens) and tokens[nxt].lower in ("from", "by", "of"):
                    name = _named(tokens, nxt + 1)
                    if name:
                        return name
                continue
            name = _outlet(tokens, at + 2, known=True)
            if name:
                return name
        elif low in ("quoted", "reported") and at + 1 < len(tokens) and tokens[at + 1].lower == "by":
            name = _outlet(tokens, at + 2, known=False)
            if name:
                return name
        elif low == "reported" and at > 0:
            start = at
            while start > 0 and tokens[start - 1].word and not tokens[start - 1].quote and (
                tokens[start - 1].lower not in lx.CAPITALISED_STOPWORDS or tokens[start - 1].capitalised
                and start - 1 > 0 and tokens[start - 2].capitalised
            ):
                start -= 1
            name = outlet_name(tokens[start:at])
            if name:
                return name
        elif low == "told" or low == "with" and at > 0 and tokens[at - 1].lower == "interview":
            name = _outlet(tokens, at + 1, known=True)
            if name:
                return name
        elif low == "per" and token.capitalised and at == 0:
            name = _outlet(tokens, at + 1, known=False)
            if name:
                return name
    return None


def _outlet(tokens: list[Token], at: int, *, known: bool) -> str | None:
    end = at
    while end < len(tokens) and tokens[end].word and not tokens[end].quote and end - at < 6 and (
        tokens[end].capitalised or tokens[end].lower in ("the", "a")
        or tokens[end].lower in lx.OUTLET_NOUNS or tokens[end].lower in lx.NAME_PARTICLES
    ):
        end += 1
    phrase = tokens[at:end]
    name = outlet_name(phrase)
    if name is None:
        return None
    if known and not (any(t.bare.lower() in lx.OUTLETS for t in phrase)
                      or any(t.lower in lx.OUTLET_NOUNS for t in phrase)):
        return None
    return name


def _named(tokens: list[Token], at: int) -> str | None:
    end = phrase_end(tokens, at)
    mention = classify(tokens[at:end])
    return mention.name if mention is not None and mention.kind != "pronoun" else None


_WHEN = re.compile(
    r"\b(?:on |last |this )?((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?: (?:morning|afternoon|evening|night))?)\b"
)


def when(tokens: list[Token], verb: int) -> str | None:
    """A weekday right next to the reporting verb (``said on Monday``, ``on Tuesday, ...
    said``), as written."""
    if verb < 0:
        return None
    near = tokens[max(0, verb - 4) : verb + 5]
    text = " ".join(t.text for t in near)
    match = _WHEN.search(text)
    return match.group(1) if match else None
