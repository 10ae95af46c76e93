"""Words and noun phrases: who a stretch of text names (a person, a role, an office, a pronoun).

A sentence is cut into :class:`Token` objects. :func:`phrase_end` reads a noun phrase forward
from a token (``the Estonian Prime Minister``, ``a spokeswoman for the party's youth wing``,
``Commissioner for Defence Elena Marquez``) and :func:`classify` says what it names, as a
:class:`Mention`: the person's name (the last run of capitalised words that are not a title,
a country or an organisation), the title before it as the role, and the country it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.draft import lexicon as lx
from tui.draft.places import TERMS, country_of, find_places

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class Token:
    """A word or a punctuation mark, with its offsets in the article."""

    text: str
    start: int
    end: int
    place: bool = False
    """Part of a country's name, adjective or seat (``White House``, ``Estonian``)."""
    quote: bool = False
    """Stands for a whole quotation (quotations are never read as names)."""

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def bare(self) -> str:
        """The word without a possessive ending (``Minister's`` → ``Minister``)."""
        return _POSSESSIVE.sub("", self.text)

    @property
    def possessive(self) -> bool:
        return self.text != self.bare and self.text[:1].isalpha()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(
    text: str, start: int, end: int, quotes: Sequence[tuple[int, int]] = ()
) -> list[Token]:
    """The tokens of ``text[start:end]``; each quotation in ``quotes`` is one ``"…"`` token."""
    places = [(p.start, p.end) for p in find_places(text, start, end)]
    tokens: list[Token] = []
    at = start
    inside_quotes = [(max(a, start), min(b, end)) for a, b in sorted(quotes) if a < end and b > start]
    for opening, closing in [*inside_quotes, (end, end)]:
        for match in _TOKEN.finditer(text, at, max(at, opening)):
            begin, finish = match.span()
            if tokens and begin < tokens[-1].end:
                continue  # the full stop of an abbreviation, already taken
            word = match.group()
            if finish < end and text[finish : finish + 1] == "." and (
                word.lower() in lx.HONORIFICS or len(word) == 1 and word.isupper()
                or word.lower() in {"gen", "sen", "rep", "gov", "lt", "col", "adm", "capt", "st"}
            ):
                word, finish = word + ".", finish + 1
            bare_end = begin + len(_POSSESSIVE.sub("", word))
            inside = any(a <= begin and bare_end <= b for a, b in places)
            tokens.append(Token(word, begin, finish, place=inside))
        if opening < end:
            tokens.append(Token("\u2026", opening, closing, quote=True))
        at = max(at, closing)
    return tokens


def _title(token: Token) -> bool:
    return token.bare.lower() in lx.TITLE_WORDS or token.bare.lower() in lx.OFFICES


def _organisation(tokens: list[Token], at: int) -> int:
    """How many tokens from ``at`` name an international organisation (0 if none)."""
    for size in (3, 2, 1):
        words = tokens[at : at + size]
        if len(words) == size and all(t.capitalised for t in words) and (
            " ".join(t.bare for t in words).lower() in lx.ORGANISATIONS
        ):
            return size
    return 0


def _name_word(token: Token) -> bool:
    """A word that can be part of a person's name (not a title, country, acronym or the like)."""
    acronym = len(token.text) > 1 and token.text.isupper() and "." not in token.text
    return (
        token.word and token.capitalised and not token.place and not token.quote and not acronym
        and not _title(token) and token.bare.lower() not in lx.CAPITALISED_STOPWORDS
    )


_PREPOSITIONS = frozenset({"of", "for", "to", "in", "at", "from"})
_DETERMINERS = frozenset({"a", "an", "the", "one"})
_BOUNDARIES = lx.words(
    """and but or nor while whereas that which who whom whose when as because after before since
    if though although where said says told"""
)


def _particle_before_name(tokens: list[Token], at: int) -> bool:
    """``von der Leyen``: particles, then a capitalised word."""
    while at < len(tokens) and tokens[at].lower in lx.NAME_PARTICLES:
        at += 1
    return at < len(tokens) and tokens[at].capitalised and tokens[at].word


def _modifies_role(tokens: list[Token], at: int) -> bool:
    """A lower-case word right before a role or an office (``press``, ``political``)."""
    low = tokens[at].lower
    if low in _BOUNDARIES or low in lx.REPORTING_VERBS or low in lx.AUXILIARIES:
        return False
    for ahead in tokens[at + 1 : at + 3]:
        if not ahead.word or ahead.quote:
            return False
        if ahead.bare.lower() in lx.PERSON_ROLES or ahead.bare.lower() in lx.OFFICES:
            return True
    return False


