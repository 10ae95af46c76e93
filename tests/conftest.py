"""Shared fixtures: write a small briefing file and load it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.format.loader import load_safely


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write(text, name="briefing.yaml")``: dedent ``text`` and write it under ``tmp_path``."""

    def write(text: str | bytes, name: str = "briefing.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def problems(write: Callable[..., Path]) -> Callable[..., list[str]]:
    """``problems(text)``: write a briefing, load it, return its problems as printed lines.

    The file is shown as ``b.yaml`` so lines read ``b.yaml:LINE:COL: error: message``.
    """

    def problems(text: str | bytes, name: str = "b.yaml") -> list[str]:
        path = write(text, name)
        document, found = load_safely(path, shown=name)
        assert document is None, "expected problems, but the briefing loaded"
        assert found, "no document and no problems"
        return [str(problem) for problem in found]

    return problems


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own state and cache folders: never the user's, never shared."""
    base = tmp_path_factory.mktemp("dirs")
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(base / "cache"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, named in ``BRIEFING_CACHE_DIR``."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def bundled():
    """The bundled briefing, loaded (a Document)."""
    from helpers import bundled_files

    from tui.format.loader import load

    return load(bundled_files()[0])
