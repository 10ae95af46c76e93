"""The loader: every class of error, reported as ``PATH:LINE:COL: error: message``."""

from __future__ import annotations

import dataclasses
import os
import textwrap

import pydantic
import pytest

import tui.format.loader
import tui.format.yaml_safe
from tui.format.document import Document
from tui.format.evidence import normalise
from tui.format.loader import load, load_safely
from tui.format.problems import BriefingError, Problem

MINIMAL = """\
format: 1
id: b
title: T
summary: S
sources:
  - id: s
    title: Src
countries:
  - code: FR
    name: France
"""


# --- valid files ---------------------------------------------------------------------------------


def test_minimal_briefing_loads(write):
    path = write(MINIMAL)
    document = load(path)
    assert isinstance(document, Document)
    assert document.path == path
    assert document.briefing.id == "b"
    assert document.briefing.format == 1
    assert [c.code for c in document.briefing.countries] == ["FR"]
    assert document.source_texts == {}
    assert document.excerpts == 0


def test_load_safely_returns_document_and_no_problems(write):
    document, problems = load_safely(write(MINIMAL))
    assert problems == []
    assert document is not None and document.briefing.title == "T"


def test_load_raises_briefing_error_with_every_problem(write):
    path = write(MINIMAL.replace("id: b", "id: B"))
    with pytest.raises(BriefingError) as caught:
        load(path)
    assert caught.value.problems == [
        Problem(
            str(path),
            2,
            5,
            "id: must be a slug: lower-case letters, digits and '-', starting with a letter or digit"
            " (got 'B')",
        )
    ]
    # Without ``shown`` the path is the one given, and the exception text is the printed lines.
    assert str(caught.value) == f"{path}:2:5: error: id: must be a slug: lower-case letters, " \
        "digits and '-', starting with a letter or digit (got 'B')"


def test_evidence_is_one_string_or_a_list(write):
    write("One line of the source.\nAnother line.\n", "src.txt")
    document = load(
        write(
            """\
            format: 1
            id: b
            title: T
            summary: S
            sources:
              - id: s
                title: Src
                file: src.txt
            countries:
              - code: FR
                name: France
            caveats:
              - text: one string
                evidence: One line
              - text: a list
                evidence:
                  - One line of the source.
                  - Another line.
              - text: no evidence
            """
        )
    )
    one, several, none = document.briefing.caveats
    assert one.evidence == ("One line",)
    assert several.evidence == ("One line of the source.", "Another line.")
    assert none.evidence == ()
    assert document.excerpts == 3


def test_model_is_immutable(write):
    document = load(write(MINIMAL))
    briefing = document.briefing
    with pytest.raises(pydantic.ValidationError):
        briefing.title = "changed"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        briefing.countries[0].name = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        briefing.countries.append(briefing.countries[0])  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.briefing = briefing  # type: ignore[misc]
    assert briefing.title == "T" and briefing.countries[0].name == "France"


def test_spans_are_recorded_on_the_document(write):
    source = (
        "He said \u201cnothing should be\n   ruled out\u201d on Monday.\n\n"
        "Macron\u2019s plan was welcomed by some and rejected by others.\n"
    )
    write(source, "article.txt")
    document = load(
        write(
            """\
            format: 1
            id: b
            title: T
            summary: S
            sources:
              - id: art
                title: Article
                file: article.txt
            countries:
              - code: FR
                name: France
            actors:
              - id: macron
                name: Macron
                country: FR
            statements:
              - id: st
                speaker: macron
                kind: direct
                text: nothing should be ruled out
                evidence: 'said "nothing should be ruled out"'
            caveats:
              - text: c
                evidence: [Macron's plan ... rejected by others]
            """
        )
    )
    text = document.source_texts["art"]
    assert text == source

    (span,) = document.spans[("art", 'said "nothing should be ruled out"')]
    assert text[span[0] : span[1]] == "said \u201cnothing should be\n   ruled out\u201d"

    (span,) = document.spans[("art", "nothing should be ruled out")]
    assert text[span[0] : span[1]] == "nothing should be\n   ruled out"

    first, second = document.spans[("art", "Macron's plan ... rejected by others")]
    assert text[first[0] : first[1]] == "Macron\u2019s plan"
    assert text[second[0] : second[1]] == "rejected by others"
    assert first[1] < second[0]

    statement = document.briefing.statements[0]
    assert [normalise(text[a:b]) for a, b in document.statement_spans(statement)] == [
        'said "nothing should be ruled out"',
        "nothing should be ruled out",
    ]
    assert document.excerpts == 3  # two excerpts and one direct quotation


