"""``briefing export``: Markdown, JSON and HTML of a briefing, and the command's exit codes.

Golden files live in ``tests/golden/``; regenerate them with ``UPDATE_GOLDEN=1 pytest``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.export.as_json import to_json
from tui.export.html import to_html
from tui.export.markdown import to_markdown
from tui.format.document import Document
from tui.format.loader import load
from tui.format.model import Briefing
from tui.library.files import bundled_library, find_briefings

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def bundled_path() -> Path:
    files, _ = find_briefings([bundled_library()])
    return files[0]


@pytest.fixture(scope="module")
def bundled() -> Document:
    return load(bundled_path())


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tui", "export", *args],
        capture_output=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=60,
    )


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file; run with UPDATE_GOLDEN=1"


# --------------------------------------------------------------------------------------------
# Golden files of the bundled briefing


@pytest.mark.parametrize(
    ("render", "name"),
    [(to_markdown, "nato-ground-troops.md"), (to_json, "nato-ground-troops.json"),
     (to_html, "nato-ground-troops.html")],
    ids=["markdown", "json", "html"],
)
def test_golden(bundled: Document, render, name: str) -> None:
    check_golden(name, render(bundled))


def test_markdown_is_a_complete_document(bundled: Document) -> None:
    text = to_markdown(bundled)
    briefing = bundled.briefing
    assert text.startswith(f"# {briefing.title}\n")
    for heading in ("## Summary", "## Key points", "## Countries", "## Positions", "## Quotes",
                    "## Debates", "## Risks", "## Caveats", "## Sources"):
        assert f"\n{heading}\n" in text
    for country in briefing.countries:
        assert f"### {country.name} ({country.code})" in text
    assert ("- “nothing should be ruled out” — Emmanuel Macron, President of France — "
            "NATO allies rule out ground troops for Ukraine after Macron remark") in text
    assert "John Kirby, White House spokesperson (reported by NY Times) — " in text
    assert "| France (FR) | open to it | supports | supports | · | · |" in text
    assert "| **All topics** | **5** | **1** | **0** | **7** | **3** | **16** |" in text
    assert "Likelihood: **unlikely (3 of 7)**" in text
    assert "reliability F (reliability cannot be judged)" in text


def test_quotes_read_as_the_reader_cites_them(bundled: Document) -> None:
    """Each quote line of the Markdown is the citation the reader copies (``tui.format.citation``)."""
    citation = pytest.importorskip("tui.format.citation").citation
    text = to_markdown(bundled)
    for statement in bundled.briefing.statements:
        assert f"\n- {citation(bundled, statement)}\n" in text


def test_html_is_self_contained(bundled: Document) -> None:
    page = to_html(bundled)
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "prefers-color-scheme: dark" in page
    lowered = page.lower()
    for needle in ("<script", "<link", "<img", "src=", "@import", "url("):
        assert needle not in lowered
    assert 'class="matrix"' in page
    assert '<td class="stance-open" ' in page and ">open to it</td>" in page
    assert "Reliability cannot be judged (Admiralty scale F)" in page


# --------------------------------------------------------------------------------------------
# JSON round trip


def test_json_validates_back_unchanged(bundled: Document) -> None:
    assert Briefing.model_validate_json(to_json(bundled)) == bundled.briefing


def test_json_loads_back_as_a_briefing_file(bundled: Document, tmp_path: Path) -> None:
    for source in bundled.briefing.sources:
        if source.file:
            shutil.copy(bundled.path.parent / source.file, tmp_path / source.file)
    target = tmp_path / "x.yaml"
    target.write_text(to_json(bundled), encoding="utf-8")
    reloaded = load(target)
    assert reloaded.briefing == bundled.briefing
    assert reloaded.excerpts == bundled.excerpts


# --------------------------------------------------------------------------------------------
# Hostile text

SCRIPT = "<script>alert(1)</script>"
HOSTILE_QUOTE = f"{SCRIPT} [b]x[/b] **y** [@click=app.quit]"


def hostile_briefing(**changes: object) -> Briefing:
    data: dict = {
        "format": 1,
        "id": "hostile",
        "title": "Title <b>bold</b> & \u202eevil",
        "date": "2031-05-04",
        "bluf": "Bottom | line <img src=x onerror=alert(1)>",
        "summary": "# not a heading\n\n- not a list\n1. not a list either\n\nTab\there.",
        "key_points": ["> not a quote", "`code` and _em_ and &amp;"],
        "sources": [
            {"id": "wire", "title": "Wire <i>story</i>", "outlet": "Out|let",
             "published": "2031-05-03", "url": "javascript:alert(1)", "reliability": "B"},
            {"id": "web", "title": "Web", "url": "https://example.org/a?b=1&c=2"},
        ],
        "countries": [
            {"code": "FR", "name": "Fr|ance <x>", "memberships": ["NATO|EU"],
             "summary": "Says \u200bhidden things."},
            {"code": "DE", "name": "Germany"},
        ],
        "actors": [
            {"id": "ann", "name": "Ann <script>", "role": "[@click=quit] role", "country": "FR"},
            {"id": "org", "name": "Org", "kind": "organisation"},
        ],
        "topics": [{"id": "t", "title": "To|pic <t>", "summary": "About | it"}],
        "positions": [{"country": "FR", "topic": "t", "stance": "supports",
                       "summary": 'Sum "mary" <s>', "evidence": SCRIPT}],
        "statements": [
            {"id": "q", "speaker": "ann", "kind": "direct", "text": HOSTILE_QUOTE,
             "topics": ["t"], "when": "Noon <now>", "date": "2031-05-02", "reported_by": "B<B>C",
             "evidence": [SCRIPT, "[b]x[/b]"]},
            {"id": "r", "speaker": "org", "kind": "reported", "text": "Reported.",
             "source": "web", "evidence": "e"},
        ],
        "debates": [{"id": "d", "title": "Debate <d>", "topic": "t",
                     "sides": [{"actor": "ann", "stance": "opposes", "summary": "No <no>"},
                               {"country": "DE", "stance": "warns"}]}],
        "risks": [{"id": "k", "title": "Risk <k>", "likelihood": "even-chance",
                   "confidence": "moderate", "impact": "low", "raised_by": ["ann"]}],
        "caveats": [{"text": "Caveat <c> | \u202edanger"}],
    }
    data.update(changes)
    return Briefing.model_validate(data)


@pytest.fixture
def hostile() -> Document:
    return Document(path=Path("hostile.yaml"), briefing=hostile_briefing())


def test_html_escapes_hostile_text(hostile: Document) -> None:
    page = to_html(hostile)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<b>bold" not in lowered and "<i>story" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [b]x[/b] **y** [@click=app.quit]" in page
    assert "Ann &lt;script&gt;" in page
    # Bidi and invisible characters are shown, not obeyed.
    assert "\u202e" not in page and "\u200b" not in page
    assert "⟨U+202E⟩evil" in page and "⟨U+200B⟩hidden" in page
    # Only web addresses become links.
    assert 'href="javascript' not in lowered
    assert "URL: javascript:alert(1)" in page
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    # The citation, with every part present.
    assert (
        "“&lt;script&gt;alert(1)&lt;/script&gt; [b]x[/b] **y** [@click=app.quit]”</p></blockquote>"
        "<figcaption>— <span class=\"speaker\">Ann &lt;script&gt;, [@click=quit] role "
        "(reported by B&lt;B&gt;C)</span> — <cite>Wire &lt;i&gt;story&lt;/i&gt;, 2031-05-02</cite>"
        "</figcaption>"
    ) in page


def test_markdown_escapes_hostile_text(hostile: Document) -> None:
    text = to_markdown(hostile)
    assert SCRIPT not in text
    assert r"“\<script\>alert(1)\</script\> \[b\]x\[/b\] \*\*y\*\* \[@click=app.quit\]”" in text
    assert "\u202e" not in text and "⟨U+202E⟩evil" in text
    # Table cells: a pipe in data never splits a cell.
    assert r"| Country | To\|pic \<t\> |" in text
    assert r"| Fr\|ance \<x\> (FR) | supports |" in text
    assert "| Germany (DE) | · |" in text
    # Line-start markup in data stays text.
    assert "\n\\# not a heading\n" in text
    assert "\n\\- not a list\n" in text or "\\- not a list" in text
    assert "- \\> not a quote" in text
    assert r"\`code\` and \_em\_ and \&amp;" in text
    assert "<javascript" not in text and "URL: javascript:alert(1)" in text


def test_json_of_hostile_text_round_trips(hostile: Document, tmp_path: Path) -> None:
    text = to_json(hostile)
    assert "\u202e" not in text and "\\u202e" in text
    assert Briefing.model_validate_json(text) == hostile.briefing
    assert json.loads(text)["statements"][0]["text"] == HOSTILE_QUOTE
    target = tmp_path / "x.yaml"
    target.write_text(text, encoding="utf-8")
    assert load(target).briefing == hostile.briefing


def test_citation_date_falls_back(hostile: Document) -> None:
    briefing = hostile.briefing
    undated = briefing.statements[0].model_copy(update={"date": None})
    no_dates = briefing.model_copy(update={"statements": (undated, briefing.statements[1])})
    assert "story&lt;/i&gt;, 2031-05-03</cite>" in to_html(no_dates)  # the source's published date
    bare_source = briefing.sources[0].model_copy(update={"published": None, "outlet": None})
    fallback = no_dates.model_copy(update={"sources": (bare_source, briefing.sources[1])})
    assert "<cite>Wire &lt;i&gt;story&lt;/i&gt;, 2031-05-04</cite>" in to_html(fallback)
    undated_briefing = fallback.model_copy(update={"date": None})
    page = to_html(undated_briefing)
    assert "<cite>Wire &lt;i&gt;story&lt;/i&gt;</cite>" in page
    # A statement naming another source is cited with that source; no date anywhere.
    assert "— <span class=\"speaker\">Org</span> — <cite>Web</cite>" in page


# --------------------------------------------------------------------------------------------
# The command


def test_cli_default_is_the_bundled_briefing_as_markdown(bundled: Document) -> None:
    result = run_cli()
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == to_markdown(bundled)
    assert result.stderr == b""


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_cli_formats(bundled: Document, fmt: str) -> None:
    result = run_cli(str(bundled_path()), "--format", fmt)
    assert result.returncode == 0, result.stderr
    render = {"markdown": to_markdown, "json": to_json, "html": to_html}[fmt]
    assert result.stdout.decode("utf-8") == render(bundled)


def test_cli_output_file_is_written_atomically(bundled: Document, tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    result = run_cli("--format", "html", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert target.read_text(encoding="utf-8") == to_html(bundled)
    assert "wrote html export" in result.stderr.decode("utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.html"]  # no temp file left


def test_cli_problems_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: 1\nid: bad\ntitle: Bad\nsummary: s\nbogus: 1\n"
        "sources: [{id: s, title: S}]\ncountries: [{code: FR, name: France}]\n",
        encoding="utf-8",
    )
    result = run_cli(str(bad), "-o", str(tmp_path / "out.md"))
    assert result.returncode == 1
    assert result.stdout == b""
    lines = result.stderr.decode("utf-8").splitlines()
    assert lines and all(f"{bad}:" in line and ": error: " in line for line in lines)
    assert any("unknown key 'bogus'" in line for line in lines)
    assert not (tmp_path / "out.md").exists()


def test_cli_missing_path_exits_2(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert result.stdout == b""
    assert "no such file" in result.stderr.decode("utf-8")


def test_cli_unwritable_output_exits_2(tmp_path: Path) -> None:
    result = run_cli("-o", str(tmp_path / "missing-folder" / "out.md"))
    assert result.returncode == 2
    assert "cannot write" in result.stderr.decode("utf-8")


def test_cli_refuses_to_overwrite_the_briefing(tmp_path: Path) -> None:
    copy = tmp_path / "briefing.yaml"
    source = bundled_path()
    shutil.copy(source, copy)
    shutil.copy(source.parent / "source-article.txt", tmp_path / "source-article.txt")
    before = copy.read_bytes()
    result = run_cli(str(copy), "-f", "json", "-o", str(copy))
    assert result.returncode == 2
    assert copy.read_bytes() == before


def test_cli_unknown_format_exits_2() -> None:
    assert run_cli("--format", "pdf").returncode == 2


def test_export_does_not_import_textual() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from tui.export.as_json import to_json\n"
        "from tui.export.command import cmd_export\n"
        "from tui.export.html import to_html\n"
        "from tui.export.markdown import to_markdown\n"
        "from tui.format.loader import load\n"
        "from tui.library.files import bundled_library, find_briefings\n"
        "doc = load(find_briefings([bundled_library()])[0][0])\n"
        "to_markdown(doc); to_json(doc); to_html(doc)\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert cmd_export(None, 'json', None) == 0\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr.decode("utf-8")


def test_a_copied_briefing_looks_up_its_own_items(hostile: Document) -> None:
    """Look-ups are made once per briefing; a copy with other items must not reuse them."""
    briefing = hostile.briefing
    first = briefing.statements[0]
    assert briefing.lookups.statement(first.id) is first  # made, and kept on the original
    renamed = first.model_copy(update={"text": "another text"})
    copy = briefing.model_copy(update={"statements": (renamed, *briefing.statements[1:])})
    assert copy.lookups.statement(first.id) is renamed
    assert briefing.lookups.statement(first.id) is first


# --------------------------------------------------------------------------------------------
# Printing the HTML: every evidence excerpt is on paper


def _excerpts(briefing: Briefing) -> list[str]:
    found = [e for p in briefing.positions for e in p.evidence]
    found += [e for s in briefing.statements for e in s.evidence]
    for debate in briefing.debates:
        found += [*debate.evidence, *(e for side in debate.sides for e in side.evidence)]
    found += [e for r in briefing.risks for e in r.evidence]
    found += [e for c in briefing.caveats for e in c.evidence]
    return found


def test_html_prints_every_evidence_excerpt(bundled: Document) -> None:
    """A closed ``<details>`` prints as its summary alone: each excerpt is in a block that the
    print style shows (and the screen style hides), while the screen keeps it folded."""
    import html as html_module
    import re

    page = to_html(bundled)
    printed = re.findall(r'<div class="evidence evidence-print"><p>[^<]*</p><ul>(.*?)</ul></div>',
                         page)
    shown = [html_module.unescape(item) for block in printed
             for item in re.findall(r"<li>“(.*?)”</li>", block)]
    expected = [" ".join(excerpt.split()) for excerpt in _excerpts(bundled.briefing)]
    assert sorted(shown) == sorted(expected)
    print_rules = page[page.index("@media print"):]
    assert re.search(r"details\.evidence \{ display: none; \}", print_rules)
    assert re.search(r"\.evidence-print \{ display: block;", print_rules)
    assert ".evidence-print { display: none; }" in page[:page.index("@media print")]


def test_html_printed_by_chromium_holds_every_excerpt(bundled: Document, tmp_path: Path) -> None:
    """The real thing, where Chromium and pdftotext are installed: print to PDF, read it back."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("pdftotext") is None:
        pytest.skip("chromium or pdftotext is not installed")
    page = tmp_path / "briefing.html"
    page.write_text(to_html(bundled), encoding="utf-8")
    pdf = tmp_path / "briefing.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    flowing = " ".join(text.split()).replace("- ", "-")
    missing = [e for e in _excerpts(bundled.briefing) if " ".join(e.split()) not in flowing]
    assert not missing, f"{len(missing)} excerpts not printed, e.g. {missing[:3]}"
