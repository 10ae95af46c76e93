"""The briefing format, version 1, as typed and immutable Python objects.

Every entity of ``docs/format.md`` is a frozen pydantic model that refuses unknown keys; the
values they hold (text, slugs, codes, evidence, enumerations) are :mod:`tui.format.values`.
Field descriptions double as the documentation of the JSON Schema that ``briefing schema``
prints. This module is pure data: no I/O, no Textual.

Adding a field, the checklist:

1. the field here, optional with a default (older files stay valid), with a ``description``
   (it becomes ``briefing schema``);
2. its row in ``docs/format.md`` (``tests/test_format_doc.py`` fails until it is there);
3. a reference to another item (an id, a code)? check it in :mod:`tui.format.references`;
4. its words, once, in :mod:`tui.format.wording` (or :mod:`tui.format.claims`), and every
   renderer that should show it: the reader's views (``tui/reader/views``), the exports
   (``tui/export``), ``briefing quotes --json`` (``tui/cli.py``), ``briefing diff``
   (:mod:`tui.format.changes`);
5. searchable? the segment (:mod:`tui.search.segment`) and the snapshot format
   (``tui/library/snapshot.py``; bump its ``FORMAT``);
6. tests: loading (with a bad value's ``PATH:LINE:COL``), the schema, the renderers; the cache
   invalidates itself (its key covers this module's code).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from tui.format.claims import (
    BASIS_DESCRIPTION,
    CREDIBILITY_DESCRIPTION,
    NEEDS_NOTE_SCHEMA,
    NOTE_DESCRIPTION,
    Basis,
    note_when_inferred,
)
from tui.format.lookups import Lookups
from tui.format.values import (
    Confidence,
    CountryCode,
    CredibilityGrade,
    Evidence,
    Impact,
    Likelihood,
    Reliability,
    RequiredText,
    Sha256,
    Slug,
    Stance,
    Text,
)

_DRAFT = (
    "true: drafted by 'briefing draft' (or another tool) and not yet reviewed by a curator; "
    "'briefing check' lists it as a notice. Delete the key (or set it to false) once reviewed. "
    "Absent or false: curated."
)
"""Description of the optional ``draft`` flag every item (and the briefing itself) may carry."""


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
"""One shared set per distinct set of field names given (see ``_Entity._share_fields_set``)."""


class _Entity(BaseModel):
    """Base of every entity: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    @model_validator(mode="after")
    def _share_fields_set(self) -> _Entity:
        """Share the set of names of the fields given among entities that give the same ones.

        pydantic keeps that set per instance, and for a typical entity it is larger than all its
        values together (a third of a loaded library's memory). The models are frozen, so the
        set is never changed in place (``model_copy`` changes a copy).
        """
        given = self.__pydantic_fields_set__
        key = frozenset(given)
        shared = _FIELDS_SETS.get(key)
        if shared is None:
            if len(_FIELDS_SETS) < 10_000:
                _FIELDS_SETS[key] = given
        elif shared is not given:
            object.__setattr__(self, "__pydantic_fields_set__", shared)
        return self


class Source(_Entity):
    """Where the briefing's claims come from."""

    id: Slug = Field(description="Identifier of the source, unique within the briefing.")
    title: RequiredText = Field(description="Title of the source (headline of the article).")
    outlet: Text | None = Field(None, description="Publisher or outlet, e.g. 'BBC'.")
    published: _dt.date | None = Field(None, description="Publication date (ISO date).")
    url: Text | None = Field(None, description="Where the source can be found.")
    reliability: Reliability | None = Field(
        None, description="Admiralty scale: A (reliable) to E (unreliable), F (cannot be judged)."
    )
    file: Text | None = Field(
        None,
        description=(
            "Path of the source text relative to the briefing file, inside the briefing's "
            "folder (UTF-8). Evidence is verified against it and shown in the source view."
        ),
    )
    draft: StrictBool | None = Field(None, description=_DRAFT)
    sha256: Sha256 | None = Field(
        None,
        description=(
            "SHA-256 of the source file's text when the briefing was curated: 64 hex digits of "
            "the text in UTF-8 without a leading BOM (for a file without one, what 'sha256sum "
            "FILE' prints). Needs 'file'. 'briefing check' then tells a changed source from a "
            "wrong excerpt; 'briefing check --update-sources' records it."
        ),
    )
    retrieved: _dt.date | None = Field(
        None, description="When the source text was retrieved (ISO date)."
    )

    @model_validator(mode="after")
    def _hash_needs_a_file(self) -> Source:
        if self.sha256 is not None and self.file is None:
            raise ValueError("'sha256' is the hash of the source's file: it needs 'file'")
        return self


