"""The format's values: plain text, slugs, country codes, evidence, hashes, and the
enumerations (stance, likelihood, confidence, impact, reliability).

Each type carries its own rule (pydantic validators), so every entity of :mod:`tui.format.model`
that uses it checks it the same way; the words of the enumerations are in
:mod:`tui.format.wording` and :mod:`tui.format.claims`.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema

from tui.format.claims import Credibility, whole_grade
from tui.format.countries import ISO_3166_ALPHA2
from tui.format.wording import STANCE_LABELS, STANCE_MEANINGS

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode category Cc (C0, DEL and C1 controls) except tab and newline."""


def _refuse_controls(value: str) -> str:
    """Refuse control characters other than newline and tab (the format's rule)."""
    found = CONTROL.search(value)
    if found is not None:
        raise ValueError(
            f"control character U+{ord(found.group()):04X} at offset {found.start()} "
            "is not allowed in text"
        )
    return value


def _as_list(value: object) -> object:
    """Accept one string where the format allows "one string or a list of strings"."""
    if isinstance(value, str):
        return [value]
    return value


Text = Annotated[str, AfterValidator(_refuse_controls)]
"""Plain text: never markup, no control characters but newline and tab."""

RequiredText = Annotated[str, StringConstraints(min_length=1), AfterValidator(_refuse_controls)]
"""Plain text that must not be empty."""

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=200),
]
"""Lower-case letters, digits and ``-``, starting with a letter or digit."""



def _known_country(value: str) -> str:
    if value not in ISO_3166_ALPHA2:
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return value


CountryCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2}$"), AfterValidator(_known_country)
]
"""ISO 3166-1 alpha-2 code in upper case (checked against the list in ``countries.py``)."""

Evidence = Annotated[
    tuple[RequiredText, ...],
    BeforeValidator(_as_list),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ],
            "description": "One excerpt or a list of excerpts copied from the source text.",
        }
    ),
]
"""Excerpts copied from the source; ``...`` or ``…`` stands for omitted words."""


CredibilityGrade = Annotated[Credibility, BeforeValidator(whole_grade)]
"""A credibility from the file: exactly the integers 1 to 6."""
def _sha256_hex(value: str) -> str:
    if len(value) != 64 or any(c not in "0123456789abcdefABCDEF" for c in value):
        raise ValueError("must be 64 hexadecimal digits (the SHA-256 of the source file's text)")
    return value.lower()


Sha256 = Annotated[
    str,
    AfterValidator(_sha256_hex),
    WithJsonSchema({"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}),
]
"""A SHA-256 digest in hex (stored in lower case)."""


class Stance(str, Enum):
    """Where a country or actor stands on a question."""

    SUPPORTS = "supports"
    OPEN = "open"
    UNDECIDED = "undecided"
    OPPOSES = "opposes"
    WARNS = "warns"

    @property
    def label(self) -> str:
        """The stance in words (see :mod:`tui.format.wording`)."""
        return STANCE_LABELS[self.value]

    @property
    def meaning(self) -> str:
        """What the stance means, for legends."""
        return STANCE_MEANINGS[self.value]


class Likelihood(str, Enum):
    """Estimative terms of US ICD 203, from least to most likely."""

    ALMOST_NO_CHANCE = "almost-no-chance"
    VERY_UNLIKELY = "very-unlikely"
    UNLIKELY = "unlikely"
    EVEN_CHANCE = "even-chance"
    LIKELY = "likely"
    VERY_LIKELY = "very-likely"
    ALMOST_CERTAIN = "almost-certain"

    @property
    def rank(self) -> int:
        """0 for almost no chance up to 6 for almost certain."""
        return list(Likelihood).index(self)

    @property
    def label(self) -> str:
        """The term in words."""
        return self.value.replace("-", " ")


class Confidence(str, Enum):
    """How far the assessment can be trusted."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Impact(str, Enum):
    """How much it would matter."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for low, 2 for high."""
        return list(Impact).index(self)


class Reliability(str, Enum):
    """Source reliability on the Admiralty (NATO) scale."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        """The grade in words."""
        return _RELIABILITY_LABELS[self]


_RELIABILITY_LABELS = {
    Reliability.A: "completely reliable",
    Reliability.B: "usually reliable",
    Reliability.C: "fairly reliable",
    Reliability.D: "not usually reliable",
    Reliability.E: "unreliable",
    Reliability.F: "reliability cannot be judged",
}
