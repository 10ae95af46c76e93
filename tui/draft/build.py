"""From a read article to the data of a draft briefing, in the format's shape.

Every item carries ``draft: true``. Every excerpt is located in the article with the project's
matcher before it is written (:class:`tui.format.evidence.SourceText`), so the draft passes
``briefing check`` as it stands; text the matcher would not find is never written as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from tui.draft.cast import Actor
from tui.draft.places import country_name, find_places
from tui.draft.reading import Reading, Said
from tui.format.evidence import Miss, SourceText
from tui.format.values import CONTROL as _CONTROL

PARAPHRASE = "TO PARAPHRASE: "
"""Start of a reported statement's text: the article's words, for the curator to rewrite."""

UNKNOWN_SPEAKER = "unidentified-speaker"
"""Id of the actor that stands for a speaker the rules could not find."""


@dataclass(frozen=True)
class Counts:
    """What a draft holds, for the command's report."""

    direct: int
    reported: int
    unknown: int
    actors: int
    countries: int
    unattributed: int


def counted(number: int, word: str, plural: str = "") -> str:
    """``1 actor``, ``2 actors``, ``3 countries``."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


def slug(text: str, fallback: str = "item", limit: int = 48) -> str:
    """A slug of the format (``a-z0-9-``, starting with a letter or digit)."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or fallback


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, base: str) -> str:
        name, number = base, 2
        while name in self.used:
            name = f"{base}-{number}"
            number += 1
        self.used.add(name)
        return name


def _clean(text: str, control: str = " ... ") -> str:
    """One line of text for YAML and the matcher: whitespace runs as one space; a control
    character (which the format refuses) as an elision ``...`` (or as ``control``)."""
    return " ".join(_CONTROL.sub(control, text).split())


def _sentence(reading: Reading, said: Said) -> str:
    return _clean(reading.text[said.sentence.start : said.sentence.end])


def _countries(reading: Reading, actors: list[Actor]) -> list[str]:
    codes: list[str] = []
    for place in find_places(reading.text):
        if place.code not in codes:
            codes.append(place.code)
    for actor in actors:
        if actor.country and actor.country not in codes:
            codes.append(actor.country)
    return codes


def _actor_data(actor: Actor, actor_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": actor_id, "name": actor.name}
    if actor.role and actor.role != actor.name:
        data["role"] = actor.role
    data["kind"] = actor.kind
    if actor.country:
        data["country"] = actor.country
    data["draft"] = True
    return data


def build(reading: Reading, *, briefing_id: str, source_file: str, article_name: str
          ) -> tuple[dict[str, Any], Counts]:
    """The draft briefing's data (keys in the format's order) and what it holds."""
    source = SourceText(reading.text)

    def found(excerpt: str) -> bool:
        return bool(excerpt) and not isinstance(source.locate(excerpt), Miss)

    speakers = [a for a in reading.cast.speakers()]
    ids = _Ids()
    actor_ids = {id(actor): ids.new(slug(actor.name, "actor")) for actor in speakers}
    statements: list[dict[str, Any]] = []
    lost: list[str] = []
    unknown = 0
    statement_ids = _Ids()
    for said in reading.said:
        text = _clean(said.text)
        evidence = _sentence(reading, said)
        if said.kind == "direct" and not found(text):
            lost.append(text)  # never written: a direct quotation must be the source's words
            continue
        if not found(evidence):
            evidence = text if said.kind == "direct" else ""
        if not evidence:
            lost.append(text)
            continue
        more = [_clean(reading.text[span.start : span.end]) for span in said.also]
        excerpts = [evidence, *(e for e in more if e != evidence and found(e))]
        if said.speaker is None:
            speaker = UNKNOWN_SPEAKER
            unknown += 1
        else:
            speaker = actor_ids[id(said.speaker)]
        words = slug(" ".join(text.split()[:5]), "statement", 32)
        item: dict[str, Any] = {
            "id": statement_ids.new(f"{slug(speaker.split('-')[-1], 'x', 16)}-{words}"),
            "speaker": speaker,
            "kind": said.kind,
            "text": text if said.kind == "direct" else PARAPHRASE + text,
        }
        if said.when:
            item["when"] = said.when
        if said.reported_by:
            item["reported_by"] = said.reported_by
        item["evidence"] = excerpts if len(excerpts) > 1 else evidence
        item["draft"] = True
        statements.append(item)
    actors = [_actor_data(a, actor_ids[id(a)]) for a in speakers]
    if unknown:
        actors.append({"id": UNKNOWN_SPEAKER, "name": "Unidentified speaker",
                       "role": "TO IDENTIFY: the rules found no speaker for these quotations",
                       "draft": True})
    title = _clean(reading.title, " ") or article_name
    codes = _countries(reading, speakers)
    countries = [{"code": code, "name": country_name(code), "draft": True} for code in codes]
    caveats = _caveats(reading, lost, found)
    data: dict[str, Any] = {
        "format": 1,
        "id": briefing_id,
        "title": title,
        "summary": (
            f"TO WRITE: the story in a few sentences. Drafted by 'briefing draft' from "
            f"{article_name}: "
            f"{counted(sum(s['kind'] == 'direct' for s in statements), 'direct quotation')}, "
            f"{counted(sum(s['kind'] == 'reported' for s in statements), 'reported statement')}"
            f", {counted(len(actors), 'actor')} and "
            f"{counted(len(countries), 'country', 'countries')}, each marked 'draft: true' "
            "until reviewed."
        ),
        "draft": True,
        "sources": [{"id": "article", "title": title,
                     "file": source_file, "draft": True}],
        "countries": countries,
        "actors": actors,
        "statements": statements,
    }
    if caveats:
        data["caveats"] = caveats
    counts = Counts(
        direct=sum(s["kind"] == "direct" for s in statements),
        reported=sum(s["kind"] == "reported" for s in statements),
        unknown=unknown, actors=len(actors), countries=len(countries),
        unattributed=len(reading.unattributed),
    )
    return data, counts


def _caveats(reading: Reading, lost: list[str], found: Any) -> list[dict[str, Any]]:
    caveats: list[dict[str, Any]] = []
    if reading.unattributed:
        quoted = ", ".join(f'"{_clean(q.text)}"' for q, _ in reading.unattributed)
        evidence = []
        for quote, _sentence_span in reading.unattributed:
            excerpt = _clean(quote.text)
            if found(excerpt) and excerpt not in evidence:
                evidence.append(excerpt)
        caveat: dict[str, Any] = {
            "text": (
                f"TO REVIEW: quoted words not drafted as statements, having no speaker nearby "
                f"(scare quotes, titles or names?): {quoted}. Add a statement for any that is "
                "a quotation, then delete this caveat."
            ),
        }
        if evidence:
            caveat["evidence"] = evidence
        caveat["draft"] = True
        caveats.append(caveat)
    if lost:
        caveats.append({
            "text": (
                "TO REVIEW: statements the draft could not tie to the article's text (not "
                "written): " + "; ".join(f'"{t}"' for t in lost)
            ),
            "draft": True,
        })
    return caveats
