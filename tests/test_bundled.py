"""The bundled briefing: valid, complete, faithful to its article, and installed with the package."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from tui.format.document import Document
from tui.format.loader import load_safely
from tui.library.files import bundled_library, find_briefings

ARTICLE_COUNTRIES = {"US", "DE", "GB", "FR", "UA", "RU", "IT", "ES", "PL", "CZ", "CA"}

# Where the article credits reporting to someone else, and the names that credit may take.
CREDITS = {
    "Per BBC": {"BBC"},
    "NY Times reported": {"NY Times", "New York Times", "The New York Times"},
    "according to a statement from the White House": {"White House", "The White House"},
}


@pytest.fixture(scope="module")
def path() -> Path:
    return bundled_library() / "nato-ground-troops" / "briefing.yaml"


@pytest.fixture(scope="module")
def document(path: Path) -> Document:
    document, problems = load_safely(path)
    assert problems == [], "\n".join(map(str, problems))
    assert document is not None
    return document


def test_bundled_files_are_found_through_the_package(path):
    library = bundled_library()
    assert library.is_dir()
    assert path.is_file()
    assert (path.parent / "source-article.txt").is_file()
    packaged = resources.files("tui.briefings") / "nato-ground-troops" / "briefing.yaml"
    assert packaged.is_file()
    assert packaged.read_bytes() == path.read_bytes()
    files, unreadable = find_briefings([library])
    assert unreadable == []
    assert path in files


def test_loads_without_problems(document):
    assert document.briefing.id == "nato-ground-troops-ukraine"
    assert set(document.source_texts) == {document.first_source.id}
    assert document.excerpts >= 50


def test_has_at_least_ten_countries(document):
    assert len(document.briefing.countries) >= 10


def test_has_every_country_the_article_names(document):
    codes = {country.code for country in document.briefing.countries}
    assert ARTICLE_COUNTRIES <= codes


def test_macron_direct_quotation(document):
    direct = [s for s in document.briefing.statements if s.is_direct]
    quote = [s for s in direct if s.text == "nothing should be ruled out"]
    assert len(quote) == 1
    (statement,) = quote
    speaker = next(a for a in document.briefing.actors if a.id == statement.speaker)
    assert speaker.name == "Emmanuel Macron"
    text = document.source_texts[document.briefing.source_of(statement).id]
    spans = document.spans[(document.first_source.id, statement.text)]
    assert [text[a:b] for a, b in spans] == ["nothing should be ruled out"]


def test_every_item_has_evidence(document):
    briefing = document.briefing
    missing = []
    for kind, items in (
        ("statement", briefing.statements),
        ("position", briefing.positions),
        ("risk", briefing.risks),
        ("caveat", briefing.caveats),
    ):
        assert items, f"the bundled briefing has no {kind}s"
        missing += [f"{kind} {getattr(item, 'id', i)}" for i, item in enumerate(items)
                    if not item.evidence]
    sides = [(debate.id, j, side) for debate in briefing.debates for j, side in enumerate(debate.sides)]
    assert sides
    missing += [f"side {debate_id}[{j}]" for debate_id, j, side in sides if not side.evidence]
    assert missing == []


def test_every_excerpt_is_located_in_the_article(document):
    source = document.first_source.id
    for statement in document.briefing.statements:
        for excerpt in statement.evidence:
            assert (source, excerpt) in document.spans, excerpt


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the article (sentences end with '.', '!' or '?'; lines end them too)."""
    return [m.span() for m in re.finditer(r'[^\n.!?]+(?:[.!?]+"?)?', text) if m.group().strip()]


def test_reported_by_where_the_article_credits_another_outlet(document):
    text = document.source_texts[document.first_source.id]
    sentences = _sentences(text)
    credited_outlets = set()
    for statement in document.briefing.statements:
        spans = document.statement_spans(statement)
        assert spans, statement.id
        said = " ".join(
            text[start:end]
            for start, end in sentences
            if any(start < b and a < end for a, b in spans)
        )
        credits = [marker for marker in CREDITS if marker in said]
        for marker in credits:
            assert statement.reported_by in CREDITS[marker], (
                f"{statement.id}: the article says {marker!r}, "
                f"but reported_by is {statement.reported_by!r}"
            )
            credited_outlets.add(marker)
    assert credited_outlets == set(CREDITS), "a credit of the article is on no statement"


def test_sentence_split_keeps_credits_apart():
    # Guard for the test above: Biden's own sentence must not inherit Kirby's "NY Times" credit.
    text = "Biden said no troops. On Tuesday, Kirby said no combat role, NY Times reported.\n"
    assert [text[a:b].strip() for a, b in _sentences(text)] == [
        "Biden said no troops.",
        "On Tuesday, Kirby said no combat role, NY Times reported.",
    ]
