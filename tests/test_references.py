"""Cross-references, checked through the loader: every problem at its line and column."""

from __future__ import annotations

import textwrap

from helpers import MINIMAL

from tui.format import references

# 20 lines; whatever a test appends starts on line 21.
BASE = MINIMAL + """\
  - code: DE
    name: Germany
actors:
  - id: macron
    name: Macron
    country: FR
topics:
  - id: troops
    title: Troops
    summary: Sending troops.
"""


def briefing(extra: str) -> str:
    assert BASE.count("\n") == 20
    return BASE + textwrap.dedent(extra)


def test_base_is_valid(write):
    from tui.format.loader import load

    assert load(write(BASE)).briefing.topics[0].id == "troops"


def test_unknown_speaker(problems):
    assert problems(
        briefing(
            """\
            statements:
              - id: st
                speaker: nobody
                kind: reported
                text: x
                evidence: e
            """
        )
    ) == ["b.yaml:23:14: error: unknown speaker 'nobody' (not in actors)"]


def test_unknown_topic_points_at_the_list_item(problems):
    assert problems(
        briefing(
            """\
            statements:
              - id: st
                speaker: macron
                kind: reported
                text: x
                topics:
                  - troops
                  - aid
                  - troops
                  - money
                evidence: e
            """
        )
    ) == [
        "b.yaml:28:9: error: unknown topic 'aid' (not in topics)",
        "b.yaml:30:9: error: unknown topic 'money' (not in topics)",
    ]


def test_unknown_topic_in_a_flow_list(problems):
    assert problems(
        briefing(
            """\
            statements:
              - id: st
                speaker: macron
                kind: reported
                text: x
                topics: [troops, aid]
                evidence: e
            """
        )
    ) == ["b.yaml:26:22: error: unknown topic 'aid' (not in topics)"]


def test_unknown_topic_of_a_position_and_a_debate(problems):
    assert problems(
        briefing(
            """\
            positions:
              - country: FR
                topic: aid
                stance: open
            debates:
              - id: d
                title: D
                topic: money
            """
        )
    ) == [
        "b.yaml:23:12: error: unknown topic 'aid' (not in topics)",
        "b.yaml:28:12: error: unknown topic 'money' (not in topics)",
    ]


def test_unknown_country_of_an_actor(problems):
    text = BASE.replace("    country: FR\n", "    country: IT\n")
    assert problems(text) == ["b.yaml:16:14: error: unknown country 'IT' (not in countries)"]


def test_unknown_country_of_a_position(problems):
    assert problems(
        briefing(
            """\
            positions:
              - country: IT
                topic: troops
                stance: opposes
            """
        )
    ) == ["b.yaml:22:14: error: unknown country 'IT' (not in countries)"]


def test_unknown_country_and_actor_of_debate_sides(problems):
    assert problems(
        briefing(
            """\
            debates:
              - id: d
                title: D
                sides:
                  - country: DE
                    stance: opposes
                  - country: IT
                    stance: opposes
                  - actor: ghost
                    stance: open
            """
        )
    ) == [
        "b.yaml:27:18: error: unknown country 'IT' (not in countries)",
        "b.yaml:29:16: error: unknown actor 'ghost' (not in actors)",
    ]


def test_unknown_raised_by(problems):
    assert problems(
        briefing(
            """\
            risks:
              - id: r
                title: R
                raised_by: [macron, ghost]
              - id: r2
                title: R2
                raised_by:
                  - spook
            """
        )
    ) == [
        "b.yaml:24:25: error: unknown actor 'ghost' (not in actors)",
        "b.yaml:28:9: error: unknown actor 'spook' (not in actors)",
    ]


def test_unknown_statement_source(problems):
    assert problems(
        briefing(
            """\
            statements:
              - id: st
                speaker: macron
                kind: reported
                text: x
                source: other
                evidence: e
            """
        )
    ) == ["b.yaml:26:13: error: unknown source 'other' (not in sources)"]


def test_debate_side_with_both_actor_and_country(problems):
    assert problems(
        briefing(
            """\
            debates:
              - id: d
                title: D
                sides:
                  - country: FR
                    actor: macron
                    stance: open
            """
        )
    ) == [
        "b.yaml:25:9: error: debates[0].sides[0]: a side names exactly one of 'actor' or 'country'"
    ]


