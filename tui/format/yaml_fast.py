"""A fast path for briefings that are valid: ``yaml-rs`` parses, the safe loader stays the judge.

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
  :data:`~tui.format.yaml_safe.MAX_DEPTH`; a text that libyaml would read as something else (one
  of its resolvers for the text's first character matches it) is a date written ``YYYY-MM-DD``
  (made the date PyYAML makes) or sends the file to the safe loader. Short texts are shared as
  the safe loader shares them.

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

_LINE_STARTS = re.compile(r"\n(?:---|\.\.\.|%| *:|[ \-?:]{100})")
"""Lines that send a file to the safe loader: document markers and directives (``---``,
``...``, ``%``); a line starting with ``:``, a key whose ``:`` is on the next line
(``{title\\n : x}``, which libyaml refuses in a flow mapping) or an explicit ``? key``; a line
starting with 100 spaces and indicators, possibly deep block nesting, which ``yaml-rs`` does not
limit (it overflows its stack some 30,000 levels deep)."""
_DEEP = re.compile(r"\n[ \-?:]{100}")
"""Deep block nesting (see ``_LINE_STARTS``), for the first line."""
_SPECIALS = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")
"""Characters above U+00A0 that libyaml reads as line breaks or refuses."""
_NOT_CONTROL_BYTES = bytes(byte for byte in range(256) if byte == 10 or byte >= 32 and byte != 127)
"""Every byte of UTF-8 but the C0 controls other than the line break (tab, carriage return ...)
and DEL: deleted, they leave those controls (cheaper than a regular expression)."""
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
"""U+0080 to U+009F (NEL and the other C1 controls) in UTF-8."""
_BACKSLASH = re.compile(r"\\(?:\n|(?:u|U0000)[dD][89a-fA-F])")
"""An escaped line break (``{"ti\\<newline>tle": x}``: a key over two lines, which libyaml
refuses and ``yaml-rs`` reads as ``title``), or an escaped surrogate (``"\\ud83d\\ude00"``:
``yaml-rs`` joins a pair into one character, libyaml refuses every surrogate escape)."""
_MARKS = re.compile(r"(?:^|(?<=[\s\[{,:]))[&*!]", re.MULTILINE)
"""An anchor, an alias or a tag: ``&``, ``*`` or ``!`` starting a token."""
_COLON_BEFORE_FLOW = re.compile(r":[,?\[\]{}]")
"""``{note:}``, ``[x:, y]``: a ``:`` right before a flow indicator, which libyaml refuses (found
unexpected ':') and ``yaml-rs`` reads as a key with no value."""
_NUMBER_OCTAL = re.compile("0[oO]")
_NUMBER_UNDERSCORE = re.compile(r"_[0-9_]")
"""``0o7``, ``_1``, ``1__0``: numbers that libyaml and ``yaml-rs`` read differently."""


def _suspect(text: str) -> bool:
    """Whether ``text`` may use what the format refuses, or what the parsers read differently.

    Each test is a single pass of C code over the text; the rare characters (``<``, ``\\``,
    U+0080 to U+009F, ``&*!``) are looked for first, with the much faster search for one
    character, and their test runs only where they are."""
    if not text.endswith("\n"):
        return True  # yaml-rs ends a block scalar at the end of the file with a line break
    tail = text[-4096:].rstrip()
    last_line = tail[tail.rfind("\n") + 1 :]
    if not tail or "|" in last_line or ">" in last_line:
        return True  # an empty block scalar at the end: '' to libyaml, a line break to yaml-rs
    if text.startswith(("---", "...", "%")) or _DEEP.match("\n" + text[:100]):
        return True
    if "<" in text and "<<" in text:
        return True  # a merge key
    if any(special in text for special in _SPECIALS):
        return True
    try:
        encoded = text.encode()
    except UnicodeEncodeError:
        return True  # a lone surrogate: yaml-rs refuses it too
    if encoded.translate(None, _NOT_CONTROL_BYTES):
        return True  # tab, carriage return, another C0 control or DEL
    if b"\xc2" in encoded and _C1_CONTROL.search(encoded):
        return True
    if "\\" in text and _BACKSLASH.search(text):
        return True
    if _LINE_STARTS.search(text) or _COLON_BEFORE_FLOW.search(text):
        return True
    return ("&" in text or "*" in text or "!" in text) and _MARKS.search(text) is not None


_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = _StrictLoader.yaml_implicit_resolvers
if None in _RESOLVERS:  # pragma: no cover - PyYAML has none; every text would need a look
    raise RuntimeError("yaml_fast expects no implicit resolver for every first character")

_INDICATOR_FIRST = frozenset("|>?:@`%&*!#,[]{}")
"""Texts starting with one of these send a file to the safe loader: in a flow collection
``yaml-rs`` reads ``[|x]``, ``[>x]``, ``[?x]``, ``[:x]`` as texts where libyaml refuses them (or
reads a key); quoted or in a block scalar such a text is rare."""


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches where one of ``patterns`` (PyYAML's, all ``^...$``) matches."""
    flags = {pattern.flags for pattern in patterns}
    if len(flags) != 1:  # pragma: no cover - PyYAML compiles every resolver alike
        raise RuntimeError("yaml_fast expects the implicit resolvers to have the same flags")
    flag = flags.pop()
    end = "\n" if flag & re.VERBOSE else ""  # a line break ends a comment
    return re.compile("|".join(f"(?:{pattern.pattern}{end})" for pattern in patterns), flag)