def test_norway_is_a_country_code_not_a_boolean(write):
    """YAML 1.1 reads ``NO`` as false; the loader must keep it as Norway's code."""
    document = load(
        write(
            MINIMAL
            + "  - code: NO\n    name: Norway\n    summary: yes\nkey_points: [on, off, no]\n"
        )
    )
    assert [c.code for c in document.briefing.countries] == ["FR", "NO"]
    assert document.briefing.countries[1].summary == "yes"
    assert document.briefing.key_points == ("on", "off", "no")


def test_tab_and_newline_are_allowed_in_text(write):
    document = load(write(MINIMAL.replace("summary: S", 'summary: "one\\ttwo\\n\\nthree"')))
    assert document.briefing.summary == "one\ttwo\n\nthree"


# --- YAML syntax ---------------------------------------------------------------------------------


def test_yaml_syntax_error_unclosed_flow_sequence(problems):
    assert problems(
        """\
        format: 1
        id: [b
        title: T
        """
    ) == [
        "b.yaml:3:6: error: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)"
    ]


def test_yaml_syntax_error_bad_indentation(problems):
    assert problems(
        """\
        format: 1
        id: b
          title: T
        """
    ) == ["b.yaml:3:8: error: invalid YAML: mapping values are not allowed in this context"]


def test_several_yaml_documents_are_refused(problems):
    assert problems(MINIMAL + "---\nx: 1\n") == [
        "b.yaml:11:1: error: invalid YAML: but found another document "
        "(expected a single document in the stream)"
    ]


