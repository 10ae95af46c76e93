"""The layers hold: import-linter's contracts (pyproject.toml) are kept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    command = [str(lint_imports)] if lint_imports.exists() else [shutil.which("lint-imports")]
    assert command[0], "import-linter is not installed (it is in the test extras)"
    result = subprocess.run([*command, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_styles_live_in_tcss_files_that_the_app_loads_and_the_package_ships():
    """No widget carries CSS in a Python string; every ``.tcss`` file under the reader is in the
    app's CSS_PATH (so none is dead) and in the package data (so an installed reader has it)."""
    import ast
    import tomllib

    from tui.reader.app import BriefingApp

    reader = ROOT / "tui" / "reader"
    in_python = []
    for module in reader.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {target.id for target in targets if isinstance(target, ast.Name)}
                if names & {"DEFAULT_CSS", "CSS"}:
                    in_python.append(f"{module.relative_to(ROOT)}:{node.lineno}")
    assert not in_python, f"CSS in Python strings: {in_python}"

    loaded = {str(Path(path).relative_to(reader)) for path in BriefingApp.CSS_PATH}
    on_disk = {str(path.relative_to(reader)) for path in reader.rglob("*.tcss")}
    assert loaded == on_disk

    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]
    for name in on_disk:
        package = ".".join(["tui", "reader", *Path(name).parent.parts])
        assert "*.tcss" in package_data.get(package, []), f"{name} is not package data"