class Country(_Entity):
    """A country the briefing follows."""

    code: CountryCode = Field(description="ISO 3166-1 alpha-2 code, upper case, e.g. 'FR'.")
    name: RequiredText = Field(description="Name of the country.")
    memberships: tuple[RequiredText, ...] = Field(
        (), description="Alliances and blocs, e.g. ['NATO', 'EU']."
    )
    summary: Text | None = Field(None, description="The country's position in a sentence or two.")
    draft: StrictBool | None = Field(None, description=_DRAFT)


class Actor(_Entity):
    """A person, office or organisation that speaks or acts in the story."""

    id: Slug = Field(description="Identifier of the actor, unique within the briefing.")
    name: RequiredText = Field(
        description="Name; where the source leaves a person unnamed, the role (e.g. 'German Chancellor')."
    )
    role: Text | None = Field(None, description="Office or function, e.g. 'Prime Minister'.")
    kind: Literal["person", "office", "organisation"] = Field(
        "person", description="person (default), office or organisation."
    )
    country: CountryCode | None = Field(
        None,
        description="Code of the actor's country; omitted for international bodies (NATO, EU).",
    )
    draft: StrictBool | None = Field(None, description=_DRAFT)


class Topic(_Entity):
    """A question the briefing tracks."""

    id: Slug = Field(description="Identifier of the topic, unique within the briefing.")
    title: RequiredText = Field(description="The question, in a few words.")
    summary: Text | None = Field(None, description="What the question is about.")
    draft: StrictBool | None = Field(None, description=_DRAFT)


class Position(_Entity):
    """A country's stance on a topic (at most one per country and topic)."""

    country: CountryCode = Field(description="Code of the country (from 'countries').")
    topic: Slug = Field(description="Id of the topic (from 'topics').")
    stance: Stance = Field(description="supports, open, undecided, opposes or warns.")
    summary: Text | None = Field(None, description="The position in a sentence or two.")
    evidence: Evidence = Field((), description="Excerpts of the source supporting the position.")
    basis: Basis = Field(Basis.STATED, description=BASIS_DESCRIPTION)
    note: Text | None = Field(None, validate_default=True, description=NOTE_DESCRIPTION)

    model_config = ConfigDict(json_schema_extra=NEEDS_NOTE_SCHEMA)
    _needs_note = field_validator("note")(note_when_inferred)
    draft: StrictBool | None = Field(None, description=_DRAFT)


class Statement(_Entity):
    """Something an actor said: direct quotation or reported speech."""

    id: Slug = Field(description="Identifier of the statement, unique within the briefing.")
    speaker: Slug = Field(description="Id of the actor who said it (from 'actors').")
    kind: Literal["direct", "reported"] = Field(
        description="'direct' for the speaker's own quoted words, 'reported' for reported speech."
    )
    text: RequiredText = Field(
        description=(
            "For 'direct', exactly the quoted words (they must appear in the source); "
            "for 'reported', a faithful paraphrase."
        )
    )
    topics: tuple[Slug, ...] = Field((), description="Ids of the topics it is about.")
    when: Text | None = Field(None, description="Free text, e.g. 'Monday evening news conference'.")
    date: _dt.date | None = Field(None, description="When it was said (ISO date).")
    reported_by: Text | None = Field(
        None, description="The outlet or office the source credits, e.g. 'BBC'."
    )
    source: Slug | None = Field(None, description="Id of the source; default: the first source.")
    evidence: Evidence = Field(description="Excerpts of the source showing the statement.")
    credibility: CredibilityGrade | None = Field(None, description=CREDIBILITY_DESCRIPTION)
    draft: StrictBool | None = Field(None, description=_DRAFT)

    @property
    def is_direct(self) -> bool:
        """True for a direct quotation."""
        return self.kind == "direct"