_LOOK: dict[str, re.Pattern[str] | None] = {
    first: _any_of([pattern for _, pattern in resolvers])
    for first, resolvers in _RESOLVERS.items()
    if first and resolvers
}
"""By first character, the texts looked at closely: those the union of libyaml's resolvers
for it matches (the others are text as plain scalars too); None for an indicator, which sends
the file to the safe loader."""
_LOOK.update(dict.fromkeys(_INDICATOR_FIRST))

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TAGS: dict[str, str] = {}
_LOADED: dict[str, Any] = {}
"""Texts that a resolver matches (dates, mostly), as :func:`_as_loaded` has them."""


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
    loaded = _LOADED.get(value)
    if loaded is None:
        loaded = _NO
        tag = plain_tag(value)
        if tag == _STR_TAG:
            loaded = _TEXT
        elif tag == _TIMESTAMP_TAG and _DATE.fullmatch(value):
            try:
                loaded = _dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
            except ValueError:
                loaded = _TEXT  # month 13: the safe loader keeps the text, for validation to word
        if len(_LOADED) < 10_000:
            _LOADED[value] = loaded
    return value if loaded is _TEXT else loaded


_NO = object()
_TEXT = object()


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
    if vouched and (_NUMBER_OCTAL.search(text) or _NUMBER_UNDERSCORE.search(text)):
        return None  # a whole number the parsers may read differently (0o7, _7)
    return data


_GOOD_KEYS: set[str] = set()
"""Keys seen to be text that libyaml reads as text and that start with no indicator (the
format's few field names, mostly): each is looked at once."""


def _good_key(key: object) -> bool:
    if not isinstance(key, str) or key.__class__ is not str:
        return False
    if " " in key or "\n" in key:
        return False  # perhaps a flow key over two lines, folded: libyaml refuses it
    first = key[:1]
    if first in _INDICATOR_FIRST or (first in _RESOLVERS and plain_tag(key) != _STR_TAG):
        return False
    if len(_GOOD_KEYS) < 10_000:
        _GOOD_KEYS.add(key)
    return True


_VOUCHED: dict[str, Any] = {}
"""Short texts (up to ``_SHARED_LENGTH`` characters) already looked at, with what the walk puts
in their place: the shared text, or a date. Ids, kinds, names, dates recur across a library: one
look-up each, instead of a look at the text and another at the table of shared texts. Emptied
with that table (when the safe loader alone empties it, the texts here stay the objects of the
documents read before, equal to the new ones)."""


def _vouch(data: dict[str, Any]) -> bool | None:
    """Check (and complete, in place) the parsed data: None if it is not what the safe loader
    gives; else whether it holds a whole number (-7 to 7: YAML 1.1 reads an octal 07 as 7)."""
    numbers = False
    look: Any = _LOOK.get
    plain = _TEXT  # not in _LOOK: text as a plain scalar too
    good_keys = _GOOD_KEYS
    vouched = _VOUCHED
    share = _SHARED_STRINGS.setdefault
    short = _SHARED_LENGTH
    if len(_SHARED_STRINGS) > 100_000 or len(vouched) > 100_000:
        _SHARED_STRINGS.clear()
        vouched.clear()
    stack: list[tuple[Any, int]] = [(data, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        container, depth = pop()
        if container.__class__ is dict:
            if not good_keys.issuperset(container) and not all(map(_good_key, container)):
                return None
            pairs: Any = container.items()
        else:
            pairs = enumerate(container)
        for key, value in pairs:
            kind = value.__class__
            if kind is str:
                if len(value) <= short:
                    loaded = vouched.get(value)
                    if loaded is None:
                        loaded = value
                        if value:  # "" is quoted: plain, it would be null
                            pattern = look(value[0], plain)
                            if pattern is not plain:
                                if pattern is None:
                                    return None  # an indicator
                                if pattern.match(value) is not None:
                                    loaded = _as_loaded(value)
                                    if loaded is _NO:
                                        return None
                        if loaded is value:
                            loaded = share(value, value)
                        vouched[value] = loaded
                    if loaded is not value:
                        container[key] = loaded  # the keys stay: iterating goes on
                elif (pattern := look(value[0], plain)) is not plain:
                    if pattern is None:
                        return None  # an indicator
                    if pattern.match(value) is not None:
                        loaded = _as_loaded(value)
                        if loaded is _NO:
                            return None
                        if loaded is not value:
                            container[key] = loaded
            elif kind is dict or kind is list:
                if depth >= MAX_DEPTH:
                    return None
                push((value, depth + 1))
            elif kind is int:
                if not -8 < value < 8:
                    return None
                numbers = True
            elif value is not None and kind is not bool:
                return None  # a float, or anything else: the safe loader reads it
    return numbers
