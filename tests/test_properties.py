"""Property-based tests: generated briefings round-trip; mutated files fail cleanly."""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.export.as_json import to_json
from tui.format.loader import load
from tui.format.model import Briefing
from tui.format.problems import BriefingError
from tui.library.files import bundled_library

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

slug = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,12}\Z")
# Any text but control characters (the format refuses them); bidi and other format characters,
# CJK, emoji and markup-looking text all allowed.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40
)
optional_text = st.none() | text
codes = st.sampled_from(["FR", "DE", "GB", "US", "IT", "ES", "PL", "CZ", "UA", "RU", "JP", "CN"])
stances = st.sampled_from(["supports", "open", "undecided", "opposes", "warns"])


@st.composite
def briefings(draw) -> dict:
    countries = draw(st.lists(codes, min_size=1, max_size=5, unique=True))
    topics = draw(st.lists(slug, max_size=4, unique=True))
    actors = draw(st.lists(slug, max_size=5, unique=True))
    data: dict = {
        "format": 1,
        "id": draw(slug),
        "title": draw(text),
        "summary": draw(text),
        "sources": [{"id": "s", "title": draw(text)}],
        "countries": [
            {"code": code, "name": draw(text), "memberships": draw(st.lists(text, max_size=2))}
            for code in countries
        ],
    }
    if draw(st.booleans()):
        data["bluf"] = draw(text)
    if draw(st.booleans()):
        data["date"] = draw(st.dates()).isoformat()
    data["actors"] = [
        {"id": actor, "name": draw(text), "country": draw(st.sampled_from([None, *countries]))}
        for actor in actors
    ]
    for actor in data["actors"]:
        if actor["country"] is None:
            del actor["country"]
    data["topics"] = [{"id": topic, "title": draw(text)} for topic in topics]
    pairs = draw(st.lists(st.tuples(st.sampled_from(countries), st.sampled_from(topics)), unique=True, max_size=6)) if topics else []
    data["positions"] = [
        {"country": c, "topic": t, "stance": draw(stances), "evidence": draw(st.lists(text, min_size=1, max_size=2))}
        for c, t in pairs
    ]
    if actors:
        data["statements"] = [
            {
                "id": f"st-{number}",
                "speaker": draw(st.sampled_from(actors)),
                "kind": draw(st.sampled_from(["direct", "reported"])),
                "text": draw(text),
                "evidence": draw(text),
                "topics": draw(st.lists(st.sampled_from(topics), unique=True, max_size=2)) if topics else [],
            }
            for number in range(draw(st.integers(0, 5)))
        ]
        data["risks"] = [
            {"id": f"r-{n}", "title": draw(text), "raised_by": [draw(st.sampled_from(actors))],
             "likelihood": draw(st.sampled_from(["unlikely", "likely", "even-chance"]))}
            for n in range(draw(st.integers(0, 2)))
        ]
    data["caveats"] = [{"text": draw(text)} for _ in range(draw(st.integers(0, 2)))]
    return data


@SETTINGS
@given(data=briefings())
def test_generated_briefings_load_export_and_load_back_unchanged(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("gen")
    path = folder / "b.yaml"
    # JSON is YAML: write the generated data as a briefing file.
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    document = load(path)
    exported = to_json(document)
    assert Briefing.model_validate_json(exported) == document.briefing
    again = folder / "again.yaml"
    again.write_text(exported, encoding="utf-8")
    assert load(again).briefing == document.briefing


BUNDLED = (bundled_library() / "nato-ground-troops" / "briefing.yaml").read_bytes()
SOURCE = (bundled_library() / "nato-ground-troops" / "source-article.txt").read_text(encoding="utf-8")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random edit: delete, insert, duplicate or swap bytes or lines."""
    lines = data.split(b"\n")
    kind = rng.randrange(6)
    if kind == 0:
        start = rng.randrange(len(data))
        return data[:start] + data[start + rng.randrange(1, 40):]
    if kind == 1:
        start = rng.randrange(len(data))
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        return data[:start] + junk + data[start:]
    if kind == 2:
        start = rng.randrange(len(data))
        return data[:start] + rng.choice([b"&a ", b"*a", b"<<: ", b"- ", b": ", b"\t", b'"', b"[", b"{", b"!!python/object "]) + data[start:]
    if kind == 3:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == 4:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        i = rng.randrange(len(lines))
        lines[i] = b"  " * rng.randrange(4) + lines[i].lstrip()
    return b"\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 4))
def test_mutated_files_give_a_model_or_clean_errors(tmp_path_factory, seed, edits):
    rng = random.Random(seed)
    data = BUNDLED
    for _ in range(edits):
        data = mutate(data, rng)
    folder = tmp_path_factory.mktemp("mut")
    (folder / "source-article.txt").write_text(SOURCE, encoding="utf-8")
    path = folder / "briefing.yaml"
    path.write_bytes(data)
    try:
        document = load(path)
    except BriefingError as error:  # the only exception the loader may raise
        assert error.problems
        for problem in error.problems:
            line = str(problem)
            assert line.startswith(str(path)) and ": error: " in line
            assert "\x1b" not in line and "\n" not in line
    else:
        assert isinstance(document.briefing, Briefing)


def test_mutation_helper_changes_the_file():
    rng = random.Random(1)
    assert any(mutate(BUNDLED, rng) != BUNDLED for _ in range(5))
