"""Export a briefing as Markdown, JSON or one self-contained HTML file (``briefing export``).

Headless: this module never imports Textual. Every piece of data is untrusted text. Markdown
and HTML show control, bidi and invisible characters as visible stand-ins (``printable``); HTML
escapes all data; Markdown escapes the characters that would turn data into markup. JSON is the
validated model exactly, so that an export loads back unchanged.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from tui.format.document import Document
from tui.format.model import Actor, Briefing, Country, Risk, Side, Source, Stance, Statement, Topic
from tui.format.sanitize import printable

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

FORMATS = ("markdown", "json", "html")

STANCE_MEANINGS = {
    Stance.SUPPORTS: "supports it",
    Stance.OPEN: "does not rule it out",
    Stance.UNDECIDED: "has not decided",
    Stance.OPPOSES: "opposes it",
    Stance.WARNS: "threatens or cautions against consequences",
}
"""What each stance means, for the legend of the positions matrix."""

NO_POSITION = "—"
"""A matrix cell where the briefing records no position."""


# --------------------------------------------------------------------------------------------
# What every format shares: lookups and the citation of a statement.


def _briefing(document: Document | Briefing) -> Briefing:
    return document if isinstance(document, Briefing) else document.briefing


class _Index:
    """Lookups by id over one briefing."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.actors = {actor.id: actor for actor in briefing.actors}
        self.countries = {country.code: country for country in briefing.countries}
        self.topics = {topic.id: topic for topic in briefing.topics}
        self.positions = {(p.country, p.topic): p for p in briefing.positions}

    def actor_name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def topic_title(self, topic_id: str) -> str:
        topic = self.topics.get(topic_id)
        return topic.title if topic else topic_id

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country else code

    def actors_of(self, code: str) -> list[Actor]:
        return [actor for actor in self.briefing.actors if actor.country == code]

    def international_actors(self) -> list[Actor]:
        return [actor for actor in self.briefing.actors if actor.country is None]

    def side_party(self, side: Side) -> str:
        if side.actor is not None:
            return self.actor_name(side.actor)
        return self.country_name(side.country or "")

    def stance_counts(self, topic_id: str | None = None) -> Counter[Stance]:
        return Counter(
            p.stance for p in self.briefing.positions if topic_id is None or p.topic == topic_id
        )


def _speaker(index: _Index, statement: Statement) -> str:
    """``Speaker, role (reported by X)``, leaving out the parts the briefing lacks."""
    actor = index.actors.get(statement.speaker)
    speaker = actor.name if actor else statement.speaker
    if actor and actor.role and actor.role != actor.name:
        speaker += f", {actor.role}"
    if statement.reported_by:
        speaker += f" (reported by {statement.reported_by})"
    return speaker


def _citation(briefing: Briefing, statement: Statement) -> str:
    """``Source title, date``: the date said, else the source's published date, else the briefing's.

    With ``_speaker`` this is the citation of ``tui.format.citation`` (what the reader copies), so a
    quote reads the same in the reader and in an export.
    """
    source = briefing.source_of(statement)
    date = statement.date or source.published or briefing.date
    return source.title + (f", {date.isoformat()}" if date else "")


def _actor_line(actor: Actor) -> str:
    text = actor.name
    if actor.role:
        text += f", {actor.role}"
    if actor.kind != "person":
        text += f" ({actor.kind})"
    return text


def _reliability(source: Source) -> str | None:
    if source.reliability is None:
        return None
    return f"{source.reliability.value} ({source.reliability.label})"


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text (separated by blank lines), without surrounding whitespace."""
    text = text.replace("\r\n", "\n")
    return [part.strip() for part in re.split(r"\n[ \t]*\n", text) if part.strip()]


def _risk_facts(risk: Risk) -> list[tuple[str, str]]:
    facts = []
    if risk.likelihood is not None:
        facts.append(("Likelihood", f"{risk.likelihood.label} ({risk.likelihood.rank + 1} of 7)"))
    if risk.confidence is not None:
        facts.append(("Confidence", risk.confidence.value))
    if risk.impact is not None:
        facts.append(("Impact", risk.impact.value))
    return facts


# --------------------------------------------------------------------------------------------
# JSON


def _escape_invisible_json(text: str) -> str:
    """Write bidi and invisible characters as ``\\uXXXX`` escapes (still the same JSON value).

    Also escaped: the characters YAML refuses raw (U+FFFE, U+FFFF), so that the export also
    loads as a briefing file. Characters outside the Basic Multilingual Plane stay literal:
    their escape would be a surrogate pair, which YAML loaders refuse.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return char if ord(char) > 0xFFFF else f"\\u{ord(char):04x}"

    return _INVISIBLE_JSON.sub(escape, text)


