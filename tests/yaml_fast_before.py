"""The fast path as it was at 37cc1b1, before its scan and walk were made cheaper: the oracle of
``test_yaml_fast_differential.py`` (the new one must give None exactly where this one does, and
else the same objects). Kept as it was; not used by the program.

:func:`fast_parse` gives the Python objects :func:`tui.format.yaml_safe.parse` gives, or None
when it cannot vouch for them; then the positioned safe loader parses the file, and it alone
reports errors, lines and columns (the loader also goes back to it whenever a file parsed here
turns out to have any problem). It vouches only where ``yaml-rs`` (YAML 1.2, written in Rust,
chosen by ``python -m bench parsers``) and libyaml read the text alike:

* a cheap scan of the text first sends to the safe loader every file that could use what the
  format refuses or where the two parsers differ: anchors, aliases and tags (``&``, ``*``,
  ``!`` starting a token), merge keys (``<<``), document markers and directives, a last line
  without its line break or with ``|`` or ``>`` (a block scalar ending there), an escaped line break, a line starting with ``:``, tabs, carriage
  returns, characters libyaml does not read or reads as line breaks (U+0085, U+2028, U+2029),
  a byte order mark, lines starting with 100 or more spaces and indicators (deep block nesting,
  which ``yaml-rs`` does not limit), an escaped surrogate (``\\ud83d``: libyaml refuses every
  one, ``yaml-rs`` joins a pair into one character), a ``:`` right before ``,?[]{}``
  (``{note:}``: refused by libyaml, a null to ``yaml-rs``), and plain numbers written with a leading
  zero or ``_``;
* ``yaml-rs`` refuses duplicate keys itself, and nests flow collections 256 deep at most;
* its result is then walked once: every key must be text that libyaml would read as text too,
  with no space or line break (a flow key over two lines, which ``yaml-rs`` folds and libyaml
  refuses), and no key or value may start with an indicator (``[|x]``: text to ``yaml-rs``, an error to
  libyaml); every value text, a whole number, true, false or null, nested no deeper than
  :data:`~tui.format.yaml_safe.MAX_DEPTH`; a text that libyaml would read as something else is
  a date written ``YYYY-MM-DD`` (made the date PyYAML makes) or sends the file to the safe
  loader. Short texts are shared as the safe loader shares them.

A date read here from a quoted ``"2024-03-05"`` (PyYAML: text) is a date only where the format
takes a date, which reads the text as the same date; anywhere else it fails validation, and a
file that fails goes to the safe loader.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from tui.format.yaml_safe import _SHARED_LENGTH, _SHARED_STRINGS, MAX_DEPTH, _StrictLoader

_yaml_rs: Any
try:
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - a dependency; without it every file takes the safe path
    _yaml_rs = None

_ANYWHERE = ("<<", "\n---", "\n...", "\n%", "\\\n", "\u2028", "\u2029", "\ufeff", "\ufffe",
             "\uffff")
"""Texts that send a file to the safe loader wherever they are: a merge key, document markers
and directives, an escaped line break (``{"ti\\<newline>tle": x}``: a key over two lines, which
libyaml refuses and ``yaml-rs`` reads as ``title``), characters libyaml reads as line breaks or
refuses (above U+00A0)."""
_KEY_ENDS_BELOW = re.compile(r"\n *:")
"""A line starting with ``:``: a key whose ``:`` is on the next line (``{title\\n : x}``, which
libyaml refuses in a flow mapping), or an explicit ``? key``."""
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Tab, carriage return, NEL and the control characters libyaml refuses."""
_MARKS = re.compile(r"(?:^|(?<=[\s\[{,:]))[&*!]", re.MULTILINE)
"""An anchor, an alias or a tag: ``&``, ``*`` or ``!`` starting a token."""
_DEEP = re.compile(r"\n[ \-?:]{100}")
"""A line that starts with 100 spaces and indicators: possibly deep block nesting, which
``yaml-rs`` does not limit (it overflows its stack some 30,000 levels deep)."""
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")
"""An escaped surrogate (``"\\ud83d\\ude00"``): ``yaml-rs`` joins a pair into one character,
libyaml refuses every surrogate escape."""
_COLON_BEFORE_FLOW = re.compile(r":[,?\[\]{}]")
"""``{note:}``, ``[x:, y]``: a ``:`` right before a flow indicator, which libyaml refuses (found
unexpected ':') and ``yaml-rs`` reads as a key with no value."""
_NUMBER_UNDERSCORE = re.compile(r"_[0-9_]")
"""``_1``, ``1__0``: numbers that libyaml and ``yaml-rs`` read differently."""


def _suspect(text: str) -> bool:
    """Whether ``text`` may use what the format refuses, or what the parsers read differently."""
    if not text.endswith("\n"):
        return True  # yaml-rs ends a block scalar at the end of the file with a line break
    tail = text[-4096:].rstrip()
    last_line = tail[tail.rfind("\n") + 1 :]
    if not tail or "|" in last_line or ">" in last_line:
        return True  # an empty block scalar at the end: '' to libyaml, a line break to yaml-rs
    if text.startswith(("---", "...", "%")) or any(part in text for part in _ANYWHERE):
        return True
    if _CONTROLS.search(text) or _KEY_ENDS_BELOW.search(text) or _DEEP.search(text):
        return True
    if "\\" in text and _SURROGATE_ESCAPE.search(text):
        return True
    if _COLON_BEFORE_FLOW.search(text):
        return True
    if _DEEP.match("\n" + text[:100]):
        return True
    return ("&" in text or "*" in text or "!" in text) and _MARKS.search(text) is not None


