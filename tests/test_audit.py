"""The bundled briefing against its fact-check (``tests/audit/nato-ground-troops.yaml``).

The audit lists every item of the briefing with a verdict and the article's words it rests on.
The briefing must agree: what the audit calls inferred is marked inferred with a note, what it
calls stated is not, nothing it corrected says the old words again, every item is audited, and
the summary no longer places Macron's "nothing should be ruled out" at the Paris meeting.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tui.format.claims import Basis
from tui.format.document import Document
from tui.format.loader import load
from tui.format.model import Briefing, Position, Side
from tui.library.files import bundled_library

AUDIT = Path(__file__).resolve().parent / "audit" / "nato-ground-troops.yaml"
CLAIM_VERDICTS = {"stated", "inferred"}
OTHER_VERDICTS = {"stated", "ok", "corrected"}


@pytest.fixture(scope="module")
def document() -> Document:
    return load(bundled_library() / "nato-ground-troops" / "briefing.yaml")


@pytest.fixture(scope="module")
def audit() -> list[dict[str, Any]]:
    entries = yaml.safe_load(AUDIT.read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries
    return entries


def _squash(text: str) -> str:
    return " ".join(text.split())


def _listed(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


_STEP = re.compile(r"([a-z_]+)(?:\[([^\]]+)\])?")


def resolve(briefing: Briefing, item: str) -> Any:
    """The part of the briefing an audit item names (KeyError if there is none)."""
    found: Any = briefing
    for step in item.split("."):
        match = _STEP.fullmatch(step)
        if match is None:
            raise KeyError(item)
        name, key = match.groups()
        if name == "summary" and found is briefing:
            found = briefing.summary.split("\n\n")
        else:
            found = getattr(found, name)
        if key is None:
            continue
        if key.isdigit():
            number = int(key)
            if number >= len(found):
                raise KeyError(item)
            found = found[number]
            continue
        matches = [entry for entry in found if key in _keys(entry)]
        if len(matches) != 1:
            raise KeyError(f"{item}: {len(matches)} matches for {key!r}")
        found = matches[0]
    return found


def _keys(entry: Any) -> set[str]:
    if isinstance(entry, Position):
        return {f"{entry.country}/{entry.topic}"}
    if isinstance(entry, Side):
        return {entry.actor or entry.country or ""}
    return {value for value in (getattr(entry, "id", None), getattr(entry, "code", None)) if value}


def _text(found: Any) -> str:
    """Every text of an item, whitespace squashed (its words, to look for old ones in)."""
    if isinstance(found, str):
        return _squash(found)
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    walk(found.model_dump(mode="json"))
    return _squash(" ".join(parts))


def _all_items(briefing: Briefing) -> set[str]:
    """The name of every item of the briefing, as the audit writes them."""
    items = {"title", "bluf"}
    items |= {f"summary[{n}]" for n in range(len(briefing.summary.split("\n\n")))}
    items |= {f"key_points[{n}]" for n in range(len(briefing.key_points))}
    items |= {f"caveats[{n}]" for n in range(len(briefing.caveats))}
    items |= {f"sources[{s.id}]" for s in briefing.sources}
    items |= {f"countries[{c.code}]" for c in briefing.countries}
    items |= {f"actors[{a.id}]" for a in briefing.actors}
    items |= {f"topics[{t.id}]" for t in briefing.topics}
    items |= {f"positions[{p.country}/{p.topic}]" for p in briefing.positions}
    items |= {f"statements[{s.id}]" for s in briefing.statements}
    items |= {f"risks[{r.id}]" for r in briefing.risks}
    for debate in briefing.debates:
        items.add(f"debates[{debate.id}]")
        items |= {f"debates[{debate.id}].sides[{s.actor or s.country}]" for s in debate.sides}
    return items


# --- the audit itself -----------------------------------------------------------------------------


def test_every_audited_item_exists_once(document, audit):
    names = [entry["item"] for entry in audit]
    assert len(names) == len(set(names)), "an item is audited twice"
    for name in names:
        resolve(document.briefing, name)


def test_every_item_of_the_briefing_is_audited(document, audit):
    """Line by line: an item added to the briefing needs its verdict."""
    assert _all_items(document.briefing) - {entry["item"] for entry in audit} == set()


def test_verdicts_are_known_and_every_entry_cites_the_article(document, audit):
    for entry in audit:
        claim = isinstance(resolve(document.briefing, entry["item"]), Position | Side)
        assert entry["verdict"] in (CLAIM_VERDICTS if claim else OTHER_VERDICTS), entry
        assert _listed(entry.get("words")), f"{entry['item']}: no words of the article"
        assert set(entry) <= {"item", "verdict", "words", "was", "why"}, entry
        if entry["verdict"] == "corrected":
            assert _listed(entry.get("was")), f"{entry['item']}: corrected from what?"


def test_the_article_s_words_are_in_the_article(document, audit):
    article = _squash(document.source_texts[document.first_source.id])
    missing = [(entry["item"], words) for entry in audit for words in _listed(entry["words"])
               if _squash(words) not in article]
    assert missing == []


# --- the briefing, held to it ---------------------------------------------------------------------


def test_what_the_audit_calls_inferred_is_marked_inferred_with_a_note(document, audit):
    for entry in audit:
        found = resolve(document.briefing, entry["item"])
        if entry["verdict"] == "inferred":
            assert found.basis is Basis.INFERRED, entry["item"]
            assert found.note and found.note.strip(), entry["item"]
        elif isinstance(found, Position | Side):
            assert found.basis is Basis.STATED, f"{entry['item']} is marked inferred"


def test_nothing_corrected_says_its_old_words_again(document, audit):
    for entry in audit:
        text = _text(resolve(document.briefing, entry["item"]))
        for old in _listed(entry.get("was")):
            assert _squash(old) not in text, f"{entry['item']} still says {old!r}"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+", _squash(text)) if s]


def test_the_summary_no_longer_places_the_quote_at_the_meeting(document):
    briefing = document.briefing
    first = briefing.summary.split("\n\n")[0]
    assert "nothing should be ruled out" in _squash(first)
    texts = [briefing.summary, briefing.bluf or "", *briefing.key_points,
             *(c.summary or "" for c in briefing.countries),
             *(p.summary or "" for p in briefing.positions),
             *(s.text for s in briefing.statements), *(s.when or "" for s in briefing.statements)]
    for text in texts:
        for sentence in _sentences(text):
            if "ruled out" in sentence:
                assert "meeting" not in sentence and "Paris" not in sentence, sentence
    quote = next(s for s in briefing.statements if s.id == "macron-nothing-ruled-out")
    assert quote.when is None and quote.date is None  # the article gives neither


def test_the_weapons_shortage_is_not_credited_to_kyiv(document):
    risk = next(r for r in document.briefing.risks if r.id == "ukraine-weapons-shortage")
    assert "ukraine-government" not in risk.raised_by


def test_the_known_unflagged_readings_are_handled(audit):
    """The examples the earlier fact-check gave, each with its verdict here."""
    verdicts = {entry["item"]: entry["verdict"] for entry in audit}
    assert verdicts["positions[IT/ground-troops]"] == "inferred"  # present tense, not a pledge
    assert verdicts["statements[stoltenberg-no-troops-continued-support]"] == "corrected"
    assert verdicts["statements[biden-no-us-troops]"] == "corrected"  # "before the invasion"
    assert verdicts["countries[GB]"] == "corrected"  # "no current intentions", not "no plans"
    assert verdicts["risks[ukraine-weapons-shortage]"] == "corrected"  # raised_by
    assert verdicts["summary[0]"] == "corrected"  # the quote placed at the meeting


def test_every_ambiguous_sentence_has_a_caveat(document):
    """The article's sentences that the audit found open to more than one reading."""
    caveated = " ".join(_squash(" ".join(c.evidence)) for c in document.briefing.caveats)
    for words in (
        "despite not being a NATO member",
        "would not be sent to Ukraine before the invasion and has maintained this stance in the "
        "days following",
        "That stance has been supported",
        "Italy's assistance does not involve European or Nato troops being stationed in Ukraine",
        "to address immediate shortages",
        'Macron\'s statement that "nothing should be ruled out"',
        "aside from the limited number of personnel currently assisting",
    ):
        assert words in caveated, words
