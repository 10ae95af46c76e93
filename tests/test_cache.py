"""The cache of loaded briefings: hits equal cold loads, anything changed or corrupt is a miss."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import subprocess
import sys
import threading
from array import array
from pathlib import Path

import pytest
from helpers import BRIEFING, SOURCE, bundled_files, write_briefing

from tui.format import loader
from tui.format.anchoring import evidence_keys
from tui.format.problems import BriefingError
from tui.library import cache
from tui.library import entry as cache_entry
from tui.library.cache import clear_cache, entries_dir, load_cached, load_cached_safely
from tui.library.entry import text_hash
from tui.search.segment import Segment

pytestmark = pytest.mark.usefixtures("cache_dir")  # each test: a cache of its own (conftest)


@pytest.fixture
def cold_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths :func:`tui.format.loader.load` was called with (a cold load each)."""
    calls: list[Path] = []
    real = loader.load

    def spy(path, **kwargs):
        calls.append(Path(path))
        return real(path, **kwargs)

    monkeypatch.setattr(loader, "load", spy)
    return calls


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    return write_briefing(tmp_path / "library")


def _entries() -> list[Path]:
    folder = entries_dir()
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _only_entry() -> Path:
    entries = _entries()
    assert len(entries) == 1, entries
    return entries[0]


def _assert_same(a, b) -> None:
    assert a.path == b.path
    assert a.briefing == b.briefing
    assert a.source_texts == b.source_texts
    assert a.spans == b.spans
    assert a.excerpts == b.excerpts
    assert a == b


def test_a_hit_returns_an_equal_document(briefing: Path, cold_loads: list[Path]):
    expected = loader.load(briefing)
    cold_loads.clear()
    first = load_cached(briefing)
    assert cold_loads == [briefing]
    second = load_cached(briefing)
    assert cold_loads == [briefing], "the second load should come from the cache"
    _assert_same(first, expected)
    _assert_same(second, expected)
    assert second.excerpts > 0 and second.spans
    assert second.statement_spans(second.briefing.statements[0]) == expected.statement_spans(
        expected.briefing.statements[0]
    )


def test_the_bundled_briefings_come_back_equal_from_their_entries():
    for path in bundled_files():
        expected = loader.load(path)
        load_cached(path)
        _assert_same(load_cached(path), expected)


def test_spans_are_stored_by_excerpt_and_one_not_found_stays_not_found(tmp_path: Path,
                                                                        briefing: Path):
    """An entry holds the spans in the order of the briefing's excerpts, not their texts: a
    document whose spans leave one excerpt out (a changed source's miss) and come in another
    order is rebuilt with exactly its spans, each with its own excerpt."""
    document = loader.load(briefing)
    keys = evidence_keys(document.briefing, document.source_texts)
    assert list(document.spans) == keys and len(keys) > 2
    left_out = keys[1]
    spans = {key: document.spans[key] for key in reversed(keys) if key != left_out}
    partial = dataclasses.replace(document, spans=spans)
    entry = cache_entry.Entry(tmp_path / "entries", "0" * 40)
    entry.write(partial, Segment.of(partial))
    rebuilt = entry.document(briefing)
    assert rebuilt.spans == spans and left_out not in rebuilt.spans
    for (source_id, excerpt), found in rebuilt.spans.items():
        text = rebuilt.source_texts[source_id]
        assert [text[start:end] for start, end in found] == [
            text[start:end] for start, end in document.spans[(source_id, excerpt)]]


def test_a_span_of_no_excerpt_of_the_briefing_is_not_stored(tmp_path: Path, briefing: Path):
    document = loader.load(briefing)
    stray = dataclasses.replace(document, spans={**document.spans, ("wire", "not an excerpt"): ((0, 3),)})
    entry = cache_entry.Entry(tmp_path / "entries", "0" * 40)
    with pytest.raises(ValueError, match="no excerpt"):
        entry.write(stray, Segment.of(stray))
    assert not entry.exists()


