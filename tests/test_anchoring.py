"""Sources record what was curated; excerpts re-anchored in a changed source (issue 15.1, 15.2).

A briefing records the hash of its source text. The source is then edited four ways (unchanged,
a paragraph moved, one word changed inside an excerpt, a sentence deleted) and ``briefing
check`` must say verified / moved / changed / orphaned at the excerpt's line.
``--update-sources`` records the new hash, and nothing else in the file changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from tui.cli import main
from tui.format.anchoring import Status, anchor, anchors, marked, text_sha256, word_changes
from tui.format.evidence import SourceText
from tui.format.loader import load, load_safely
from tui.format.source_hashes import _scalar

ARTICLE = (
    "Leaders met in Paris on Monday to discuss support for Ukraine.\n"
    "\n"
    "The German Chancellor said no European country would deploy troops to Ukraine.\n"
    "\n"
    "President Biden stated that US troops would not be sent to Ukraine before the invasion.\n"
    "\n"
    "The Kremlin warned of direct conflict if NATO troops were deployed.\n"
)

BRIEFING = """\
format: 1
id: anchoring
title: Anchoring
# The article as curated on 28 February.
summary: S
sources:
  - id: article   # the wire story
    title: Article
    file: source.txt
    sha256: {digest}
    retrieved: 2024-02-28
countries:
  - code: DE
    name: Germany
caveats:
  - text: German position
    evidence: no European country would deploy troops to Ukraine
  - text: US position
    evidence: US troops would not be sent to Ukraine
  - text: Russian warning
    evidence: The Kremlin warned of direct conflict