class Side(_Entity):
    """One side of a debate: an actor or a country, and where it stands."""

    actor: Slug | None = Field(None, description="Id of the actor (exactly one of actor, country).")
    country: CountryCode | None = Field(
        None, description="Code of the country (exactly one of actor, country)."
    )
    stance: Stance = Field(description="supports, open, undecided, opposes or warns.")
    summary: Text | None = Field(None, description="The side's argument in a sentence or two.")
    evidence: Evidence = Field((), description="Excerpts of the source supporting this side.")
    basis: Basis = Field(Basis.STATED, description=BASIS_DESCRIPTION)
    note: Text | None = Field(None, validate_default=True, description=NOTE_DESCRIPTION)

    model_config = ConfigDict(json_schema_extra=NEEDS_NOTE_SCHEMA)
    _needs_note = field_validator("note")(note_when_inferred)

    @model_validator(mode="after")
    def _exactly_one_party(self) -> Side:
        if (self.actor is None) == (self.country is None):
            raise ValueError("a side names exactly one of 'actor' or 'country'")
        return self


class Debate(_Entity):
    """An open question that actors argue about (e.g. aid)."""

    id: Slug = Field(description="Identifier of the debate, unique within the briefing.")
    title: RequiredText = Field(description="The question argued about.")
    summary: Text | None = Field(None, description="What is at stake.")
    topic: Slug | None = Field(None, description="Id of the topic it belongs to.")
    sides: tuple[Side, ...] = Field((), description="Who stands where.")
    evidence: Evidence = Field((), description="Excerpts of the source showing the debate.")
    draft: StrictBool | None = Field(None, description=_DRAFT)


class Risk(_Entity):
    """What could go wrong, and who says so."""

    id: Slug = Field(description="Identifier of the risk, unique within the briefing.")
    title: RequiredText = Field(description="The risk in a few words.")
    summary: Text | None = Field(None, description="The risk in a sentence or two.")
    likelihood: Likelihood | None = Field(None, description="ICD 203 estimative term.")
    confidence: Confidence | None = Field(None, description="low, moderate or high.")
    impact: Impact | None = Field(None, description="low, medium or high.")
    raised_by: tuple[Slug, ...] = Field((), description="Ids of the actors who raised it.")
    evidence: Evidence = Field((), description="Excerpts of the source showing the risk.")
    draft: StrictBool | None = Field(None, description=_DRAFT)


class Caveat(_Entity):
    """The curator's warning about the source itself."""

    text: RequiredText = Field(description="The warning.")
    evidence: Evidence = Field((), description="Excerpts of the source the warning is about.")
    draft: StrictBool | None = Field(None, description=_DRAFT)


class Briefing(_Entity):
    """One briefing: a curator's account of one news story, with evidence."""

    format: Literal[1] = Field(description="Version of the format: always 1.")
    id: Slug = Field(description="Identifier of the briefing, unique within a library.")
    title: RequiredText = Field(description="Headline of the briefing.")
    date: _dt.date | None = Field(None, description='The date the briefing is "as of".')
    story: Slug | None = Field(
        None,
        description=(
            "Slug of the story the briefing follows: briefings with the same story are one "
            "story, ordered by date (then id; undated ones last)."
        ),
    )
    bluf: Text | None = Field(None, description="Bottom line up front: one or two sentences.")
    summary: RequiredText = Field(description="Plain-text paragraphs separated by blank lines.")
    key_points: tuple[RequiredText, ...] = Field((), description="Short bullets.")
    sources: tuple[Source, ...] = Field(min_length=1, description="At least one source.")
    countries: tuple[Country, ...] = Field(min_length=1, description="At least one country.")
    actors: tuple[Actor, ...] = Field((), description="People, offices, organisations.")
    topics: tuple[Topic, ...] = Field((), description="The questions the briefing tracks.")
    positions: tuple[Position, ...] = Field((), description="Each country's stance on a topic.")
    statements: tuple[Statement, ...] = Field((), description="Direct and reported speech.")
    debates: tuple[Debate, ...] = Field((), description="Open questions actors argue about.")
    risks: tuple[Risk, ...] = Field((), description="What could go wrong, and who says so.")
    caveats: tuple[Caveat, ...] = Field((), description="Warnings about the source itself.")
    draft: StrictBool | None = Field(None, description=_DRAFT)

    @cached_property
    def lookups(self) -> Lookups:
        """Look-ups by id (actors, countries, topics, statements, positions), made once."""
        return Lookups(self)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, whose look-ups are made again (they would describe the original)."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("lookups", None)
        return copy

    def source_of(self, statement: Statement) -> Source:
        """The source a statement comes from (the first source by default)."""
        if statement.source is not None:
            for source in self.sources:
                if source.id == statement.source:
                    return source
        return self.sources[0]


def json_schema() -> dict:
    """The JSON Schema of the format, for editors with a YAML language server."""
    schema = Briefing.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Briefing (format version 1)"
    return schema
