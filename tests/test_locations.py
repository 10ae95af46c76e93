"""The line of an item of a briefing in its file, by its location or its id (for ``e``)."""

from __future__ import annotations

import pytest
from helpers import BRIEFING, write_briefing

from tui.format.loader import load
from tui.format.locations import line_in_file, line_of, location_of


def line_with(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def document(tmp_path):
    return load(write_briefing(tmp_path))


def test_an_item_is_found_by_itself_its_id_its_code_or_its_index(document):
    briefing = document.briefing
    statement = briefing.statements[2]
    assert location_of(briefing, "statements", statement) == ("statements", 2)
    assert location_of(briefing, "statements", "lopez-talks") == ("statements", 2)
    assert location_of(briefing, "statements", 2) == ("statements", 2)
    assert location_of(briefing, "countries", "ES") == ("countries", 1)
    assert location_of(briefing, "positions", ("ES", "sanctions")) == ("positions", 1)
    assert location_of(briefing, "actors", "mod") == ("actors", 2)
    assert location_of(briefing, "statements", "no-such-id") is None
    assert location_of(briefing, "statements", 4) is None
    with pytest.raises(ValueError, match="unknown list"):
        location_of(briefing, "statement", 0)


def test_the_line_is_where_the_entry_starts(document):
    text = BRIEFING
    briefing = document.briefing
    assert line_of(text, location_of(briefing, "countries", "ES")) == line_with(text, "code: ES")
    assert line_of(text, ("statements", 2)) == line_with(text, "id: lopez-talks")
    assert line_of(text, ("positions", 1)) == line_with(text, "- country: ES")
    assert line_of(text, ("title",)) == line_with(text, "title: A test briefing")


def test_the_line_is_that_of_the_file_as_it_is_now(tmp_path):
    """Lines come from the text, not from what was loaded: an entry moved by an edit is
    found where it now is."""
    path = write_briefing(tmp_path)
    before = line_in_file(path, ("countries", 1))
    path.write_text(BRIEFING.replace("countries:\n", "# a comment\n# another\ncountries:\n"))
    assert line_in_file(path, ("countries", 1)) == before + 2


def test_an_entry_no_longer_there_gives_its_list_and_a_broken_file_line_1(tmp_path):
    assert line_of(BRIEFING, ("statements", 99)) == line_with(BRIEFING, "statements:") + 1
    assert line_of("title: [unclosed\n", ("title",)) == 1
    assert line_in_file(tmp_path / "missing.yaml", ("title",)) == 1


def test_flow_style_entries(tmp_path):
    text = "countries: [{code: DE, name: Germany},\n  {code: FR, name: France}]\n"
    assert line_of(text, ("countries", 1)) == 2
