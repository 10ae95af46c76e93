"""The reader's saved state: round trip, bad files ignored with a notice, atomic writes."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.reader import state as state_module
from tui.reader.state import (
    MAX_SEARCHES,
    MAX_STATE_BYTES,
    ReaderState,
    load_state,
    save_state,
    state_path,
)


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(folder))
    return folder


SAMPLE = ReaderState(
    briefing_path="/library/nato/briefing.yaml",
    briefing_id="nato-ground-troops",
    view="countries",
    country="FR",
    searches=("macron", "troops"),
)


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name != "state.json")


def test_round_trip(state_dir: Path):
    assert save_state(SAMPLE) is None
    assert state_path() == state_dir / "state.json"
    assert (state_dir / "state.json").is_file()
    loaded, notice = load_state()
    assert notice is None
    assert loaded == SAMPLE


def test_round_trip_keeps_unicode_and_explicit_path(tmp_path: Path):
    path = tmp_path / "elsewhere" / "s.json"
    state = ReaderState(briefing_path="/tmp/Jürgen Müller/ü.yaml", searches=("Müller", "“quote”"))
    assert save_state(state, path) is None
    assert load_state(path) == (state, None)


def test_defaults_when_there_is_no_file():
    assert load_state() == (ReaderState(), None)
    default = ReaderState()
    assert (default.briefing_path, default.briefing_id, default.view, default.country, default.searches) == (
        None,
        None,
        "summary",
        None,
        (),
    )


def test_path_like_briefing_path_is_stored_as_text(tmp_path: Path):
    state = ReaderState(briefing_path=tmp_path / "b.yaml")  # type: ignore[arg-type]
    assert state.briefing_path == str(tmp_path / "b.yaml")
    assert save_state(state) is None
    assert load_state()[0] == state


BAD_FILES = {
    "garbage bytes": b"\x00\xff\xfe garbage \x81\x82",
    "not UTF-8": b'{"view": "\xff"}',
    "invalid JSON": b'{"view": "summary",',
    "empty file": b"",
    "a list": b'["summary", "FR"]',
    "a string": b'"summary"',
    "null": b"null",
    "view is a number": b'{"view": 3}',
    "country is a list": b'{"country": ["FR"]}',
    "briefing path is an object": b'{"briefing_path": {"a": 1}}',
    "briefing id is a bool": b'{"briefing_id": true}',
    "searches is a string": b'{"searches": "macron"}',
    "a search is a number": b'{"searches": ["macron", 3]}',
    "a search is null": b'{"searches": [null]}',
    "format is text": b'{"format": "1"}',
    "format from the future": b'{"format": 99, "view": "summary"}',
    "path too long": json.dumps({"briefing_path": "x" * 5000}).encode(),
    "NUL in a path": b'{"briefing_path": "/tmp/a\\u0000b"}',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    "huge file": b'{"searches": [' + b'"x",' * (MAX_STATE_BYTES // 4) + b'"y"]}',
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_gives_the_default_state_and_a_notice(state_dir: Path, content: bytes):
    state_dir.mkdir(parents=True)
    (state_dir / "state.json").write_bytes(content)
    loaded, notice = load_state()
    assert loaded == ReaderState()
    assert notice is not None
    assert notice.startswith("Ignored the saved state (")
    assert notice.endswith("): starting fresh")


def test_a_folder_where_the_file_should_be_gives_a_notice(state_dir: Path):
    (state_dir / "state.json").mkdir(parents=True)
    loaded, notice = load_state()
    assert loaded == ReaderState()
    assert notice and "cannot read" in notice


def test_unknown_keys_are_ignored_and_missing_keys_default(state_dir: Path):
    state_dir.mkdir(parents=True)
    (state_dir / "state.json").write_text(
        json.dumps({"view": "quotes", "colour": "dark", "future": {"x": [1, 2]}}), encoding="utf-8"
    )
    assert load_state() == (ReaderState(view="quotes"), None)


def test_the_theme_is_kept_and_a_file_from_before_themes_is_still_valid(state_dir: Path):
    assert save_state(ReaderState(view="matrix", theme="nord")) is None
    assert load_state() == (ReaderState(view="matrix", theme="nord"), None)
    before = {key: value for key, value in SAMPLE.to_json().items() if key != "theme"}
    (state_dir / "state.json").write_text(json.dumps(before), encoding="utf-8")
    assert load_state() == (SAMPLE, None)
    assert SAMPLE.theme is None


def test_a_saved_file_can_be_read_by_a_human(state_dir: Path):
    save_state(SAMPLE)
    data = json.loads((state_dir / "state.json").read_text(encoding="utf-8"))
    assert data == {
        "format": 1,
        "briefing_path": "/library/nato/briefing.yaml",
        "briefing_id": "nato-ground-troops",
        "view": "countries",
        "country": "FR",
        "searches": ["macron", "troops"],
        "theme": None,
    }


def test_unwritable_folder_returns_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Tests run as root, where chmod does not stop writes: make the folder's parent a file instead.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(blocker / "state"))
    notice = save_state(SAMPLE)
    assert notice is not None and notice.startswith("Could not save the reader's state")
    assert blocker.read_text(encoding="utf-8") == "I am a file"
    loaded, notice = load_state()  # the same misconfiguration: reported, not raised
    assert loaded == ReaderState()
    assert notice is not None and "Not a directory" in notice


def test_a_path_under_proc_returns_a_notice():
    notice = save_state(SAMPLE, Path("/proc/briefing-test/state.json"))
    assert notice is not None and "Could not save" in notice


def test_saving_is_atomic_and_leaves_no_temporary_files(state_dir: Path):
    for index in range(5):
        assert save_state(SAMPLE.with_search(f"query {index}")) is None
    assert _leftovers(state_dir) == []
    assert load_state()[0].searches[0] == "query 4"


def test_a_failed_save_keeps_the_old_file_and_cleans_up(state_dir: Path, monkeypatch: pytest.MonkeyPatch):
    assert save_state(SAMPLE) is None
    before = (state_dir / "state.json").read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(state_module.os, "replace", fail)
    notice = save_state(ReaderState(view="matrix"))
    assert notice is not None and "No space left on device" in notice
    assert (state_dir / "state.json").read_bytes() == before
    assert _leftovers(state_dir) == []


def test_recent_searches_most_recent_first_without_repeats():
    state = ReaderState()
    for query in ["troops", "macron", "troops", "  ", "sanctions", " macron "]:
        state = state.with_search(query)
    assert state.searches == ("macron", "sanctions", "troops")


def test_recent_searches_are_capped():
    state = ReaderState()
    for index in range(MAX_SEARCHES + 15):
        state = state.with_search(f"q{index}")
    assert len(state.searches) == MAX_SEARCHES
    assert state.searches[0] == f"q{MAX_SEARCHES + 14}"
    assert state.searches[-1] == "q15"


def test_searches_given_directly_are_deduplicated_and_capped():
    state = ReaderState(searches=["a", "b", "a", *(f"x{i}" for i in range(40))])  # type: ignore[arg-type]
    assert isinstance(state.searches, tuple)
    assert state.searches[:3] == ("a", "b", "x0")
    assert len(state.searches) == MAX_SEARCHES


def test_searches_in_the_file_are_deduplicated_and_capped(state_dir: Path):
    state_dir.mkdir(parents=True)
    searches = ["a", "b", "a", ""] + [f"x{i}" for i in range(50)]
    (state_dir / "state.json").write_text(json.dumps({"searches": searches}), encoding="utf-8")
    loaded, notice = load_state()
    assert notice is None
    assert loaded.searches[:3] == ("a", "b", "x0")
    assert len(loaded.searches) == MAX_SEARCHES


def test_default_location_is_the_platform_state_folder(monkeypatch: pytest.MonkeyPatch):
    import platformdirs

    monkeypatch.delenv("BRIEFING_STATE_DIR")
    assert state_path() == Path(platformdirs.user_state_dir("briefing", appauthor=False)) / "state.json"


def test_importing_state_does_not_import_textual():
    code = (
        "import sys, tui.reader.state\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_an_error_on_the_way_out_after_the_state_is_saved_is_said_in_one_line(
        monkeypatch, capsys, tmp_path):
    """Once the state is saved and the process ends next, a widget's error on its way out does
    not turn a clean quit into status 1 and a traceback, but it is not dropped either: one
    line on standard error once the terminal is restored (control characters made visible)."""
    from tui.library.files import bundled_library
    from tui.reader.app import BriefingApp

    app = BriefingApp([bundled_library() / "nato-ground-troops" / "briefing.yaml"])
    app.ends_process = True
    app._state_saved = True
    app._handle_exception(RuntimeError("list gone\x1b[31m"))
    assert app._exception is None
    ended: list[int] = []
    monkeypatch.setattr(os, "_exit", ended.append)
    app.end_process(0)
    assert ended == [0]
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "RuntimeError: list gone" in error
    assert "\x1b" not in error


def test_an_error_before_the_state_is_saved_fails_the_reader():
    from tui.library.files import bundled_library
    from tui.reader.app import BriefingApp

    app = BriefingApp([bundled_library() / "nato-ground-troops" / "briefing.yaml"])
    app.ends_process = True
    with contextlib.suppress(Exception):
        app._handle_exception(RuntimeError("during the session"))
    assert app.late_errors == []
    assert app._exception is not None
