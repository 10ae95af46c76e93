"""The ``briefing`` command: open the reader, or check, export and search briefings.

Only the ``open`` path imports Textual; every other subcommand runs headless. Opening the
reader with nothing but paths and ``--fresh`` skips argparse (see :func:`_quick_open`), so the
reader's start-up does not pay for building the parser; ``json`` is imported where it is used.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__

if TYPE_CHECKING:
    import argparse


from tui.format.problems import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

SUBCOMMANDS = ("check", "schema", "export", "quotes", "diff", "draft", "cache", "open")

_DESCRIPTION = """\
A terminal reader for curated news briefings.

  briefing [PATH ...] [--fresh]  open briefings (files or folders; default: the bundled library)
  briefing check [PATH ...]      validate briefings and verify their evidence
  briefing schema                print the format's JSON Schema
  briefing export [PATH] ...     write a briefing as Markdown, JSON or HTML
  briefing quotes QUERY [PATH]   search quotes without the reader
  briefing diff OLD NEW          what changed between two briefings of a story
  briefing draft ARTICLE.txt     draft a briefing from a plain-text article
  briefing cache [--clear]       what the cache folder holds (or delete it all)

Run 'briefing COMMAND --help' for a command's options. A file named like a command is opened
with a path: 'briefing ./check'.
"""


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse that exits with 2 and one line on a usage error (argparse imported here)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")

    return _Parser


def _paths_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", default=[], help=help_text)


def build_parser() -> argparse.ArgumentParser:
    """The command line, with a subparser per command."""
    import argparse

    _Parser = _parser_class()
    parser = _Parser(
        prog="briefing",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    open_ = commands.add_parser("open", help="open briefings in the reader (the default)")
    _paths_argument(open_, "briefing files or folders (default: the bundled library)")
    open_.add_argument("--fresh", action="store_true", help="start clean: ignore the saved state")

    check = commands.add_parser(
        "check",
        help="validate briefings and verify their evidence",
        description=(
            "Validate briefing files and verify every evidence excerpt against its source. "
            "Exit 0 when all are valid (notices, such as an excerpt found in a source that "
            "changed since it was curated, never fail), 1 when problems were found, 2 for a "
            "usage error or a path that cannot be read."
        ),
    )
    _paths_argument(check, "briefing files or folders (default: the bundled library)")
    check.add_argument(
        "--update-sources", action="store_true",
        help="record each source file's sha256 in briefings whose excerpts all verify "
             "(only the hash lines change)",
    )

    commands.add_parser("schema", help="print the format's JSON Schema")

    export = commands.add_parser("export", help="write a briefing as Markdown, JSON or HTML")
    export.add_argument("path", nargs="?", type=Path, metavar="PATH",
                        help="a briefing file (default: the bundled briefing)")
    export.add_argument("--format", "-f", choices=("markdown", "json", "html"), default="markdown",
                        help="output format (default: markdown)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE instead of standard output")

    quotes = commands.add_parser(
        "quotes",
        help="search statements from the command line",
        description=(
            "Search statements as the reader does: words ANDed, case and accents ignored, "
            '"quoted phrases", filters speaker: country: topic: kind: briefing: '
            "credibility: (1-6, the words of a grade, or unrated). "
            "Exit 1 when nothing matches."
        ),
    )
    quotes.add_argument("query", metavar="QUERY")
    _paths_argument(quotes, "briefing files or folders (default: the bundled library)")
    quotes.add_argument("--json", action="store_true", help="print JSON Lines")
    quotes.add_argument("--limit", type=int, default=0, metavar="N",
                        help="print at most N results (default: all)")

    diff = commands.add_parser(
        "diff",
        help="what changed between two briefings (stances, statements, risks ...)",
        description=(
            "The changes from OLD to NEW in terms of the format: stances per country and topic, "
            "positions, statements, debate sides, risks and their ratings, caveats, countries "
            "and actors added or removed. Exit 0 when nothing changed, 1 when something did, "
            "2 for an error (a file that does not load)."
        ),
    )
    diff.add_argument("old", type=Path, metavar="OLD", help="the earlier briefing file")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later briefing file")
    diff.add_argument("--json", action="store_true", help="print one JSON object per change")
    draft = commands.add_parser(
        "draft",
        help="draft a briefing from a plain-text article",
        description=(
            "Write a draft briefing from a plain-text article: its quotes, speakers, reported "
            "speech and countries, every item marked 'draft: true' for review. The draft passes "
            "'briefing check', which lists the drafted items as notices. Exit 0 when written, "
            "1 when nothing could be drafted, 2 for a usage error or an unreadable article."
        ),
    )
    draft.add_argument("article", type=Path, metavar="ARTICLE",
                       help="the article, a UTF-8 text file (its first line is the title)")
    draft.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="the briefing to write (default: ARTICLE with the suffix .yaml); "
                            "the article must be in its folder or below")
    draft.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    cache = commands.add_parser(
        "cache", help="what the cache folder holds, or clear it",
        description="The cache of loaded briefings and library snapshots (the folder is "
                    "$BRIEFING_CACHE_DIR or the platform's cache folder). Entries unused for "
                    "30 days, or beyond 1 GiB, are pruned by themselves.")
    action = cache.add_mutually_exclusive_group()
    action.add_argument("--info", action="store_true",
                        help="print the folder, its entries, snapshots and sizes (the default)")
    action.add_argument("--clear", action="store_true",
                        help="delete every entry and snapshot (the next start is cold)")
    return parser


def _default_paths(paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    from tui.library.files import bundled_library

    return [bundled_library()]


def cmd_check(paths: list[Path], *, update_sources: bool = False) -> int:
    """Validate files, print every problem and notice and a summary line (see
    :mod:`tui.library.check`)."""
    from tui.library.check import cmd_check as check

    return check(_default_paths(paths), update_sources=update_sources)


def cmd_quotes(query: str, paths: list[Path], *, as_json: bool, limit: int) -> int:
    """Search statements like the reader (see :mod:`tui.library.quotes`)."""
    from tui.library.quotes import cmd_quotes as quotes

    return quotes(query, _default_paths(paths), as_json=as_json, limit=limit)


def cmd_cache(*, clear: bool) -> int:
    """``briefing cache``: report what the cache holds, or clear it."""
    from tui.library import upkeep

    if clear:
        from tui.format.wording import plural

        entries, snapshots = upkeep.clear()
        print(f"removed {plural(entries, 'entry', 'entries')} and "
              f"{plural(snapshots, 'snapshot')} from {upkeep.info().folder}")
        return EXIT_OK
    print("\n".join(upkeep.info().lines()))
    return EXIT_OK


def cmd_schema() -> int:
    """Print the JSON Schema of the format."""
    import json

    from tui.format.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_open(paths: list[Path], *, fresh: bool, ends_process: bool = False) -> int:
    """Open the reader, on a terminal only: written to a file or a pipe it would hang there
    writing escape codes (``ends_process``: the process ends when it quits, see :func:`_left`)."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        what = "standard output" if not sys.stdout.isatty() else "standard input"
        print(f"briefing: error: the reader needs a terminal, and {what} is not one "
              "(to write a briefing out: 'briefing export'; to search: 'briefing quotes')",
              file=sys.stderr)
        return EXIT_USAGE
    from tui.library.files import find_briefings
    from tui.reader.run import run_reader

    chosen = _default_paths(paths)
    files, unreadable = find_briefings(chosen)
    if unreadable:
        for problem in unreadable:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    if not files:
        from tui.format.sanitize import printable

        print("briefing: error: no briefing files found in "
              + printable(", ".join(map(str, chosen))), file=sys.stderr)
        return EXIT_PROBLEMS
    return run_reader(files, explicit=[p for p in chosen if not p.is_dir()], fresh=fresh,
                      ends_process=ends_process)