def phrase_end(tokens: list[Token], at: int, *, limit: int = 14) -> int:
    """The end (exclusive) of the noun phrase that starts at ``tokens[at]`` (``at`` if none).

    Accepted: a determiner first; capitalised words, titles, roles, offices, countries and
    their adjectives, possessives (``Poland's``), name particles between capitalised words; and
    after a role or office, one phrase with ``of``/``for``/``to``/``in`` (``adviser to the
    president``, ``embassy in Berlin``) of up to four more words of any case.
    """
    end = at
    if end < len(tokens) and tokens[end].lower in lx.PRONOUNS:
        return end + 1
    if end < len(tokens) and tokens[end].lower in _DETERMINERS:
        end += 1
    in_phrase = 0
    last_head = False
    while end < len(tokens) and end - at < limit:
        token = tokens[end]
        low = token.bare.lower()
        if not token.word or token.quote:
            break
        if in_phrase:
            if low in _BOUNDARIES or low in lx.REPORTING_VERBS or low in lx.AUXILIARIES:
                break
            if in_phrase > 5 or (token.possessive and not token.capitalised and in_phrase > 2):
                break
            in_phrase += 1
            end += 1
            if token.possessive and not token.capitalised:
                continue
            continue
        if low in _PREPOSITIONS and last_head and end + 1 < len(tokens) and tokens[end + 1].word:
            in_phrase = 1
            end += 1
            continue
        if token.capitalised and low not in lx.CAPITALISED_STOPWORDS or token.place:
            last_head = _title(token) or token.place
            end += 1
        elif _title(token) or low in lx.NAME_PARTICLES and _particle_before_name(tokens, end):
            last_head = _title(token)
            end += 1
        elif _modifies_role(tokens, end):  # "majority leader", "political scientist"
            end += 1
        else:
            break
        if token.possessive:
            last_head = False
    while end > at and tokens[end - 1].lower in _DETERMINERS | _PREPOSITIONS:
        end -= 1
    return end


@dataclass(frozen=True)
class Mention:
    """What a noun phrase names."""

    kind: str
    """``person`` (named, or a role such as ``the minister``), ``office``, ``organisation``
    (international bodies), or ``pronoun``."""
    name: str
    """The person's name, or the role, office or pronoun as written (determiner left out)."""
    role: str | None = None
    country: str | None = None
    named: bool = False
    """The phrase gives a person's name (not only a role)."""
    definite: bool = False
    """``the minister``: a role that may refer to someone named before."""
    head: str = ""
    """The role's or office's head noun, lower case (``spokesperson`` for ``the spokesman``)."""
    gender: str | None = None
    """``he`` or ``she`` where the phrase says (``Ms Nandra``)."""
    possessive: bool = False
    """The role belongs to someone else (``the Prime Minister's spokesman``)."""
    start: int = 0
    end: int = 0


def _head(word: str) -> str:
    word = word.lower()
    if word.startswith("spokes"):
        return "spokesperson"
    return word


def _join(tokens: list[Token]) -> str:
    out = ""
    for index, token in enumerate(tokens):
        if index and tokens[index - 1].end < token.start:
            out += " "
        out += token.text
    return out


