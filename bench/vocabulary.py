"""A real vocabulary for generated statements: words with their frequencies in real text.

The synthetic corpus of :mod:`bench.generate` uses about 600 distinct words; real briefings use
tens of thousands, and a search index's memory and speed depend on that. ``--vocabulary real``
draws each statement's words from this list instead, at their real frequencies, so the corpus has
a real Zipfian spread: a few words in most statements, tens of thousands in a handful each.

The words come from the word-frequency tables that ship inside the ``wordfreq`` package (its
``large``/``best`` lists, built from Wikipedia, subtitles, news, books and web text): the
:data:`ENGLISH` most frequent English words made of letters only, and the :data:`FOREIGN` most
frequent words of nine other languages that English lacks (accented ones mostly: "für", "będzie",
"değil"), together :data:`FOREIGN_SHARE` of the words drawn. Nothing is read from the network.
A frequency table groups words by their frequency in centibels; a word's weight is its group's
frequency, so the draw follows the table.

``pip install wordfreq`` (the ``bench`` extra of the project) brings it; the synthetic
vocabulary needs nothing.
"""

from __future__ import annotations

import functools
import random
import re
from itertools import accumulate

ENGLISH = 70_000
"""English words taken (the most frequent, letters only)."""
FOREIGN = 3_000
"""Words taken from each other language (the most frequent, letters only)."""
FOREIGN_LANGUAGES = ("fr", "de", "es", "pl", "pt", "sv", "cs", "tr", "hu")
FOREIGN_SHARE = 0.04
"""The share of drawn words that come from the other languages."""

_LETTERS = re.compile(r"[^\W\d_]+")


class MissingVocabulary(RuntimeError):
    """The ``wordfreq`` package is not installed."""


def _table(language: str, limit: int) -> list[tuple[str, float]]:
    """The ``limit`` most frequent letter-only words of ``language``, with their frequencies."""
    try:
        from wordfreq import get_frequency_list
    except ImportError:
        raise MissingVocabulary(
            "--vocabulary real needs the wordfreq package: pip install wordfreq") from None
    found: list[tuple[str, float]] = []
    for centibels, group in enumerate(get_frequency_list(language, wordlist="best")):
        frequency = 10.0 ** (-centibels / 100)
        for word in group:
            if _LETTERS.fullmatch(word):
                found.append((word, frequency))
                if len(found) == limit:
                    return found
    return found


@functools.cache
def vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Every word and the cumulative weights to draw them with (``random.choices``)."""
    english = _table("en", ENGLISH)
    known = {word for word, _ in english}
    foreign: list[tuple[str, float]] = []
    for language in FOREIGN_LANGUAGES:
        for word, frequency in _table(language, FOREIGN):
            if word not in known:
                known.add(word)
                foreign.append((word, frequency))
    english_total = sum(frequency for _, frequency in english)
    foreign_total = sum(frequency for _, frequency in foreign) or 1.0
    scale = english_total * FOREIGN_SHARE / (1 - FOREIGN_SHARE) / foreign_total
    table = english + [(word, frequency * scale) for word, frequency in foreign]
    words = tuple(word for word, _ in table)
    return words, tuple(accumulate(frequency for _, frequency in table))


class Sampler:
    """Sentences of real words for one briefing, drawn with the briefing's random generator."""

    def __init__(self, rng: random.Random, names: list[str]) -> None:
        self.rng = rng
        self.words, self.weights = vocabulary()
        self.names = names
        """Names the sentences mention now and then: people, places, countries (accented)."""

    def clause(self, low: int = 6, high: int = 26) -> str:
        """``low`` to ``high`` words, lower case, now and then with a name among them."""
        rng = self.rng
        drawn = rng.choices(self.words, cum_weights=self.weights, k=rng.randint(low, high))
        if self.names and rng.random() < 0.3:
            drawn.insert(rng.randrange(len(drawn) + 1), rng.choice(self.names))
        return " ".join(drawn)

    def sentence(self) -> str:
        """A clause starting with a capital letter (no final stop)."""
        text = self.clause()
        return text[:1].upper() + text[1:]