def test_debate_side_with_neither_actor_nor_country(problems):
    assert problems(
        briefing(
            """\
            debates:
              - id: d
                title: D
                sides:
                  - country: FR
                    stance: open
                  - stance: open
                    summary: nobody
            """
        )
    ) == [
        "b.yaml:27:9: error: debates[0].sides[1]: a side names exactly one of 'actor' or 'country'"
    ]


def test_duplicate_ids_in_each_list(problems):
    found = problems(
        """\
        format: 1
        id: b
        title: T
        summary: S
        sources:
          - id: s
            title: One
          - id: s
            title: Two
        countries:
          - code: FR
            name: France
        actors:
          - id: a
            name: A
          - id: a
            name: A again
        topics:
          - id: t
            title: T
          - id: t
            title: T again
        statements:
          - id: st
            speaker: a
            kind: reported
            text: x
            evidence: e
          - id: st
            speaker: a
            kind: reported
            text: y
            evidence: e
        debates:
          - id: d
            title: D
          - id: d
            title: D again
        risks:
          - id: r
            title: R
          - id: x
            title: X
          - id: r
            title: R again
        """
    )
    assert found == [
        "b.yaml:8:9: error: duplicate id 's' (first at sources[0])",
        "b.yaml:16:9: error: duplicate id 'a' (first at actors[0])",
        "b.yaml:21:9: error: duplicate id 't' (first at topics[0])",
        "b.yaml:29:9: error: duplicate id 'st' (first at statements[0])",
        "b.yaml:37:9: error: duplicate id 'd' (first at debates[0])",
        "b.yaml:44:9: error: duplicate id 'r' (first at risks[0])",
    ]


def test_duplicate_country_code(problems):
    text = BASE.replace("actors:\n", "  - code: FR\n    name: France again\nactors:\n")
    assert problems(text) == ["b.yaml:13:11: error: duplicate country code 'FR' (first at countries[0])"]


def test_two_positions_for_the_same_country_and_topic(problems):
    assert problems(
        briefing(
            """\
            positions:
              - country: FR
                topic: troops
                stance: open
              - country: DE
                topic: troops
                stance: opposes
              - country: FR
                topic: troops
                stance: opposes
            """
        )
    ) == ["b.yaml:28:5: error: second position of FR on topic 'troops' (first at positions[0])"]


def test_same_country_on_different_topics_is_fine(write):
    from tui.format.loader import load

    text = BASE + "  - id: aid\n    title: Aid\n" + textwrap.dedent(
        """\
        positions:
          - country: FR
            topic: troops
            stance: open
          - country: FR
            topic: aid
            stance: supports
        """
    )
    assert len(load(write(text)).briefing.positions) == 2


def test_reference_and_schema_problems_are_reported_together(problems):
    assert problems(
        briefing(
            """\
            statements:
              - id: st
                speaker: nobody
                kind: quoted
                text: x
                topics: [troops, aid]
                evidence: e
            risks:
              - id: r
                title: R
                likelihood: sure
                raised_by: [ghost]
            """
        )
    ) == [
        "b.yaml:23:14: error: unknown speaker 'nobody' (not in actors)",
        "b.yaml:24:11: error: statements[0].kind: input should be 'direct' or 'reported' "
        "(got 'quoted')",
        "b.yaml:26:22: error: unknown topic 'aid' (not in topics)",
        "b.yaml:31:17: error: risks[0].likelihood: input should be 'almost-no-chance', "
        "'very-unlikely', 'unlikely', 'even-chance', 'likely', 'very-likely' or 'almost-certain'"
        " (got 'sure')",
        "b.yaml:32:17: error: unknown actor 'ghost' (not in actors)",
    ]


def test_check_skips_values_of_the_wrong_type():
    """The reference check runs on raw data; bad shapes are left to schema validation."""
    data = {
        "countries": "FR",
        "actors": [None, {"id": 3, "country": 7}],
        "statements": [{"id": "st", "speaker": 5, "topics": "troops"}],
        "positions": [{"country": None, "topic": None}, {"country": None, "topic": None}],
        "debates": [{"id": "d", "sides": [{"actor": None, "country": None}, "x"]}],
        "risks": [{"id": "r", "raised_by": None}],
    }
    assert references.check(data) == [
        (("statements", 0, "topics"), "unknown topic 'troops' (not in topics)")
    ]