def classify(tokens: list[Token]) -> Mention | None:
    """What the noun phrase ``tokens`` names, or None when it names no one."""
    if not tokens:
        return None
    start, end = tokens[0].start, tokens[-1].end
    definite = tokens[0].lower == "the"
    words = tokens[1:] if tokens[0].lower in _DETERMINERS else tokens
    if not words:
        return None
    if len(words) == 1 and words[0].lower in lx.PRONOUNS:
        return Mention("pronoun", words[0].lower, gender=lx.PRONOUNS[words[0].lower],
                       start=start, end=end)
    gender = None
    first = words[0].lower
    if first in lx.FEMALE_HONORIFICS:
        gender = "she"
    elif first in lx.MALE_HONORIFICS:
        gender = "he"
    text = _join(words)
    country = country_of(text)
    # The person's name: the last run of name words, not inside an "of the ..." phrase.
    main = words
    for index, token in enumerate(words):
        if token.lower in _PREPOSITIONS and index + 1 < len(words) and (
            words[index + 1].lower in _DETERMINERS or not words[index + 1].capitalised
            or index and _name_word(words[index - 1])  # "Senator Ray Dunmore of Ohio"
        ):
            main = words[:index]
            break
    run_end = None
    run_start = None
    index = len(main) - 1
    while index >= 0 and run_end is None and not _name_word(main[index]) and main[index].possessive:
        index -= 1  # "Rebane's": the name before a possessive ending the phrase
    if index >= 0 and not _name_word(main[index]):
        index = -1  # "Republican aide": a capitalised word before a role is not a name
    while index >= 0:
        token = main[index]
        if _name_word(token) and not _organisation(main, index) and not (
            token.bare.lower() in lx.OUTLETS
        ):
            if run_end is None:
                run_end = index + 1
            run_start = index
        elif run_end is not None and token.lower in lx.NAME_PARTICLES:
            pass
        elif run_end is not None:
            break
        index -= 1
    if run_start is not None and run_end is not None:
        while run_start < run_end - 1 and main[run_start].text in lx.NAME_PARTICLES:
            run_start += 1
        name_tokens = main[run_start:run_end]
        last_name = name_tokens[-1]
        bare = Token(last_name.bare, last_name.start, last_name.start + len(last_name.bare))
        name = _join([*name_tokens[:-1], bare])
        before = [t for t in main[:run_start] if t.lower not in lx.HONORIFICS]
        role = _join(before) if any(_title(t) for t in before) else None
        if role and main[run_start - 1].possessive:
            role = None  # "Macron's" spokesman: not Macron's role
        titles = [t for t in before if t.bare.lower() in lx.PERSON_ROLES] if role else []
        return Mention("person", name, role=role, country=country, named=True, gender=gender,
                       head=_head(titles[-1].bare) if titles else "", start=start, end=end)
    size = _organisation(words, 0)
    if size == len(words):
        name = lx.ORGANISATIONS[" ".join(t.bare for t in words).lower()]
        if name == "Kremlin":
            return Mention("office", "The Kremlin", country="RU", head="kremlin",
                           start=start, end=end)
        return Mention("organisation", name, start=start, end=end)
    heads = [t for t in main if _title(t)]
    last = main[-1] if main else words[-1]
    if all(t.place or t.lower in {"the"} for t in main):
        # A seat of government or a capital standing for its government ("Downing Street").
        return Mention("office", text, country=country, head=_head(last.bare),
                       start=start, end=end)
    head = next((t for t in reversed(heads) if t.bare.lower() in lx.PERSON_ROLES
                 | lx.OFFICES), None)
    if head is None:
        return None
    kind = "office" if head.bare.lower() in lx.OFFICES else "person"
    possessive = any(t.possessive for t in words[: words.index(head)])
    # "the minister", "the Polish defence minister": may be someone named before; not "the
    # Prime Minister's spokesman" nor "the German Chancellor" (a title of its own).
    definite = definite and not possessive and all(
        t.place or not t.capitalised for t in words
    )
    return Mention(
        kind, text, role=text if kind == "person" else None, country=country,
        definite=definite, head=_head(head.bare), gender=gender, possessive=possessive,
        start=start, end=end,
    )


def outlet_name(tokens: list[Token]) -> str | None:
    """An outlet's name in a noun phrase (``the BBC``, ``Hungarian news agency MTI``,
    ``the Tagesspiegel newspaper``), or None."""
    words = [t for t in tokens if t.lower not in _DETERMINERS]
    while words and words[-1].lower in lx.OUTLET_NOUNS:
        words = words[:-1]
    if not words:
        return None
    run: list[Token] = []
    for token in reversed(words):
        if token.capitalised or token.text.isupper() or token.lower in lx.NAME_PARTICLES:
            run.insert(0, token)
        else:
            break
    while run and (run[0].lower in lx.NAME_PARTICLES and not run[0].capitalised):
        run = run[1:]
    if not run:
        return None
    known = any(t.bare.lower() in lx.OUTLETS for t in run)
    if known or len(words) > len(run) and words[len(words) - len(run) - 1].lower in lx.OUTLET_NOUNS:
        return _join(run)
    if all(t.capitalised for t in run) and not any(t.place and t.text in TERMS for t in run[-1:]):
        return _join(run)
    return None
