"""The HTML export's pieces: escaped text, evidence blocks, meters, and one item each (an
actor, a country, the positions, a statement, a risk, the source, the changes since the last
briefing), each a string of safe HTML. The page around them is :mod:`tui.export.html`.

Every piece of data is escaped; control, bidi and invisible characters become visible
stand-ins (``printable``).
"""

from __future__ import annotations

import html

from tui.export.common import (
    is_web_url,
    paragraphs,
    stance_counts,
)
from tui.format.citation import PARAPHRASE, cited_source
from tui.format.claims import INFERRED_LEGEND, Basis, basis_words
from tui.format.lookups import Lookups
from tui.format.model import Actor, Country, Risk, Source, Stance, Statement
from tui.format.sanitize import printable
from tui.format.story import SinceLast
from tui.format.wording import NO_POSITION, plural


def h(text: str) -> str:
    """One line of data, safe in HTML text and attribute values."""
    return html.escape(printable(" ".join(text.split())))


def h_block(text: str, tag: str = "p", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<{tag}{attr}>{h(p)}</{tag}>" for p in paragraphs(text))


def h_basis(basis: str, note: str | None) -> str:
    """`` <em class="basis">(inferred by the curator: why)</em>`` for an inferred claim."""
    if basis != "inferred":
        return ""
    return f' <em class="basis">({h(basis_words(basis, note))})</em>'


def stance_tag(stance: Stance) -> str:
    return f'<span class="stance stance-{stance.value}">{html.escape(stance.label)}</span>'


def h_evidence(excerpts: tuple[str, ...]) -> str:
    """The excerpts: folded on screen (``<details>``), and again in a block only printed, since
    a browser prints a closed ``<details>`` as its summary alone."""
    if not excerpts:
        return ""
    items = "".join(f"<li>“{h(excerpt)}”</li>" for excerpt in excerpts)
    label = "Evidence" if len(excerpts) == 1 else f"Evidence ({plural(len(excerpts), 'excerpt')})"
    return (f'<details class="evidence"><summary>{label}</summary><ul>{items}</ul></details>'
            f'<div class="evidence evidence-print"><p>{label}</p><ul>{items}</ul></div>')


def h_meter(rank: int, steps: int, label: str) -> str:
    cells = "".join(
        f'<span class="{"on" if n <= rank else "off"}"></span>' for n in range(steps)
    )
    return f'<span class="meter meter-{steps}" role="img" aria-label="{html.escape(label)}">{cells}</span>'


def h_since(since: SinceLast) -> str:
    parts = [f'<section id="since-last"><h2>{since.title}</h2><p>{h(since.intro)}</p>']
    for heading, rows in since.sections():
        items = "".join(f'<li><em>{html.escape(action)}:</em> {h(what)}</li>'
                        for action, what in rows)
        parts.append(f'<h3>{html.escape(heading)}</h3><ul>{items}</ul>')
    return "".join(parts) + "</section>"


def h_actor(actor: Actor) -> str:
    text = f"<strong>{h(actor.name)}</strong>"
    if actor.role:
        text += f", {h(actor.role)}"
    if actor.kind != "person":
        text += f' <span class="kind">{html.escape(actor.kind)}</span>'
    return text


def h_country(index: Lookups, country: Country) -> str:
    parts = [f'<article class="card country" id="country-{html.escape(country.code.lower())}">']
    badges = "".join(f'<span class="badge">{h(m)}</span>' for m in country.memberships)
    parts.append(
        f'<h3>{h(country.name)} <span class="code">{html.escape(country.code)}</span>'
        f"{' ' + badges if badges else ''}</h3>"
    )
    if country.summary:
        parts.append(h_block(country.summary))
    positions = [p for p in index.briefing.positions if p.country == country.code]
    if positions:
        parts.append('<h4>Stances</h4><ul class="stances">')
        for position in positions:
            item = f"{stance_tag(position.stance)} <strong>{h(index.topic_title(position.topic))}</strong>"
            if position.summary:
                item += f" — {h(position.summary)}"
            item += h_basis(position.basis, position.note)
            parts.append(f"<li>{item}{h_evidence(position.evidence)}</li>")
        parts.append("</ul>")
    actors = index.actors_of(country.code)
    if actors:
        parts.append('<h4>Actors</h4><ul class="actors">')
        parts.append("".join(f"<li>{h_actor(actor)}</li>" for actor in actors))
        parts.append("</ul>")
    parts.append("</article>")
    return "".join(parts)


def h_positions(index: Lookups) -> str:
    briefing = index.briefing
    parts = ['<section id="positions"><h2>Positions</h2>']
    parts.append('<h3>Topics</h3><dl class="topics">')
    for topic in briefing.topics:
        parts.append(f"<dt>{h(topic.title)}</dt>")
        if topic.summary:
            parts.append(f"<dd>{h(topic.summary)}</dd>")
    parts.append("</dl>")
    parts.append('<div class="table-wrap"><table class="matrix">')
    parts.append("<caption>Each country’s stance on each topic</caption>")
    header = "".join(f'<th scope="col">{h(topic.title)}</th>' for topic in briefing.topics)
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
                    f"{html.escape(position.stance.label + Basis(position.basis).mark)}</td>"
                )
        parts.append(
            f'<tr><th scope="row"><a href="#country-{html.escape(country.code.lower())}">'
            f'{h(country.name)}</a> <span class="code">{html.escape(country.code)}</span></th>'
            f"{''.join(cells)}</tr>"
        )
    parts.append("</tbody></table></div>")

    legend = "".join(
        f"<li>{stance_tag(stance)} {html.escape(stance.meaning)}</li>" for stance in Stance
    )
    legend += f'<li><span class="stance none">{NO_POSITION}</span> no position recorded</li>'
    if any(p.basis == "inferred" for p in briefing.positions):
        legend += f"<li>{html.escape(INFERRED_LEGEND)}</li>"
    parts.append(f'<h3>Legend</h3><ul class="legend">{legend}</ul>')

    parts.append('<h3>Positions per stance</h3><div class="table-wrap"><table class="counts">')
    head = "".join(f'<th scope="col">{stance_tag(stance)}</th>' for stance in Stance)
    parts.append(f'<thead><tr><th scope="col">Topic</th>{head}<th scope="col">Total</th></tr></thead><tbody>')
    for topic in briefing.topics:
        counts = stance_counts(briefing, topic.id)
        row = "".join(
            f'<td class="{"zero" if not counts[stance] else ""}">{counts[stance]}</td>' for stance in Stance
        )
        parts.append(
            f'<tr><th scope="row">{h(topic.title)}</th>{row}<td>{sum(counts.values())}</td></tr>'
        )
    total = stance_counts(briefing)
    totals = "".join(f"<td>{total[stance]}</td>" for stance in Stance)
    parts.append(
        f'</tbody><tfoot><tr><th scope="row">All topics</th>{totals}'
        f"<td>{len(briefing.positions)}</td></tr></tfoot></table></div>"
    )
    parts.append("</section>")
    return "".join(parts)


