"""How sure a claim is: ``basis`` and ``note`` on positions and sides, ``credibility`` on
statements; through the loader (errors at their line and column), the schema and the search."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from helpers import BRIEFING, MINIMAL, write_briefing

from tui.format.claims import (
    INFERRED_MARK,
    Basis,
    Credibility,
    admiralty_grade,
    basis_words,
    credibility_words,
)
from tui.format.loader import load
from tui.format.model import Position, Side, Statement, json_schema
from tui.format.yaml_safe import parse
from tui.search.index import SearchIndex
from tui.search.segment import Segment

# 20 lines; whatever a test appends starts on line 21.
BASE = MINIMAL + """\
actors:
  - id: macron
    name: Macron
    country: FR
topics:
  - id: troops
    title: Troops
statements:
  - {id: st, speaker: macron, kind: reported, text: Maybe., evidence: e}
debates: []
"""


def briefing(extra: str) -> str:
    assert BASE.count("\n") == 20
    return BASE + extra


# --- defaults: files without the new keys load as before ------------------------------------------


def test_older_files_without_the_new_keys_load_with_the_defaults(tmp_path):
    document = load(write_briefing(tmp_path / "lib"))
    assert document.briefing.positions and document.briefing.statements
    for position in document.briefing.positions:
        assert position.basis is Basis.STATED and position.note is None
    assert all(s.credibility is None for s in document.briefing.statements)


def test_defaults_of_the_models():
    position = Position(country="FR", topic="t", stance="open")
    side = Side(actor="macron", stance="opposes")
    statement = Statement(id="s", speaker="a", kind="direct", text="t", evidence="t")
    assert position.basis is side.basis is Basis.STATED
    assert position.note is side.note is None
    assert statement.credibility is None


def test_inferred_with_a_note_and_credibility_load(write):
    document = load(write(briefing(
        "positions:\n"
        "  - country: FR\n"
        "    topic: troops\n"
        "    stance: open\n"
        "    basis: inferred\n"
        "    note: The source only reports what Macron did not rule out.\n"
    ).replace("evidence: e}", "evidence: e, credibility: 3}")))
    position = document.briefing.positions[0]
    assert position.basis is Basis.INFERRED
    assert position.note == "The source only reports what Macron did not rule out."
    grade = document.briefing.statements[0].credibility
    assert grade is Credibility.POSSIBLY_TRUE and grade.label == "possibly true"


def test_stated_may_carry_a_note(write):
    text = briefing("positions:\n  - {country: FR, topic: troops, stance: open, note: Twice.}\n")
    assert load(write(text)).briefing.positions[0].note == "Twice."


# --- errors, each at its line and column ----------------------------------------------------------


def test_inferred_position_without_a_note_is_an_error_at_the_position(problems):
    assert problems(briefing(
        "positions:\n"
        "  - country: FR\n"
        "    topic: troops\n"
        "    stance: open\n"
        "    basis: inferred\n"
    )) == [
        "b.yaml:22:5: error: positions[0].note: basis 'inferred' needs a 'note' saying why the "
        "curator infers it"
    ]


def test_inferred_side_without_a_note_is_an_error_at_the_side_or_the_blank_note(problems):
    text = BASE.replace("debates: []\n", (
        "debates:\n"
        "  - id: d\n"
        "    title: D\n"
        "    sides:\n"
        "      - actor: macron\n"
        "        stance: open\n"
        "      - actor: macron\n"
        "        stance: open\n"
        "        basis: inferred\n"
        "        note: '   '\n"
    ))
    message = ("error: debates[0].sides[1].note: basis 'inferred' needs a 'note' saying why the "
               "curator infers it")
    assert problems(text) == [f"b.yaml:29:15: {message}"]  # the blank note
    assert problems(text.replace("        note: '   '\n", "")) == [f"b.yaml:26:9: {message}"]


def test_unknown_basis_is_an_error_at_its_value(problems):
    found = problems(briefing(
        "positions:\n"
        "  - country: FR\n"
        "    topic: troops\n"
        "    stance: open\n"
        "    basis: guessed\n"
    ))
    assert len(found) == 1
    assert found[0].startswith("b.yaml:25:12: error: positions[0].basis: input should be 'stated' "
                               "or 'inferred'")


@pytest.mark.parametrize("value", ["0", "7", "-1", "'2'", "2.0", "true", "B"])
def test_credibility_out_of_range_or_not_a_whole_number_is_an_error(problems, value):
    text = BASE.replace("evidence: e}", f"evidence: e, credibility: {value}}}")
    found = problems(text)
    column = text.splitlines()[18].index("credibility: ") + len("credibility: ") + 1
    assert len(found) == 1, found
    assert found[0].startswith(
        f"b.yaml:19:{column}: error: statements[0].credibility: must be a whole number from 1 to 6 "
        "(1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, "
        "6 truth cannot be judged); got "
    ), found[0]


# --- words ----------------------------------------------------------------------------------------


def test_every_grade_has_words():
    assert [grade.value for grade in Credibility] == [1, 2, 3, 4, 5, 6]
    assert [grade.label for grade in Credibility] == [
        "confirmed", "probably true", "possibly true", "doubtful", "improbable",
        "truth cannot be judged",
    ]
    assert credibility_words(2) == "credibility 2 (probably true)"
    assert credibility_words(None) == "credibility unrated"
    assert admiralty_grade("F", 2) == "F2"
    assert admiralty_grade(None, 2) is None and admiralty_grade("B", None) is None


def test_basis_words_and_mark():
    assert Basis.STATED.label == "stated by the source" and Basis.STATED.mark == ""
    assert Basis.INFERRED.label == "inferred by the curator"
    assert Basis.INFERRED.mark == INFERRED_MARK == "*"
    assert basis_words("inferred", "Read from a pronoun.") == (
        "inferred by the curator: Read from a pronoun."
    )
    assert basis_words(Basis.STATED) == "stated by the source"


# --- the JSON Schema ------------------------------------------------------------------------------


def _schema_errors(text: str) -> list[str]:
    data, problems = parse(text, "b.yaml")
    assert problems == []
    data = json.loads(json.dumps(data, default=str))  # dates as an editor sees them: text
    validator = jsonschema.Draft202012Validator(json_schema())
    return [error.message for error in validator.iter_errors(data)]


def test_schema_describes_the_new_fields():
    defs = json_schema()["$defs"]
    for name in ("Position", "Side"):
        properties = defs[name]["properties"]
        assert "inferred" in properties["basis"]["description"]
        assert "required when basis is 'inferred'" in properties["note"]["description"]
    credibility = defs["Statement"]["properties"]["credibility"]
    assert "1 confirmed" in credibility["description"]
    assert "6 truth cannot be judged" in credibility["description"]
    assert defs["Credibility"]["enum"] == [1, 2, 3, 4, 5, 6]


def test_every_field_of_every_entity_has_a_description():
    for name, definition in json_schema()["$defs"].items():
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{key} has no description"


def test_schema_accepts_old_and_new_files_and_refuses_what_the_loader_refuses():
    assert _schema_errors(BASE) == []
    assert _schema_errors(BRIEFING) == []
    bundled = Path(__file__).parent.parent / "briefings" / "nato-ground-troops" / "briefing.yaml"
    assert _schema_errors(bundled.read_text(encoding="utf-8")) == []
    inferred = "positions:\n  - {country: FR, topic: troops, stance: open, basis: inferred"
    assert _schema_errors(briefing(inferred + ", note: Why.}\n")) == []
    assert _schema_errors(briefing(inferred + "}\n")) == ["'note' is a required property"]
    assert _schema_errors(briefing(inferred + ", note: ' '}\n")) == ["' ' does not match '\\\\S'"]
    assert _schema_errors(BASE.replace("evidence: e}", "evidence: e, credibility: 7}")) == [
        "7 is not valid under any of the given schemas"  # anyOf: a grade, or null
    ]


# --- search: the credibility: filter --------------------------------------------------------------

RATED = BRIEFING.replace(
    "    when: Monday\n", "    when: Monday\n    credibility: 2\n"
).replace(
    "    reported_by: Test wire\n", "    reported_by: Test wire\n    credibility: 4\n"
).replace(
    "    topics: [sanctions]\n", "    topics: [sanctions]\n    credibility: 3\n"
)


@pytest.fixture(scope="module")
def rated(tmp_path_factory) -> SearchIndex:
    document = load(write_briefing(tmp_path_factory.mktemp("lib"), text=RATED))
    return SearchIndex.of_documents([document])


def ids(results) -> list[str]:
    return sorted(hit.statement.id for hit in results.hits())


@pytest.mark.parametrize(("query", "expected"), [
    ("credibility:2", ["mueller-no-troops"]),
    ("credibility:probably", ["mueller-no-troops"]),
    ("credibility:doubt", ["lopez-talks"]),
    ("credibility:true", ["lopez-sanctions", "mueller-no-troops"]),
    ('credibility:"possibly true"', ["lopez-sanctions"]),
    ('credibility:"true possibly"', []),
    ("credibility:2 credibility:3", ["lopez-sanctions", "mueller-no-troops"]),
    ("credibility:unrated", ["mod-plan"]),
    ("credibility:1", []),
    ("talks credibility:4", ["lopez-talks"]),
    ("talks credibility:2", []),
])
def test_credibility_filter(rated, query, expected):
    assert ids(rated.search(query)) == expected


def test_credibility_words_are_not_free_text(rated):
    """'true' in the free text finds statements that say it, not the rated ones."""
    assert rated.search("probably").count == 0


def test_rows_carry_the_credibility_and_a_segment_keeps_it(tmp_path):
    document = load(write_briefing(tmp_path / "lib", text=RATED))
    segment = Segment.of(document)
    again = Segment.from_json(json.loads(json.dumps(segment.to_json())))
    rows = [again.statements.row(n) for n in range(again.card.statements)]
    assert [row.credibility for row in rows] == [2, 3, 4, None]
    assert ids(SearchIndex([again]).search("credibility:4")) == ["lopez-talks"]


@pytest.mark.parametrize("bad", [True, 7, 0, "2", 2.0])
def test_a_saved_segment_with_a_bad_credibility_is_refused(tmp_path, bad):
    segment = Segment.of(load(write_briefing(tmp_path / "lib", text=RATED)))
    data = json.loads(json.dumps(segment.to_json()))
    data["statements"]["credibility"][0] = bad
    with pytest.raises(ValueError, match="credibility"):
        Segment.from_json(data)


def test_quotes_json_carries_the_credibility(tmp_path):
    folder = tmp_path / "lib"
    write_briefing(folder, text=RATED)
    env = dict(os.environ, BRIEFING_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "quotes", "credibility:true", "--json", str(folder)],
        capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert {key: r["credibility"] for key, r in records.items()} == {
        "mueller-no-troops": 2, "lopez-sanctions": 3}
    assert records["mueller-no-troops"]["credibility_label"] == "probably true"
    plain = subprocess.run(
        [sys.executable, "-m", "tui", "quotes", "credibility:unrated", str(folder)],
        capture_output=True, text=True, timeout=120, env=env)
    assert plain.returncode == 0, plain.stderr
    assert "credibility" not in plain.stdout  # unrated statements say nothing of it
    rated = subprocess.run(
        [sys.executable, "-m", "tui", "quotes", "credibility:4", str(folder)],
        capture_output=True, text=True, timeout=120, env=env)
    assert "credibility 4 (doubtful)" in rated.stdout
