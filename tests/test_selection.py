"""What is selected, and what the source view highlights for it: the rules, without an app."""

from __future__ import annotations

from pathlib import Path

from helpers import write_briefing

from tui.format.document import Document
from tui.format.loader import load
from tui.reader import selection


def _document(tmp_path: Path) -> Document:
    return load(write_briefing(tmp_path))


def test_a_statement_highlights_its_evidence_and_its_own_words(tmp_path):
    document = _document(tmp_path)
    statement = document.briefing.lookups.statement("mueller-no-troops")
    chosen = selection.of_statement(document, statement)
    assert chosen.kind == "statement" and chosen.statement is statement
    assert chosen.excerpts == (*statement.evidence, statement.text)
    target = chosen.target()
    text = document.source_texts["wire"]
    assert target is not None and [text[a:b] for a, b in target.spans] == [
        'Chancellor Jürgen Müller said on Monday that "no troops will be sent"',
        "no troops will be sent",
    ]
    assert target.caption == "Statement: no troops will be sent"


def test_a_long_statement_caption_is_cut_at_a_word(tmp_path):
    document = _document(tmp_path)
    statement = document.briefing.lookups.statement("lopez-talks")
    long = statement.model_copy(update={"text": "alpha beta gamma " * 10 + "end"})
    caption = selection.of_statement(document, long).caption
    assert caption.endswith(" …")
    shown = caption.removeprefix("Statement: ").removesuffix(" …").split()
    assert shown and all(word in ("alpha", "beta", "gamma") for word in shown), caption
    assert len(caption) <= len("Statement: ") + selection.CAPTION_WORDS


def test_a_cell_without_a_position_is_a_selection_of_nothing_named_in_words(tmp_path):
    document = _document(tmp_path)
    lookups = document.briefing.lookups
    spain, troops = lookups.country("ES"), lookups.topic("troops")
    chosen = selection.of_cell(document, spain, troops, None)
    assert chosen.item is None and chosen.target() is None
    assert chosen.caption == "No position recorded for Spain on Sending troops."
    germany = lookups.country("DE")
    position = lookups.position("DE", "troops")
    filled = selection.of_cell(document, germany, troops, position)
    assert filled.caption == "Position: Germany on Sending troops"  # names, never ids
    assert filled.excerpts == position.evidence and filled.target().spans


def test_a_country_gathers_its_positions_and_its_actors_statements(tmp_path):
    document = _document(tmp_path)
    lookups = document.briefing.lookups
    spain = lookups.country("ES")
    chosen = selection.of_country(document, spain, tuple(lookups.actors_of("ES")))
    assert chosen.caption == "Country: Spain"
    assert chosen.excerpts == (
        'sanctions "would hurt everyone"',
        'Minister Ana López warned that sanctions "would hurt everyone"',
        "said talks must go on",
    )
    international = selection.of_country(document, None, tuple(lookups.actors_of(None)))
    assert international.caption == "Country: International actors"
    assert international.excerpts == ("The ministry of defence said the [b]plan[/b] was not final.",)