def test_python_tags_are_refused(problems):
    assert problems(MINIMAL + "bluf: !!python/object/apply:os.system [ls]\n") == [
        "b.yaml:11:7: error: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    ]


# --- schema errors -------------------------------------------------------------------------------


def test_wrong_type_of_a_field(problems):
    assert problems(
        """\
        format: one
        id: b
        title: [a, b]
        summary: S
        key_points: hello
        sources:
          - id: s
            title: Src
            published: not-a-date
        countries:
          - code: FR
            name: France
        """
    ) == [
        "b.yaml:1:9: error: format: input should be 1 (got 'one')",
        "b.yaml:3:8: error: title: input should be a valid string",
        "b.yaml:5:13: error: key_points: input should be a valid tuple (got 'hello')",
        "b.yaml:9:16: error: sources[0].published: not-a-date is not a valid date "
        "(write it as YYYY-MM-DD, e.g. 2031-05-04)",
    ]


def test_missing_required_key_points_at_the_mapping(problems):
    assert problems(
        """\
        format: 1
        id: b
        title: T
        sources:
          - id: s
            outlet: BBC
        countries:
          - code: FR
            name: France
        """
    ) == [
        "b.yaml:1:1: error: missing required key 'summary' in the briefing",
        "b.yaml:5:5: error: missing required key 'title' in sources[0]",
    ]


def test_missing_required_key_in_a_nested_mapping(problems):
    assert problems(
        MINIMAL
        + textwrap.dedent(
            """\
            debates:
              - id: d
                title: D
                sides:
                  - country: FR
                    summary: no stance
            """
        )
    ) == ["b.yaml:15:9: error: missing required key 'stance' in debates[0].sides[0]"]


def test_unknown_key_points_at_the_key(problems):
    found = problems(
        """\
        format: 1
        id: b
        title: T
        summary: S
        sources:
          - id: s
            title: Src
        countries:
          - code: FR
            name: France
            nmae: typo
        """
    )
    assert found == [
        "b.yaml:11:5: error: unknown key 'nmae' in countries[0] "
        "(allowed: code, name, memberships, summary)"
    ]


def test_unknown_key_at_top_level_and_in_a_side(problems):
    found = problems(
        MINIMAL
        + textwrap.dedent(
            """\
            colour: red
            debates:
              - id: d
                title: D
                sides:
                  - country: FR
                    stance: open
                    weight: 3
            """
        )
    )
    assert len(found) == 2
    assert found[0].startswith("b.yaml:11:1: error: unknown key 'colour' in the briefing (allowed: ")
    assert found[1] == (
        "b.yaml:18:9: error: unknown key 'weight' in debates[0].sides[0] "
        "(allowed: actor, country, stance, summary, evidence, basis, note)"
    )


def test_duplicate_key_points_at_the_second_key(problems):
    assert problems(
        """\
        format: 1
        id: b
        title: T
        summary: S
        sources:
          - id: s
            title: Src
            title: Again
        countries:
          - code: FR
            name: France
        title: Again
        """
    ) == [
        "b.yaml:8:5: error: duplicate key 'title'",
        "b.yaml:12:1: error: duplicate key 'title'",
    ]


def test_non_text_key_is_refused(problems):
    assert problems(MINIMAL + "1: one\n") == ["b.yaml:11:1: error: key 1 is not text"]


def test_alias_is_refused(problems):
    # The anchored node is where the shared value is defined; that is what is reported.
    assert problems(MINIMAL + "key_points: &points [a, b]\nbluf: *points\n") == [
        "b.yaml:11:13: error: YAML aliases are not allowed in briefings"
    ]


def test_alias_of_a_scalar_is_refused(problems):
    assert problems(MINIMAL.replace("title: T", "title: &t T") + "bluf: *t\n") == [
        "b.yaml:3:8: error: YAML aliases are not allowed in briefings"
    ]


def test_recursive_alias_is_refused(problems):
    assert problems(MINIMAL + "key_points: &a [*a]\n") == [
        "b.yaml:11:13: error: YAML aliases are not allowed in briefings"
    ]


def test_merge_key_is_refused(problems):
    assert problems(
        """\
        format: 1
        id: b
        title: T
        summary: S
        sources:
          - &src
            id: s
            title: Src
          - <<: *src
            id: t
        countries:
          - code: FR
            name: France
        """
    ) == ["b.yaml:9:5: error: YAML merge keys ('<<') are not allowed in briefings"]


def test_bad_slug(problems):
    slug_message = (
        "must be a slug: lower-case letters, digits and '-', starting with a letter or digit"
    )
    assert problems(
        """\
        format: 1
        id: Bad_Slug
        title: T
        summary: S
        sources:
          - id: -s
            title: Src
        countries:
          - code: FR
            name: France
        """
    ) == [
        f"b.yaml:2:5: error: id: {slug_message} (got 'Bad_Slug')",
        f"b.yaml:6:9: error: sources[0].id: {slug_message} (got '-s')",
    ]


def test_country_code_not_in_iso_3166(problems):
    assert problems(MINIMAL.replace("code: FR", "code: XX")) == [
        "b.yaml:9:11: error: countries[0].code: 'XX' is not an ISO 3166-1 alpha-2 country code"
    ]


def test_country_code_in_lower_case(problems):
    assert problems(MINIMAL.replace("code: FR", "code: fr")) == [
        "b.yaml:9:11: error: countries[0].code: must be an ISO 3166-1 alpha-2 country code in "
        "upper case, e.g. 'FR' (got 'fr')"
    ]


def test_bad_stance(problems):
    found = problems(
        MINIMAL
        + textwrap.dedent(
            """\
            topics:
              - id: t
                title: T
            positions:
              - country: FR
                topic: t
                stance: maybe
            """
        )
    )
    assert found == [
        "b.yaml:17:13: error: positions[0].stance: input should be 'supports', 'open', "
        "'undecided', 'opposes' or 'warns' (got 'maybe')"
    ]


def test_bad_likelihood_confidence_impact(problems):
    found = problems(
        MINIMAL
        + textwrap.dedent(
            """\
            risks:
              - id: r
                title: R
                likelihood: probable
                confidence: certain
                impact: huge
            """
        )
    )
    assert found == [
        "b.yaml:14:17: error: risks[0].likelihood: input should be 'almost-no-chance', "
        "'very-unlikely', 'unlikely', 'even-chance', 'likely', 'very-likely' or 'almost-certain'"
        " (got 'probable')",
        "b.yaml:15:17: error: risks[0].confidence: input should be 'low', 'moderate' or 'high'"
        " (got 'certain')",
        "b.yaml:16:13: error: risks[0].impact: input should be 'low', 'medium' or 'high'"
        " (got 'huge')",
    ]


def test_bad_reliability(problems):
    assert problems(MINIMAL.replace("    title: Src\n", "    title: Src\n    reliability: G\n")) == [
        "b.yaml:8:18: error: sources[0].reliability: input should be 'A', 'B', 'C', 'D', 'E' or 'F'"
        " (got 'G')"
    ]


def test_bad_actor_kind(problems):
    found = problems(MINIMAL + "actors:\n  - id: a\n    name: A\n    kind: robot\n")
    assert found == [
        "b.yaml:14:11: error: actors[0].kind: input should be 'person', 'office' or "
        "'organisation' (got 'robot')"
    ]


def test_empty_required_text(problems):
    assert problems(
        """\
        format: 1
        id: b
        title: ''
        summary: S
        key_points: ['', ok]
        sources:
          - id: s
            title: Src
        countries:
          - code: FR
            name: France
        caveats:
          - text: c
            evidence: ''
        """
    ) == [
        "b.yaml:3:8: error: title: string should have at least 1 character (got '')",
        "b.yaml:5:14: error: key_points[0]: string should have at least 1 character (got '')",
        "b.yaml:14:15: error: caveats[0].evidence[0]: string should have at least 1 character"
        " (got '')",
    ]


def test_empty_required_list(problems):
    assert problems(MINIMAL.replace("sources:\n  - id: s\n    title: Src\n", "sources: []\n")) == [
        "b.yaml:5:10: error: sources: tuple should have at least 1 item after validation, not 0"
    ]


def test_invalid_item_of_a_required_list_is_the_only_problem(problems):
    # pydantic also says "at least 1 item ... not 0" when the only item is invalid: not shown.
    assert problems(MINIMAL.replace("name: France", "name: ''")) == [
        "b.yaml:10:11: error: countries[0].name: string should have at least 1 character (got '')"
    ]


def test_control_character_from_a_double_quoted_escape(problems):
    assert problems(MINIMAL.replace("summary: S", 'summary: "bad \\e escape"')) == [
        "b.yaml:4:10: error: summary: control character U+001B at offset 4 is not allowed in text"
    ]


def test_nul_and_c1_control_from_escapes(problems):
    found = problems(
        MINIMAL.replace("title: T", 'title: "a\\0"').replace("summary: S", 'summary: "\\x85x"')
    )
    assert found == [
        "b.yaml:3:8: error: title: control character U+0000 at offset 1 is not allowed in text",
        "b.yaml:4:10: error: summary: control character U+0085 at offset 0 is not allowed in text",
    ]


def test_raw_control_character_in_the_file(problems):
    # libyaml refuses it while reading; the position is still given (in characters, not bytes).
    assert problems(MINIMAL.replace("summary: S", "summary: é\x1b")) == [
        "b.yaml:4:11: error: invalid YAML: character U+001B: control characters are not allowed"
    ]


# --- shape of the file ---------------------------------------------------------------------------


def test_file_that_is_a_list(problems):
    assert problems("- format: 1\n- id: b\n") == [
        "b.yaml:1:1: error: a briefing is a mapping of keys, not a list"
    ]


def test_file_that_is_a_scalar(problems):
    assert problems("\n\nhello\n") == [
        "b.yaml:3:1: error: a briefing is a mapping of keys, not a single value"
    ]


@pytest.mark.parametrize("text", ["", "\n", "  \n\n\t\n"])
def test_empty_file(problems, text):
    assert problems(text) == ["b.yaml:1:1: error: file is empty"]


def test_file_of_only_a_comment(problems):
    assert problems("# nothing here\n") == [
        "b.yaml:1:1: error: a briefing is a mapping of keys, not a single value"
    ]


# --- encoding and limits -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(problems, encoding):
    bom = {"utf-16": b"", "utf-16-le": "\ufeff".encode("utf-16-le"),
           "utf-16-be": "\ufeff".encode("utf-16-be")}[encoding]
    assert problems(bom + MINIMAL.encode(encoding)) == [
        "b.yaml:1:1: error: file is UTF-16; briefings are UTF-8"
    ]


def test_utf8_bom_is_tolerated(write):
    document = load(write(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8")))
    assert document.briefing.format == 1


def test_utf8_bom_does_not_shift_columns(problems):
    assert problems(b"\xef\xbb\xbf" + MINIMAL.replace("format: 1", "format: 2").encode()) == [
        "b.yaml:1:9: error: format: input should be 1 (got 2)"
    ]


def test_non_utf8_byte_reports_its_line_and_column(problems):
    # Columns count characters: "ée: " is 4 characters (5 bytes) before the bad byte.
    data = MINIMAL.encode("utf-8") + "bluf: ée: ".encode() + b"\xff rest\n"
    assert problems(data) == ["b.yaml:11:11: error: not UTF-8: byte 0xff cannot be decoded"]


def test_latin1_file_is_refused_at_the_first_accent(problems):
    data = MINIMAL.replace("name: France", "name: Français").encode("latin-1")
    assert problems(data) == ["b.yaml:10:15: error: not UTF-8: byte 0xe7 cannot be decoded"]


def test_size_limit(problems, monkeypatch):
    monkeypatch.setattr(tui.format.loader, "MAX_FILE_BYTES", 100)
    size = len(MINIMAL.encode()) + 6 + 201
    assert problems(MINIMAL + "bluf: " + "x" * 200 + "\n") == [
        f"b.yaml: error: file is {size:,} bytes; the limit is 100"
    ]


def test_size_limit_applies_to_source_files(write, problems, monkeypatch):
    write("x" * 500, "big.txt")
    monkeypatch.setattr(tui.format.loader, "MAX_FILE_BYTES", 400)
    found = problems(MINIMAL.replace("    title: Src\n", "    title: Src\n    file: big.txt\n"))
    assert found == ["b.yaml:8:11: error: source file 'big.txt': file is 500 bytes; the limit is 400"]


def test_nesting_deeper_than_max_depth(problems):
    depth = tui.format.yaml_safe.MAX_DEPTH
    prefix = "key_points: "
    # The top-level mapping is level 1, so the (MAX_DEPTH)th bracket is the first too deep.
    text = MINIMAL + prefix + "[" * (depth + 10) + "]" * (depth + 10) + "\n"
    assert problems(text) == [
        f"b.yaml:11:{len(prefix) + depth}: error: nesting deeper than {depth} levels"
    ]


def test_nesting_at_max_depth_is_not_refused_for_depth(problems, monkeypatch):
    monkeypatch.setattr(tui.format.yaml_safe, "MAX_DEPTH", 3)
    assert problems(MINIMAL + "key_points: [[x]]\n") == [
        "b.yaml:11:14: error: key_points[0]: input should be a valid string"
    ]
    assert problems(MINIMAL + "key_points: [[[x]]]\n") == [
        "b.yaml:11:15: error: nesting deeper than 3 levels"
    ]


def test_directory_instead_of_a_file(tmp_path):
    document, found = load_safely(tmp_path, shown="folder")
    assert document is None
    assert [str(problem) for problem in found] == ["folder: error: is a directory, not a file"]


def test_missing_briefing_file(tmp_path):
    document, found = load_safely(tmp_path / "nope.yaml", shown="nope.yaml")
    assert document is None
    assert [str(problem) for problem in found] == [
        "nope.yaml: error: cannot read: No such file or directory"
    ]


# --- source files --------------------------------------------------------------------------------


def _with_file(name: str) -> str:
    return MINIMAL.replace("    title: Src\n", f"    title: Src\n    file: '{name}'\n")


def test_source_file_outside_the_folder(tmp_path, write, problems):
    (tmp_path / "outside.txt").write_text("text", encoding="utf-8")
    assert problems(_with_file("../outside.txt"), "sub/b.yaml") == [
        "sub/b.yaml:8:11: error: source file '../outside.txt' is outside the briefing's folder"
    ]


def test_source_file_absolute_path(tmp_path, problems):
    target = tmp_path / "abs.txt"
    target.write_text("text", encoding="utf-8")
    assert problems(_with_file(str(target))) == [
        f"b.yaml:8:11: error: source file '{target}' must be a relative path"
    ]


def test_source_file_symlink_pointing_out(tmp_path, write, problems):
    outside = tmp_path / "outside.txt"
    outside.write_text("text", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink(outside, tmp_path / "sub" / "link.txt")
    assert problems(_with_file("link.txt"), "sub/b.yaml") == [
        "sub/b.yaml:8:11: error: source file 'link.txt' is outside the briefing's folder"
    ]


def test_source_file_symlink_inside_the_folder_is_accepted(tmp_path, write):
    write("inside", "sub/real.txt")
    os.symlink(tmp_path / "sub" / "real.txt", tmp_path / "sub" / "link.txt")
    document = load(write(_with_file("link.txt"), "sub/b.yaml"))
    assert document.source_texts == {"s": "inside"}


def test_source_file_in_a_subfolder_is_accepted(write):
    write("nested text", "sources/a.txt")
    document = load(write(_with_file("sources/./a.txt")))
    assert document.source_texts == {"s": "nested text"}


def test_missing_source_file(problems):
    assert problems(_with_file("nope.txt")) == ["b.yaml:8:11: error: source file 'nope.txt' not found"]


def test_source_file_that_is_a_folder(tmp_path, problems):
    (tmp_path / "folder").mkdir()
    assert problems(_with_file("folder")) == ["b.yaml:8:11: error: source file 'folder' not found"]


def test_source_file_not_utf8(write, problems):
    write(b"caf\xe9\n", "latin.txt")
    assert problems(_with_file("latin.txt")) == [
        "b.yaml:8:11: error: source file 'latin.txt': not UTF-8: byte 0xe9 cannot be decoded"
    ]


# --- evidence ------------------------------------------------------------------------------------


def test_excerpt_not_in_the_source_points_at_the_excerpt_with_a_hint(write, problems):
    write("The quick brown fox jumps over the lazy dog.\n", "src.txt")
    found = problems(
        _with_file("src.txt")
        + textwrap.dedent(
            """\
            caveats:
              - text: c
                evidence: [quick brown fox, quick brwn fox]
              - text: d
                evidence: a slow green turtle
            """
        )
    )
    assert found == [
        "b.yaml:14:33: error: excerpt not found in source 's': \"quick brwn fox\"; "
        'did you mean "quick brown fox"?',
        "b.yaml:16:15: error: excerpt not found in source 's': \"a slow green turtle\"",
    ]


def test_direct_quotation_must_appear_in_the_source(write, problems):
    write('She said "we will go" on Monday.\n', "src.txt")
    found = problems(
        _with_file("src.txt")
        + textwrap.dedent(
            """\
            actors:
              - id: a
                name: A
            statements:
              - id: st
                speaker: a
                kind: direct
                text: we will stay
                evidence: She said
            """
        )
    )
    assert found == [
        "b.yaml:19:11: error: direct quotation not found in source 's': \"we will stay\"; "
        'did you mean ""we will go""?'  # the hint keeps the source's own quotes
    ]


def test_reported_speech_text_need_not_appear_in_the_source(write):
    write('She said "we will go" on Monday.\n', "src.txt")
    document = load(
        write(
            _with_file("src.txt")
            + "actors:\n  - id: a\n    name: A\nstatements:\n  - id: st\n    speaker: a\n"
            "    kind: reported\n    text: They intend to leave.\n    evidence: She said\n"
        )
    )
    assert document.excerpts == 1


def test_statement_evidence_is_checked_against_its_own_source(write, problems):
    write("alpha text\n", "one.txt")
    write("beta text\n", "two.txt")
    text = textwrap.dedent(
        """\
        format: 1
        id: b
        title: T
        summary: S
        sources:
          - id: one
            title: One
            file: one.txt
          - id: two
            title: Two
            file: two.txt
        countries:
          - code: FR
            name: France
        actors:
          - id: a
            name: A
        statements:
          - id: st
            speaker: a
            kind: reported
            text: x
            source: two
            evidence: beta text
          - id: st2
            speaker: a
            kind: reported
            text: x
            evidence: beta text
        """
    )
    assert problems(text) == [
        "b.yaml:29:15: error: excerpt not found in source 'one': \"beta text\"; "
        'did you mean "alpha text"?'
    ]


# --- everything at once --------------------------------------------------------------------------


def test_all_problems_of_a_file_are_reported_in_one_run(write, problems):
    write("The minister spoke on Monday.\n", "src.txt")
    found = problems(
        """\
        format: 1
        id: b
        title: T
        summary: S
        sources:
          - id: s
            title: Src
            file: src.txt
            reliability: Z
        countries:
          - code: FR
            name: France
            nmae: typo
        actors:
          - id: minister
            name: Minister
            country: DE
        statements:
          - id: st
            speaker: minister
            kind: reported
            text: x
            evidence: spoke on Tuesday
        bluf: first
        bluf: second
        """
    )
    assert found == [
        "b.yaml:9:18: error: sources[0].reliability: input should be 'A', 'B', 'C', 'D', 'E' or 'F'"
        " (got 'Z')",
        "b.yaml:13:5: error: unknown key 'nmae' in countries[0] "
        "(allowed: code, name, memberships, summary)",
        "b.yaml:17:14: error: unknown country 'DE' (not in countries)",
        "b.yaml:25:1: error: duplicate key 'bluf'",
    ]


def test_schema_valid_file_reports_references_sources_and_evidence_together(write, problems):
    write("The minister spoke on Monday.\n", "src.txt")
    found = problems(
        """\
        format: 1
        id: b
        title: T
        summary: S
        sources:
          - id: s
            title: Src
            file: src.txt
          - id: t
            title: Missing
            file: missing.txt
        countries:
          - code: FR
            name: France
        actors:
          - id: minister
            name: Minister
            country: DE
        statements:
          - id: st
            speaker: minister
            kind: reported
            text: x
            evidence: spoke on Tuesday
        bluf: first
        bluf: second
        """
    )
    assert found == [
        "b.yaml:11:11: error: source file 'missing.txt' not found",
        "b.yaml:18:14: error: unknown country 'DE' (not in countries)",
        "b.yaml:24:15: error: excerpt not found in source 's': \"spoke on Tuesday\"; "
        'did you mean "spoke on Monday."?',
        "b.yaml:26:1: error: duplicate key 'bluf'",
    ]
