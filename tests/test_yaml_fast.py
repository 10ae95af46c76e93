"""The fast path (``tui.format.yaml_fast``): the same documents as the positioned safe loader for
valid files, and every file it cannot vouch for left to that loader.

The hostile-loading suite (``test_hostile_loading.py``) runs through ``briefing check``, which
loads through the fast path first; here every one of its refused features is also checked to
be refused by the fast path itself, so the errors come from the safe loader.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from helpers import BRIEFING, write_briefing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.format import loader, yaml_fast
from tui.format.problems import BriefingError
from tui.format.yaml_fast import fast_parse, plain_tag
from tui.format.yaml_safe import parse

BUNDLED = Path(__file__).resolve().parent.parent / "briefings"
BUNDLED_TEXT = (BUNDLED / "nato-ground-troops" / "briefing.yaml").read_text(encoding="utf-8")


def _safe_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "fast_parse", lambda text: None)


def _same_documents(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert fast_parse(text) == parse(text, str(path))[0], path
    fast = [loader.load_with_notices(path) for path in paths]
    with monkeypatch.context() as patch:
        _safe_only(patch)
        safe = [loader.load_with_notices(path) for path in paths]
    for path, (document, notices), (expected, expected_notices) in zip(
        paths, fast, safe, strict=True
    ):
        assert document.briefing == expected.briefing, path
        assert document.briefing.model_dump() == expected.briefing.model_dump(), path
        assert document.spans == expected.spans
        assert document.source_texts == expected.source_texts
        assert document.excerpts == expected.excerpts
        assert notices == expected_notices


def test_bundled_briefings_load_alike_through_both_paths(monkeypatch):
    paths = sorted(BUNDLED.rglob("*.yaml"))
    assert paths
    for path in paths:
        assert fast_parse(path.read_text(encoding="utf-8")) is not None, path  # the fast path ran
    _same_documents(paths, monkeypatch)


@pytest.mark.parametrize("vocabulary", ["synthetic", "real"])
def test_generated_briefings_load_alike_through_both_paths(tmp_path, monkeypatch, vocabulary):
    if vocabulary == "real" and importlib.util.find_spec("wordfreq") is None:
        pytest.skip("the real vocabulary needs wordfreq (pip install -e '.[bench]')")
    from bench.generate import generate_library

    generate_library(tmp_path, files=6, statements_per_file=40, seed=3, vocabulary=vocabulary)
    paths = sorted(tmp_path.glob("*.yaml"))
    assert all(fast_parse(path.read_text(encoding="utf-8")) is not None for path in paths)
    _same_documents(paths, monkeypatch)


VALID = "format: 1\nid: b\ntitle: T\n"

REFUSED = {
    "alias": "format: 1\nid: &x a\ntitle: *x\n",
    "alias in flow": "format: 1\nid: a\ntitle: [&x t, *x]\n",
    "tag": "format: 1\nid: !!str a\ntitle: T\n",
    "local tag": "format: 1\nid: !thing a\ntitle: T\n",
    "merge key": "format: 1\n<<: {title: x}\nid: a\n",
    "duplicate key": "format: 1\nid: a\nid: b\ntitle: T\n",
    "duplicate key, quoted": 'format: 1\nid: a\n"id": b\ntitle: T\n',
    "duplicate nested key": "format: 1\nid: a\ntitle: T\nsources: [{id: s, id: t}]\n",
    "two documents": "format: 1\nid: a\ntitle: T\n---\nformat: 1\n",
    "document end": "format: 1\nid: a\ntitle: T\n...\n",
    "directive": "%YAML 1.1\n---\nformat: 1\nid: a\ntitle: T\n",
    "a list": "- format: 1\n",
    "a scalar": "just text\n",
    "integer key": "format: 1\nid: a\ntitle: T\n1: x\n",
    "date key": "format: 1\nid: a\ntitle: T\n2024-01-02: x\n",
    "null key": "format: 1\nid: a\ntitle: T\n~: x\n",
    "boolean key": "format: 1\nid: a\ntitle: T\ntrue: x\n",
    "complex key": "format: 1\nid: a\ntitle: T\n? [a]\n: x\n",
    "float": "format: 1.0\nid: a\ntitle: T\n",
    "octal 0o": "format: 0o1\nid: a\ntitle: T\n",
    "leading zero": "format: 08\nid: a\ntitle: T\n",
    "underscore number": "format: _1\nid: a\ntitle: T\n",
    "large number": "format: 1\nid: a\ntitle: T\ncredibility: 99999999999999999999\n",
    "sexagesimal": "format: 1\nid: a\ntitle: 1:30\n",
    "date and time": "format: 1\nid: a\ntitle: T\ndate: 2024-01-02 10:00:00\n",
    "tab": "format: 1\nid: a\ntitle:\tT\n",
    "carriage return": "format: 1\r\nid: a\r\ntitle: T\r\n",
    "control character": "format: 1\nid: a\ntitle: T\x07\n",
    "control character in a comment": "format: 1\nid: a\ntitle: T # \x01\n",
    "C1 control": "format: 1\nid: a\ntitle: T\x9b\n",
    "next line": "format: 1\nid: a\ntitle: T\x85U\n",
    "line separator": "format: 1\nid: a\ntitle: T\u2028U\n",
    "byte order mark inside": "format: 1\nid: a\ntitle: T\ufeffU\n",
    "non-character": "format: 1\nid: a\ntitle: T\uffff\n",
    "nesting 65 deep (flow)": "format: 1\nid: a\ntitle: " + "[" * 65 + "]" * 65 + "\n",
    "nesting 20000 deep (flow)": "format: 1\ntitle: " + "[" * 20000 + "]" * 20000 + "\n",
    "nesting 65 deep (block)": "format: 1\nid: a\ntitle:\n" + "".join(
        " " * level + "-\n" for level in range(1, 66)
    ),
    "nesting 40000 deep (block)": "format: 1\nx: " + "- " * 40000 + "y\n",
    "invalid YAML": "format: 1\nid: [a\ntitle: T\n",
    # read differently, or accepted by yaml-rs only
    "block scalar at the end without a line break": "format: 1\nid: a\ntitle: |\n  T",
    "empty block scalar at the end": "format: 1\nid: a\ntitle: T\nnote: |\n",
    "indicator starting a flow item": "format: 1\nid: a\ntitle: T\nkey_points: [|x]\n",
    "a flow key over two lines (escaped)": 'format: 1\nid: a\nsources: [{"ti\\\n tle": x}]\n',
    "a flow key whose colon is below": "format: 1\nid: a\nsources: [{title\n : x}]\n",
    "an explicit key": "format: 1\nid: a\n? title\n: T\n",
    "an escaped surrogate pair": 'format: 1\nid: a\ntitle: "\\ud83d\\ude00"\n',
    "an escaped surrogate pair (long form)": 'format: 1\nid: a\ntitle: "\\U0000D83D\\U0000DE00"\n',
    "a plain flow key over two lines": "format: 1\nid: a\nsources: [{ti\n tle: x}]\n",
    "a quoted flow key over two lines": "format: 1\nid: a\nsources: [{'ti\n\n tle': x}]\n",
    "a colon before the end of a flow mapping": "format: 1\nid: a\ntitle: T\nsources: [{id: s, note:}]\n",
    "a colon before a comma in a flow sequence": "format: 1\nid: a\ntitle: T\nkey_points: [x:, y]\n",
    "a spaced colon before the end of a flow mapping": "format: 1\nid: a\ntitle: T\nx: {b :}\n",
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_what_the_format_refuses_or_parsers_read_differently_takes_the_safe_path(text):
    assert fast_parse(VALID) is not None
    assert fast_parse(text) is None


def test_what_both_read_alike_is_vouched_for():
    text = (
        "format: 1\nid: a\ntitle: 'T'\ndate: 2024-03-05\nwhen: 2031-13-12\ndraft: true\n"
        "note: ~\nempty:\nquoted: \"\"\nlist: [x, 'y']\n"
        "folded: >\n  one\n  two\nliteral: |\n  a\n   b\ncredibility: 3\nminus: -7\n"
        "words: True story, yes\nnoway: NO\n"
    )
    data = fast_parse(text)
    assert data is not None
    assert data == parse(text, "x")[0]


def test_a_quoted_date_is_text_where_the_format_wants_text(tmp_path):
    """``"2024-01-01"`` is a date on the fast path (it cannot see quotes), which is the same
    where the format takes a date and fails validation anywhere else: then the safe loader
    reads the file, and the title is the text."""
    import shutil

    folder = tmp_path / "b"
    shutil.copytree(BUNDLED / "nato-ground-troops", folder)
    path = folder / "briefing.yaml"
    text, count = __import__("re").subn(r"(?m)^title: .*$", 'title: "2024-01-01"', BUNDLED_TEXT,
                                         count=1)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    assert fast_parse(text)["title"] == __import__("datetime").date(2024, 1, 1)
    assert loader.load(path).briefing.title == "2024-01-01"


def test_plain_tags_are_the_safe_loaders():
    for value in ["2024-03-05", "true", "TRUE", "yes", "NO", "~", "null", "", "1", "-3", "017",
                  "0x1F", "1_000", "1.5", ".inf", "1:30", "The", "2024-03-05 10:00"]:
        (loaded,) = parse(f"k: {value}\n" if value else "k:\n", "x")[0].values()
        assert (plain_tag(value) == "tag:yaml.org,2002:str") == isinstance(loaded, str), value


def test_yaml_rs_reads_the_core_schema_as_the_fast_path_expects():
    """The assumptions of ``yaml_fast`` about ``yaml-rs`` (a new version could change them)."""
    assert fast_parse("a: yes\nb: on\nc: y\nd: tRUE\ne: nULL\n") == {
        "a": "yes", "b": "on", "c": "y", "d": "tRUE", "e": "nULL"
    }
    import yaml_rs

    policy = yaml_rs.DuplicateKeyPolicy.Error
    for text in ["a: 1\na: 2\n", "a: {b: 1, b: 2}\n", "- {a: 1, 'a': 2}\n"]:
        with pytest.raises(yaml_rs.YAMLDecodeError):
            yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=policy)
    assert yaml_rs.loads("a: '1'\nb: 'true'\nc: '~'\n", parse_datetime=False) == {
        "a": "1", "b": "true", "c": "~"
    }


def test_a_title_written_as_an_escaped_surrogate_pair_is_refused(tmp_path):
    """libyaml refuses ``"\\ud83d\\ude00"``; ``yaml-rs`` reads it as one character (U+1F600), so
    the fast path vouched for a file the safe loader refuses, and it loaded."""
    path = tmp_path / "b.yaml"
    path.write_text('format: 1\nid: b\ntitle: "\\ud83d\\ude00"\n', encoding="utf-8")
    document, problems = loader.load_safely(path)
    assert document is None
    assert [(p.line, p.column) for p in problems] == [(3, 11)]  # the escape
    assert "invalid Unicode character escape code" in problems[0].message


def test_a_flow_key_over_two_lines_is_refused():
    """libyaml refuses a key of a flow mapping written over two lines; ``yaml-rs`` folds it
    (``{b\\n c: d}`` is ``{"b c": "d"}``)."""
    for text in ["a: {b\n c: d}\n", 'a: {"b\n c": d}\n', "a: {'b\n\n  c': d}\n"]:
        with pytest.raises(BriefingError):
            parse(text, "x")
        assert fast_parse(text) is None, text


def test_a_colon_right_before_a_flow_indicator_is_refused(tmp_path):
    """libyaml refuses ``{... summary:}`` (found unexpected ':'); ``yaml-rs`` reads the summary as
    null, so the fast path vouched for a file the safe loader refuses, and it loaded."""
    old = "  - code: ES\n    name: Spain\n"
    assert old in BRIEFING
    path = write_briefing(tmp_path, text=BRIEFING.replace(old, "  - {code: ES, name: Spain, summary:}\n"))
    document, problems = loader.load_safely(path)
    assert document is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (20, 36, "invalid YAML: found unexpected ':' (while scanning a plain scalar)")
    ]


def test_a_valid_file_that_fails_later_is_reported_by_the_safe_loader(tmp_path):
    """The fast path is tried first; a problem found after it (here a validation error) is
    said by the safe loader, with its line and column."""
    path = tmp_path / "b.yaml"
    path.write_text("format: 1\nid: b\ntitle: T\nunknown: x\n", encoding="utf-8")
    assert fast_parse(path.read_text(encoding="utf-8")) is not None
    document, problems = loader.load_safely(path)
    assert document is None
    unknown = [p for p in problems if "unknown key 'unknown'" in p.message]
    assert [(p.line, p.column) for p in unknown] == [(4, 1)]


_PIECES = st.sampled_from(
    ["&a ", "*a", "!", "<<", "---\n", "\t", "\r", "'", '"', "- ", ": ", "? ", "[", "]", "{",
     "}", ",", "#", "\n", "  ", "0", "07", "1_0", "2024-01-01", "~", "true", "yes", "%", "@",
     "`", "|", ">", "\\", "\u2028", "\x85", "é", "x", "id", "title"]
)


def _as_vouched(value: object) -> object:
    """The safe loader's data as the fast path may give it: a quoted ``YYYY-MM-DD`` a date
    (see ``test_a_quoted_date_is_text_where_the_format_wants_text``)."""
    if isinstance(value, dict):
        return {key: _as_vouched(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_vouched(item) for item in value]
    if isinstance(value, str) and __import__("re").fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return __import__("datetime").date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _vouched_alike(text: str) -> None:
    data = fast_parse(text)
    if data is None:
        return
    expected, problems = parse(text, "x")  # raises if the safe loader refuses the file
    assert problems == []
    assert data == _as_vouched(expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BUNDLED_TEXT)), st.lists(_PIECES, min_size=1, max_size=4),
       st.integers(0, 40))
def test_a_damaged_briefing_is_vouched_for_only_as_the_safe_loader_reads_it(at, pieces, cut):
    _vouched_alike(BUNDLED_TEXT[:at] + "".join(pieces) + BUNDLED_TEXT[at + cut:])


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=30), st.booleans())
def test_yaml_made_of_pieces_is_vouched_for_only_as_the_safe_loader_reads_it(pieces, ending):
    _vouched_alike("".join(pieces) + ("\n" if ending else ""))


def test_without_yaml_rs_every_file_takes_the_safe_path(monkeypatch):
    monkeypatch.setattr(yaml_fast, "_yaml_rs", None)
    assert fast_parse(VALID) is None