def _quick_open(args: list[str]) -> tuple[list[Path], bool] | None:
    """``open``'s paths and ``--fresh`` when that is all ``args`` hold (as argparse reads
    them), else None: then argparse parses them (options, help, usage errors)."""
    if args[0] != "open":
        return None
    rest = args[1:]
    at = [index for index, arg in enumerate(rest) if arg != "--fresh"]
    if any(rest[index].startswith("-") for index in at):
        return None
    if at and at[-1] - at[0] + 1 != len(at):
        return None  # paths on both sides of --fresh: argparse says it is a usage error
    return [Path(rest[index]) for index in at], len(at) < len(rest)


def _left(code: int, *, at_once: bool) -> int:
    """The reader's exit status; as a command (``at_once``), the process ends here.

    Once the reader has quit, its state is saved, its terminal restored and its threads done;
    what is left is the interpreter freeing the reader's objects one by one, a quarter of a
    second after a long session, between the quit key and the shell's prompt. Standard output
    and error are flushed, then the process ends without that.
    """
    if not at_once:
        return code
    import contextlib
    import os

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
def _mistyped_command(word: str) -> str | None:
    """The command ``word`` was probably meant to be, if it is neither a command nor a path
    (a bare argument is a path to open: only one that does not exist and looks like no path
    is taken for a mistyped command)."""
    if word.startswith("-") or "/" in word or "\\" in word or "." in word or Path(word).exists():
        return None
    import difflib

    close = difflib.get_close_matches(word.lower(), SUBCOMMANDS, n=1, cutoff=0.6)
    return close[0] if close else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``briefing`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in SUBCOMMANDS:
        meant = _mistyped_command(args[0])
        if meant is not None:
            from tui.format.sanitize import printable

            print(f"briefing: '{printable(args[0])}' is not a command or a file; "
                  f"did you mean '{meant}'?", file=sys.stderr)
            return EXIT_USAGE
    if not args or (args[0] not in SUBCOMMANDS and args[0] not in ("-h", "--help", "--version")):
        args = ["open", *args]
    quick = _quick_open(args)
    if quick is None:
        parser = build_parser()
        options, extra = parser.parse_known_args(args)
        # Paths after an option ("quotes WORD --json DIR"): argparse has given out the
        # positional list already, so they come back unrecognised; they are paths all the same.
        if extra and hasattr(options, "paths") and not any(a.startswith("-") for a in extra):
            options.paths = [*options.paths, *map(Path, extra)]
        elif extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if quick is not None:  # the reader's start-up: no parser to build
            paths, fresh = quick
            return _left(cmd_open(paths, fresh=fresh, ends_process=argv is None),
                         at_once=argv is None)
        if options.command == "check":
            return cmd_check(options.paths, update_sources=options.update_sources)
        if options.command == "schema":
            return cmd_schema()
        if options.command == "export":
            from tui.export.command import cmd_export

            return cmd_export(options.path, options.format, options.output)
        if options.command == "cache":
            return cmd_cache(clear=options.clear)
        if options.command == "diff":
            from tui.format.diff_command import cmd_diff

            return cmd_diff(options.old, options.new, as_json=options.json)
        if options.command == "draft":
            from tui.draft.command import cmd_draft

            return cmd_draft(options.article, options.output, force=options.force)
        if options.command == "quotes":
            if options.limit < 0:
                parser.error("--limit must be 0 (no limit) or more")
            return cmd_quotes(options.query, options.paths, as_json=options.json, limit=options.limit)
        return _left(cmd_open(options.paths, fresh=options.fresh, ends_process=argv is None),
                     at_once=argv is None)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last resort: one line, never a traceback
        from tui.format.sanitize import printable

        print(f"briefing: internal error: {printable(f'{type(error).__name__}: {error}')}",
              file=sys.stderr)
        return EXIT_PROBLEMS
