"""``briefing draft ARTICLE [-o FILE] [--force]``: write a draft briefing from an article."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tui.draft.build import Counts, build, counted, slug
from tui.draft.reading import read_article
from tui.draft.writer import to_yaml
from tui.format.loader import load_safely, read_text
from tui.format.problems import BriefingError
from tui.format.sanitize import printable

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _error(message: str) -> None:
    print(f"briefing: error: {printable(message)}", file=sys.stderr)


def draft_text(text: str, *, source_file: str, briefing_id: str, article_name: str
               ) -> tuple[str, Counts]:
    """The YAML of a draft briefing of ``text`` (no files read or written)."""
    data, counts = build(read_article(text), briefing_id=briefing_id, source_file=source_file,
                         article_name=article_name)
    return to_yaml(data), counts


def _relative(article: Path, output: Path) -> str | None:
    """The article's path from the output's folder, or None when it is not inside it."""
    folder = output.parent.resolve()
    target = article.resolve()
    try:
        return target.relative_to(folder).as_posix()
    except ValueError:
        return None


def _write(path: Path, text: str, *, force: bool) -> str | None:
    """Write ``text`` (atomically when replacing a file); the reason it failed, or None."""
    if not force:
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            return f"{path} exists; use --force to overwrite it"
        except OSError as error:
            path.unlink(missing_ok=True)
            return f"cannot write {path}: {error.strerror or error}"
        return None
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                                 suffix=".part")
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        return f"cannot write {path}: {error.strerror or error}"
    return None


def cmd_draft(article: Path, output: Path | None, *, force: bool) -> int:
    """Draft a briefing from ``article`` into ``output`` (default: beside it, ``.yaml``)."""
    output = output if output is not None else article.with_suffix(".yaml")
    if article.resolve() == output.resolve():
        _error(f"{output} is the article itself; choose another output with -o")
        return EXIT_USAGE
    if output.exists() and not force:
        _error(f"{output} exists; use --force to overwrite it")
        return EXIT_USAGE
    if output.is_dir():
        _error(f"{output} is a directory; -o takes the briefing file to write")
        return EXIT_USAGE
    if not output.parent.is_dir():
        _error(f"{output.parent} is not a folder")
        return EXIT_USAGE
    try:
        text = read_text(article)
    except BriefingError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    relative = _relative(article, output)
    if relative is None:
        _error(
            f"{output} would be outside the article's folder tree: a briefing reads its source "
            f"only from its own folder and below, so write it in {article.parent} or a folder "
            "above it"
        )
        return EXIT_USAGE
    if not text.strip():
        _error(f"{article}: the article is empty")
        return EXIT_PROBLEMS
    briefing_id = slug(output.stem, "draft")
    if not briefing_id[0].isalnum():
        briefing_id = "draft-" + briefing_id
    yaml_text, counts = draft_text(text, source_file=relative, briefing_id=briefing_id,
                                   article_name=article.name)
    if not counts.countries:
        _error(
            f"{article}: no country is named in the article, and a briefing needs at least one; "
            "nothing written"
        )
        return EXIT_PROBLEMS
    reason = _write(output, yaml_text, force=force)
    if reason is not None:
        _error(reason)
        return EXIT_USAGE
    document, problems = load_safely(output)
    if document is None:  # a bug of the draft's rules: say so, keep the file to fix by hand
        for problem in problems:
            print(problem, file=sys.stderr)
        _error(f"the draft {output} does not pass 'briefing check' (a bug; please report it)")
        return EXIT_PROBLEMS
    print(
        f"wrote {printable(str(output))}: {counted(counts.direct, 'direct quotation')} "
        f"({counts.unknown} without a speaker), {counted(counts.reported, 'reported statement')}, "
        f"{counted(counts.actors, 'actor')}, {counted(counts.countries, 'country', 'countries')}"
        + (f", {counted(counts.unattributed, 'quoted phrase')} left for review in a caveat"
           if counts.unattributed else "")
        + "; every item is marked 'draft: true' for review ('briefing check' lists them)"
    )
    return EXIT_OK
