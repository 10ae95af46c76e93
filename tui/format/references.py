"""Cross-references inside a briefing: unique ids, and every reference pointing somewhere.

The checks run on the parsed data, before or after schema validation, and skip values of the
wrong type (schema validation reports those), so a file's problems are all reported in one run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Loc = tuple[str | int, ...]

_ID_LISTS = ("sources", "actors", "topics", "statements", "debates", "risks")


def _items(data: dict, key: str) -> Iterator[tuple[int, dict]]:
    value = data.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _ids(data: dict, key: str, field: str = "id") -> set[str]:
    return {item[field] for _, item in _items(data, key) if isinstance(item.get(field), str)}


def _refs(value: Any) -> list[tuple[int | None, str]]:
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def check(data: dict) -> list[tuple[Loc, str]]:
    """Every cross-reference problem of a briefing's data, with its location."""
    problems: list[tuple[Loc, str]] = []

    for key in (*_ID_LISTS, "countries"):
        field = "code" if key == "countries" else "id"
        seen: dict[str, int] = {}
        for index, item in _items(data, key):
            value = item.get(field)
            if not isinstance(value, str):
                continue
            if value in seen:
                what = "country code" if field == "code" else "id"
                problems.append(
                    ((key, index, field), f"duplicate {what} '{value}' (first at {key}[{seen[value]}])")
                )
            else:
                seen[value] = index

    countries = _ids(data, "countries", "code")
    ids = {key: _ids(data, key) for key in _ID_LISTS}

    def expect(loc: Loc, value: Any, known: set[str], what: str, listing: str) -> None:
        for index, ref in _refs(value):
            if ref not in known:
                where = loc if index is None else (*loc, index)
                problems.append((where, f"unknown {what} '{ref}' (not in {listing})"))

    for i, actor in _items(data, "actors"):
        if "country" in actor and actor["country"] is not None:
            expect(("actors", i, "country"), actor["country"], countries, "country", "countries")

    pairs: dict[tuple[str, str], int] = {}
    for i, position in _items(data, "positions"):
        expect(("positions", i, "country"), position.get("country"), countries, "country", "countries")
        expect(("positions", i, "topic"), position.get("topic"), ids["topics"], "topic", "topics")
        pair = (position.get("country"), position.get("topic"))
        if all(isinstance(part, str) for part in pair):
            if pair in pairs:
                problems.append(
                    (
                        ("positions", i),
                        f"second position of {pair[0]} on topic '{pair[1]}' "
                        f"(first at positions[{pairs[pair]}])",
                    )
                )
            else:
                pairs[pair] = i  # type: ignore[index]

    for i, statement in _items(data, "statements"):
        expect(("statements", i, "speaker"), statement.get("speaker"), ids["actors"], "speaker", "actors")
        expect(("statements", i, "topics"), statement.get("topics"), ids["topics"], "topic", "topics")
        if statement.get("source") is not None:
            expect(("statements", i, "source"), statement.get("source"), ids["sources"], "source", "sources")

    for i, debate in _items(data, "debates"):
        if debate.get("topic") is not None:
            expect(("debates", i, "topic"), debate.get("topic"), ids["topics"], "topic", "topics")
        for j, side in _items(debate, "sides"):
            loc = ("debates", i, "sides", j)
            if side.get("actor") is not None:
                expect((*loc, "actor"), side.get("actor"), ids["actors"], "actor", "actors")
            if side.get("country") is not None:
                expect((*loc, "country"), side.get("country"), countries, "country", "countries")

    for i, risk in _items(data, "risks"):
        expect(("risks", i, "raised_by"), risk.get("raised_by"), ids["actors"], "actor", "actors")

    return problems