def test_the_document_keeps_the_path_as_given(briefing: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(briefing.parent)
    load_cached("test.yaml")
    document = load_cached("test.yaml")
    assert document.path == Path("test.yaml")
    assert document == loader.load("test.yaml")


def test_a_moved_library_keeps_its_cache(tmp_path: Path, briefing: Path, cold_loads: list[Path]):
    load_cached(briefing)
    moved = tmp_path / "moved"
    briefing.parent.rename(moved)
    document = load_cached(moved / "test.yaml")
    assert cold_loads == [briefing]
    assert document == loader.load(moved / "test.yaml")


def test_changed_briefing_bytes_are_a_miss(briefing: Path, cold_loads: list[Path]):
    load_cached(briefing)
    briefing.write_text(BRIEFING.replace("A test briefing", "A changed briefing"), encoding="utf-8")
    document = load_cached(briefing)
    assert len(cold_loads) == 2
    assert document.briefing.title == "A changed briefing"
    assert len(_entries()) == 2  # one per content; the old one is harmless
    load_cached(briefing)
    assert len(cold_loads) == 2


def test_a_changed_source_file_is_a_miss(briefing: Path, cold_loads: list[Path]):
    load_cached(briefing)
    source = briefing.parent / "source.txt"
    source.write_text(SOURCE + "\nA new paragraph at the end.\n", encoding="utf-8")
    document = load_cached(briefing)
    assert len(cold_loads) == 2
    assert document.source_texts["wire"].endswith("A new paragraph at the end.\n")
    load_cached(briefing)
    assert len(cold_loads) == 2  # the entry was replaced: the third load is a hit
    assert document == loader.load(briefing)


def test_a_source_change_that_breaks_evidence_raises(briefing: Path):
    load_cached(briefing)
    (briefing.parent / "source.txt").write_text(SOURCE.replace("no troops will be sent", "x"), encoding="utf-8")
    with pytest.raises(BriefingError) as raised:
        load_cached(briefing)
    assert any("not found in source" in problem.message for problem in raised.value.problems)
    document, problems = load_cached_safely(briefing)
    assert document is None and problems == raised.value.problems


def test_a_missing_source_file_raises(briefing: Path):
    load_cached(briefing)
    (briefing.parent / "source.txt").unlink()
    with pytest.raises(BriefingError, match="not found"):
        load_cached(briefing)


def test_a_source_replaced_by_a_link_outside_the_folder_raises(tmp_path: Path, briefing: Path):
    load_cached(briefing)
    outside = tmp_path / "outside.txt"
    outside.write_text(SOURCE, encoding="utf-8")  # same text: the hash alone would match
    (briefing.parent / "source.txt").unlink()
    (briefing.parent / "source.txt").symlink_to(outside)
    with pytest.raises(BriefingError, match="outside the briefing's folder"):
        load_cached(briefing)


def test_same_briefing_in_two_folders_with_different_sources(tmp_path: Path):
    one = write_briefing(tmp_path / "one")
    two = write_briefing(tmp_path / "two", source=SOURCE + "\nOnly in two.\n")
    for _ in range(2):
        assert load_cached(one) == loader.load(one)
        assert load_cached(two) == loader.load(two)


def test_a_source_with_a_byte_order_mark(tmp_path: Path, cold_loads: list[Path]):
    path = write_briefing(tmp_path / "bom")
    source = path.parent / "source.txt"
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    load_cached(path)
    document = load_cached(path)
    assert len(cold_loads) == 1
    assert document == loader.load(path)
    assert not document.source_texts["wire"].startswith("\ufeff")


def test_bad_files_are_not_cached_and_raise_every_time(write, cold_loads: list[Path]):
    path = write("format: 1\nid: Bad Id\n", name="bad.yaml")
    for _ in range(2):
        with pytest.raises(BriefingError) as raised:
            load_cached(path, shown="bad.yaml")
        assert raised.value.problems == loader.load_safely(path, shown="bad.yaml")[1]
    assert _entries() == []
    document, problems = load_cached_safely(path, shown="bad.yaml")
    assert document is None and problems == loader.load_safely(path, shown="bad.yaml")[1]


@pytest.mark.parametrize(
    "path",
    ["missing.yaml", "folder"],
)
def test_unreadable_paths_raise_as_the_loader_does(tmp_path: Path, path: str):
    (tmp_path / "folder").mkdir()
    with pytest.raises(BriefingError) as raised:
        load_cached(tmp_path / path)
    assert raised.value.problems == loader.load_safely(tmp_path / path)[1]


def _split(entry: Path) -> dict:
    """An entry's four lines: header (dict), segment (bytes), spans (dict) and body (bytes)."""
    head, segment, extra, body = entry.read_bytes().split(b"\n", 3)
    return {"header": json.loads(head), "segment": segment, "extra": json.loads(extra),
            "body": body}


def _join(e: dict, *, header: dict | None = None, segment: bytes | None = None,
          extra: dict | None = None, body: bytes | None = None, rehash: bool = True) -> bytes:
    """An entry of the given parts (the others from ``e``), its hashes updated unless told."""
    header = dict(e["header"] if header is None else header)
    segment = e["segment"] if segment is None else segment
    rest = json.dumps(e["extra"] if extra is None else extra).encode() + b"\n" + (
        e["body"] if body is None else body)
    if rehash:
        header.update(segment=text_hash(segment), rest=text_hash(rest))
    return b"\n".join([json.dumps(header).encode(), segment, rest])


def _segment_with(e: dict, **changes) -> bytes:
    data = json.loads(e["segment"])
    data.update(changes)
    return json.dumps(data).encode()


CORRUPTIONS = {
    "garbage": lambda e: os.urandom(5000),
    "empty": lambda e: b"",
    "truncated": lambda e: _join(e, rehash=False)[: len(e["body"]) // 2],
    "truncated body": lambda e: _join(e, rehash=False)[:-20],
    "header only": lambda e: json.dumps(e["header"]).encode(),
    "JSON list": lambda e: b"[1, 2, 3]\n[]\n[]\n[]",
    "header of the wrong shape": lambda e: _join(e, header={"format": cache.CACHE_FORMAT,
                                                            "key": e["header"]["key"]}),
    "wrong key": lambda e: _join(e, header=dict(e["header"], key="0" * 40)),
    "sources not a list": lambda e: _join(e, header=dict(e["header"], sources={"wire": "s.txt"})),
    "negative excerpt count": lambda e: _join(e, extra=dict(e["extra"], excerpts=-1)),
    "span outside the source": lambda e: _join(e, extra=dict(
        e["extra"], spans=[[[0, 10**9]], *e["extra"]["spans"][1:]])),
    "span of the wrong type": lambda e: _join(e, extra=dict(
        e["extra"], spans=[[["0", "1"]], *e["extra"]["spans"][1:]])),
    "span not a list": lambda e: _join(e, extra=dict(
        e["extra"], spans=["wire", *e["extra"]["spans"][1:]])),
    "span with no place": lambda e: _join(e, extra=dict(
        e["extra"], spans=[[], *e["extra"]["spans"][1:]])),
    "a span short": lambda e: _join(e, extra=dict(e["extra"], spans=e["extra"]["spans"][:-1])),
    "a span over": lambda e: _join(e, extra=dict(
        e["extra"], spans=[*e["extra"]["spans"], [[0, 1]]])),
    "spans in the old layout, with the excerpts' texts": lambda e: _join(e, extra=dict(
        e["extra"], spans=[["wire", "x", [[0, 1]]] for _ in e["extra"]["spans"]])),
    "source record of the wrong shape": lambda e: _join(e, header=dict(
        e["header"], sources=[["wire"]])),
    "source not in the briefing": lambda e: _join(e, header=dict(
        e["header"],
        sources=[*e["header"]["sources"], ["other", "source.txt", e["header"]["sources"][0][2]]])),
    "tampered body, hash not updated": lambda e: _join(
        e, body=e["body"].replace(b"A test briefing", b"A forged briefing"), rehash=False),
    "tampered body that fails validation": lambda e: _join(
        e, body=e["body"].replace(b'"format":1', b'"format":2')),
    "tampered body with a control character": lambda e: _join(
        e, body=e["body"].replace(b"A test briefing", b"A test\\u001b[2J briefing")),
    "body not JSON": lambda e: _join(e, body=b"{not json"),
    "body of the wrong shape": lambda e: _join(e, body=b"[1, 2]"),
    "spans line not JSON": lambda e: _join(e, rehash=True).replace(
        json.dumps(e["extra"]).encode(), b"{oops"),
}

SEGMENT_CORRUPTIONS = {
    "tampered segment, hash not updated": lambda e: _join(
        e, segment=e["segment"].replace(b"A test briefing", b"A forged briefing"), rehash=False),
    "segment not JSON": lambda e: _join(e, segment=b"{oops"),
    "segment of the wrong shape": lambda e: _join(e, segment=b"[1, 2]"),
    "card of the wrong shape": lambda e: _join(e, segment=_segment_with(e, card=[1, 2, 3])),
    "statement count does not match": lambda e: _join(e, segment=_segment_with(
        e, card=[*json.loads(e["segment"])["card"][:4], 99])),
    "statement text not text": lambda e: _join(e, segment=_segment_with(e, statements=dict(
        json.loads(e["segment"])["statements"],
        text=[1] * json.loads(e["segment"])["card"][4]))),
    "unknown kind": lambda e: _join(e, segment=_segment_with(e, statements=dict(
        json.loads(e["segment"])["statements"],
        kind=["shouted"] * json.loads(e["segment"])["card"][4]))),
    "postings not hex": lambda e: _join(e, segment=_segment_with(e, postings=dict(
        json.loads(e["segment"])["postings"], all=[["troops"], "zz"]))),
    "bitmap past the statements": lambda e: _join(e, segment=_segment_with(e, postings=dict(
        json.loads(e["segment"])["postings"], all=[["troops"], "f0"]))),
    "a field missing": lambda e: _join(e, segment=_segment_with(e, postings={})),
    "a number past the statements": lambda e: _join(e, segment=_segment_with(e, postings=dict(
        json.loads(e["segment"])["postings"], all=[["troops"], _packed(1), _packed(10**6)]))),
    "counts that do not add up": lambda e: _join(e, segment=_segment_with(e, postings=dict(
        json.loads(e["segment"])["postings"], all=[["troops"], _packed(2), _packed(0)]))),
    "postings of the wrong width": lambda e: _join(e, segment=_segment_with(e, postings=dict(
        json.loads(e["segment"])["postings"], all=[["troops"], _packed(1), "AAA="]))),
    "a token past the briefing's slots": lambda e: _join(e, segment=_segment_with(
        e, tokens=[["troops"], _packed(1), _packed(10**6),
                   *json.loads(e["segment"])["tokens"][3:]])),
    "an owner past the statements": lambda e: _join(e, segment=_segment_with(
        e, tokens=[*json.loads(e["segment"])["tokens"][:4], _packed(0, 10**6)])),
}


def _packed(*numbers: int) -> str:
    """Numbers as a segment packs them (Base64 of unsigned 32-bit numbers)."""
    return base64.b64encode(array("I", numbers).tobytes()).decode()


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_entry_is_a_miss_and_is_replaced(briefing: Path, cold_loads: list[Path], corrupt):
    expected = loader.load(briefing)
    cold_loads.clear()
    load_cached(briefing)
    entry = _only_entry()
    good = entry.read_bytes()
    entry.write_bytes(corrupt(_split(entry)))

    document = load_cached(briefing)
    assert cold_loads == [briefing, briefing], "a corrupt entry must not be used"
    _assert_same(document, expected)
    assert entry.read_bytes() == good, "the corrupt entry should have been replaced"
    load_cached(briefing)
    assert len(cold_loads) == 2
    document, problems = load_cached_safely(briefing)
    assert problems == [] and document == expected


def test_an_entry_that_is_a_folder_does_not_break_loads(briefing: Path):
    load_cached(briefing)
    entry = _only_entry()
    entry.unlink()
    entry.mkdir()
    for _ in range(2):
        assert load_cached(briefing) == loader.load(briefing)
    assert entry.is_dir()


def test_a_huge_entry_is_not_read(briefing: Path, monkeypatch: pytest.MonkeyPatch, cold_loads: list[Path]):
    load_cached(briefing)
    monkeypatch.setattr(cache_entry, "MAX_BYTES", 100)
    assert load_cached(briefing) == loader.load(briefing)
    assert len(cold_loads) == 3  # two through the cache, one direct


def test_unwritable_cache_folder_still_loads(tmp_path: Path, briefing: Path, monkeypatch: pytest.MonkeyPatch):
    # Tests run as root, where chmod does not stop writes: put a file where a folder should be.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        assert load_cached(briefing) == loader.load(briefing)
        assert load_cached_safely(briefing)[1] == []
    assert clear_cache() == 0
    monkeypatch.setenv("BRIEFING_CACHE_DIR", "/proc/briefing-cache-test")
    assert load_cached(briefing) == loader.load(briefing)


def test_a_failed_write_leaves_no_temporary_file(briefing: Path, monkeypatch: pytest.MonkeyPatch):
    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", fail)
    assert load_cached(briefing) == loader.load(briefing)
    assert _entries() == []


def test_concurrent_writers_and_readers_leave_a_valid_entry(briefing: Path):
    document = loader.load(briefing)
    key = cache._key(briefing.read_bytes())
    entry = entries_dir() / f"{key}{cache.SUFFIX}"
    errors: list[BaseException] = []
    results: list[object] = []
    start = threading.Barrier(8)

    def write() -> None:
        try:
            start.wait()
            for _ in range(20):
                cache.entry(key).write(document, Segment.of(document))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    def read() -> None:
        try:
            start.wait()
            for _ in range(20):
                results.append(load_cached(briefing))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write) for _ in range(4)] + [
        threading.Thread(target=read) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(result == document for result in results)
    assert _entries() == [entry], "no temporary files may be left behind"
    assert cache.entry(key).document(briefing) == document


def test_concurrent_processes_leave_a_valid_entry(briefing: Path, cold_loads: list[Path]):
    code = (
        "import sys\n"
        "from tui.library.cache import load_cached\n"
        "for _ in range(5):\n"
        "    load_cached(sys.argv[1])\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(briefing)], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
    entry = _only_entry()
    assert entry.name.endswith(cache.SUFFIX)
    assert load_cached(briefing) == loader.load(briefing)
    assert cold_loads == [briefing], "the entry written by the processes should be a hit"


def test_a_new_package_version_is_a_miss(briefing: Path, monkeypatch: pytest.MonkeyPatch, cold_loads: list[Path]):
    load_cached(briefing)
    monkeypatch.setattr(cache, "__version__", "999.0")
    cache._salt.cache_clear()
    try:
        load_cached(briefing)
        assert len(cold_loads) == 2
        assert len(_entries()) == 2
    finally:
        cache._salt.cache_clear()


def test_clear_cache(briefing: Path, tmp_path: Path):
    load_cached(briefing)
    load_cached(write_briefing(tmp_path / "other", text=BRIEFING.replace("test-briefing", "other")))
    assert len(_entries()) == 2
    assert clear_cache() == 2
    assert _entries() == []
    assert clear_cache() == 0
    assert load_cached(briefing) == loader.load(briefing)


def test_default_location_is_the_platform_cache_folder(monkeypatch: pytest.MonkeyPatch):
    import platformdirs

    monkeypatch.delenv("BRIEFING_CACHE_DIR")
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("briefing", appauthor=False))


def test_importing_cache_does_not_import_textual(briefing: Path):
    code = (
        "import sys, tui.library.cache\n"
        "tui.library.cache.load_cached(sys.argv[1]); tui.library.cache.load_cached(sys.argv[1])\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(briefing)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------------------------ segments


def test_a_segment_comes_from_the_entry_without_validating(
    briefing: Path, cold_loads: list[Path], monkeypatch: pytest.MonkeyPatch
):
    expected = Segment.of(loader.load(briefing))
    cold_loads.clear()
    segment, problems = cache.segment_cached(briefing)
    assert problems == [] and cold_loads == [briefing]
    assert segment.to_json() == expected.to_json()

    from tui.format.model import Briefing

    def refuse(*args, **kwargs):
        raise AssertionError("a warm segment must not validate the briefing")

    monkeypatch.setattr(Briefing, "model_validate_json", refuse)
    again, problems = cache.segment_cached(briefing)
    assert problems == [] and cold_loads == [briefing]
    assert again.to_json() == expected.to_json()


def test_a_segment_from_its_entry_keeps_the_line_it_was_read_from(briefing: Path):
    """A worker hands an entry's segment line on as it is; read back unchecked (as the reader
    reads a worker's answer), it is the same segment."""
    made = Segment.of(loader.load(briefing))
    segment, _ = cache.segment_cached(briefing)  # stored now: read from the entry below
    segment, _ = cache.segment_cached(briefing)
    assert segment.__dict__.get("encoded") == made.encoded  # kept, not made again
    unchecked = Segment.from_json(json.loads(segment.encoded), checked=False)
    assert unchecked.to_json() == made.to_json()
    assert unchecked.card == made.card and unchecked.statements == made.statements


def test_a_segment_of_a_bad_file_gives_its_problems(tmp_path: Path):
    path = write_briefing(tmp_path, text=BRIEFING.replace("format: 1", "format: 7"))
    segment, problems = cache.segment_cached(path)
    assert segment is None
    assert problems == loader.load_safely(path)[1]
    assert _entries() == []


def test_a_changed_source_makes_the_segment_a_miss(briefing: Path, cold_loads: list[Path]):
    cache.segment_cached(briefing)
    (briefing.parent / "source.txt").write_text(SOURCE + "\nOne more line.\n", encoding="utf-8")
    segment, problems = cache.segment_cached(briefing)
    assert problems == [] and segment is not None
    assert len(cold_loads) == 2


@pytest.mark.parametrize("corrupt", SEGMENT_CORRUPTIONS.values(), ids=SEGMENT_CORRUPTIONS.keys())
def test_a_corrupt_segment_is_a_miss_and_is_replaced(briefing: Path, cold_loads: list[Path], corrupt):
    expected = Segment.of(loader.load(briefing)).to_json()
    cold_loads.clear()
    cache.segment_cached(briefing)
    entry = _only_entry()
    good = entry.read_bytes()
    entry.write_bytes(corrupt(_split(entry)))
    segment, problems = cache.segment_cached(briefing)
    assert problems == [] and segment.to_json() == expected
    assert cold_loads == [briefing, briefing], "a corrupt segment must not be used"
    assert entry.read_bytes() == good, "the corrupt entry should have been replaced"


@pytest.mark.parametrize("way", ["document", "segment"])
def test_a_file_changed_while_it_loads_gets_the_entry_of_the_bytes_read(
        briefing: Path, monkeypatch: pytest.MonkeyPatch, way: str):
    """The entry is keyed by the bytes the cache read, and is made of those bytes: a file
    rewritten while it loads neither gets the new text under the old key nor an entry of the
    old text under the new key."""
    new = briefing.read_text().replace("title: A test briefing", "title: Rewritten meanwhile")
    real = loader.fast_parse

    def rewrite_then_parse(text: str):
        briefing.write_text(new)  # after the cache read the bytes, before they are parsed
        return real(text)

    monkeypatch.setattr(loader, "fast_parse", rewrite_then_parse)
    if way == "document":
        assert load_cached(briefing).briefing.title == "A test briefing"
    else:
        segment, problems = cache.segment_cached(briefing)
        assert problems == [] and segment is not None
        assert segment.card.title == "A test briefing"
    monkeypatch.setattr(loader, "fast_parse", real)
    assert len(_entries()) == 1
    assert load_cached(briefing).briefing.title == "Rewritten meanwhile"  # a miss: new bytes
    assert cache.segment_cached(briefing)[0].card.title == "Rewritten meanwhile"
    briefing.write_text(briefing.read_text().replace("Rewritten meanwhile", "A test briefing"))
    assert load_cached(briefing).briefing.title == "A test briefing"  # the first entry, a hit
    assert len(_entries()) == 2


def test_every_module_that_loads_or_builds_a_segment_is_in_the_key():
    """A module whose code decides what an entry holds must change the key when it changes:
    each format and search module that loading a file and building its segment import."""
    code = (
        "import sys\n"
        "import tui.format.loader, tui.search.building, tui.library.entry\n"
        "print(' '.join(sorted(m for m in sys.modules\n"
        "                      if m.startswith(('tui.format.', 'tui.search.')))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    imported = set(done.stdout.split())
    assert imported  # the probe sees the modules
    assert imported - set(cache._MODULES) == set()
