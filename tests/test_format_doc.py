"""docs/format.md, the format's contract, keeps up with the model: every key and value named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tui.format import model
from tui.format.claims import Basis, Credibility

DOC = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
ENTITIES = ["Briefing", "Source", "Country", "Actor", "Topic", "Position", "Statement", "Debate",
            "Side", "Risk", "Caveat"]


@pytest.mark.parametrize("name", ENTITIES)
def test_every_key_is_documented(name):
    entity = getattr(model, name)
    missing = [key for key in entity.model_fields if f"`{key}`" not in DOC]
    assert missing == [], f"docs/format.md does not name {name} keys {missing}"


def test_the_paragraphs_of_positions_sides_and_statements_name_their_new_keys():
    paragraphs = {p.split(":", 1)[0]: p for p in DOC.split("\n\n")}
    assert "`basis`" in paragraphs["Position"] and "`note`" in paragraphs["Position"]
    assert "Side: " in paragraphs["Debate"] and "`basis` and `note`" in paragraphs["Debate"]
    assert "`credibility`" in paragraphs["Statement"]


def test_every_basis_and_credibility_value_is_documented():
    for basis in Basis:
        assert f"`{basis.value}`" in DOC
    for grade in Credibility:
        assert f"`{grade.value}` {grade.label}" in " ".join(DOC.split())


def test_the_example_is_a_valid_briefing():
    example = re.search(r"```yaml\n(.*?)```", DOC, re.S)
    assert example is not None
    briefing = model.Briefing.model_validate(yaml.safe_load(example.group(1)))
    assert briefing.statements[0].credibility is Credibility.PROBABLY_TRUE