_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = _StrictLoader.yaml_implicit_resolvers
_TYPED_FIRST = frozenset(first for first in _RESOLVERS if first is not None)
"""First characters of the plain scalars that libyaml's resolvers may read as other than text."""
if None in _RESOLVERS:  # pragma: no cover - PyYAML has none; every text would need a look
    raise RuntimeError("yaml_fast expects no implicit resolver for every first character")

_INDICATOR_FIRST = frozenset("|>?:@`%&*!#,[]{}")
"""Texts starting with one of these send a file to the safe loader: in a flow collection
``yaml-rs`` reads ``[|x]``, ``[>x]``, ``[?x]``, ``[:x]`` as texts where libyaml refuses them (or
reads a key); quoted or in a block scalar such a text is rare."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TAGS: dict[str, str] = {}


def plain_tag(value: str) -> str:
    """The tag the safe loader gives ``value`` written as a plain (unquoted) scalar."""
    tag = _TAGS.get(value)
    if tag is None:
        tag = _STR_TAG
        for candidate, pattern in _RESOLVERS.get(value[:1] if value else "", ()):
            if pattern.match(value):
                tag = candidate
                break
        if len(_TAGS) < 10_000:
            _TAGS[value] = tag
    return tag


def _as_loaded(value: str) -> Any:
    """A text value as the safe loader has it: itself, a date, or ``_NO`` (cannot vouch)."""
    tag = plain_tag(value)
    if tag == _STR_TAG:
        return value
    if tag == _TIMESTAMP_TAG and _DATE.fullmatch(value):
        try:
            return _dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        except ValueError:
            return value  # month 13: the safe loader keeps the text, for validation to word
    return _NO


_NO = object()


def fast_parse(text: str) -> dict[str, Any] | None:
    """The briefing mapping of ``text`` as :func:`~tui.format.yaml_safe.parse` has it when
    that finds no problem, or None if this path cannot vouch for it (see the module)."""
    if _yaml_rs is None or _suspect(text):
        return None
    try:
        data = _yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=_yaml_rs.DuplicateKeyPolicy.Error
        )
    except Exception:  # noqa: BLE001 - any failure: the safe loader says what is wrong
        return None
    if data.__class__ is not dict:
        return None
    vouched = _vouch(data)
    if vouched is None:
        return None
    if vouched and ("0o" in text or "0O" in text or _NUMBER_UNDERSCORE.search(text)):
        return None  # a whole number the parsers may read differently (0o7, _7)
    return data


_FLAGGED_FIRST = (_TYPED_FIRST | _INDICATOR_FIRST) - {""}
"""First characters of the texts looked at closely ("" is quoted: plain, it would be null)."""

_GOOD_KEYS: set[str] = set()
"""Keys seen to be text that libyaml reads as text and that start with no indicator (the
format's few field names, mostly): each is looked at once."""


def _good_key(key: object) -> bool:
    if not isinstance(key, str) or key.__class__ is not str:
        return False
    if " " in key or "\n" in key:
        return False  # perhaps a flow key over two lines, folded: libyaml refuses it
    first = key[:1]
    if first in _INDICATOR_FIRST or (first in _TYPED_FIRST and plain_tag(key) != _STR_TAG):
        return False
    if len(_GOOD_KEYS) < 10_000:
        _GOOD_KEYS.add(key)
    return True


def _vouch(data: dict[str, Any]) -> bool | None:
    """Check (and complete, in place) the parsed data: None if it is not what the safe loader
    gives; else whether it holds a whole number (-7 to 7: YAML 1.1 reads an octal 07 as 7)."""
    numbers = False
    flagged = _FLAGGED_FIRST
    indicators = _INDICATOR_FIRST
    good_keys = _GOOD_KEYS
    share = _SHARED_STRINGS.setdefault
    short = _SHARED_LENGTH
    if len(_SHARED_STRINGS) > 100_000:
        _SHARED_STRINGS.clear()
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        container, depth = stack.pop()
        is_dict = container.__class__ is dict
        pairs: Any = container.items() if is_dict else enumerate(container)
        changes: list[tuple[Any, Any]] = []
        for key, value in pairs:
            if is_dict and key not in good_keys and not _good_key(key):
                return None
            kind = value.__class__
            if kind is str:
                first = value[:1]
                if first in flagged:
                    if first in indicators:
                        return None
                    loaded = _as_loaded(value)
                    if loaded is _NO:
                        return None
                    if loaded is not value:
                        changes.append((key, loaded))
                        continue
                if len(value) <= short:
                    shared = share(value, value)
                    if shared is not value:
                        changes.append((key, shared))
            elif kind is dict or kind is list:
                if depth >= MAX_DEPTH:
                    return None
                stack.append((value, depth + 1))
            elif kind is int:
                if not -8 < value < 8:
                    return None
                numbers = True
            elif value is not None and kind is not bool:
                return None  # a float, or anything else: the safe loader reads it
        for key, value in changes:
            container[key] = value
    return numbers