def h_statement(index: Lookups, statement: Statement) -> str:
    briefing = index.briefing
    cls = "quote direct" if statement.is_direct else "quote reported"
    parts = [f'<figure class="{cls}">']
    if statement.is_direct:
        parts.append(f"<blockquote><p>“{h(statement.text)}”</p></blockquote>")
    else:  # a paraphrase is never dressed as a quotation
        parts.append(
            f'<blockquote><p><span class="paraphrase">{PARAPHRASE}</span> {h(statement.text)}'
            "</p></blockquote>"
        )
    parts.append(
        f"<figcaption>— <span class=\"speaker\">{h(index.speaker_byline(statement))}</span>"
        f" — <cite>{h(cited_source(briefing, statement))}</cite></figcaption>"
    )
    details = []
    if statement.when:
        details.append(f"When: {h(statement.when)}")
    if statement.topics:
        details.append("Topics: " + ", ".join(h(index.topic_title(t)) for t in statement.topics))
    if details:
        parts.append(f'<p class="meta">{" · ".join(details)}</p>')
    parts.append(h_evidence(statement.evidence))
    parts.append("</figure>")
    return "".join(parts)


def h_risk(index: Lookups, risk: Risk) -> str:
    parts = ['<article class="card risk">', f"<h3>{h(risk.title)}</h3>"]
    if risk.summary:
        parts.append(h_block(risk.summary))
    rows = []
    if risk.likelihood is not None:
        label = risk.likelihood.label
        rows.append(
            f"<dt>Likelihood</dt><dd>{h_meter(risk.likelihood.rank, 7, label)} "
            f"{html.escape(label)} <span class=\"muted\">({risk.likelihood.rank + 1} of 7)</span></dd>"
        )
    if risk.confidence is not None:
        rank = ["low", "moderate", "high"].index(risk.confidence.value)
        rows.append(
            f"<dt>Confidence</dt><dd>{h_meter(rank, 3, risk.confidence.value)} "
            f"{html.escape(risk.confidence.value)}</dd>"
        )
    if risk.impact is not None:
        rows.append(
            f"<dt>Impact</dt><dd>{h_meter(risk.impact.rank, 3, risk.impact.value)} "
            f"{html.escape(risk.impact.value)}</dd>"
        )
    if risk.raised_by:
        raised = "; ".join(
            h_actor(index.actors[a]) if a in index.actors else h(a) for a in risk.raised_by
        )
        rows.append(f"<dt>Raised by</dt><dd>{raised}</dd>")
    if rows:
        parts.append(f'<dl class="facts">{"".join(rows)}</dl>')
    parts.append(h_evidence(risk.evidence))
    parts.append("</article>")
    return "".join(parts)


def h_source(source: Source) -> str:
    parts = [f"<li><strong>{h(source.title)}</strong>"]
    extra = []
    if source.outlet:
        extra.append(h(source.outlet))
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
            url = h(source.url)
            parts.append(f'<p><a href="{url}" rel="noreferrer noopener">{url}</a></p>')
        else:
            parts.append(f"<p>URL: {h(source.url)}</p>")
    if source.file:
        parts.append(f'<p class="muted">Source text: <code>{h(source.file)}</code></p>')
    parts.append("</li>")
    return "".join(parts)


