"""Markdown export: data shown literally, the characters that would make it markup escaped.

Control, bidi and invisible characters become visible stand-ins (``printable``); bare URLs,
domain names, e-mail addresses, @mentions and #references are not left for a renderer to turn
into links (CommonMark's linkify, GitHub's autolinks): the character that makes each one
(``://``, the dot before a top-level domain, ``@``, ``#``) is escaped with a backslash, which a
renderer drops, so the text reads the same. Only the sources' own URLs are written as links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.export.common import (
    actor_line,
    briefing_of,
    is_web_url,
    paragraphs,
    stance_counts,
)
from tui.format.citation import PARAPHRASE, cited_source
from tui.format.claims import INFERRED_LEGEND, Basis, basis_words
from tui.format.document import Document
from tui.format.model import Briefing, Stance, Topic
from tui.format.sanitize import printable
from tui.format.story import SinceLast
from tui.format.wording import NO_POSITION, reliability, risk_facts

_MD_INLINE = re.compile(r"([\\`*_\[\]<>~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_MD_TLDS = ("[A-Za-z]{2}|com|org|net|edu|gov|mil|int|info|biz|pro|web|xxx|aero|asia|coop|"
            "museum|name|shop|рф")
"""Top-level domains that linkify-it recognises without a scheme (every two-letter one)."""
_MD_LINKABLE = re.compile(
    r"(?<=[A-Za-z0-9]):(?=//)"  # scheme://
    r"|(?<=\b[Ww]{3})\.(?=\w)"  # www.
    rf"|(?<=\w)\.(?=(?:{_MD_TLDS})\b)"  # the dot before a top-level domain: x.com, bbc.co.uk
    r"|@(?=\w)"  # an e-mail address, a @mention
    r"|(?<![\w&])#(?=\w)"  # a #reference
)


def _md(text: str, *, cell: bool = False) -> str:
    """One line of data for Markdown: visible controls, markup characters escaped.

    Whitespace runs (newlines too) become one space, so data never starts a block of its own;
    a ``|`` is escaped in table cells only, the one place it is markup.
    """
    text = printable(" ".join(text.split()))
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_LINKABLE.sub(lambda match: "\\" + match.group(), text)
    if cell:
        text = text.replace("|", "\\|")
    else:
        text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return text


def _md_cell(text: str) -> str:
    return _md(text, cell=True) or " "


def _md_block(text: str) -> list[str]:
    """Paragraphs of data for Markdown, each one line."""
    return [_md(paragraph) for paragraph in paragraphs(text)]


def _md_evidence(excerpts: Iterable[str], indent: str = "") -> list[str]:
    quoted = [f"“{_md(excerpt)}”" for excerpt in excerpts]
    if not quoted:
        return []
    bullet = "- " if indent else ""
    return [f"{indent}{bullet}*Evidence:* " + " · ".join(quoted)]


def _md_table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["---"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def to_markdown(document: Document | Briefing, since: SinceLast | None = None) -> str:
    """The whole briefing as one Markdown document; with ``since`` (a briefing of a story), a
    "Since the last briefing" section after the key points."""
    briefing = briefing_of(document)
    index = briefing.lookups
    out: list[str] = []

    def para(*lines: str) -> None:
        out.extend(lines)
        out.append("")

    para(f"# {_md(briefing.title)}")
    if briefing.date:
        para(f"*As of {briefing.date.isoformat()}*")
    if briefing.bluf:
        para(f"**Bottom line:** {_md(briefing.bluf)}")

    para("## Summary")
    for paragraph in _md_block(briefing.summary):
        para(paragraph)

    if briefing.key_points:
        para("## Key points")
        para(*(f"- {_md(point)}" for point in briefing.key_points))

    if since is not None:
        para(f"## {since.title}")
        para(_md(since.intro))
        for heading, rows in since.sections():
            para(f"**{heading}**", "", *(f"- *{action}:* {_md(what)}" for action, what in rows))

    para("## Countries")
    for country in briefing.countries:
        para(f"### {_md(country.name)} ({country.code})")
        if country.memberships:
            para("Memberships: " + ", ".join(_md(m) for m in country.memberships))
        if country.summary:
            for paragraph in _md_block(country.summary):
                para(paragraph)
        stances = [p for p in briefing.positions if p.country == country.code]
        if stances:
            lines = ["**Stances**", ""]
            for position in stances:
                line = f"- {_md(index.topic_title(position.topic))}: **{position.stance.label}**"
                if position.summary:
                    line += f" — {_md(position.summary)}"
                line += _md_basis(position.basis, position.note)
                lines.append(line)
                lines.extend(_md_evidence(position.evidence, indent="  "))
            para(*lines)
        actors = index.actors_of(country.code)
        if actors:
            para("**Actors**", "", *(f"- {_md(actor_line(actor))}" for actor in actors))
    others = index.actors_of(None)
    if others:
        para("### International and other actors")
        para(*(f"- {_md(actor_line(actor))}" for actor in others))

    if briefing.topics:
        para("## Positions")
        para("**Topics**", "", *_md_topics(briefing.topics))
        header = ["Country"] + [_md_cell(topic.title) for topic in briefing.topics]
        matrix_rows: list[list[str]] = []
        for country in briefing.countries:
            row = [f"{_md_cell(country.name)} ({country.code})"]
            for topic in briefing.topics:
                found = index.position(country.code, topic.id)
                row.append(found.stance.label + _md(Basis(found.basis).mark) if found
                           else NO_POSITION)
            matrix_rows.append(row)
        para(*_md_table(header, matrix_rows))
        legend = "; ".join(
            f"**{stance.label}**: {stance.meaning}" for stance in Stance
        )
        inferred = f"; {_md(INFERRED_LEGEND)}" if any(
            p.basis == "inferred" for p in briefing.positions) else ""
        para(f"Legend — {legend}; {NO_POSITION}: no position recorded{inferred}.")
        para("**Positions per stance**", "", *_md_table(
            ["Topic", *(stance.label for stance in Stance), "total"],
            [
                [_md_cell(topic.title)]
                + [str(stance_counts(briefing, topic.id)[stance]) for stance in Stance]
                + [str(sum(stance_counts(briefing, topic.id).values()))]
                for topic in briefing.topics
            ]
            + [
                ["**All topics**"]
                + [f"**{stance_counts(briefing)[stance]}**" for stance in Stance]
                + [f"**{len(briefing.positions)}**"]
            ],
            ["---"] + ["--:"] * (len(Stance) + 1),
        ))

    if briefing.statements:
        para("## Quotes")
        for kind, heading in (("direct", "Direct quotations"), ("reported", "Reported speech")):
            statements = [s for s in briefing.statements if s.kind == kind]
            if not statements:
                continue
            para(f"### {heading}")
            for statement in statements:
                # A paraphrase is never dressed as a quotation (as in ``tui.format.citation``).
                text = (f"“{_md(statement.text)}”" if statement.is_direct
                        else f"{PARAPHRASE} {_md(statement.text)}")
                lines = [
                    f"- {text} — {_md(index.speaker_byline(statement))} — "
                    f"{_md(cited_source(briefing, statement))}"
                ]
                details = []
                if statement.when:
                    details.append(f"When: {_md(statement.when)}")
                if statement.topics:
                    details.append(
                        "Topics: " + ", ".join(_md(index.topic_title(t)) for t in statement.topics)
                    )
                if details:
                    lines.append("  - " + " · ".join(details))
                lines.extend(_md_evidence(statement.evidence, indent="  "))
                out.extend(lines)
            out.append("")

    if briefing.debates:
        para("## Debates")
        for debate in briefing.debates:
            para(f"### {_md(debate.title)}")
            if debate.topic:
                para(f"Topic: {_md(index.topic_title(debate.topic))}")
            if debate.summary:
                for paragraph in _md_block(debate.summary):
                    para(paragraph)
            if debate.evidence:
                para(*_md_evidence(debate.evidence))
            if debate.sides:
                lines = ["**Sides**", ""]
                for side in debate.sides:
                    line = f"- **{_md(index.party(side))}** — {side.stance.label}"
                    if side.summary:
                        line += f": {_md(side.summary)}"
                    line += _md_basis(side.basis, side.note)
                    lines.append(line)
                    lines.extend(_md_evidence(side.evidence, indent="  "))
                para(*lines)

    if briefing.risks:
        para("## Risks")
        for risk in briefing.risks:
            para(f"### {_md(risk.title)}")
            if risk.summary:
                for paragraph in _md_block(risk.summary):
                    para(paragraph)
            facts = [f"{name}: **{value}**" for name, value in risk_facts(risk)]
            if risk.raised_by:
                raised = "; ".join(
                    _md(actor_line(index.actors[a]) if a in index.actors else a)
                    for a in risk.raised_by
                )
                facts.append(f"Raised by: {raised}")
            if facts:
                para(*(f"- {fact}" for fact in facts))
            if risk.evidence:
                para(*_md_evidence(risk.evidence))

    if briefing.caveats:
        para("## Caveats")
        lines = []
        for caveat in briefing.caveats:
            lines.append(f"- {_md(caveat.text)}")
            lines.extend(_md_evidence(caveat.evidence, indent="  "))
        para(*lines)

    para("## Sources")
    lines = []
    for source in briefing.sources:
        line = f"- **{_md(source.title)}**"
        extra = [_md(source.outlet)] if source.outlet else []
        if source.published:
            extra.append(f"published {source.published.isoformat()}")
        grade = reliability(source)
        extra.append(f"reliability {grade}" if grade else "reliability not rated")
        line += " — " + ", ".join(extra)
        lines.append(line)
        if source.url:
            lines.append(f"  - <{_md_url(source.url)}>" if is_web_url(source.url)
                         else f"  - URL: {_md(source.url)}")
        if source.file:
            lines.append(f"  - Source text: `{_md_code(source.file)}`")
    para(*lines)
    para(f"*Briefing `{briefing.id}`, format version {briefing.format}.*")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _md_basis(basis: str, note: str | None) -> str:
    """`` *(inferred by the curator: why)*`` for an inferred claim; nothing for a stated one."""
    if basis != "inferred":
        return ""
    return f" *({_md(basis_words(basis, note))})*"


def _md_topics(topics: Iterable[Topic]) -> list[str]:
    lines = []
    for topic in topics:
        line = f"- **{_md(topic.title)}**"
        if topic.summary:
            line += f" — {_md(topic.summary)}"
        lines.append(line)
    return lines


def _md_url(url: str) -> str:
    return printable(url)


def _md_code(text: str) -> str:
    return printable(" ".join(text.split())).replace("`", "'")


