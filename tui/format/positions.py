"""Where a problem is: from a location in the data (``statements[3].text``) to line and column.

Validation reports locations in the parsed data; :class:`Locator` composes the file's YAML
nodes (only when a problem needs a position) and walks them to the node meant: the key of an
unknown key, the value of a bad value. :func:`validation_problems` words pydantic's errors
as the format's sentences.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Any

import yaml
from pydantic import ValidationError

from tui.format.problems import Problem
from tui.format.yaml_safe import _Loader

Loc = tuple[str | int, ...]
"""A location in the parsed data: keys and list indexes from the top."""


def _node_at(root: yaml.Node | None, loc: Loc, *, at_key: bool) -> yaml.Node | None:
    """The node a validation error's location points at (as deep as the file goes)."""
    node = root
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    node = key_node if (last and at_key) else value_node
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node


class Locator:
    """Turns locations in the data into line and column, composing the YAML only if needed."""

    def __init__(self, text: str, shown: str) -> None:
        self._text = text
        self._shown = shown
        self._root: yaml.Node | None = None
        self._composed = False

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        node = _node_at(self._root, loc, at_key=at_key)
        if node is None:
            return Problem(self._shown, 1, 1, message)
        return Problem(self._shown, node.start_mark.line + 1, node.start_mark.column + 1, message)


def describe(loc: Loc) -> str:
    """``('statements', 3, 'text')`` → ``statements[3].text``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "the briefing"


_ALLOWED_KEYS_BY_LIST = {
    "sources": "Source",
    "countries": "Country",
    "actors": "Actor",
    "topics": "Topic",
    "positions": "Position",
    "statements": "Statement",
    "debates": "Debate",
    "sides": "Side",
    "risks": "Risk",
    "caveats": "Caveat",
}


def _allowed_keys(loc: Loc) -> list[str]:
    from tui.format import model

    name = "Briefing"
    for part in loc:
        if isinstance(part, str) and part in _ALLOWED_KEYS_BY_LIST:
            name = _ALLOWED_KEYS_BY_LIST[part]
    return list(getattr(model, name).model_fields)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_DATE_ERRORS = frozenset({"date_from_datetime_parsing", "date_parsing", "date_type",
                          "date_from_datetime_inexact", "date_future", "date_past"})

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def not_a_date(value: Any) -> str:
    """Why ``value`` (as written, or as YAML read it) is not a date, as a sentence's end:
    ``2031-13-12 is not a valid date (month must be 1-12)``."""
    if isinstance(value, _dt.datetime):
        return f"{value.isoformat(sep=' ')} is a date and a time; write the date alone, YYYY-MM-DD"
    written = str(value)
    shown = _short(written) if not isinstance(value, str) else repr(written)[1:-1][:40]
    found = _ISO_DATE.fullmatch(written.strip())
    reason = "write it as YYYY-MM-DD, e.g. 2031-05-04"
    if found:
        year, month, day = (int(part) for part in found.groups())
        if not 1 <= month <= 12:
            reason = "month must be 1-12"
        elif year < 1:
            reason = "year must be 1-9999"
        else:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                reason = f"day must be 1-{last} in {calendar.month_name[month]} {year}"
    return f"{shown} is not a valid date ({reason})"


def validation_problems(error: ValidationError, locate: Locator) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc: Loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            where = describe(loc[:-1])
            allowed = ", ".join(_allowed_keys(loc[:-1]))
            message = f"unknown key '{loc[-1]}' in {where} (allowed: {allowed})"
            problems.append(locate.problem(loc, message, at_key=True))
        elif kind == "too_short" and len(item.get("input") or ()) >= item.get("ctx", {}).get(
            "min_length", 1
        ):
            continue  # pydantic counts only the items that validated; the others are reported
        elif kind in _DATE_ERRORS:
            problems.append(locate.problem(loc, f"{describe(loc)}: {not_a_date(item.get('input'))}"))
        elif kind == "missing":
            message = f"missing required key '{loc[-1]}' in {describe(loc[:-1])}"
            problems.append(locate.problem(loc[:-1], message))
        else:
            message = item["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            if kind == "string_pattern_mismatch" and "a-z0-9" in message:
                message = "must be a slug: lower-case letters, digits and '-', starting with a letter or digit"
            elif kind == "string_pattern_mismatch":
                message = "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. 'FR'"
            else:
                message = message[:1].lower() + message[1:]
            if kind not in ("value_error",) and "input" in item and not isinstance(
                item["input"], (dict, list)
            ):
                message += f" (got {_short(item['input'])})"
            problems.append(locate.problem(loc, f"{describe(loc)}: {message}"))
    return problems


