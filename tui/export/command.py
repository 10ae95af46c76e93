"""``briefing export``: choose the briefing, render it, write it (atomically) or print it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from tui.export.as_json import to_json
from tui.export.html import to_html
from tui.export.markdown import to_markdown
from tui.format.document import Document
from tui.format.sanitize import printable
from tui.format.story import SinceLast
from tui.library.atomic import NotARegularFile, ReadOnlyFile, write_atomically

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

FORMATS = ("markdown", "json", "html")

RENDERERS: dict[str, Callable[[Document, SinceLast | None], str]] = {
    "markdown": to_markdown,
    "json": lambda document, _since: to_json(document),  # the model as it is, nothing added
    "html": to_html,
}


def _error(message: str) -> None:
    print(f"briefing export: error: {printable(message)}", file=sys.stderr)


def _kind(path: Path) -> str:
    """What ``path`` is, when it is not a regular file that may be replaced."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "not a regular file"
    if stat.S_ISLNK(mode):
        return "is a symbolic link, not a regular file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISREG(mode):
        return "is read-only"
    return "not a regular file"


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


def since_last_briefing(document: Document) -> SinceLast | None:
    """The changes since the previous briefing of ``document``'s story, looked for in its
    folder (None without a story, or for its first briefing). Files of the story that do not
    load are told on stderr, and left out."""
    from tui.format.story import since_last
    from tui.library.files import find_briefings
    from tui.library.stories import story_documents

    story = document.briefing.story
    if story is None:
        return None
    files, _ = find_briefings([document.path.parent])
    own = document.path.resolve()

    def load(path: Path) -> tuple[Document | None, list]:
        if path.resolve() == own:
            return document, []
        from tui.library.cache import load_cached_safely

        return load_cached_safely(path)

    documents, problems = story_documents(files, story, load=load)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        _warn(f"{len(problems)} file(s) of the folder that may be of story '{printable(story)}' "
              "did not load: 'since the last briefing' leaves them out")
    return since_last(document.briefing, [d.briefing for d in documents])


def _warn(message: str) -> None:
    print(f"briefing export: warning: {message}", file=sys.stderr)


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
    since = since_last_briefing(document) if fmt != "json" else None
    data = renderer(document, since).encode("utf-8")
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
    except (NotARegularFile, ReadOnlyFile):
        _error(f"{output}: {_kind(output)}; not replacing it")
        return EXIT_USAGE
    except OSError as error:
        _error(f"{output}: cannot write: {error.strerror or error}")
        return EXIT_USAGE
    print(f"wrote {fmt} export of '{printable(document.briefing.id)}' to {printable(str(output))}",
          file=sys.stderr)
    return EXIT_OK

