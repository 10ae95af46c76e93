"""A loaded briefing's segment built: each field's words and the statements holding them, and
where the words of the texts stand (:meth:`tui.search.segment.Segment.of`).

"all", and the positions of the texts' words, are grouped in numpy
(:mod:`tui.search.grouping`): the texts' words in order, then the reporters', then each
speaker's (name, role, country). In the other fields a word's numbers are appended in statement
order, except the words a speaker's statements share, added per speaker: :func:`_add_shared`
keeps them ascending.

This module is headless: no Textual. It imports numpy (through :mod:`tui.search.grouping`):
only loading a file needs it, never a start from the cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.format.claims import credibility_search_words
from tui.search.folding import short_words, words
from tui.search.grouping import TextPairs
from tui.search.packed import Postings
from tui.search.segment import FIELDS, Card, Segment, Speaker, Statements

if TYPE_CHECKING:
    from tui.format.document import Document


def segment_of(document: Document) -> Segment:
    """The segment of a loaded briefing (see the module for the words' order)."""
    briefing = document.briefing
    actors = {actor.id: actor for actor in briefing.actors}
    names = {country.code: country.name for country in briefing.countries}
    topic_words = {
        topic.id: {*short_words(topic.id), *short_words(topic.title)} for topic in briefing.topics
    }
    # Each word's statement numbers, appended in order (a statement's words are a set).
    maps: dict[str, dict[str, list[int]]] = {name: {} for name in FIELDS if name != "all"}
    topic_map, kinds, by_day = maps["topic"], maps["kind"], maps["date"]
    graded = maps["credibility"]
    briefing_day = briefing.date.isoformat() if briefing.date else None
    statements = briefing.statements
    columns: dict[str, list[Any]] = {
        "id": [s.id for s in statements],
        "text": [s.text for s in statements],
        "kind": [s.kind for s in statements],
        "speaker": [s.speaker for s in statements],
        "topics": [list(s.topics) for s in statements],
        "when": [s.when for s in statements],
        "reported_by": [s.reported_by for s in statements],
        "credibility": [None if s.credibility is None else int(s.credibility)
                        for s in statements],
    }
    texts = list(map(words, columns["text"]))
    pairs = TextPairs.of(texts)  # the texts' words, numbered, and where each stands
    word_id = pairs.ids.__getitem__
    # The (word, statement) pairs of "all" beyond the texts' words: reporters and speakers.
    more_words: list[int] = []
    more_statements: list[int] = []
    by_speaker: dict[str, list[int]] = {}
    about: dict[tuple[str, ...], set[str]] = {}  # the words of each set of topics
    grades: dict[int | None, tuple[str, ...]] = {}
    days = [s.date.isoformat() if s.date else briefing_day for s in statements]
    for number, (reporter, topics, kind, grade, day, speaker) in enumerate(zip(
            columns["reported_by"], columns["topics"], columns["kind"],
            columns["credibility"], days, columns["speaker"], strict=True)):
        if reporter:
            found = short_words(reporter)
            more_words += map(word_id, found)
            more_statements += [number] * len(found)
        if topics:
            key = tuple(topics)
            topic_found = about.get(key)
            if topic_found is None:
                topic_found = about[key] = set()
                for topic_id in key:
                    topic_found.update(topic_words.get(topic_id) or short_words(topic_id))
            _append(topic_map, topic_found, number)
        grade_words = grades.get(grade)
        if grade_words is None:
            grade_words = grades[grade] = credibility_search_words(grade)
        _append(graded, grade_words, number)
        for field, value in ((kinds, kind), (by_day, day), (by_speaker, speaker)):
            if value is not None:
                held = field.get(value)
                if held is None:
                    field[value] = [number]
                else:
                    held.append(number)
    speakers: dict[str, Speaker] = {}
    countries: dict[str, str] = {}
    unsorted: dict[str, set[str]] = {"speaker": set(), "country": set()}
    # Words of the speaker, role and country are shared by a speaker's statements.
    for speaker_id, numbers in by_speaker.items():
        actor = actors.get(speaker_id)
        code = actor.country if actor is not None and actor.country in names else None
        if actor is not None:
            speakers[speaker_id] = Speaker(actor.name, actor.role, code)
        named = (*short_words(speaker_id), *(short_words(actor.name) if actor else ()))
        role = short_words(actor.role) if actor is not None and actor.role else ()
        placed: tuple[str, ...] = ()
        if code is not None:
            countries[code] = names[code]
            placed = (code.lower(), *short_words(names[code]))
        for shared in dict.fromkeys((*named, *role, *placed)):
            more_words += [word_id(shared)] * len(numbers)
            more_statements += numbers
        _add_shared(maps["speaker"], set(named), numbers, unsorted["speaker"])
        _add_shared(maps["country"], set(placed), numbers, unsorted["country"])
    for name, out_of_order in unsorted.items():
        target = maps[name]
        for word in out_of_order:
            target[word] = sorted({*target[word]})
    size = len(texts)
    for word in {*short_words(briefing.id), *short_words(briefing.title)}:
        maps["briefing"][word] = list(range(size))
    card = Card(briefing.id, briefing.title,
                briefing.date.isoformat() if briefing.date else None,
                len(briefing.countries), size)
    postings = {name: (pairs.postings(more_words, more_statements) if name == "all"
                       else Postings.of(maps[name])) for name in FIELDS}
    return Segment(card, Statements(columns, speakers, countries), postings, pairs.tokens)


def _append(into: dict[str, list[int]], found: Iterable[str], number: int) -> None:
    """``number`` appended to each word's of ``found`` in ``into``."""
    get = into.get
    for word in found:
        held = get(word)
        if held is None:
            into[word] = [number]
        else:
            held.append(number)


def _add_shared(into: dict[str, list[int]], found: set[str], numbers: list[int],
                unsorted: set[str]) -> None:
    """``numbers`` (ascending, not empty) added to each word's of ``found`` in ``into``; a word
    whose numbers do not stay ascending goes in ``unsorted``, to be sorted (and made distinct)
    once all are in: the numbers of a word shared by many speakers are sorted once, not once
    per speaker."""
    get = into.get
    first = numbers[0]
    for word in found:
        held = get(word)
        if held is None:
            into[word] = list(numbers)
        else:
            if held[-1] >= first:
                unsorted.add(word)
            held.extend(numbers)
