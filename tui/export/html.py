"""HTML export: one self-contained page (inline CSS from ``html.css``, no scripts, no requests).

Every piece of data is escaped; control, bidi and invisible characters become visible
stand-ins (``printable``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from tui.export.common import (
    briefing_of,
)
from tui.export.html_items import (
    h,
    h_actor,
    h_basis,
    h_block,
    h_country,
    h_evidence,
    h_positions,
    h_risk,
    h_since,
    h_source,
    h_statement,
    stance_tag,
)
from tui.format.document import Document
from tui.format.model import Briefing
from tui.format.story import SinceLast
from tui.format.wording import plural


@cache
def stylesheet() -> str:
    """The page's CSS (a package file, ``tui/export/html.css``)."""
    return resources.files("tui.export").joinpath("html.css").read_text(encoding="utf-8")

def to_html(document: Document | Briefing, since: SinceLast | None = None) -> str:
    """The whole briefing as one self-contained HTML page: inline CSS, no scripts, no requests;
    with ``since`` (a briefing of a story), a "Since the last briefing" section."""
    briefing = briefing_of(document)
    index = briefing.lookups
    out: list[str] = []
    add = out.append

    sections: list[tuple[str, str]] = [("summary", "Summary")]
    if briefing.key_points:
        sections.append(("key-points", "Key points"))
    if since is not None:
        sections.append(("since-last", since.title))
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
    add(f"<title>{h(briefing.title)}</title>")
    add(f"<style>\n{stylesheet()}</style>")
    add("</head>")
    add("<body>")
    add("<main>")

    # Header: title, date, bottom line, contents.
    add("<header>")
    add('<p class="kicker">Briefing</p>')
    add(f"<h1>{h(briefing.title)}</h1>")
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
        add(f'<aside class="bluf"><h2>Bottom line</h2><p>{h(briefing.bluf)}</p></aside>')
    nav = "".join(f'<li><a href="#{anchor}">{title}</a></li>' for anchor, title in sections)
    add(f'<nav aria-label="Contents"><ol>{nav}</ol></nav>')
    add("</header>")

    add('<section id="summary"><h2>Summary</h2>')
    add(h_block(briefing.summary))
    add("</section>")

    if briefing.key_points:
        add('<section id="key-points"><h2>Key points</h2><ul class="key-points">')
        add("".join(f"<li>{h(point)}</li>" for point in briefing.key_points))
        add("</ul></section>")

    if since is not None:
        add(h_since(since))

    add('<section id="countries"><h2>Countries</h2>')
    for country in briefing.countries:
        add(h_country(index, country))
    others = index.actors_of(None)
    if others:
        add('<article class="card"><h3>International and other actors</h3><ul class="actors">')
        add("".join(f"<li>{h_actor(actor)}</li>" for actor in others))
        add("</ul></article>")
    add("</section>")

    if briefing.topics:
        add(h_positions(index))

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
                add(h_statement(index, statement))
        add("</section>")

    if briefing.debates:
        add('<section id="debates"><h2>Debates</h2>')
        for debate in briefing.debates:
            add('<article class="card">')
            add(f"<h3>{h(debate.title)}</h3>")
            if debate.topic:
                add(f'<p class="meta">Topic: {h(index.topic_title(debate.topic))}</p>')
            if debate.summary:
                add(h_block(debate.summary))
            add(h_evidence(debate.evidence))
            if debate.sides:
                add('<h4>Sides</h4><ul class="sides">')
                for side in debate.sides:
                    item = f'{stance_tag(side.stance)} <strong>{h(index.party(side))}</strong>'
                    if side.summary:
                        item += f" — {h(side.summary)}"
                    item += h_basis(side.basis, side.note)
                    add(f"<li>{item}{h_evidence(side.evidence)}</li>")
                add("</ul>")
            add("</article>")
        add("</section>")

    if briefing.risks:
        add('<section id="risks"><h2>Risks</h2>')
        for risk in briefing.risks:
            add(h_risk(index, risk))
        add("</section>")

    if briefing.caveats:
        add('<section id="caveats"><h2>Caveats</h2><ol class="caveats">')
        for caveat in briefing.caveats:
            add(f"<li><p>{h(caveat.text)}</p>{h_evidence(caveat.evidence)}</li>")
        add("</ol></section>")

    add('<section id="sources"><h2>Sources</h2><ol class="sources">')
    for source in briefing.sources:
        add(h_source(source))
    add("</ol></section>")

    add(
        f'<footer><p>Briefing <code>{h(briefing.id)}</code>, format version '
        f"{briefing.format}. Exported by <em>briefing</em>.</p></footer>"
    )
    add("</main>")
    add("</body>")
    add("</html>")
    return "\n".join(part for part in out if part) + "\n"
