"""Write a draft briefing's data as YAML that reads like a hand-written briefing.

The layout is this module's (keys in the order given, a blank line between top-level sections,
lists of items as ``- key: value`` blocks, short lists of slugs in flow style); every scalar is
written by PyYAML's safe emitter, which picks plain, single- or double-quoted style so that the
value reads back unchanged. The same data always gives the same text.
"""

from __future__ import annotations

from typing import Any

import yaml

_SLUG_LISTS = frozenset({"memberships", "topics", "raised_by"})
_HEADER = (
    "# Drafted by 'briefing draft': every item marked 'draft: true' is the rules' guess.\n"
    "# Review each one (speaker, text, evidence, country), then delete its 'draft' key.\n"
    "# 'briefing check' lists what is left to review.\n"
)


def scalar(value: Any) -> str:
    """One scalar as YAML, on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_style=None)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    text = text.rstrip("\n")
    if "\n" in text:  # a multi-line scalar: always double-quoted, escapes on one line
        text = yaml.safe_dump(value, allow_unicode=True, width=1 << 30,
                              default_style='"').rstrip("\n")
    return text


def _value(key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, list):
        if not value:
            return [f"{indent}{key}: []"]
        if key in _SLUG_LISTS and all(isinstance(v, str) for v in value):
            return [f"{indent}{key}: [{', '.join(scalar(v) for v in value)}]"]
        if all(not isinstance(v, dict) for v in value):
            return [f"{indent}{key}:", *(f"{indent}  - {scalar(v)}" for v in value)]
        lines = [f"{indent}{key}:"]
        for item in value:
            lines.extend(_item(item, indent + "  "))
        return lines
    if isinstance(value, dict):
        lines = [f"{indent}{key}:"]
        for inner_key, inner in value.items():
            lines.extend(_value(inner_key, inner, indent + "  "))
        return lines
    return [f"{indent}{key}: {scalar(value)}"]


def _item(item: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for number, (key, value) in enumerate(item.items()):
        block = _value(key, value, indent + "  ")
        if number == 0:
            block[0] = f"{indent}- {block[0][len(indent) + 2 :]}"
        lines.extend(block)
    return lines


def to_yaml(data: dict[str, Any]) -> str:
    """The briefing's data as YAML text."""
    lines = [_HEADER.rstrip("\n")]
    previous_was_list = False
    for key, value in data.items():
        is_list = isinstance(value, list) and bool(value)
        if is_list or previous_was_list:
            lines.append("")
        lines.extend(_value(key, value, ""))
        previous_was_list = is_list
    return "\n".join(lines) + "\n"