_INVISIBLE_JSON = re.compile(
    "[\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)


def to_json(document: Document | Briefing) -> str:
    """The validated briefing as JSON: it validates (and loads as a briefing file) unchanged."""
    data = _briefing(document).model_dump(mode="json", exclude_none=True)
    return _escape_invisible_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


# --------------------------------------------------------------------------------------------
# Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]<>~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def _md(text: str, *, cell: bool = False) -> str:
    """One line of data for Markdown: visible controls, markup characters escaped.

    Whitespace runs (newlines too) become one space, so data never starts a block of its own;
    a ``|`` is escaped in table cells only, the one place it is markup.
    """
    text = printable(" ".join(text.split()))
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    if cell:
        text = text.replace("|", "\\|")
    else:
        text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return text


def _md_cell(text: str) -> str:
    return _md(text, cell=True) or " "


def _md_block(text: str) -> list[str]:
    """Paragraphs of data for Markdown, each one line."""
    return [_md(paragraph) for paragraph in _paragraphs(text)]


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


def to_markdown(document: Document | Briefing) -> str:
    """The whole briefing as one Markdown document."""
    briefing = _briefing(document)
    index = _Index(briefing)
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
                lines.append(line)
                lines.extend(_md_evidence(position.evidence, indent="  "))
            para(*lines)
        actors = index.actors_of(country.code)
        if actors:
            para("**Actors**", "", *(f"- {_md(_actor_line(actor))}" for actor in actors))
    others = index.international_actors()
    if others:
        para("### International and other actors")
        para(*(f"- {_md(_actor_line(actor))}" for actor in others))

    if briefing.topics:
        para("## Positions")
        para("**Topics**", "", *_md_topics(briefing.topics))
        header = ["Country"] + [_md_cell(topic.title) for topic in briefing.topics]
        rows = []
        for country in briefing.countries:
            row = [f"{_md_cell(country.name)} ({country.code})"]
            for topic in briefing.topics:
                position = index.positions.get((country.code, topic.id))
                row.append(position.stance.label if position else NO_POSITION)
            rows.append(row)
        para(*_md_table(header, rows))
        legend = "; ".join(
            f"**{stance.label}**: {STANCE_MEANINGS[stance]}" for stance in Stance
        )
        para(f"Legend — {legend}; {NO_POSITION}: no position recorded.")
        para("**Positions per stance**", "", *_md_table(
            ["Topic", *(stance.label for stance in Stance), "total"],
            [
                [_md_cell(topic.title)]
                + [str(index.stance_counts(topic.id)[stance]) for stance in Stance]
                + [str(sum(index.stance_counts(topic.id).values()))]
                for topic in briefing.topics
            ]
            + [
                ["**All topics**"]
                + [f"**{index.stance_counts()[stance]}**" for stance in Stance]
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
                        else f"(paraphrase) {_md(statement.text)}")
                lines = [
                    f"- {text} — {_md(_speaker(index, statement))} — "
                    f"{_md(_citation(briefing, statement))}"
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
                    line = f"- **{_md(index.side_party(side))}** — {side.stance.label}"
                    if side.summary:
                        line += f": {_md(side.summary)}"
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
            facts = [f"{name}: **{value}**" for name, value in _risk_facts(risk)]
            if risk.raised_by:
                raised = "; ".join(
                    _md(_actor_line(index.actors[a]) if a in index.actors else a)
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
        reliability = _reliability(source)
        extra.append(f"reliability {reliability}" if reliability else "reliability not rated")
        line += " — " + ", ".join(extra)
        lines.append(line)
        if source.url:
            lines.append(f"  - <{_md_url(source.url)}>" if _is_web_url(source.url)
                         else f"  - URL: {_md(source.url)}")
        if source.file:
            lines.append(f"  - Source text: `{_md_code(source.file)}`")
    para(*lines)
    para(f"*Briefing `{briefing.id}`, format version {briefing.format}.*")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _md_topics(topics: Iterable[Topic]) -> list[str]:
    lines = []
    for topic in topics:
        line = f"- **{_md(topic.title)}**"
        if topic.summary:
            line += f" — {_md(topic.summary)}"
        lines.append(line)
    return lines


def _is_web_url(url: str) -> bool:
    return re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) is not None


def _md_url(url: str) -> str:
    return printable(url)


def _md_code(text: str) -> str:
    return printable(" ".join(text.split())).replace("`", "'")


# --------------------------------------------------------------------------------------------
# HTML


def _h(text: str) -> str:
    """One line of data, safe in HTML text and attribute values."""
    return html.escape(printable(" ".join(text.split())))


def _h_block(text: str, tag: str = "p", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<{tag}{attr}>{_h(p)}</{tag}>" for p in _paragraphs(text))


def _stance_tag(stance: Stance) -> str:
    return f'<span class="stance stance-{stance.value}">{html.escape(stance.label)}</span>'


def _h_evidence(excerpts: tuple[str, ...]) -> str:
    if not excerpts:
        return ""
    items = "".join(f"<li>“{_h(excerpt)}”</li>" for excerpt in excerpts)
    label = "Evidence" if len(excerpts) == 1 else f"Evidence ({len(excerpts)} excerpts)"
    return f'<details class="evidence"><summary>{label}</summary><ul>{items}</ul></details>'


def _h_meter(rank: int, steps: int, label: str) -> str:
    cells = "".join(
        f'<span class="{"on" if n <= rank else "off"}"></span>' for n in range(steps)
    )
    return f'<span class="meter meter-{steps}" role="img" aria-label="{html.escape(label)}">{cells}</span>'


def to_html(document: Document | Briefing) -> str:
    """The whole briefing as one self-contained HTML page: inline CSS, no scripts, no requests."""
    briefing = _briefing(document)
    index = _Index(briefing)
    out: list[str] = []
    add = out.append

    sections: list[tuple[str, str]] = [("summary", "Summary")]
    if briefing.key_points:
        sections.append(("key-points", "Key points"))
    sections.append(("countries", "Countries"))
    if briefing.topics:
        sections.append(("positions", "Positions"))
    for attr, anchor, title in (
        ("statements", "quotes", "Quotes"),
        ("debates", "debates", "Debates"),
        ("risks", "risks", "Risks"),
        ("caveats", "caveats", "Caveats"),
    ):
        if getattr(briefing, attr):
            sections.append((anchor, title))
    sections.append(("sources", "Sources"))

    add("<!DOCTYPE html>")
    add('<html lang="en">')
    add("<head>")
    add('<meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add('<meta name="color-scheme" content="light dark">')
    add(
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )
    add('<meta name="generator" content="briefing export">')
    add(f"<title>{_h(briefing.title)}</title>")
    add(f"<style>\n{STYLESHEET}</style>")
    add("</head>")
    add("<body>")
    add("<main>")

    # Header: title, date, bottom line, contents.
    add("<header>")
    add('<p class="kicker">Briefing</p>')
    add(f"<h1>{_h(briefing.title)}</h1>")
    meta = []
    if briefing.date:
        iso = briefing.date.isoformat()
        meta.append(f'As of <time datetime="{iso}">{iso}</time>')
    else:
        meta.append("Undated")
    meta.append(f"{len(briefing.sources)} source{'s' * (len(briefing.sources) != 1)}")
    meta.append(f"{len(briefing.countries)} countr{'ies' if len(briefing.countries) != 1 else 'y'}")
    if briefing.statements:
        meta.append(f"{len(briefing.statements)} statement{'s' * (len(briefing.statements) != 1)}")
    add(f'<p class="meta">{" · ".join(meta)}</p>')
    if briefing.bluf:
        add(f'<aside class="bluf"><h2>Bottom line</h2><p>{_h(briefing.bluf)}</p></aside>')
    nav = "".join(f'<li><a href="#{anchor}">{title}</a></li>' for anchor, title in sections)
    add(f'<nav aria-label="Contents"><ol>{nav}</ol></nav>')
    add("</header>")

    add('<section id="summary"><h2>Summary</h2>')
    add(_h_block(briefing.summary))
    add("</section>")

    if briefing.key_points:
        add('<section id="key-points"><h2>Key points</h2><ul class="key-points">')
        add("".join(f"<li>{_h(point)}</li>" for point in briefing.key_points))
        add("</ul></section>")

    add('<section id="countries"><h2>Countries</h2>')
    for country in briefing.countries:
        add(_h_country(index, country))
    others = index.international_actors()
    if others:
        add('<article class="card"><h3>International and other actors</h3><ul class="actors">')
        add("".join(f"<li>{_h_actor(actor)}</li>" for actor in others))
        add("</ul></article>")
    add("</section>")

    if briefing.topics:
        add(_h_positions(index))

    if briefing.statements:
        add('<section id="quotes"><h2>Quotes</h2>')
        for kind, heading, note in (
            ("direct", "Direct quotations", "The speaker’s own words, as quoted in the source."),
            ("reported", "Reported speech", "Paraphrased by the source, not the speaker’s words."),
        ):
            statements = [s for s in briefing.statements if s.kind == kind]
            if not statements:
                continue
            add(f'<h3>{heading}</h3><p class="note">{note}</p>')
            for statement in statements:
                add(_h_statement(index, statement))
        add("</section>")

    if briefing.debates:
        add('<section id="debates"><h2>Debates</h2>')
        for debate in briefing.debates:
            add('<article class="card">')
            add(f"<h3>{_h(debate.title)}</h3>")
            if debate.topic:
                add(f'<p class="meta">Topic: {_h(index.topic_title(debate.topic))}</p>')
            if debate.summary:
                add(_h_block(debate.summary))
            add(_h_evidence(debate.evidence))
            if debate.sides:
                add('<h4>Sides</h4><ul class="sides">')
                for side in debate.sides:
                    item = f'{_stance_tag(side.stance)} <strong>{_h(index.side_party(side))}</strong>'
                    if side.summary:
                        item += f" — {_h(side.summary)}"
                    add(f"<li>{item}{_h_evidence(side.evidence)}</li>")
                add("</ul>")
            add("</article>")
        add("</section>")

    if briefing.risks:
        add('<section id="risks"><h2>Risks</h2>')
        for risk in briefing.risks:
            add(_h_risk(index, risk))
        add("</section>")

    if briefing.caveats:
        add('<section id="caveats"><h2>Caveats</h2><ol class="caveats">')
        for caveat in briefing.caveats:
            add(f"<li><p>{_h(caveat.text)}</p>{_h_evidence(caveat.evidence)}</li>")
        add("</ol></section>")

    add('<section id="sources"><h2>Sources</h2><ol class="sources">')
    for source in briefing.sources:
        add(_h_source(source))
    add("</ol></section>")

    add(
        f'<footer><p>Briefing <code>{_h(briefing.id)}</code>, format version '
        f"{briefing.format}. Exported by <em>briefing</em>.</p></footer>"
    )
    add("</main>")
    add("</body>")
    add("</html>")
    return "\n".join(part for part in out if part) + "\n"


def _h_actor(actor: Actor) -> str:
    text = f"<strong>{_h(actor.name)}</strong>"
    if actor.role:
        text += f", {_h(actor.role)}"
    if actor.kind != "person":
        text += f' <span class="kind">{html.escape(actor.kind)}</span>'
    return text


def _h_country(index: _Index, country: Country) -> str:
    parts = [f'<article class="card country" id="country-{html.escape(country.code.lower())}">']
    badges = "".join(f'<span class="badge">{_h(m)}</span>' for m in country.memberships)
    parts.append(
        f'<h3>{_h(country.name)} <span class="code">{html.escape(country.code)}</span>'
        f"{' ' + badges if badges else ''}</h3>"
    )
    if country.summary:
        parts.append(_h_block(country.summary))
    positions = [p for p in index.briefing.positions if p.country == country.code]
    if positions:
        parts.append('<h4>Stances</h4><ul class="stances">')
        for position in positions:
            item = f"{_stance_tag(position.stance)} <strong>{_h(index.topic_title(position.topic))}</strong>"
            if position.summary:
                item += f" — {_h(position.summary)}"
            parts.append(f"<li>{item}{_h_evidence(position.evidence)}</li>")
        parts.append("</ul>")
    actors = index.actors_of(country.code)
    if actors:
        parts.append('<h4>Actors</h4><ul class="actors">')
        parts.append("".join(f"<li>{_h_actor(actor)}</li>" for actor in actors))
        parts.append("</ul>")
    parts.append("</article>")
    return "".join(parts)


def _h_positions(index: _Index) -> str:
    briefing = index.briefing
    parts = ['<section id="positions"><h2>Positions</h2>']
    parts.append('<h3>Topics</h3><dl class="topics">')
    for topic in briefing.topics:
        parts.append(f"<dt>{_h(topic.title)}</dt>")
        if topic.summary:
            parts.append(f"<dd>{_h(topic.summary)}</dd>")
    parts.append("</dl>")
    parts.append('<div class="table-wrap"><table class="matrix">')
    parts.append("<caption>Each country’s stance on each topic</caption>")
    header = "".join(f'<th scope="col">{_h(topic.title)}</th>' for topic in briefing.topics)
    parts.append(f'<thead><tr><th scope="col">Country</th>{header}</tr></thead><tbody>')
    for country in briefing.countries:
        cells = []
        for topic in briefing.topics:
            position = index.positions.get((country.code, topic.id))
            if position is None:
                cells.append(f'<td class="none"><span class="sr">no position</span>{NO_POSITION}</td>')
            else:
                title = html.escape(printable(" ".join((position.summary or "").split())))
                attr = f' title="{title}"' if title else ""
                cells.append(
                    f'<td class="stance-{position.stance.value}"{attr}>'
                    f"{html.escape(position.stance.label)}</td>"
                )
        parts.append(
            f'<tr><th scope="row"><a href="#country-{html.escape(country.code.lower())}">'
            f'{_h(country.name)}</a> <span class="code">{html.escape(country.code)}</span></th>'
            f"{''.join(cells)}</tr>"
        )
    parts.append("</tbody></table></div>")

    legend = "".join(
        f"<li>{_stance_tag(stance)} {html.escape(STANCE_MEANINGS[stance])}</li>" for stance in Stance
    )
    legend += f'<li><span class="stance none">{NO_POSITION}</span> no position recorded</li>'
    parts.append(f'<h3>Legend</h3><ul class="legend">{legend}</ul>')

    parts.append('<h3>Positions per stance</h3><div class="table-wrap"><table class="counts">')
    head = "".join(f'<th scope="col">{_stance_tag(stance)}</th>' for stance in Stance)
    parts.append(f'<thead><tr><th scope="col">Topic</th>{head}<th scope="col">Total</th></tr></thead><tbody>')
    for topic in briefing.topics:
        counts = index.stance_counts(topic.id)
        cells = "".join(
            f'<td class="{"zero" if not counts[stance] else ""}">{counts[stance]}</td>' for stance in Stance
        )
        parts.append(
            f'<tr><th scope="row">{_h(topic.title)}</th>{cells}<td>{sum(counts.values())}</td></tr>'
        )
    total = index.stance_counts()
    cells = "".join(f"<td>{total[stance]}</td>" for stance in Stance)
    parts.append(
        f'</tbody><tfoot><tr><th scope="row">All topics</th>{cells}'
        f"<td>{len(briefing.positions)}</td></tr></tfoot></table></div>"
    )
    parts.append("</section>")
    return "".join(parts)


def _h_statement(index: _Index, statement: Statement) -> str:
    briefing = index.briefing
    cls = "quote direct" if statement.is_direct else "quote reported"
    parts = [f'<figure class="{cls}">']
    if statement.is_direct:
        parts.append(f"<blockquote><p>“{_h(statement.text)}”</p></blockquote>")
    else:  # a paraphrase is never dressed as a quotation
        parts.append(
            f'<blockquote><p><span class="paraphrase">(paraphrase)</span> {_h(statement.text)}'
            "</p></blockquote>"
        )
    parts.append(
        f"<figcaption>— <span class=\"speaker\">{_h(_speaker(index, statement))}</span>"
        f" — <cite>{_h(_citation(briefing, statement))}</cite></figcaption>"
    )
    details = []
    if statement.when:
        details.append(f"When: {_h(statement.when)}")
    if statement.topics:
        details.append("Topics: " + ", ".join(_h(index.topic_title(t)) for t in statement.topics))
    if details:
        parts.append(f'<p class="meta">{" · ".join(details)}</p>')
    parts.append(_h_evidence(statement.evidence))
    parts.append("</figure>")
    return "".join(parts)


def _h_risk(index: _Index, risk: Risk) -> str:
    parts = ['<article class="card risk">', f"<h3>{_h(risk.title)}</h3>"]
    if risk.summary:
        parts.append(_h_block(risk.summary))
    rows = []
    if risk.likelihood is not None:
        label = risk.likelihood.label
        rows.append(
            f"<dt>Likelihood</dt><dd>{_h_meter(risk.likelihood.rank, 7, label)} "
            f"{html.escape(label)} <span class=\"muted\">({risk.likelihood.rank + 1} of 7)</span></dd>"
        )
    if risk.confidence is not None:
        rank = ["low", "moderate", "high"].index(risk.confidence.value)
        rows.append(
            f"<dt>Confidence</dt><dd>{_h_meter(rank, 3, risk.confidence.value)} "
            f"{html.escape(risk.confidence.value)}</dd>"
        )
    if risk.impact is not None:
        rows.append(
            f"<dt>Impact</dt><dd>{_h_meter(risk.impact.rank, 3, risk.impact.value)} "
            f"{html.escape(risk.impact.value)}</dd>"
        )
    if risk.raised_by:
        raised = "; ".join(
            _h_actor(index.actors[a]) if a in index.actors else _h(a) for a in risk.raised_by
        )
        rows.append(f"<dt>Raised by</dt><dd>{raised}</dd>")
    if rows:
        parts.append(f'<dl class="facts">{"".join(rows)}</dl>')
    parts.append(_h_evidence(risk.evidence))
    parts.append("</article>")
    return "".join(parts)


def _h_source(source: Source) -> str:
    parts = [f"<li><strong>{_h(source.title)}</strong>"]
    extra = []
    if source.outlet:
        extra.append(_h(source.outlet))
    if source.published:
        iso = source.published.isoformat()
        extra.append(f'published <time datetime="{iso}">{iso}</time>')
    if extra:
        parts.append(" — " + ", ".join(extra))
    if source.reliability is not None:
        grade = source.reliability
        parts.append(
            f'<p><span class="grade" title="Admiralty scale">{grade.value}</span> '
            f"{html.escape(grade.label[:1].upper() + grade.label[1:])} (Admiralty scale "
            f"{grade.value})</p>"
        )
    else:
        parts.append('<p class="muted">Reliability not rated.</p>')
    if source.url:
        if _is_web_url(source.url):
            url = _h(source.url)
            parts.append(f'<p><a href="{url}" rel="noreferrer noopener">{url}</a></p>')
        else:
            parts.append(f"<p>URL: {_h(source.url)}</p>")
    if source.file:
        parts.append(f'<p class="muted">Source text: <code>{_h(source.file)}</code></p>')
    parts.append("</li>")
    return "".join(parts)


STYLESHEET = """\
:root {
  color-scheme: light dark;
  --bg: #fbfbf9; --fg: #1d1f23; --muted: #5d636b; --rule: #dcdfe3; --card: #ffffff;
  --accent: #1f5fbf; --bluf-bg: #eef4fc; --bluf-rule: #1f5fbf; --code-bg: #f0f1f3;
  --supports-fg: #116329; --supports-bg: #d8f5df;
  --open-fg: #0a4fa3; --open-bg: #dcebfd;
  --undecided-fg: #4b5159; --undecided-bg: #e6e8eb;
  --opposes-fg: #a4161a; --opposes-bg: #fde2e1;
  --warns-fg: #7a4d00; --warns-bg: #fdefc3;
  --meter-on: #3d4451; --meter-off: #d9dce1;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16181c; --fg: #e4e6ea; --muted: #9aa1ab; --rule: #32363d; --card: #1d2025;
    --accent: #7fb0ff; --bluf-bg: #1b2636; --bluf-rule: #5b93e8; --code-bg: #2a2e35;
    --supports-fg: #8fe0a4; --supports-bg: #173823;
    --open-fg: #9cc7ff; --open-bg: #16304f;
    --undecided-fg: #c3c8cf; --undecided-bg: #30343b;
    --opposes-fg: #ffaaa5; --opposes-bg: #4a1c1e;
    --warns-fg: #f5cf7a; --warns-bg: #45340f;
    --meter-on: #c9ced6; --meter-off: #3a3f47;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0; padding: 2.5rem 1.25rem 4rem;
  font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
    Arial, sans-serif;
  text-rendering: optimizeLegibility; overflow-wrap: break-word;
}
main { max-width: 50rem; margin: 0 auto; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h1 { font-size: 2rem; letter-spacing: -0.01em; margin: 0.2rem 0 0.6rem; }
h2 {
  font-size: 1.4rem; margin: 2.8rem 0 1rem; padding-bottom: 0.35rem;
  border-bottom: 1px solid var(--rule);
}
h3 { font-size: 1.12rem; margin: 1.6rem 0 0.5rem; }
h4 {
  font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
  margin: 1rem 0 0.3rem;
}
p { margin: 0 0 0.9rem; }
a { color: var(--accent); }
code {
  font: 0.88em/1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--code-bg); padding: 0.1em 0.35em; border-radius: 4px;
}
ul, ol { padding-left: 1.4rem; margin: 0 0 1rem; }
li { margin: 0.3rem 0; }
.kicker {
  margin: 0; font-size: 0.8rem; font-weight: 600; letter-spacing: 0.12em;
  text-transform: uppercase; color: var(--accent);
}
.meta, .note, .muted { color: var(--muted); }
.meta { font-size: 0.92rem; margin-bottom: 0.6rem; }
.note { font-size: 0.92rem; font-style: italic; }
.bluf {
  background: var(--bluf-bg); border-left: 4px solid var(--bluf-rule);
  padding: 0.9rem 1.2rem; margin: 1.4rem 0; border-radius: 0 8px 8px 0;
}
.bluf h2 {
  font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--accent);
  border: 0; margin: 0 0 0.3rem; padding: 0;
}
.bluf p { margin: 0; font-size: 1.06rem; }
nav ol {
  list-style: none; padding: 0; margin: 1rem 0 0; display: flex; flex-wrap: wrap;
  gap: 0.3rem 1.1rem; font-size: 0.92rem;
}
nav li { margin: 0; }
nav a { text-decoration: none; }
nav a:hover { text-decoration: underline; }
.key-points li::marker { color: var(--accent); }
.card {
  background: var(--card); border: 1px solid var(--rule); border-radius: 10px;
  padding: 0.9rem 1.2rem 0.5rem; margin: 0 0 1rem;
}
.card h3 { margin-top: 0.2rem; }
.code {
  font: 600 0.72rem/1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: var(--muted); border: 1px solid var(--rule); border-radius: 4px;
  padding: 0.15em 0.35em; vertical-align: 0.15em;
}
.badge {
  display: inline-block; font-size: 0.7rem; font-weight: 600; color: var(--muted);
  background: var(--code-bg); border-radius: 999px; padding: 0.15em 0.6em; margin-left: 0.3em;
  vertical-align: 0.2em;
}
.kind { font-size: 0.8rem; color: var(--muted); font-style: italic; }
.stances, .sides, .actors, .legend { list-style: none; padding-left: 0; }
.stance {
  display: inline-block; min-width: 5.6em; text-align: center; font-size: 0.78rem;
  font-weight: 650; border-radius: 999px; padding: 0.1em 0.6em; margin-right: 0.25em;
  white-space: nowrap; vertical-align: 0.08em;
}
.stance-supports { color: var(--supports-fg); background: var(--supports-bg); }
.stance-open { color: var(--open-fg); background: var(--open-bg); }
.stance-undecided { color: var(--undecided-fg); background: var(--undecided-bg); }
.stance-opposes { color: var(--opposes-fg); background: var(--opposes-bg); }
.stance-warns { color: var(--warns-fg); background: var(--warns-bg); }
.stance.none { color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 0.4rem; }
th, td { padding: 0.45rem 0.55rem; border: 1px solid var(--rule); }
thead th {
  font-size: 0.78rem; font-weight: 600; text-align: left; vertical-align: bottom;
  color: var(--muted); line-height: 1.3;
}
tbody th, tfoot th { text-align: left; font-weight: 600; white-space: nowrap; }
tbody th a { color: inherit; text-decoration: none; }
.matrix td { text-align: center; font-weight: 600; white-space: nowrap; }
.matrix thead th:not(:first-child) { min-width: 7rem; }
.matrix td.none { color: var(--muted); font-weight: 400; }
.counts td { text-align: center; font-variant-numeric: tabular-nums; }
.counts td.zero { color: var(--muted); }
.counts thead th { text-align: center; }
.counts thead th:first-child { text-align: left; }
.counts .stance { min-width: 0; }
.counts tbody th { white-space: normal; font-weight: 500; min-width: 10rem; }
tfoot th, tfoot td { font-weight: 700; }
.topics dt { font-weight: 600; margin-top: 0.5rem; }
.topics dd { margin: 0 0 0.4rem; color: var(--muted); }
.sr {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;
}
.quote { margin: 0 0 1.3rem; padding: 0 0 0 1rem; border-left: 3px solid var(--rule); }
.quote.direct { border-left-color: var(--accent); }
.quote blockquote { margin: 0; }
.quote blockquote p { margin: 0 0 0.25rem; font-size: 1.06rem; }
.quote.direct blockquote p { font-family: Georgia, "Times New Roman", serif; font-size: 1.2rem; }
.quote figcaption { font-size: 0.92rem; }
.quote .speaker { font-weight: 600; }
.quote .paraphrase { color: var(--muted); font-size: 0.85em; font-style: italic; }
.quote cite { font-style: italic; color: var(--muted); }
.quote .meta { margin: 0.1rem 0 0; font-size: 0.85rem; }
.facts {
  display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0 0 0.8rem;
  font-size: 0.94rem;
}
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.meter { display: inline-flex; gap: 2px; vertical-align: 0.05em; margin-right: 0.35em; }
.meter span { display: inline-block; width: 0.75em; height: 0.6em; border-radius: 2px; }
.meter-3 span { width: 1.5em; }
.meter .on { background: var(--meter-on); }
.meter .off { background: var(--meter-off); }
.caveats li { margin-bottom: 0.8rem; }
.caveats p { margin: 0; }
.sources p { margin: 0.2rem 0; }
.grade {
  display: inline-block; font-weight: 700; font-size: 0.8rem; min-width: 1.6em;
  text-align: center; border: 1px solid var(--rule); border-radius: 4px; padding: 0 0.3em;
}
details.evidence { margin: 0.25rem 0 0.5rem; font-size: 0.86rem; color: var(--muted); }
details.evidence summary { cursor: pointer; width: max-content; }
details.evidence ul { margin: 0.3rem 0 0; padding-left: 1.2rem; }
details.evidence li { margin: 0.15rem 0; }
footer {
  margin-top: 3rem; padding-top: 0.8rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: 0.85rem;
}
.matrix tbody th, .matrix thead th:first-child { position: sticky; left: 0; background: var(--bg); }
@media (max-width: 640px) {
  body { font-size: 16px; padding: 1.5rem 0.9rem 3rem; }
  h1 { font-size: 1.55rem; }
  h2 { font-size: 1.25rem; margin-top: 2.2rem; }
  .card { padding: 0.8rem 0.9rem 0.4rem; }
}
@media print {
  body { padding: 0; font-size: 11pt; }
  nav { display: none; }
  .card, .quote, tr { break-inside: avoid; }
}
"""
"""The HTML export's stylesheet, inlined into every page (light and dark colour schemes)."""


# --------------------------------------------------------------------------------------------
# The command


RENDERERS: dict[str, Callable[[Document], str]] = {
    "markdown": to_markdown,
    "json": to_json,
    "html": to_html,
}


def _error(message: str) -> None:
    print(f"briefing export: error: {printable(message)}", file=sys.stderr)


def _resolve(path: Path | None) -> tuple[Path | None, int]:
    """The briefing file to export, or an exit code after printing why there is none."""
    from tui.library.files import bundled_library, find_briefings

    if path is None:
        files, _ = find_briefings([bundled_library()])
        if not files:
            _error("no bundled briefing found")
            return None, EXIT_USAGE
        return files[0], EXIT_OK
    if path.is_dir():
        files, problems = find_briefings([path])
        if len(files) == 1 and not problems:
            return files[0], EXIT_OK
        if not files:
            _error(f"{path}: no briefing files in this folder")
        else:
            _error(f"{path}: folder holds {len(files)} briefings; name one file")
        return None, EXIT_USAGE
    if not path.exists():
        _error(f"{path}: " + ("broken symbolic link" if path.is_symlink() else "no such file"))
        return None, EXIT_USAGE
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        _error(f"{path}: cannot read: {error.strerror or error}")
        return None, EXIT_USAGE
    return path, EXIT_OK


def write_atomically(output: Path, data: bytes) -> None:
    """Write ``data`` to ``output`` through a temporary file in the same folder and a rename.

    A reader of ``output`` sees the old file or the new one, never half of one. A new file gets
    the usual permissions (0666 less the umask); an existing one keeps its mode.
    """
    folder = output.parent
    temp = folder / f".{output.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    mode = 0o666
    try:
        mode = output.stat().st_mode & 0o7777
    except OSError:
        pass
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode != 0o666:
            os.chmod(temp, mode)
        os.replace(temp, output)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def cmd_export(path: Path | None, fmt: str, output: Path | None) -> int:
    """``briefing export``: 0 on success, 1 when the briefing has problems, 2 when a path fails."""
    from tui.format.loader import load_safely

    renderer = RENDERERS.get(fmt)
    if renderer is None:
        _error(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
        return EXIT_USAGE
    chosen, code = _resolve(path)
    if chosen is None:
        return code
    document, problems = load_safely(chosen)
    if document is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    data = renderer(document).encode("utf-8")
    if output is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        return EXIT_OK
    try:
        if output.resolve() == chosen.resolve():
            _error(f"{output}: refusing to overwrite the briefing being exported")
            return EXIT_USAGE
        if output.is_dir():
            _error(f"{output}: is a folder; name a file to write")
            return EXIT_USAGE
        write_atomically(output, data)
    except OSError as error:
        _error(f"{output}: cannot write: {error.strerror or error}")
        return EXIT_USAGE
    print(f"wrote {fmt} export of '{printable(document.briefing.id)}' to {printable(str(output))}",
          file=sys.stderr)
    return EXIT_OK
