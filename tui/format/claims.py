"""How sure a claim is: the basis of positions and debate sides, the credibility of statements.

ICD 203 asks analysts to keep what a source says apart from their own judgements. A position or
a debate side is either *stated* by the source or *inferred* by the curator (who then says why,
in its ``note``). A statement may carry the *credibility* of its information on the Admiralty
(NATO) scale, 1 to 6, which sits beside its source's reliability, A to F: together they make the
familiar two-character grade such as ``B2``.

The words for both are defined here once, for the reader, the exports and the command line.
The rules the model applies to them are here too (:mod:`tui.format.model` uses them); this
module imports neither pydantic nor Textual.
"""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationInfo


class Basis(StrEnum):
    """Whether the source states a claim or the curator infers it."""

    STATED = "stated"
    INFERRED = "inferred"

    @property
    def label(self) -> str:
        """The basis in words: 'stated by the source' or 'inferred by the curator'."""
        return _BASIS_LABELS[self]

    @property
    def mark(self) -> str:
        """A one-character mark beside an inferred claim (a matrix cell): '*', or '' if stated."""
        return INFERRED_MARK if self is Basis.INFERRED else ""


INFERRED_MARK = "*"
"""The mark beside an inferred claim where there is no room for the word (plain ASCII)."""

INFERRED_LEGEND = f"{INFERRED_MARK} inferred by the curator, not stated by the source"
"""The mark explained, for a legend."""

_BASIS_LABELS = {
    Basis.STATED: "stated by the source",
    Basis.INFERRED: "inferred by the curator",
}


class Credibility(IntEnum):
    """Credibility of a piece of information on the Admiralty (NATO) scale, 1 to 6."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @property
    def label(self) -> str:
        """The grade in words, e.g. 'probably true'."""
        return _CREDIBILITY_LABELS[self]


_CREDIBILITY_LABELS = {
    Credibility.CONFIRMED: "confirmed",
    Credibility.PROBABLY_TRUE: "probably true",
    Credibility.POSSIBLY_TRUE: "possibly true",
    Credibility.DOUBTFUL: "doubtful",
    Credibility.IMPROBABLE: "improbable",
    Credibility.CANNOT_BE_JUDGED: "truth cannot be judged",
}

CREDIBILITY_SCALE = ", ".join(f"{grade.value} {grade.label}" for grade in Credibility)
"""The whole scale in words: '1 confirmed, 2 probably true, ...'."""

UNRATED = "unrated"
"""What a statement without a credibility is called (and the search word that finds them)."""


def credibility_words(credibility: int | None) -> str:
    """``'credibility 2 (probably true)'``, or ``'credibility unrated'``."""
    if credibility is None:
        return f"credibility {UNRATED}"
    grade = Credibility(credibility)
    return f"credibility {grade.value} ({grade.label})"


def credibility_search_words(credibility: int | None) -> tuple[str, ...]:
    """What the ``credibility:`` search filter matches: the digit and the label's words."""
    if credibility is None:
        return (UNRATED,)
    grade = Credibility(credibility)
    return (str(grade.value), *grade.label.split())


def admiralty_grade(reliability: str | None, credibility: int | None) -> str | None:
    """The two-character Admiralty grade, e.g. ``'F2'``; None unless both halves are given."""
    if reliability is None or credibility is None:
        return None
    value = reliability.value if isinstance(reliability, Enum) else reliability
    return f"{value}{int(credibility)}"


def basis_words(basis: str, note: str | None = None) -> str:
    """The basis for a detail view: ``'stated by the source'``, or
    ``'inferred by the curator: <note>'``."""
    label = Basis(basis).label
    return f"{label}: {note}" if note else label


# --- the rules, as the model applies them ---------------------------------------------------------

BASIS_DESCRIPTION = (
    "'stated' (default): the source says so; 'inferred': the curator's reading of the source, "
    "with a 'note' saying why."
)
NOTE_DESCRIPTION = (
    "Why the curator infers the claim (required when basis is 'inferred'), e.g. which words "
    "of the source it rests on and what they leave open."
)
CREDIBILITY_DESCRIPTION = (
    "Credibility of the information on the Admiralty scale, beside its source's reliability "
    f"(A-F): {CREDIBILITY_SCALE}. Omitted: not rated."
)
NEEDS_NOTE_SCHEMA: dict[str, Any] = {
    "if": {"properties": {"basis": {"const": "inferred"}}, "required": ["basis"]},
    "then": {"required": ["note"], "properties": {"note": {"type": "string", "pattern": "\\S"}}},
}
"""'An inferred claim needs a note' in JSON Schema, for editors with a YAML language server."""


def whole_grade(value: object) -> object:
    """A credibility as written in the file: exactly an integer 1 to 6 (not "2", 2.0 or true)."""
    if type(value) is not int or not 1 <= value <= 6:
        raise ValueError(
            f"must be a whole number from 1 to 6 ({CREDIBILITY_SCALE}); got {value!r}"
        )
    return value


def note_when_inferred(cls: type, note: str | None, info: ValidationInfo) -> str | None:
    """A claim whose basis is 'inferred' has a note that is not blank (a field validator of
    ``note``, which is declared after ``basis``)."""
    if info.data.get("basis") is Basis.INFERRED and not (note and note.strip()):
        raise ValueError("basis 'inferred' needs a 'note' saying why the curator infers it")
    return note
