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
  credibility:2`` keeps the confirmed and the probably true;
* ``a | b``: either (words, phrases or filters; ``a | b | c`` is one choice, ANDed with the rest:
  ``sanctions | tariffs kind:direct``);
* ``-word``, ``-"a phrase"``, ``-speaker:name``: not that (a whole word, never a prefix, so
  results do not jump while it is typed);
* ``date:2024``, ``date:2024-03``, ``date:2024-03-05``, and ranges ``date:2024-01..2024-03``,
  ``date:2024-05-01..``, ``date:..2024-02``: the statement's own date, else its briefing's (a
  statement with neither never matches); a month or year is every day of it, at either end.

"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from tui.search.folding import WORD, fold, words

FILTERS = ("speaker", "country", "topic", "kind", "briefing", "credibility", "date")
"""The filter names a query may use (``speaker:macron``)."""

_QUERY_TOKEN = re.compile(r'(\|)|(-)?(?:(\w+):)?(?:"([^"]*)"?|([^\s|"]+))')
_DAY = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_DATES = re.compile(rf"({_DAY})?(\.\.)?({_DAY})?")


@dataclass(frozen=True)
class Term:
    """Words that must all match; ``phrase`` when they must be consecutive."""

    words: tuple[str, ...]
    prefix: bool = False
    """The last word matches as a prefix."""
    phrase: bool = False


@dataclass(frozen=True)
class Dates:
    """A ``date:`` value: ISO day strings ``low <= day <= high`` (either may be open)."""

    low: str | None
    """First day, or None."""
    high: str | None
    """Last day (a partial date such as ``2024-03`` means up to its end), or None."""
    text: str
    """As typed."""


Part = tuple[str, "Term | Dates"]
"""A word term (field ``all``) or a filter's value (its field), as alternatives and exclusions
hold them."""


@dataclass(frozen=True)
class Query:
    """A parsed query."""

    text: str
    terms: tuple[Term, ...] = ()
    filters: tuple[tuple[str, tuple[Term, ...]], ...] = ()
    unknown: tuple[str, ...] = ()
    """Filter names that are not known (searched as words instead)."""
    dates: tuple[Dates, ...] = ()
    """``date:`` values (ORed)."""
    choices: tuple[tuple[Part, ...], ...] = ()
    """``a | b`` groups: each needs one of its parts."""
    excluded: tuple[Part, ...] = ()
    """``-word`` parts: none may match."""
    bad_dates: tuple[str, ...] = ()
    """``date:`` values that are not dates (the query matches nothing; ``why_empty`` says so)."""

    @property
    def empty(self) -> bool:
        """No words and no filters: every statement matches."""
        return not (self.terms or self.filters or self.dates or self.choices or self.excluded
                    or self.bad_dates)

    @property
    def free_words(self) -> tuple[str, ...]:
        """Every word of the free text, in order."""
        return tuple(word for term in self.terms for word in term.words)


def _real(day: str | None) -> bool:
    """``2024``, ``2024-03`` or ``2024-03-05`` names a year, month or day of the calendar
    (``2031-13`` and ``2024-02-30`` do not); None (an open end) is fine."""
    if day is None:
        return True
    year, month, date = (int(part) for part in (day.split("-") + ["1", "1"])[:3])
    try:
        datetime.date(year, month, date)
    except ValueError:
        return False
    return True


def parse_dates(value: str) -> Dates | None:
    """A ``date:`` value, or None when it is not one."""
    match = _DATES.fullmatch(value)
    if match is None or not (match.group(1) or match.group(3)):
        return None
    low, dots, high = match.groups()
    if not (_real(low) and _real(high)):
        return None
    if dots is None:  # one day, month or year: all of it
        high = low
    return Dates(low, high, value)


def parse_query(text: str) -> Query:
    """Parse a query typed in the search field."""
    terms: list[Term] = []
    filters: dict[str, list[Term]] = {}
    dates: list[Dates] = []
    unknown: list[str] = []
    bad_dates: list[str] = []
    excluded: list[Part] = []
    # Parts in order, with whether a ``|`` joined each to the one before.
    parts: list[tuple[Part, bool]] = []
    matches = list(_QUERY_TOKEN.finditer(text))
    trailing_space = text[-1:].isspace()
    joined = False
    for number, match in enumerate(matches):
        bar, minus, name, quoted, bare = match.groups()
        if bar is not None:
            joined = bool(parts)
            continue
        is_last = number == len(matches) - 1 and not trailing_space
        closed_quote = quoted is not None and match.end() > match.start(4) + len(quoted)
        value = quoted if quoted is not None else bare
        field = "all"
        if name is not None:
            folded_name = fold(name)
            if folded_name not in FILTERS:
                unknown.append(name)
                value = f"{name} {value or ''}"
            else:
                field = folded_name
        part: Term | Dates
        if field == "date":
            found_dates = parse_dates((value or "").strip())
            if found_dates is None:
                if value:
                    bad_dates.append(value)
                continue
            part = found_dates
        else:
            found = tuple(words(value or ""))
            if not found:
                continue
            part = Term(words=found, prefix=is_last and not closed_quote and not minus,
                        phrase=quoted is not None and len(found) > 1)
        if minus:
            excluded.append((field, part))
            joined = False
            continue
        parts.append(((field, part), joined))
        joined = False
    choices: list[list[Part]] = []
    singles: list[Part] = []
    for number, (item, with_previous) in enumerate(parts):
        if with_previous:
            if choices and choices[-1][-1] is parts[number - 1][0]:
                choices[-1].append(item)
            else:
                singles.remove(parts[number - 1][0])
                choices.append([parts[number - 1][0], item])
        else:
            singles.append(item)
    for field, part in singles:
        if isinstance(part, Dates):
            dates.append(part)
        elif field == "all":
            terms.append(part)
        else:
            filters.setdefault(field, []).append(part)
    return Query(
        text=text,
        terms=tuple(terms),
        filters=tuple((name, tuple(values)) for name, values in filters.items()),
        unknown=tuple(unknown),
        dates=tuple(dates),
        choices=tuple(tuple(group) for group in choices),
        excluded=tuple(excluded),
        bad_dates=tuple(bad_dates),
    )


def highlights(text: str, query: Query) -> list[tuple[int, int]]:
    """Spans of ``text`` that match the query's free words (for showing results), those of its
    ``a | b`` choices included."""
    wanted: dict[str, bool] = {}
    chosen = [part for group in query.choices for field, part in group
              if field == "all" and isinstance(part, Term)]
    for term in (*query.terms, *chosen):
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
