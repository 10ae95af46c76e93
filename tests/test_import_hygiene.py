"""The headless modules (model, loader, check, ...) never import Textual."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

HEADLESS_PACKAGES = ("tui.format", "tui.search", "tui.library", "tui.export", "tui.draft")
"""Every layer below the reader (the import-linter contracts in pyproject.toml say the same)."""


def _modules() -> list[str]:
    """Every module of the headless layers, found in the package itself, and the CLI."""
    root = Path(tui.__file__).parent
    found = ["tui.cli"]
    for package in HEADLESS_PACKAGES:
        folder = root.joinpath(*package.split(".")[1:])
        found.extend(f"{package}.{info.name}" for info in pkgutil.iter_modules([str(folder)]))
    return found


def test_every_layer_is_a_package_the_hygiene_test_knows():
    """A new layer folder must be added above (and to the contracts), not missed."""
    root = Path(tui.__file__).parent
    layers = {f"tui.{p.name}" for p in root.iterdir() if (p / "__init__.py").is_file()}
    assert layers - set(HEADLESS_PACKAGES) - {"tui.briefings"} == {"tui.reader"}


def _imported(modules: list[str], *, after: str = "") -> dict:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"{after}\n"
        "print(json.dumps({'textual': sorted(m for m in sys.modules if m == 'textual' "
        "or m.startswith('textual.')), 'tui': sorted(m for m in sys.modules if m.startswith('tui'))}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_headless_modules_do_not_import_textual():
    modules = _modules()
    imported = _imported(modules)
    assert set(modules) <= set(imported["tui"])
    assert imported["textual"] == []


def test_check_command_does_not_import_textual(tmp_path):
    after = (
        "import contextlib, io\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['check']) == 0\n"
        "    assert main(['schema']) == 0\n"
    )
    imported = _imported(["tui.cli"], after=after)
    assert "tui.format.loader" in imported["tui"]
    assert imported["textual"] == []


def test_the_probe_can_see_textual():
    """Guard: the probe would notice Textual if it were imported."""
    imported = _imported(["textual"])
    assert "textual" in imported["textual"]


def test_first_frame_imports_stay_light():
    """What ``briefing`` imports before its first frame: no parser, no validation, no tabs
    (they are imported after it; see BriefingApp.compose)."""
    code = (
        "import sys\n"
        "import tui.cli, tui.library.files, tui.reader.run, tui.reader.app\n"
        "heavy = ['argparse', 'pydantic', 'yaml', 'numpy', 'textual.widgets._tabbed_content',\n"
        "         'textual.widgets._footer', 'tui.reader.views.summary', 'tui.reader.state']\n"
        "print(' '.join(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_a_few_briefings_open_from_the_cache_without_numpy(tmp_path, cache_dir):
    """numpy (70 ms or more to import) is for loading files and merging large libraries: the
    start of a few briefings already in the cache never imports it."""
    from helpers import BRIEFING, write_briefing

    folder = tmp_path / "library"
    for number in range(3):
        write_briefing(folder / f"b{number}",
                       text=BRIEFING.replace("id: test-briefing", f"id: b{number}"))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tui.library.ingest import open_library\n"
        f"opened = open_library(sorted(Path({str(folder)!r}).glob('*/*.yaml')), workers=0)\n"
        "assert len(opened.files) == 3 and opened.index.search('talks').count, opened.problems\n"
        "print(opened.way, 'numpy' in sys.modules)\n"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    assert runs[0].stdout.split() == ["entries", "True"]  # loaded from the files: segments made
    assert runs[1].stdout.split() == ["entries", "False"]  # from the cache: merged plainly
