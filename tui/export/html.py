"""HTML export: one self-contained page (inline CSS from ``html.css``, no scripts, no requests).

Every piece of data is escaped; control, bidi and invisible characters become visible
stand-ins (``printable``).
"""

from __future__ import annotations

import html
from functools import cache
from importlib import resources

from tui.export.common import (
    briefing_of,
    is_web_url,
    paragraphs,
    stance_counts,
)
from tui.format.citation import PARAPHRASE, cited_source
from tui.format.document import Document
from tui.format.lookups import Lookups
from tui.format.model import Actor, Briefing, Country, Risk, Source, Stance, Statement
from tui.format.sanitize import printable
from tui.format.wording import NO_POSITION, plural


@cache
def stylesheet() -> str:
    """The page's CSS (a package file, ``tui/export/html.css``)."""
    return resources.files("tui.export").joinpath("html.css").read_text(encoding="utf-8")


def _h(text: str) -> str:
    """One line of data, safe in HTML text and attribute values."""
    return html.escape(printable(" ".join(text.split())))


def _h_block(text: str, tag: str = "p", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<{tag}{attr}>{_h(p)}</{tag}>" for p in paragraphs(text))


def _stance_tag(stance: Stance) -> str:
    return f'<span class="stance stance-{stance.value}">{html.escape(stance.label)}</span>'


def _h_evidence(excerpts: tuple[str, ...]) -> str:
    """The excerpts: folded on screen (``<details>``), and again in a block only printed, since
    a browser prints a closed ``<details>`` as its summary alone."""
    if not excerpts:
        return ""
    items = "".join(f"<li>“{_h(excerpt)}”</li>" for excerpt in excerpts)
    label = "Evidence" if len(excerpts) == 1 else f"Evidence ({plural(len(excerpts), 'excerpt')})"
    return (f'<details class="evidence"><summary>{label}</summary><ul>{items}</ul></details>'
            f'<div class="evidence evidence-print"><p>{label}</p><ul>{items}</ul></div>')


def _h_meter(rank: int, steps: int, label: str) -> str:
    cells = "".join(
        f'<span class="{"on" if n <= rank else "off"}"></span>' for n in range(steps)
    )
    return f'<span class="meter meter-{steps}" role="img" aria-label="{html.escape(label)}">{cells}</span>'


def to_html(document: Document | Briefing) -> str:
    """The whole briefing as one self-contained HTML page: inline CSS, no scripts, no requests."""
    briefing = briefing_of(document)
    index = briefing.lookups
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
    add(f"<style>\n{stylesheet()}</style>")
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
    meta.append(plural(len(briefing.sources), "source"))
    meta.append(plural(len(briefing.countries), "country", "countries"))
    if briefing.statements:
        meta.append(plural(len(briefing.statements), "statement"))
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
    others = index.actors_of(None)
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
                    item = f'{_stance_tag(side.stance)} <strong>{_h(index.party(side))}</strong>'
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


def _h_country(index: Lookups, country: Country) -> str:
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


def _h_positions(index: Lookups) -> str:
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
        f"<li>{_stance_tag(stance)} {html.escape(stance.meaning)}</li>" for stance in Stance
    )
    legend += f'<li><span class="stance none">{NO_POSITION}</span> no position recorded</li>'
    parts.append(f'<h3>Legend</h3><ul class="legend">{legend}</ul>')

    parts.append('<h3>Positions per stance</h3><div class="table-wrap"><table class="counts">')
    head = "".join(f'<th scope="col">{_stance_tag(stance)}</th>' for stance in Stance)
    parts.append(f'<thead><tr><th scope="col">Topic</th>{head}<th scope="col">Total</th></tr></thead><tbody>')
    for topic in briefing.topics:
        counts = stance_counts(briefing, topic.id)
        cells = "".join(
            f'<td class="{"zero" if not counts[stance] else ""}">{counts[stance]}</td>' for stance in Stance
        )
        parts.append(
            f'<tr><th scope="row">{_h(topic.title)}</th>{cells}<td>{sum(counts.values())}</td></tr>'
        )
    total = stance_counts(briefing)
    cells = "".join(f"<td>{total[stance]}</td>" for stance in Stance)
    parts.append(
        f'</tbody><tfoot><tr><th scope="row">All topics</th>{cells}'
        f"<td>{len(briefing.positions)}</td></tr></tfoot></table></div>"
    )
    parts.append("</section>")
    return "".join(parts)


def _h_statement(index: Lookups, statement: Statement) -> str:
    briefing = index.briefing
    cls = "quote direct" if statement.is_direct else "quote reported"
    parts = [f'<figure class="{cls}">']
    if statement.is_direct:
        parts.append(f"<blockquote><p>“{_h(statement.text)}”</p></blockquote>")
    else:  # a paraphrase is never dressed as a quotation
        parts.append(
            f'<blockquote><p><span class="paraphrase">{PARAPHRASE}</span> {_h(statement.text)}'
            "</p></blockquote>"
        )
    parts.append(
        f"<figcaption>— <span class=\"speaker\">{_h(index.speaker_byline(statement))}</span>"
        f" — <cite>{_h(cited_source(briefing, statement))}</cite></figcaption>"
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


def _h_risk(index: Lookups, risk: Risk) -> str:
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
        if is_web_url(source.url):
            url = _h(source.url)
            parts.append(f'<p><a href="{url}" rel="noreferrer noopener">{url}</a></p>')
        else:
            parts.append(f"<p>URL: {_h(source.url)}</p>")
    if source.file:
        parts.append(f'<p class="muted">Source text: <code>{_h(source.file)}</code></p>')
    parts.append("</li>")
    return "".join(parts)


