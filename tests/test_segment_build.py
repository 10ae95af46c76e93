"""A briefing's search segment: built and written the fast way, it is the segment the plain
rules give, byte for byte.

The reference here builds each field's words and statement numbers with plain loops over the
briefing (words folded by the oracle of ``test_folding``), the word positions token by token,
and writes them with ``json.dumps``; ``Segment.of(...).encoded`` must be the same bytes.
"""

from __future__ import annotations

import importlib.util
import json
from array import array
from base64 import b64encode
from pathlib import Path
from typing import Any

import pytest
from helpers import bundled_files
from test_folding import oracle_words

from tui.format.claims import credibility_search_words
from tui.format.loader import load
from tui.search.packed import Postings, Tokens
from tui.search.postings import SLOT
from tui.search.segment import FIELDS, Card, Segment, Speaker, Statements


def _b64(numbers: list[int]) -> str:
    return b64encode(array("I", numbers).tobytes()).decode("ascii")


def _postings(by_word: dict[str, list[int]]) -> list[Any]:
    return [list(by_word), _b64([len(n) for n in by_word.values()]),
            _b64([number for n in by_word.values() for number in n])]


def _append(into: dict[str, list[int]], word: str, numbers: list[int]) -> None:
    """Numbers added to a word's, kept ascending and distinct (a word new to ``into`` last)."""
    into[word] = sorted({*into.get(word, []), *numbers})


def reference_json(document) -> bytes:
    b = document.briefing
    actors = {actor.id: actor for actor in b.actors}
    names = {country.code: country.name for country in b.countries}
    topic_words = {t.id: {*oracle_words(t.id), *oracle_words(t.title)} for t in b.topics}
    maps: dict[str, dict[str, list[int]]] = {name: {} for name in FIELDS}
    by_speaker: dict[str, list[int]] = {}
    texts = []
    # "all": the texts' words in order, then the reporters', then each speaker's shared words.
    reported: list[tuple[str, int]] = []
    for number, s in enumerate(b.statements):
        texts.append(oracle_words(s.text))
        reported += [(word, number) for word in oracle_words(s.reported_by or "")]
    for number, text_words in enumerate(texts):
        for word in text_words:
            _append(maps["all"], word, [number])
    for word, number in reported:
        _append(maps["all"], word, [number])
    for number, s in enumerate(b.statements):
        about: set[str] = set()
        for topic_id in s.topics:
            about.update(topic_words.get(topic_id) or oracle_words(topic_id))
        for word in about:
            _append(maps["topic"], word, [number])
        _append(maps["kind"], s.kind, [number])
        grade = None if s.credibility is None else int(s.credibility)
        for word in credibility_search_words(grade):
            _append(maps["credibility"], word, [number])
        day = s.date or b.date
        if day is not None:
            _append(maps["date"], day.isoformat(), [number])
        by_speaker.setdefault(s.speaker, []).append(number)
    speakers, countries = {}, {}
    for speaker_id, numbers in by_speaker.items():
        actor = actors.get(speaker_id)
        code = actor.country if actor is not None and actor.country in names else None
        if actor is not None:
            speakers[speaker_id] = [actor.name, actor.role, code]
        spoken = [*oracle_words(speaker_id), *(oracle_words(actor.name) if actor else ())]
        shared = list(spoken)
        if actor is not None and actor.role:
            shared += oracle_words(actor.role)
        placed: list[str] = []
        if code is not None:
            countries[code] = names[code]
            placed = [code.lower(), *oracle_words(names[code])]
        shared += placed
        for name, found_words in (("speaker", set(spoken)), ("country", set(placed)),
                                  ("all", shared)):
            for word in found_words:
                _append(maps[name], word, numbers)
    for word in {*oracle_words(b.id), *oracle_words(b.title)}:
        maps["briefing"][word] = list(range(len(texts)))
    # Word positions: statement n starts a slot; its words are consecutive tokens.
    positions: dict[str, list[int]] = {}
    starts, owners = [], []
    for number, text_words in enumerate(texts):
        starts.append(len(owners) << SLOT)
        for offset, word in enumerate(text_words):
            positions.setdefault(word, []).append(starts[-1] + offset)
        owners += [number] * (len(text_words) // 2**SLOT + 1)
    s = b.statements
    data = {
        "card": [b.id, b.title, b.date.isoformat() if b.date else None, len(b.countries), len(s)],
        "statements": {
            "id": [x.id for x in s], "text": [x.text for x in s], "kind": [x.kind for x in s],
            "speaker": [x.speaker for x in s], "topics": [list(x.topics) for x in s],
            "when": [x.when for x in s], "reported_by": [x.reported_by for x in s],
            "credibility": [None if x.credibility is None else int(x.credibility) for x in s],
        },
        "speakers": speakers,
        "countries": countries,
        "postings": {name: _postings(maps[name]) for name in FIELDS},
        "tokens": [*_postings(positions), _b64(starts), _b64(owners)],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _check(paths: list[Path]) -> None:
    assert paths
    for path in paths:
        document = load(path)
        segment = Segment.of(document)
        assert segment.encoded == reference_json(document), path
        assert Segment.from_json(json.loads(segment.encoded)).to_json() == segment.to_json()


def test_bundled_segments_are_the_references():
    _check(bundled_files())


@pytest.mark.parametrize("vocabulary", ["synthetic", "real"])
def test_generated_segments_are_the_references(tmp_path: Path, vocabulary: str):
    if vocabulary == "real" and importlib.util.find_spec("wordfreq") is None:
        pytest.skip("the real vocabulary needs wordfreq (pip install -e '.[bench]')")
    from bench.generate import generate_library

    generate_library(tmp_path, files=5, statements_per_file=60, seed=5, vocabulary=vocabulary)
    _check(sorted(tmp_path.glob("*.yaml")))


HOSTILE_WORDS = ['say "hi"', "back\\slash", "new\nline", "nul\x00", "\x1f", "line\u2028sep",
                 "Jürgen", "北京", "😀", "", "plain"]


@pytest.mark.parametrize("found", [[], ["plain"], ["a", "b"], *([w] for w in HOSTILE_WORDS),
                                   HOSTILE_WORDS], ids=repr)
def test_any_words_and_texts_are_written_as_json_dumps_writes_them(found: list[str]):
    count = len(found)
    columns: dict[str, list[Any]] = {
        "id": [f"s{n}" for n in range(count)], "text": found, "kind": ["direct"] * count,
        "speaker": found[::-1], "topics": [[w] for w in found], "when": [None, *found][:count],
        "reported_by": found, "credibility": [None] * count,
    }
    postings = {name: Postings.of({word: [0] for word in found}) for name in FIELDS}
    segment = Segment(Card("b", 'T "1"\n', None, 0, count),
                      Statements(columns, {"x": Speaker('N "q"', None, None)}, {}), postings,
                      Tokens.of([found]))
    expected = json.dumps(segment.to_json(), ensure_ascii=False, separators=(",", ":"))
    assert segment.encoded == expected.encode()