"""
HASH_LINE = 10
LINES = {"german": 17, "us": 19, "kremlin": 21}  # each excerpt's line (column 15)


def _paragraphs(text: str) -> list[str]:
    return text.rstrip("\n").split("\n\n")


EDITS = {
    "unchanged": lambda text: text,
    "moved": lambda text: "\n\n".join([_paragraphs(text)[3], *_paragraphs(text)[:3]]) + "\n",
    "changed": lambda text: text.replace("would not be sent", "would now be sent"),
    "deleted": lambda text: text.replace(
        "\n\nThe Kremlin warned of direct conflict if NATO troops were deployed.", ""
    ),
}


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    (tmp_path / "source.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "briefing.yaml"
    path.write_text(BRIEFING.format(digest=text_sha256(ARTICLE)), encoding="utf-8")
    return path


def _edit(briefing: Path, how: str) -> None:
    (briefing.parent / "source.txt").write_text(EDITS[how](ARTICLE), encoding="utf-8")


def check(capsys, *args: str) -> tuple[int, list[str], str]:
    """Run ``briefing check ARGS``: exit status, the lines of standard output, standard error."""
    status = main(["check", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def at(briefing: Path, line: int, column: int = 15) -> str:
    return f"{briefing}:{line}:{column}: "


# --- the four edits -----------------------------------------------------------------------------


def test_the_hash_is_the_one_sha256sum_prints(briefing):
    recorded = load(briefing).briefing.sources[0].sha256
    assert recorded == hashlib.sha256((briefing.parent / "source.txt").read_bytes()).hexdigest()


def test_unchanged_source_every_excerpt_verified(briefing, capsys):
    status, out, err = check(capsys, str(briefing))
    assert status == 0
    assert out == ["checked 1 file: 1 valid, 0 with problems; 5 items, 0 statements, "
                   "3 excerpts verified; 0 problems"]
    assert {a.status for a in anchors(load(briefing)).values()} == {Status.VERIFIED}


def test_moved_paragraph_is_a_notice_and_check_passes(briefing, capsys):
    _edit(briefing, "moved")
    status, out, err = check(capsys, str(briefing))
    assert status == 0, out
    assert out[0].startswith(at(briefing, HASH_LINE, 13) + "notice: source file 'source.txt' "
                             "changed since the briefing was curated (sha256 ")
    assert out[0].endswith("now): 3 excerpts still found verbatim; "
                           "'briefing check --update-sources' records the new hash")
    assert out[1:4] == [
        at(briefing, LINES["german"]) + "notice: excerpt found verbatim in the changed source "
        "'article' (line 5 of 'source.txt')",
        at(briefing, LINES["us"]) + "notice: excerpt found verbatim in the changed source "
        "'article' (line 7 of 'source.txt')",
        at(briefing, LINES["kremlin"]) + "notice: excerpt found verbatim in the changed source "
        "'article' (line 1 of 'source.txt')",
    ]
    assert out[4].endswith("3 excerpts verified; 0 problems, 4 notices")
    assert err == ""
    assert {a.status for a in anchors(load(briefing)).values()} == {Status.MOVED}


def test_one_word_changed_inside_an_excerpt_is_an_error_showing_both_texts(briefing, capsys):
    _edit(briefing, "changed")
    status, out, err = check(capsys, str(briefing))
    assert status == 1
    errors = [line for line in out if ": error: " in line]
    assert errors == [
        at(briefing, LINES["us"]) + "error: excerpt changed in source 'article' since it was "
        'curated: the excerpt reads "US troops would [-not-] be sent to Ukraine", '
        'the source now "US troops would {+now+} be sent to Ukraine"'
    ]
    assert at(briefing, HASH_LINE, 13) + "notice: source file 'source.txt' changed" in out[1]
    assert "2 excerpts still found verbatim, 1 changed" in out[1]
    assert "--update-sources" not in out[1]  # not until every excerpt verifies
    notices = [line for line in out if ": notice: excerpt found verbatim" in line]
    assert [line.split(": notice")[0] for line in notices] == [
        at(briefing, LINES["german"])[:-2], at(briefing, LINES["kremlin"])[:-2]
    ]
    assert "1 problem, 3 notices" in err


def test_deleted_sentence_is_orphaned_with_the_closest_passage(briefing, capsys):
    _edit(briefing, "deleted")
    status, out, err = check(capsys, str(briefing))
    assert status == 1
    errors = [line for line in out if ": error: " in line]
    assert len(errors) == 1
    assert errors[0].startswith(
        at(briefing, LINES["kremlin"]) + "error: excerpt orphaned: not found in the changed "
        "source 'article': \"The Kremlin warned of direct conflict\"; closest passage: \""
    )
    assert "2 excerpts still found verbatim, 1 orphaned" in out[1]


def test_the_four_statuses_for_the_reader():
    """The classification the reader can show: one :class:`Anchor` per excerpt."""
    excerpt = "US troops would not be sent to Ukraine"
    verified = anchor(SourceText(ARTICLE), excerpt, source_changed=False)
    assert verified.status is Status.VERIFIED and verified.status.found
    start, end = verified.spans[0]
    assert ARTICLE[start:end] == excerpt
    moved = anchor(SourceText(EDITS["moved"](ARTICLE)), excerpt, source_changed=True)
    assert moved.status is Status.MOVED and moved.spans != verified.spans
    changed = anchor(SourceText(EDITS["changed"](ARTICLE)), excerpt, source_changed=True)
    assert changed.status is Status.CHANGED and not changed.status.found
    assert changed.passage.text == "US troops would now be sent to Ukraine"
    assert [(c.kind, c.old, c.new) for c in changed.changes if c.kind != "equal"] == [
        ("replace", ("not",), ("now",))
    ]
    orphaned = anchor(SourceText(EDITS["deleted"](ARTICLE)), "The Kremlin warned of direct "
                      "conflict", source_changed=True)
    assert orphaned.status is Status.ORPHANED and orphaned.spans == ()


def test_a_number_changed_or_a_not_dropped_is_marked():
    old, new = marked(word_changes("sent 3,000 troops and would not stay", "sent 30,000 troops "
                                   "and would stay"))
    assert old == "sent [-3,000-] troops and would [-not-] stay"
    assert new == "sent {+30,000+} troops and would stay"


def test_long_unchanged_runs_are_shortened_around_the_difference():
    words = [f"w{n}" for n in range(40)]
    changed = [*words[:20], "X", *words[21:]]
    old, new = marked(word_changes(" ".join(words), " ".join(changed)))
    assert old == "... w16 w17 w18 w19 [-w20-] w21 w22 w23 w24 ..."
    assert new == "... w16 w17 w18 w19 {+X+} w21 w22 w23 w24 ..."


def test_without_a_recorded_hash_a_miss_is_a_wrong_excerpt_as_before(briefing, capsys):
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(re.sub(r"    sha256: .*\n", "", text), encoding="utf-8")
    _edit(briefing, "changed")
    status, out, _ = check(capsys, str(briefing))
    assert status == 1
    assert out == [
        at(briefing, LINES["us"] - 1) + "error: excerpt not found in source 'article': "
        '"US troops would not be sent to Ukraine"; did you mean "US troops would now be sent '
        'to Ukraine"?'
    ]


# --- --update-sources ---------------------------------------------------------------------------


def test_update_sources_changes_only_the_hash_line(briefing, capsys):
    _edit(briefing, "moved")
    before = briefing.read_bytes()
    status, out, _ = check(capsys, "--update-sources", str(briefing))
    assert status == 0
    assert f"{briefing}: notice: recorded the sha256 of source 'article'" in out
    after = briefing.read_bytes()
    new_hash = hashlib.sha256((briefing.parent / "source.txt").read_bytes()).hexdigest()
    old_lines, new_lines = before.split(b"\n"), after.split(b"\n")
    assert len(old_lines) == len(new_lines)
    differing = [n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert differing == [HASH_LINE - 1]
    assert new_lines[HASH_LINE - 1] == b"    sha256: " + new_hash.encode()
    status, out, _ = check(capsys, str(briefing))
    assert status == 0
    assert len(out) == 1 and out[0].endswith("0 problems")  # clean: no notice left


def test_update_sources_refuses_while_an_excerpt_does_not_verify(briefing, capsys):
    for how in ("changed", "deleted"):
        _edit(briefing, how)
        before = briefing.read_bytes()
        status, out, _ = check(capsys, "--update-sources", str(briefing))
        assert status == 1
        assert f"{briefing}: error: sources not updated (1 problem above): every excerpt must " \
               "verify in the source text first" in out
        assert briefing.read_bytes() == before


def test_update_sources_on_a_current_file_writes_nothing(briefing, capsys):
    before = briefing.stat()
    status, out, _ = check(capsys, "--update-sources", str(briefing))
    assert status == 0
    assert not any("recorded" in line for line in out)
    assert briefing.stat().st_mtime_ns == before.st_mtime_ns


def test_update_sources_inserts_a_missing_hash_under_file(briefing, capsys):
    text = briefing.read_text(encoding="utf-8")
    without = re.sub(r"    sha256: .*\n", "", text)
    briefing.write_text(without, encoding="utf-8")
    status, _, _ = check(capsys, "--update-sources", str(briefing))
    assert status == 0
    assert briefing.read_text(encoding="utf-8") == text  # the line back where it was
    assert not list(briefing.parent.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        # ``file`` first, on the line of the dash; a comment after its value; no newline at the end
        ("  - file: source.txt  # the text\n    id: s\n    title: T",
         "  - file: source.txt  # the text\n    sha256: {h}\n    id: s\n    title: T"),
        # a flow mapping
        ("  - {id: s, title: T, file: source.txt}\n", "  - {id: s, title: T, file: source.txt, "
         "sha256: {h}}\n"),
        # a quoted hash, replaced in its quotes
        ("  - id: s\n    title: T\n    file: \"source.txt\"\n    sha256: \"" + "0" * 63 + "a\"\n",
         "  - id: s\n    title: T\n    file: \"source.txt\"\n    sha256: \"{h}\"\n"),
    ],
)
def test_update_sources_keeps_the_layout(tmp_path, capsys, sources, expected):
    (tmp_path / "source.txt").write_text(ARTICLE, encoding="utf-8")
    head = ("format: 1\nid: x\ntitle: T\nsummary: S\ncountries: [{code: FR, name: France}]\n"
            "sources:\n")
    path = tmp_path / "b.yaml"
    path.write_text(head + sources, encoding="utf-8")
    status, out, err = check(capsys, "--update-sources", str(path))
    assert status == 0, out + [err]
    assert path.read_text(encoding="utf-8") == head + expected.replace("{h}", text_sha256(ARTICLE))


def test_update_sources_keeps_crlf_and_a_bom(briefing, capsys):
    _edit(briefing, "moved")
    text = briefing.read_text(encoding="utf-8").replace("\n", "\r\n")
    briefing.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    status, _, _ = check(capsys, "--update-sources", str(briefing))
    assert status == 0
    data = briefing.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == text.count("\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert load(briefing).briefing.sources[0].sha256 == text_sha256(EDITS["moved"](ARTICLE))


def test_update_sources_through_a_symlink_replaces_the_target(briefing, capsys):
    _edit(briefing, "moved")
    link = briefing.parent / "link.yaml"
    link.symlink_to(briefing.name)
    status, _, _ = check(capsys, "--update-sources", str(link))
    assert status == 0
    assert link.is_symlink()
    assert load(briefing).briefing.sources[0].sha256 == text_sha256(EDITS["moved"](ARTICLE))


def test_update_sources_keeps_the_files_mode(briefing, capsys):
    _edit(briefing, "moved")
    briefing.chmod(0o640)
    assert check(capsys, "--update-sources", str(briefing))[0] == 0
    assert briefing.stat().st_mode & 0o777 == 0o640


def test_an_all_digit_hash_is_written_as_a_string():
    assert _scalar("1" * 64) == "'" + "1" * 64 + "'"
    assert _scalar("a" * 64) == "a" * 64


# --- the format ---------------------------------------------------------------------------------


def test_sha256_must_be_64_hex_digits(briefing):
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(re.sub(r"sha256: .*", "sha256: abc", text), encoding="utf-8")
    _, problems = load_safely(briefing, shown="b.yaml")
    assert [str(p) for p in problems] == [
        f"b.yaml:{HASH_LINE}:13: error: sources[0].sha256: must be 64 hexadecimal digits "
        "(the SHA-256 of the source file's text)"
    ]


def test_upper_case_hex_is_the_same_hash(briefing, capsys):
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace(text_sha256(ARTICLE), text_sha256(ARTICLE).upper()),
                        encoding="utf-8")
    status, out, _ = check(capsys, str(briefing))
    assert status == 0 and len(out) == 1


def test_sha256_needs_a_file(write):
    path = write(
        "format: 1\nid: x\ntitle: T\nsummary: S\ncountries: [{code: FR, name: France}]\n"
        f"sources:\n  - id: s\n    title: T\n    sha256: {'a' * 64}\n"
    )
    _, problems = load_safely(path, shown="b.yaml")
    assert [str(p) for p in problems] == [
        "b.yaml:7:5: error: sources[0]: 'sha256' is the hash of the source's file: it needs 'file'"
    ]


def test_retrieved_is_a_date(briefing):
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("retrieved: 2024-02-28", "retrieved: yesterday"),
                        encoding="utf-8")
    _, problems = load_safely(briefing, shown="b.yaml")
    assert len(problems) == 1 and problems[0].line == HASH_LINE + 1
    assert "sources[0].retrieved" in problems[0].message


def test_the_schema_and_the_contract_describe_the_new_keys(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    source = schema["$defs"]["Source"]["properties"]
    assert source["sha256"]["anyOf"][0] == {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}
    assert "SHA-256" in source["sha256"]["description"]
    assert "retrieved" in source["retrieved"]["description"]
    contract = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    assert "`sha256`" in contract and "`retrieved`" in contract
    assert "--update-sources" in contract
