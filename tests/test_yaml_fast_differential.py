"""The fast path against itself before its scan and walk were made cheaper
(``yaml_fast_before.py``, the module at 37cc1b1): for every text, None exactly where it gave
None, else objects equal to its, of the same types (a ``date`` stays a ``date``, an ``int`` never
becomes a ``bool``), keys in the same order.

The texts: the bundled and generated briefings, the hostile texts of the loading suites, every
YAML 1.1 / 1.2 trap written plain, quoted, as a key and in flow collections, and texts made at
random (hypothesis, and a seeded generator for many more).
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
import yaml_fast_before as before
from helpers import BRIEFING, MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_loading import ALIAS_BOMB, SYNTAX, WRONG_TYPES
from test_yaml_fast import BUNDLED, BUNDLED_TEXT, REFUSED, VALID

from tui.format.yaml_fast import fast_parse
from tui.format.yaml_safe import _SHARED_LENGTH, parse


def _same(new: object, old: object) -> bool:
    """Equal, with the same classes all the way down and the keys in the same order."""
    if new.__class__ is not old.__class__:
        return False
    if isinstance(new, dict):
        assert isinstance(old, dict)
        return list(new) == list(old) and all(_same(new[key], old[key]) for key in new)
    if isinstance(new, list):
        assert isinstance(old, list)
        return len(new) == len(old) and all(map(_same, new, old))
    return new == old


def _agree(text: str) -> bool:
    """Assert that both give None or the same objects; whether they gave objects."""
    old = before.fast_parse(text)
    new = fast_parse(text)
    assert (new is None) == (old is None), (text[:300], old is None)
    assert new is None or _same(new, old), text[:300]
    return new is not None


def test_the_oracle_is_the_fast_path_before():
    assert before.fast_parse(VALID) == fast_parse(VALID)
    assert before.fast_parse is not fast_parse


def test_bundled_briefings_agree():
    paths = sorted(BUNDLED.rglob("*.yaml"))
    assert paths
    assert all(_agree(path.read_text(encoding="utf-8")) for path in paths)


@pytest.mark.parametrize("vocabulary", ["synthetic", "real"])
def test_generated_briefings_agree(tmp_path, vocabulary):
    if vocabulary == "real" and importlib.util.find_spec("wordfreq") is None:
        pytest.skip("the real vocabulary needs wordfreq (pip install -e '.[bench]')")
    from bench.generate import generate_library

    generate_library(tmp_path, files=6, statements_per_file=40, seed=5, vocabulary=vocabulary)
    paths = sorted(tmp_path.glob("*.yaml"))
    assert paths
    assert all(_agree(path.read_text(encoding="utf-8")) for path in paths)


HOSTILE = {
    **REFUSED,
    **{f"syntax: {name}": text for name, (text, _) in SYNTAX.items()},
    **{f"type: {where}": BRIEFING.replace(old, new, 1) for old, new, where in WRONG_TYPES},
    "alias bomb": ALIAS_BOMB,
    "cycle": "format: 1\ncycle: &c [*c]\n",
    "merge key with alias": "format: 1\nbase: &b {title: x}\nother:\n  <<: *b\n",
    "escaped control": BRIEFING.replace("title: A test briefing", 'title: "A \\e]0;pwned\\a title"'),
    "raw control": BRIEFING.replace("title: A test briefing", "title: A \x1b[2J title"),
    "a bom": "\ufeff" + BRIEFING,
    "a lone surrogate": BRIEFING.replace("title: A test briefing", "title: A \ud800 title"),
    "empty": "",
    "blank": "   \n\n",
    "a list": "- a\n- b\n",
    "a scalar": "just words\n",
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_texts_agree(text):
    _agree(text)


TRAPS = [
    # YAML 1.1 booleans (text to the format's loader, which has no 1.1 booleans) and 1.2 ones
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n",
    "N", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "fALSE",
    # nulls
    "~", "null", "Null", "NULL", "nULL", "",
    # whole numbers: octal, hexadecimal, binary, underscores, signs, leading zeros, sexagesimal
    "0", "-0", "+0", "7", "-7", "+7", "8", "-8", "07", "08", "010", "0o7", "0o17", "0O7",
    "0x1F", "0x1f", "0X1F", "0b101", "1_000", "_1", "1__0", "0_7", "1:30", "-1:30", "190:20:30",
    "99999999999999999999",
    # floats
    "1.5", ".5", "-.5", "1e3", "1.0e+3", "1.", ".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan",
    ".NaN", ".NAN", "1:30.5",
    # dates and times
    "2024-01-02", "2024-1-2", "2031-13-12", "2024-02-30", "2024-01-02T10:00:00Z",
    "2024-01-02 10:00:00", "2024-01-02t10:00:00.5+01:00", "10:00", "2024-01-02x",
    # merge, value, anchors, aliases, tags
    "<<", "=", "&a x", "*a", "!x y", "!!str z", "!", "&", "*",
    # indicators and the texts that start with them
    "@x", "`x", "%x", "|x", ">x", "?x", ":x", "#x", "-x", ",x", "[x", "]x", "{x", "}x",
    # unicode spaces and line breaks
    "a\u00a0b", "\u00a0", "a\u2000b", "a\u3000b", "a\u200bb", "a\u2028b", "a\x85b", "a\ufeffb",
    # ordinary texts
    "The story", "Tuesday", "Nope", "Falls", "ok", "x", "é", "ünïcödé",
]
"""Scalars that YAML 1.1 (libyaml, the safe loader) and 1.2 (``yaml-rs``) may read apart."""

_FORMS = [
    "{}", "'{}'", '"{}"', "[{}]", "['{}', x]", '["{}"]', "{{k: {}}}", '{{"k": "{}"}}',
    "\n  - {}\n  - x", "\n  k: {}", "|\n  {}", ">\n  {}",
]
"""How a trap is written where a value goes: plain, quoted, in flow collections, in a block
sequence or mapping, as a block scalar."""


def _with_value(written: str) -> str:
    return BRIEFING.replace("title: A test briefing", f"title: {written}", 1)


def _with_key(written: str) -> str:
    return MINIMAL + f"{written}: x\n"


@pytest.mark.parametrize("trap", TRAPS)
def test_yaml_1_1_and_1_2_traps_agree(trap):
    for form in _FORMS:
        _agree(_with_value(form.format(trap)))
        _agree(MINIMAL + "extra: " + form.format(trap) + "\n")
    for key in (trap, f"'{trap}'", f'"{trap}"'):
        _agree(_with_key(key))
        _agree(MINIMAL + f"extra: {{{key}: x}}\n")
    escaped = trap.replace("\\", "\\\\").replace('"', '\\"')
    _agree(_with_value(f'"{escaped}\\n"'))  # a line break after it: Python's $ matches before one


def test_texts_the_old_path_vouched_for_are_among_the_traps():
    """The differential tests exercise the walk, not only the scan: many vouched."""
    vouched = sum(_agree(_with_value(trap)) for trap in TRAPS)
    assert vouched > len(TRAPS) // 3


_PIECES = [
    "&a ", "*a", "!", "<<", "---\n", "...\n", "%YAML 1.1\n", "\t", "\r", "'", '"', "- ", ": ",
    "? ", "[", "]", "{", "}", ",", "#", "\n", "  ", " " * 100, "|", ">", "\\", "\\n", "\\\n",
    "\\ud83d", "\\U0000DE00", "\\x41", "\u2028", "\u2029", "\x85", "\x07", "\x9b", "\ufeff",
    "\uffff", "é", "x", "id", "title", "key", ":,", ":]", ":}", "_1", "0o", "0O", "@", "`", "%",
    *TRAPS,
]


def _written(draw_choice, draw_int) -> str:  # type: ignore[no-untyped-def]
    """A YAML text made of random keys and trap values (a shape the scan often lets through)."""
    lines = ["format: 1"]
    for index in range(draw_int(1, 8)):
        key = draw_choice(["id", "title", "k", f"key{index}", "yes", "'q'", '"d"', "n"])
        value = draw_choice(_FORMS).format(draw_choice(TRAPS))
        lines.append(f"{key}{index}: {value}" if key in ("k", "n") else f"{key}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BUNDLED_TEXT)), st.lists(st.sampled_from(_PIECES), min_size=1,
       max_size=4), st.integers(0, 40))
def test_a_damaged_briefing_agrees(at, pieces, cut):
    _agree(BUNDLED_TEXT[:at] + "".join(pieces) + BUNDLED_TEXT[at + cut:])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30), st.booleans())
def test_yaml_made_of_pieces_agrees(pieces, ending):
    _agree("".join(pieces) + ("\n" if ending else ""))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mappings_of_traps_agree(data):
    _agree(_written(lambda items: data.draw(st.sampled_from(items)),
                    lambda low, high: data.draw(st.integers(low, high))))


def test_many_random_texts_agree():
    """A seeded generator, for many more texts than hypothesis makes in the same time."""
    rng = random.Random(16)
    vouched = 0
    for _ in range(3000):
        choice = rng.randrange(3)
        if choice == 0:
            at = rng.randrange(len(BUNDLED_TEXT) + 1)
            text = (BUNDLED_TEXT[:at] + "".join(rng.choices(_PIECES, k=rng.randint(1, 4)))
                    + BUNDLED_TEXT[at + rng.randrange(40):])
        elif choice == 1:
            text = "".join(rng.choices(_PIECES, k=rng.randint(1, 30))) + rng.choice(["", "\n"])
        else:
            text = _written(rng.choice, rng.randint)
        vouched += _agree(text)
    assert vouched > 300  # the walk was reached, not only the scan


def test_a_library_of_generated_files_agrees_file_by_file(tmp_path):
    """Caches (of keys, of tags, of dates, of shared texts) filled by earlier files do not change
    what a later file gives."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(Path(BUNDLED).rglob("*.yaml"))]
    for text in texts * 3:
        assert _agree(text)


def _texts(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [value] if isinstance(value, str) else []


def test_short_texts_are_shared_with_the_safe_loader_as_before():
    """One object for each short text, whichever path read it and how often (memory)."""
    first, second = fast_parse(BUNDLED_TEXT), fast_parse(BUNDLED_TEXT)
    safe = parse(BUNDLED_TEXT, "x")[0]
    oracle = before.fast_parse(BUNDLED_TEXT)
    columns = list(zip(_texts(first), _texts(second), _texts(safe), _texts(oracle), strict=True))
    short = [texts for texts in columns if len(texts[0]) <= _SHARED_LENGTH]
    assert len(short) > 20
    for text, *others in short:
        assert all(other is text for other in others), text
