"""Stories: the ``story`` key, the changes between two briefings, the timeline of a story and
finding a story's briefings in a library."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.format.changes import Change, describe, diff, sections
from tui.format.loader import load, load_safely
from tui.format.model import Briefing, Caveat, Impact, Likelihood, Side, Stance
from tui.format.story import (
    in_story_order,
    previous_of,
    previous_stances,
    since_last,
    stance_words,
    timeline,
)
from tui.library.stories import group_stories, story_documents

STORY = Path(__file__).parent / "stories" / "glacier-water"
FILES = sorted(STORY.glob("*.yaml"))


@pytest.fixture(scope="module")
def story() -> list[Briefing]:
    """The three briefings of the glacier-water story, in date order."""
    return [load(path).briefing for path in FILES]


# --------------------------------------------------------------------------------------------
# The format
# --------------------------------------------------------------------------------------------


def test_the_story_key_loads_and_is_in_the_schema(story):
    assert [b.story for b in story] == ["glacier-water"] * 3
    schema = json.loads(subprocess.run([sys.executable, "-m", "tui", "schema"],
                                       capture_output=True, text=True, check=True).stdout)
    field = schema["properties"]["story"]
    assert "story" not in schema["required"]
    assert "same story" in field["description"]
    assert any(option.get("pattern") == "^[a-z0-9][a-z0-9-]*$" for option in field["anyOf"])


def test_check_accepts_the_story_fixtures():
    result = subprocess.run([sys.executable, "-m", "tui", "check", str(STORY)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 valid, 0 with problems" in result.stdout


def test_a_story_that_is_not_a_slug_is_located(problems):
    found = problems("""\
        format: 1
        id: b
        title: T
        story: Glacier Water
        summary: S
        sources: [{id: s, title: Src}]
        countries: [{code: FR, name: France}]
        """)
    assert len(found) == 1
    assert found[0].startswith("b.yaml:4:8: error: story: must be a slug")


def test_the_format_documents_stories():
    text = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    assert "| `story` | no | slug |" in text
    assert "Stories" in text and "without a `date`" in text


# --------------------------------------------------------------------------------------------
# Changes between two briefings
# --------------------------------------------------------------------------------------------


def test_nothing_changed_gives_no_change(story):
    for briefing in story:
        assert diff(briefing, briefing) == []
    other_story = story[1].model_copy(update={"title": "Another title", "summary": "Else."})
    assert diff(story[1], other_story) == []  # only what the format follows over a story


def test_an_id_that_moved_is_a_withdrawal_and_an_addition(story):
    old = story[1]
    moved = old.statements[0].model_copy(update={"id": "ferri-talks"})
    new = old.model_copy(update={"statements": (moved, *old.statements[1:])})
    changes = diff(old, new)
    assert [(c.action, c.key) for c in changes] == [
        ("added", ("ferri-talks",)), ("removed", ("ferri-ready-to-talk",))
    ]


def test_changed_text_kind_and_ratings_are_reported_field_by_field(story):
    old = story[1]
    statement = old.statements[2].model_copy(update={"text": "will sign", "kind": "reported"})
    risk = old.risks[0].model_copy(update={"confidence": None, "impact": Impact.LOW,
                                           "likelihood": Likelihood.ALMOST_CERTAIN})
    new = old.model_copy(update={
        "statements": (*old.statements[:2], statement, *old.statements[3:]),
        "risks": (risk,),
        "caveats": (Caveat(text="A new warning."), old.caveats[0]),
    })
    changes = diff(old, new)
    assert [(c.section, c.action, c.field, c.before, c.after) for c in changes] == [
        ("statements", "changed", "kind", "direct", "reported"),
        ("statements", "changed", "text", "will sign the pact this summer", "will sign"),
        ("risks", "changed", "likelihood", "very-likely", "almost-certain"),
        ("risks", "changed", "confidence", "moderate", None),
        ("risks", "changed", "impact", "high", "low"),
        ("caveats", "added", None, None, None),
        ("caveats", "removed", None, None, None),
    ]
    assert [describe(c) for c in changes] == [
        "Paul Huber (huber-will-sign): kind direct → reported",
        "Paul Huber (huber-will-sign): text “will sign the pact this summer” → “will sign”",
        "Water shortage in the Po valley: likelihood very likely → almost certain",
        "Water shortage in the Po valley: confidence moderate → not rated",
        "Water shortage in the Po valley: impact high → low",
        "A new warning.",
        "Germany's position rests on a single spokesperson, not a minister.",
    ]


def test_debates_and_sides_added_and_withdrawn(story):
    old = story[1]
    debate = old.debates[0]
    sides = (debate.sides[0], Side(country="DE", stance=Stance.WARNS))
    new = old.model_copy(update={"debates": (
        debate.model_copy(update={"sides": sides}),
        debate.model_copy(update={"id": "who-builds", "title": "Who builds them?", "sides": ()}),
    )})
    rows = sections(diff(old, new))
    assert rows == [
        ("Debates", [("added", "Who builds them?")]),
        ("Debate sides", [
            ("added", "Should downstream regions pay for new reservoirs? · Germany (DE): warns"),
            ("withdrawn", "Should downstream regions pay for new reservoirs? · Giulia Ferri: "
                          "open to it"),
        ]),
    ]


def test_change_records_refuse_what_they_did_not_write():
    good = Change("positions", "changed", ("IT", "pact"), "Italy", "stance", "open", "supports")
    assert Change.from_json(json.loads(json.dumps(good.as_json()))) == good
    for bad in ({**good.as_json(), "section": "weather"}, {**good.as_json(), "key": "IT"},
                {**good.as_json(), "extra": 1}, {**good.as_json(), "before": 3}, []):
        with pytest.raises(ValueError):
            Change.from_json(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The timeline
# --------------------------------------------------------------------------------------------


def test_the_timeline_of_the_story(story):
    built = timeline(reversed(story))  # any order: sorted by date
    assert built.story == "glacier-water"
    assert [m.label for m in built.moments] == ["06-12", "06-19", "06-26"]
    assert [m.briefing for m in built.moments] == story
    assert built.countries == (("IT", "Italy"), ("CH", "Switzerland"), ("AT", "Austria"),
                               ("FR", "France"), ("DE", "Germany"))
    assert built.topics == (("pact", "Emergency glacier water pact"),
                            ("quotas", "Water export quotas"))
    trails = {key: built.trail(cell) for key, cell in built.cells.items()}
    assert trails == {
        ("IT", "pact"): "opposes 06-12 → open to it 06-19 → supports 06-26",
        ("CH", "pact"): "supports 06-12",
        ("AT", "pact"): "undecided 06-12 → supports 06-19",
        ("FR", "pact"): "supports 06-12 → opposes 06-26",
        ("DE", "pact"): "supports 06-19",
        ("IT", "quotas"): "warns 06-12",
        ("CH", "quotas"): "opposes 06-12 → no position 06-19 → opposes 06-26",
    }
    assert built.cell("AT", "quotas") is None
    italy = built.cell("IT", "pact")
    assert italy is not None and italy.changed
    assert italy.stances == (Stance.OPPOSES, Stance.OPEN, Stance.SUPPORTS)
    assert italy.positions[0].evidence == ("Rome opposes the draft in its present form",)
    assert not built.cell("DE", "pact").changed
    assert [(cell.country, cell.topic, built.moments[step.start].label, stance_words(step.stance))
            for cell, step in built.changes] == [
        ("IT", "pact", "06-19", "open to it"),
        ("CH", "quotas", "06-19", "no position"),
        ("AT", "pact", "06-19", "supports"),
        ("IT", "pact", "06-26", "supports"),
        ("CH", "quotas", "06-26", "opposes"),
        ("FR", "pact", "06-26", "opposes"),
    ]


def test_order_and_labels_across_years_and_undated_briefings(story):
    first, second, third = story
    later = third.model_copy(update={"id": "glacier-water-next-year", "date": dt.date(2032, 1, 5)})
    undated_b = second.model_copy(update={"id": "b-draft", "date": None})
    undated_a = second.model_copy(update={"id": "a-draft", "date": None})
    same_day = second.model_copy(update={"id": "glacier-water-2031-06-19-late"})
    ordered = in_story_order([undated_b, later, same_day, undated_a, second, first])
    assert [b.id for b in ordered] == [
        "glacier-water-2031-06-12", "glacier-water-2031-06-19", "glacier-water-2031-06-19-late",
        "glacier-water-next-year", "a-draft", "b-draft",
    ]
    built = timeline([first, later, undated_a])
    assert [m.label for m in built.moments] == ["2031-06-12", "2032-01-05", "undated"]
    assert previous_of(undated_a, ordered).id == "glacier-water-next-year"
    assert timeline([]).moments == ()


def test_previous_stances_and_since_last(story):
    first, second, third = story
    assert previous_stances(None, first) == {}
    assert previous_stances(second, third) == {
        ("IT", "pact"): Stance.OPEN, ("FR", "pact"): Stance.SUPPORTS, ("CH", "quotas"): None,
    }
    assert previous_of(third, story) is second
    assert previous_of(first, story) is None
    assert since_last(first, story) is None
    alone = third.model_copy(update={"story": None})
    assert since_last(alone, story) is None  # a briefing without a story has no previous one
    elsewhere = second.model_copy(update={"story": "another-story"})
    assert previous_of(third, [first, elsewhere]) is first
    section = since_last(third, story)
    assert section is not None and section.previous is second
    assert section.title == "Since the last briefing"
    assert section.intro == ("Since “Italy softens its stand on the glacier water pact” "
                             "(glacier-water-2031-06-19, 2031-06-19): 7 changes.")
    assert section.sections() == sections(diff(second, third))
    unchanged = since_last(second.model_copy(update={"id": "z", "date": dt.date(2031, 6, 20)}),
                           story)
    assert unchanged is not None and unchanged.changes == ()
    assert unchanged.intro.startswith("Nothing changed since “Italy softens")


# --------------------------------------------------------------------------------------------
# The library: finding a story's briefings
# --------------------------------------------------------------------------------------------


def _library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(STORY, folder / "glacier")
    first = (STORY / "glacier-water-2031-06-12.yaml").read_text(encoding="utf-8")
    # A briefing of the story whose slug is written with an escape: found all the same.
    shutil.copy(STORY / "glacier-water-2031-06-12.txt", folder / "glacier" / "escaped.txt")
    escaped = (
        first.replace("id: glacier-water-2031-06-12", "id: escaped")
        .replace("file: glacier-water-2031-06-12.txt", "file: escaped.txt")
        .replace("story: glacier-water", 'story: "glacier\\x2dwater"')
        .replace("date: 2031-06-12", "date: 2031-06-13")
    )
    assert "glacier-water" not in escaped
    (folder / "glacier" / "escaped.yaml").write_text(escaped, encoding="utf-8")
    # The slug in the text, another story: loaded, left out.
    (folder / "glacier" / "other.yaml").write_text(
        first.replace("id: glacier-water-2031-06-12", "id: other")
        .replace("story: glacier-water", "story: glacier-water-two"), encoding="utf-8")
    # Of the story but broken: its problem is told.
    (folder / "glacier" / "broken.yaml").write_text(
        first.replace("format: 1", "format: 7"), encoding="utf-8")
    # Neither slug nor escape: never loaded.
    (folder / "unrelated.yaml").write_text(
        "format: 1\nid: unrelated\ntitle: T\nsummary: S\nsources: [{id: s, title: Src}]\n"
        "countries: [{code: FR, name: France}]\n", encoding="utf-8")
    return folder


def test_story_documents_finds_the_story_in_a_library(tmp_path):
    from tui.library.files import find_briefings

    folder = _library(tmp_path)
    files, unreadable = find_briefings([folder])
    assert not unreadable and len(files) == 7
    loaded: list[str] = []

    def load_one(path: Path):
        loaded.append(path.name)
        return load_safely(path)

    documents, problems = story_documents(files, "glacier-water", load=load_one)
    assert [d.briefing.id for d in documents] == [
        "glacier-water-2031-06-12", "escaped", "glacier-water-2031-06-19",
        "glacier-water-2031-06-26",
    ]
    assert "unrelated.yaml" not in loaded and "other.yaml" in loaded
    assert [p.path.endswith("broken.yaml") and p.line == 1 for p in problems] == [True]
    cached, cached_problems = story_documents(files, "glacier-water")  # through the cache
    assert [d.briefing.id for d in cached] == [d.briefing.id for d in documents]
    assert cached_problems == problems
    assert story_documents(files, "no-such-story", load=load_one)[0] == []


def test_group_stories(tmp_path):
    folder = _library(tmp_path)
    documents = [d for d in (load_safely(p)[0] for p in sorted(folder.rglob("*.yaml"))) if d]
    grouped = group_stories(documents)
    assert list(grouped) == ["glacier-water", "glacier-water-two"]
    assert [d.briefing.id for d in grouped["glacier-water"]] == [
        "glacier-water-2031-06-12", "escaped", "glacier-water-2031-06-19",
        "glacier-water-2031-06-26",
    ]
    assert [d.briefing.id for d in grouped["glacier-water-two"]] == ["other"]
