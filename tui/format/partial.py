"""The items of a briefing that validate on their own, when the briefing as a whole does not:
their evidence is verified all the same, so one run of ``briefing check`` reports every
problem of a file (see ``tui.format.loader``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from tui.format.anchoring import Indexed
from tui.format.model import Caveat, Debate, Position, Risk, Source, Statement

EVIDENCE_LISTS: dict[str, type[BaseModel]] = {
    "positions": Position, "statements": Statement, "debates": Debate, "risks": Risk,
    "caveats": Caveat,
}
"""The lists whose items carry evidence, and the model of their items."""


def valid_items(data: dict, name: str, model: type[BaseModel]) -> list[tuple[int, Any]]:
    """The items of list ``name`` that validate on their own, with their index."""
    items = data.get(name)
    if not isinstance(items, list):
        return []
    valid = []
    for index, item in enumerate(items):
        try:
            valid.append((index, model.model_validate(item)))
        except ValidationError:
            continue  # its problems are reported by the whole's validation
    return valid


def valid_evidence(data: dict) -> tuple[list[tuple[int, Source]], Indexed] | None:
    """The sources that validate (with their index) and the evidence-bearing items that do;
    None when the first source does not (it is the default source: nothing can be placed)."""
    sources = valid_items(data, "sources", Source)
    if not sources or sources[0][0] != 0:
        return None
    return sources, {name: valid_items(data, name, model) for name, model in EVIDENCE_LISTS.items()}
