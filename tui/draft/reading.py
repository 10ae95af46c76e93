"""Read an article: its quotations with their speakers, its reported speech, its people.

:func:`read_article` walks the paragraphs and sentences in order, so that a pronoun or a
surname refers to someone named before it, and returns what a draft is made from: a list of
:class:`Said` (direct and reported) and the :class:`~tui.draft.cast.Cast`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.draft import attribution as at
from tui.draft import lexicon as lx
from tui.draft.cast import Actor, Cast
from tui.draft.mentions import Mention, Token, classify, phrase_end, tokenize
from tui.draft.quotes import Quote, find_quotes
from tui.draft.reported import find_reported
from tui.draft.sentences import Span, paragraphs, sentences

SHORT_QUOTE = 4
"""Quoted words of at most this many words, inside a sentence, with no attribution, are taken
for scare quotes, titles or names (``the so-called "coalition of the willing"``)."""

_HEADING_ENDS = tuple(".!?\u2026\"'\u201d\u2019\u00bb\u00ab\u201c:")


@dataclass
class Said:
    """A statement found in the article."""

    kind: str
    """``direct`` or ``reported``."""
    speaker: Actor | None
    text: str
    """The quoted words, or (reported) what was said, for the curator to paraphrase."""
    sentence: Span
    reported_by: str | None = None
    when: str | None = None
    how: str = ""
    """How the speaker was found (``after``, ``before``, ``subject``, ``continued``, ...)."""
    also: list[Span] = field(default_factory=list)
    """Other sentences quoting the same words (a headline and the body)."""


@dataclass
class Reading:
    """What an article gave."""

    text: str
    title: str
    paragraphs: list[Span]
    said: list[Said] = field(default_factory=list)
    unattributed: list[tuple[Quote, Span]] = field(default_factory=list)
    """Short quotations with no speaker: not drafted as statements (listed in a caveat)."""
    cast: Cast = field(default_factory=Cast)


def title_of(text: str) -> str:
    """The article's first non-empty line, whitespace collapsed."""
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def _heading(text: str, paragraph: Span) -> bool:
    chunk = text[paragraph.start : paragraph.end].rstrip()
    return len(chunk.split()) <= 14 and not chunk.endswith(_HEADING_ENDS)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.reading = Reading(text, title_of(text), paragraphs(text))
        self.cast = self.reading.cast
        self.last_speaker: Actor | None = None
        self.last_sentence = -2
        self.last_paragraph = -2
        self.sentence_index = -1
        self.previous_subject: Actor | None = None

    def resolve(self, mention: Mention | None, role: Mention | None, paragraph: int,
                offset: int) -> Actor | None:
        if mention is None:
            return None
        if mention.definite and self.cast.known(mention, paragraph=paragraph, at=offset) is None:
            mention = self._fuller(mention, paragraph)
        elif mention.kind == "person" and not mention.named:
            mention = self._of_office(mention, paragraph)
        actor = self.cast.resolve(mention, paragraph=paragraph, at=offset)
        if actor is not None:
            self.cast.describe(actor, role)
        return actor

    def run(self) -> Reading:
        paras = self.reading.paragraphs
        for index, paragraph in enumerate(paras):
            following = paras[index + 1] if index + 1 < len(paras) else None
            after = self.text[following.start : following.start + 4] if following else ""
            quotes = find_quotes(self.text, paragraph.start, paragraph.end, next_paragraph=after)
            spans = [(q.opening, q.closing) for q in quotes]
            self.previous_subject = None
            heading = _heading(self.text, paragraph)
            self.cast.in_headline = heading and index == 0
            for sentence in sentences(self.text, paragraph, spans):
                self.sentence_index += 1
                inside = [q for q in quotes if sentence.start <= q.opening < sentence.end]
                tokens = tokenize(self.text, sentence.start, sentence.end,
                                  [(q.opening, q.closing) for q in inside])
                self._quotes(inside, tokens, sentence, index)
                if not inside:
                    self._reported(tokens, sentence, index)
                if not heading:
                    self._names(tokens, index)
                subject, _ = at.subject(tokens) if tokens else (None, None)
                self.previous_subject = None
                if subject is not None and self._worth_naming(subject):
                    self.previous_subject = self.cast.resolve(subject, paragraph=index,
                                                              at=subject.start)
                elif subject is not None and subject.definite:  # "The minister is unmoved."
                    known = self.cast.known(subject, paragraph=index, at=subject.start)
                    if known is not None:
                        known.last_seen = max(known.last_seen, subject.start)
                        self.previous_subject = known
        self.cast.in_headline = False
        merged = self.cast.settle()
        for said in self.reading.said:
            if said.speaker is not None and id(said.speaker) in merged:
                said.speaker = merged[id(said.speaker)]
        self._merge_repeats()
        return self.reading

    def _merge_repeats(self) -> None:
        """The same words quoted twice (a headline repeats the body): one statement, with both
        sentences as evidence, when both have the same speaker or one has none."""
        kept: list[Said] = []
        for said in self.reading.said:
            twin = next((k for k in kept if k.kind == "direct" == said.kind
                         and k.text.casefold() == said.text.casefold()
                         and (k.speaker is said.speaker or None in (k.speaker, said.speaker))),
                        None)
            if twin is None:
                kept.append(said)
                continue
            twin.also.append(said.sentence)
            if twin.speaker is None or twin.speaker.provisional and said.speaker is not None:
                twin.speaker, twin.how = said.speaker, said.how
        self.reading.said = kept

    def _fuller(self, mention: Mention, paragraph: int, head: str = "",
                kind: str = "") -> Mention:
        """``the ministry``, met first as ``Estonia's defence ministry`` earlier in the
        paragraph: that fuller phrase (else the mention as it is)."""
        head, kind = head or mention.head, kind or mention.kind
        span = self.reading.paragraphs[paragraph]
        tokens = tokenize(self.text, span.start, mention.start)
        for last in range(len(tokens) - 1, -1, -1):
            if tokens[last].bare.lower() != head and not (
                head == "spokesperson" and tokens[last].lower.startswith("spokes")
            ):
                continue
            for start in range(max(0, last - 6), last + 1):
                if phrase_end(tokens, start) >= last + 1:
                    fuller = classify(tokens[start : last + 1])
                    if fuller is not None and fuller.kind == kind and (
                        len(fuller.name.split()) > len(mention.name.split())
                    ):
                        return fuller
                    break
            break
        return mention

    def _of_office(self, mention: Mention, paragraph: int) -> Mention:
        """``a ministry spokesman`` after ``The German defence ministry rejected ...``: the
        German defence ministry's spokesman."""
        words = mention.name.split()
        if len(words) != 2 or words[0].lower() not in lx.OFFICES:
            return mention
        office = self._fuller(mention, paragraph, head=words[0].lower(), kind="office")
        if office is mention:
            return mention
        name = f"{office.name} {words[1]}"
        return Mention("person", name, role=name, country=mention.country or office.country,
                       head=mention.head, start=mention.start, end=mention.end)

    # -- quotations -------------------------------------------------------------------------

    def _quotes(self, quotes: list[Quote], tokens: list[Token], sentence: Span,
                paragraph: int) -> None:
        positions = [i for i, token in enumerate(tokens) if token.quote]
        credited = at.reported_by(tokens)
        sentence_speaker: Actor | None = None
        for number, (quote, position) in enumerate(zip(quotes, positions, strict=True)):
            floor = positions[number - 1] + 1 if number else 0
            self._names(tokens[floor:position], paragraph)
            found = at.after_quote(tokens, position)
            how = "after"
            if found is None:
                found = at.before_quote(tokens, position, floor)
                how = "before"
            actor: Actor | None = None
            if found is not None and found.mention is not None:
                actor = self.resolve(found.mention, found.role, paragraph, tokens[position].start)
            elif found is not None and found.inherit:
                actor = sentence_speaker
                how = "sentence"
                if actor is None:
                    main, role = at.subject(tokens)
                    if main is not None and main.start < tokens[position].start:
                        actor = self.resolve(main, role, paragraph, main.start)
                        how = "subject"
            opens_sentence = position == 0 or all(not t.word for t in tokens[:position])
            if actor is None and found is None and number and sentence_speaker is not None:
                actor, how = sentence_speaker, "sentence"
            if actor is None and found is None and opens_sentence:
                actor, how = self._continued(paragraph)
            if actor is None and found is None and quote.words <= SHORT_QUOTE:
                self.reading.unattributed.append((quote, sentence))
                continue
            if actor is not None:
                actor.speaks = True
                sentence_speaker = sentence_speaker or actor
                self.last_speaker = actor
                self.last_sentence = self.sentence_index
                self.last_paragraph = paragraph
            self.reading.said.append(Said(
                "direct", actor, quote.text, sentence, reported_by=credited,
                when=at.when(tokens, found.verb) if found is not None else None,
                how=how if actor is not None else "unknown",
            ))

    def _continued(self, paragraph: int) -> tuple[Actor | None, str]:
        """The speaker of a quotation that opens its sentence with no attribution."""
        if self.last_speaker is not None and self.last_sentence == self.sentence_index - 1:
            return self.last_speaker, "continued"
        if self.previous_subject is not None:
            return self.previous_subject, "previous subject"
        if self.last_speaker is not None and self.last_paragraph >= paragraph - 1:
            return self.last_speaker, "continued"
        return None, "unknown"

    # -- reported speech and names ----------------------------------------------------------

    def _reported(self, tokens: list[Token], sentence: Span, paragraph: int) -> None:
        found = find_reported(tokens)
        if found is None:
            return
        speaker = found.found
        if speaker.mention is None:
            return
        offset = tokens[found.found.verb].start if found.found.verb >= 0 else sentence.start
        actor = self.resolve(speaker.mention, speaker.role, paragraph, offset)
        if actor is None:
            return
        content = tokens[found.content : found.content_end]
        if not content:
            return
        words = " ".join(self.text[content[0].start : content[-1].end].split())
        words = words[:1].upper() + words[1:]
        if not words.endswith((".", "!", "?")):
            words += "."
        actor.speaks = True
        self.reading.said.append(Said(
            "reported", actor, words, sentence, reported_by=at.reported_by(tokens),
            when=at.when(tokens, found.found.verb), how="reported",
        ))

    def _names(self, tokens: list[Token], paragraph: int) -> None:
        """Register every person named in a sentence (for later pronouns and surnames)."""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if not (token.word and (token.capitalised or token.place)) or token.quote:
                index += 1
                continue
            end = phrase_end(tokens, index)
            if end == index:
                index += 1
                continue
            mention = classify(tokens[index:end])
            appositive, after = at.appositive_after(tokens, end)
            mention, role = at.combine(mention, appositive)
            if mention is not None and self._worth_naming(mention):
                actor = self.cast.resolve(mention, paragraph=paragraph, at=mention.start)
                if actor is not None:
                    self.cast.describe(actor, role)
            index = max(end, after, index + 1)

    def _worth_naming(self, mention: Mention) -> bool:
        """A person named with a first name or a title, or whose surname is known: a single
        capitalised word alone ("Sejm", "Holding") is not taken for a name."""
        if mention.kind != "person" or not mention.named:
            return False
        key = mention.name.lower()
        return len(key.split()) > 1 or bool(mention.role) or any(
            a.named and a.surname == key for a in self.cast.actors
        )


def read_article(text: str) -> Reading:
    """Read an article's text (see the module's docstring)."""
    return _Reader(text).run()
