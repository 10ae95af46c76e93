"""The query language of quote search, and the highlighting of what a query matched.

Query language (shared by the reader and ``briefing quotes``):

* words are ANDed, case- and accent-insensitive ("jurgen" finds "Jürgen");
* the last word matches as a prefix (results follow typing), unless the query ends in a space;
* ``"quoted phrases"`` match exactly (as consecutive words);
* filters ``speaker:``, ``country:``, ``topic:``, ``kind:direct|reported``, ``briefing:`` and
  ``credibility:`` combine with words; a filter's value is a word prefix or a quoted phrase, and
  repeating a filter ORs its values;
* ``credibility:`` matches a statement's Admiralty grade by its digit or its words
  (``credibility:2``, ``credibility:doubtful``, ``credibility:"probably true"``), and
  ``credibility:unrated`` the statements the curator did not rate; ``credibility:1
  credibility:2`` keeps the confirmed and the probably true.

"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.search.folding import WORD, fold, words

FILTERS = ("speaker", "country", "topic", "kind", "briefing", "credibility")
"""The filter names a query may use (``speaker:macron``)."""

_QUERY_TOKEN = re.compile(r'(?:(\w+):)?(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class Term:
    """Words that must all match; ``phrase`` when they must be consecutive."""

    words: tuple[str, ...]
    prefix: bool = False
    """The last word matches as a prefix."""
    phrase: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query."""

    text: str
    terms: tuple[Term, ...] = ()
    filters: tuple[tuple[str, tuple[Term, ...]], ...] = ()
    unknown: tuple[str, ...] = ()
    """Filter names that are not known (searched as words instead)."""

    @property
    def empty(self) -> bool:
        """No words and no filters: every statement matches."""
        return not self.terms and not self.filters

    @property
    def free_words(self) -> tuple[str, ...]:
        """Every word of the free text, in order."""
        return tuple(word for term in self.terms for word in term.words)


def parse_query(text: str) -> Query:
    """Parse a query typed in the search field."""
    terms: list[Term] = []
    filters: dict[str, list[Term]] = {}
    unknown: list[str] = []
    matches = list(_QUERY_TOKEN.finditer(text))
    trailing_space = text[-1:].isspace()
    for number, match in enumerate(matches):
        name, quoted, bare = match.groups()
        is_last = number == len(matches) - 1 and not trailing_space
        closed_quote = quoted is not None and match.end() > match.start(2) + len(quoted)
        value = quoted if quoted is not None else bare
        if name is not None:
            folded_name = fold(name)
            if folded_name not in FILTERS:
                unknown.append(name)
                value = f"{name} {value or ''}"
                name = None
            else:
                name = folded_name
        found = tuple(words(value or ""))
        if not found:
            continue
        phrase = quoted is not None and len(found) > 1
        term = Term(words=found, prefix=is_last and not closed_quote, phrase=phrase)
        if name is None:
            terms.append(term)
        else:
            filters.setdefault(name, []).append(term)
    return Query(
        text=text,
        terms=tuple(terms),
        filters=tuple((name, tuple(values)) for name, values in filters.items()),
        unknown=tuple(unknown),
    )



def highlights(text: str, query: Query) -> list[tuple[int, int]]:
    """Spans of ``text`` that match the query's free words (for showing results)."""
    wanted: dict[str, bool] = {}
    for term in query.terms:
        for number, word in enumerate(term.words):
            prefix = term.prefix and number == len(term.words) - 1
            wanted[word] = wanted.get(word, False) or prefix
    if not wanted:
        return []
    spans = []
    for match in WORD.finditer(text):
        token = fold(match.group())
        for word, prefix in wanted.items():
            if token == word or (prefix and token.startswith(word)):
                spans.append(match.span())
                break
    return spans
