"""Opening a library: the three ways (snapshot, entries, files in workers) give the same index."""

from __future__ import annotations

import json
import os
import time
from itertools import accumulate
from pathlib import Path

import pytest
from helpers import BRIEFING, write_briefing
from pyroaring import BitMap

from tui.format import loader
from tui.library import ingest, pool, snapshot
from tui.library.collection import Collection
from tui.search.index import SearchIndex

FILES = ingest.SNAPSHOT_MIN + 2
"""Enough files for a snapshot to be written."""

QUERIES = ["", "troops", "lopez", '"would hurt"', "speaker:lopez", "country:de", "briefing:b07",
           "kind:direct", "topic:sanctions", "hu", "nothing-matches-this"]


pytestmark = pytest.mark.usefixtures("cache_dir")  # each test: a cache of its own (conftest)


def _library(folder: Path, count: int = FILES, bad: tuple[int, ...] = ()) -> list[Path]:
    paths = []
    for number in range(count):
        text = BRIEFING.replace("id: test-briefing", f"id: b{number:02d}")
        text = text.replace("title: A test briefing", f"title: Briefing number {number}")
        if number in bad:
            text = text.replace("format: 1", "format: 9")
        paths.append(write_briefing(folder, f"b{number:02d}.yaml", text=text))
    return paths


def _open(paths: list[Path], **options) -> ingest.Opened:
    """Open as the reader does: then save the snapshot."""
    opened = ingest.open_library(paths, workers=0, **options)
    if opened is not None:
        opened.save_snapshot()
    return opened


def _answers(index: SearchIndex) -> list[tuple[int, list[tuple[int, str, str]]]]:
    answers = []
    for query in QUERIES:
        results = index.search(query)
        rows = [(hit.briefing, hit.statement, hit.speaker, hit.country, hit.card)
                for hit in results.hits()]
        answers.append((results.count, rows))
    return answers


def _expected(paths: list[Path]) -> list:
    documents = [document for document, _ in map(loader.load_safely, paths) if document]
    return _answers(SearchIndex.of_documents(documents))


def test_entries_then_snapshot_give_the_same_index(tmp_path: Path):
    paths = _library(tmp_path / "lib")
    batches: list[ingest.Batch] = []
    first = _open(paths, report=batches.append)
    assert first is not None and first.way == "entries"
    assert first.files == paths and first.problems == []
    assert [path for batch in batches for path, _ in batch.loaded] == paths
    assert batches[-1].done == batches[-1].total == len(paths)
    assert _answers(first.index) == _expected(paths)

    batches.clear()
    second = _open(paths, report=batches.append)
    assert second is not None and second.way == "snapshot"
    assert second.files == paths
    assert [card.id for _, card in batches[0].loaded] == [f"b{n:02d}" for n in range(len(paths))]
    assert _answers(second.index) == _answers(first.index)


def test_prefix_unions_answer_as_the_words_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """With prefix unions kept for every store (a library this small keeps none), built and
    restored from the snapshot, every query answers as it does without them."""
    paths = _library(tmp_path / "lib")
    queries = [*QUERIES, "t", "tr", "tro", "h", "hu", "l", "lo", "w", "wo", '"would h', '"no t',
               '"no tr', "speaker:l", "speaker:lo", "country:d", "briefing:b", "briefing:b0"]
    plain = SearchIndex.of_documents(
        document for document, _ in map(loader.load_safely, paths) if document)
    monkeypatch.setattr("tui.search.postings.PREFIXED_WORDS", 0)
    first = _open(paths)
    assert first.way == "entries" and first.index.fields["all"].prefixed
    second = _open(paths)
    assert second.way == "snapshot" and second.index.positions.store.prefixed
    for query in queries:
        expected = [(h.briefing, h.statement.id) for h in plain.search(query).hits()]
        for index in (first.index, second.index):
            found = [(h.briefing, h.statement.id) for h in index.search(query).hits()]
            assert found == expected, query


def test_files_load_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    paths = _library(tmp_path / "lib", bad=(3,))
    monkeypatch.setattr(pool, "POOL_MIN", 2)
    started: list[int] = []
    real = pool.Workers.__init__

    def spy(self, library, workers):
        real(self, library, workers)
        started.append(len(self.processes))

    monkeypatch.setattr(pool.Workers, "__init__", spy)
    opened = ingest.open_library(paths, workers=2)
    assert started == [2]
    assert opened is not None
    assert opened.problems == loader.load_safely(paths[3])[1]
    assert opened.files == [path for n, path in enumerate(paths) if n != 3]
    assert _answers(opened.index) == _expected(paths)
    # The workers' statements stay JSON until shown.
    from tui.search.saved import PackedStatements

    assert any(isinstance(opened.index.statements_of(number), PackedStatements)
               for number in range(len(opened.files)))


def test_a_large_library_is_read_from_its_entries_by_the_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """From SHARED_MIN files the workers read the entries too, and start before any file is
    hashed here; the index is the one the reader's thread builds alone."""
    paths = _library(tmp_path / "lib", bad=(3,))
    ingest.open_library(paths, workers=0)  # every good file in the cache
    monkeypatch.setattr(pool, "SHARED_MIN", 4)
    started: list[tuple[int, bool]] = []
    real = pool.Workers.__init__

    def spy(self, library, workers):
        real(self, library, workers)
        started.append((len(self.processes), library._keys is not None))

    monkeypatch.setattr(pool.Workers, "__init__", spy)
    opened = ingest.open_library(paths, workers=2)
    assert started == [(2, False)]  # two workers, and no file hashed before they started
    assert opened is not None and opened.way == "entries"
    assert opened.problems == loader.load_safely(paths[3])[1]
    assert opened.files == [path for n, path in enumerate(paths) if n != 3]
    assert _answers(opened.index) == _expected(paths)


def test_a_worker_answer_cut_off_is_not_read():
    """A worker killed while writing leaves half a line: it is not an answer."""
    read, write = os.pipe()
    with os.fdopen(read, "rb") as stream:
        answers = pool._Answers(stream)
        os.write(write, b'{"problems": []}\n{"problems": [')
        os.close(write)
        assert answers.next(lambda: False) == b'{"problems": []}\n'
        assert answers.next(lambda: False) is None
        answers.join()


def test_waiting_for_a_worker_answer_is_cancelled():
    read, write = os.pipe()
    with os.fdopen(read, "rb") as stream:
        answers = pool._Answers(stream)
        with pytest.raises(pool.Cancelled):
            answers.next(lambda: True)
        os.close(write)
        answers.join()


def test_a_bad_file_is_listed_every_time_and_noticed_once_fixed(tmp_path: Path):
    paths = _library(tmp_path / "lib", bad=(5,))
    expected_problems = loader.load_safely(paths[5])[1]
    for way in ("entries", "snapshot"):
        opened = _open(paths)
        assert opened.way == way
        assert opened.problems == expected_problems
        assert paths[5] not in opened.files
    paths[5].write_text(paths[5].read_text(encoding="utf-8").replace("format: 9", "format: 1"),
                        encoding="utf-8")
    opened = _open(paths)
    assert opened.way == "entries" and opened.problems == [] and opened.files == paths


def test_a_changed_source_file_is_not_opened_from_the_snapshot(tmp_path: Path):
    paths = _library(tmp_path / "lib")
    _open(paths)
    source = paths[0].parent / "source.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("Monday", "Tuesday"),
                      encoding="utf-8")
    opened = _open(paths)
    assert opened.way == "entries"
    assert _answers(opened.index) == _expected(paths)


def test_a_changed_briefing_changes_the_library(tmp_path: Path):
    paths = _library(tmp_path / "lib")
    _open(paths)
    paths[2].write_text(paths[2].read_text(encoding="utf-8").replace(
        "Briefing number 2", "Briefing renamed"), encoding="utf-8")
    opened = _open(paths)
    assert opened.way == "entries"
    assert opened.index.cards[2].title == "Briefing renamed"


def _snapshot_file() -> Path:
    found = list(snapshot.folder().glob(f"*{snapshot.SUFFIX}"))
    assert len(found) == 1, found
    return found[0]


def _rewrite(path: Path, head=None, statements=None, rest=None) -> None:
    """Change the snapshot as a forger would, keeping its hashes and sizes right: ``head``
    changes the head (a dict), ``statements`` the first briefing's statements (a dict of its
    speakers, countries and a column per field, as a segment holds them), and ``rest`` is given
    the head and the bytes after it and returns new bytes."""
    from array import array

    from tui.search.segment import COLUMNS

    header, head_line, after = path.read_bytes().split(b"\n", 2)
    header, data = json.loads(header), json.loads(head_line)
    ends_start = _postings_size(data) + data["starts"] + data["owners"]
    lines_start = ends_start + data["lines"]
    ends = array("Q")
    ends.frombytes(after[ends_start:lines_start])
    lines = [json.loads(after[lines_start + a:lines_start + b]) for a, b in zip([0, *ends], ends, strict=False)]
    if statements is not None:  # the first briefing's line, then its statements' lines
        count = json.loads(head_line)["cards"][0][4]
        rows = lines[1:1 + count]
        line = {**lines[0], "statements": {name: [row[n] for row in rows]
                                           for n, name in enumerate(COLUMNS)}}
        statements(line)
        columns = line.pop("statements", {})
        rows = [[columns[name][n] for name in COLUMNS
                 if n < len(columns.get(name, [])) and columns[name][n] is not MISSING]
                for n in range(count)] if columns else rows
        lines[:1 + count] = [line, *rows]
    encoded = [json.dumps(line).encode() for line in lines]
    after = (after[:ends_start] + array("Q", accumulate(map(len, encoded))).tobytes()
             + b"".join(encoded))
    if head is not None:
        head(data)
    if rest is not None:
        after = rest(data, after)
    head_line = json.dumps(data).encode()
    header.update(head=snapshot._hash(head_line), rest=snapshot._hash(after))
    path.write_bytes(json.dumps(header).encode() + b"\n" + head_line + b"\n" + after)


MISSING = object()
"""A value :func:`_rewrite` leaves out of a statement's line."""


def _postings_size(data: dict) -> int:
    """Bytes of the bitmaps at the start of the rest: every field's, then the positions'."""
    fields = sum(sum(sizes) + sum(key_sizes) for _, sizes, _, key_sizes in data["fields"].values())
    return fields + sum(data["positions"][1]) + sum(data["positions"][3])


def _forge_bitmap(word: str, bits: BitMap):
    """A ``rest`` rewrite giving ``word`` of the ``all`` field the bitmap ``bits``."""

    def rewrite(data: dict, after: bytes) -> bytes:
        words, sizes, _, _ = data["fields"]["all"]
        at = sum(sum(s) + sum(k) for name, (_, s, _, k) in data["fields"].items()
                 if list(data["fields"]).index(name) < list(data["fields"]).index("all"))
        number = words.index(word)
        start = at + sum(sizes[:number])
        blob = bits.serialize()
        after = after[:start] + blob + after[start + sizes[number]:]
        sizes[number] = len(blob)
        return after

    return rewrite


def _owner_past_the_last(data: dict, after: bytes) -> bytes:
    at = _postings_size(data) + data["starts"]
    return after[:at] + b"\xff" * 4 + after[at + 4:]


SNAPSHOT_CORRUPTIONS = {
    "garbage": lambda path: path.write_bytes(os.urandom(3000)),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:-10]),
    "a byte changed": lambda path: path.write_bytes(
        (lambda raw: raw[:-30] + bytes([raw[-30] ^ 1]) + raw[-29:])(path.read_bytes())),
    "a card of the wrong shape": lambda path: _rewrite(
        path, head=lambda data: data["cards"].__setitem__(0, ["x"])),
    "a card too few": lambda path: _rewrite(path, head=lambda data: data["cards"].pop()),
    "postings longer than the rest": lambda path: _rewrite(
        path, head=lambda data: data["fields"]["all"][1].__setitem__(0, 10**9)),
    "a prefix other than those kept": lambda path: _rewrite(
        path, head=lambda data: (data["fields"]["all"][2].append("abc"),
                                 data["fields"]["all"][3].append(1))),
    "token starts of the wrong size": lambda path: _rewrite(
        path, head=lambda data: data.__setitem__("starts", data["starts"] - 4)),
    "a token slot of no statement": lambda path: _rewrite(path, rest=_owner_past_the_last),
    "line ends of the wrong size": lambda path: _rewrite(
        path, head=lambda data: data.__setitem__("lines", data["lines"] - 8)),
    "line ends that do not add up": lambda path: _rewrite(
        path, rest=lambda data, after: after[:-1]),
}


@pytest.mark.parametrize("corrupt", SNAPSHOT_CORRUPTIONS.values(), ids=SNAPSHOT_CORRUPTIONS.keys())
def test_a_corrupt_snapshot_is_not_used(tmp_path: Path, corrupt):
    paths = _library(tmp_path / "lib")
    _open(paths)
    corrupt(_snapshot_file())
    opened = _open(paths)
    assert opened.way == "entries"
    assert _answers(opened.index) == _expected(paths)
    assert _open(paths).way == "snapshot", "rewritten after the miss"


FORGED_STATEMENTS = {
    "text not text": lambda line: line["statements"]["text"].__setitem__(0, 7),
    "a statement a field short": lambda line: line["statements"]["id"].__setitem__(0, MISSING),
    "an unknown kind": lambda line: line["statements"]["kind"].__setitem__(0, "x"),
    "topics not lists of text": lambda line: line["statements"]["topics"].__setitem__(0, [1]),
    "a speaker not a list": lambda line: line["speakers"].__setitem__("x", "X"),
    "a speaker of an unknown country": lambda line: line["speakers"].__setitem__(
        "x", ["X", None, "ZZ"]),
    "not an object": lambda line: line.clear(),
}


@pytest.mark.parametrize("forge", FORGED_STATEMENTS.values(), ids=FORGED_STATEMENTS.keys())
def test_forged_statements_are_never_shown(tmp_path: Path, forge):
    """A briefing's statements are read from the snapshot when first shown, so a forgery there
    (damage fails the hash) is found then: its results say so, and the snapshot is dropped."""
    paths = _library(tmp_path / "lib")
    _open(paths)
    _rewrite(_snapshot_file(), statements=forge)
    opened = _open(paths)
    assert opened.way == "snapshot"
    results = opened.index.search("")
    assert results.count == len(opened.index)
    first, other = results.hit(0), results.hit(results.count - 1)
    assert first.briefing == 0 and first.statement.id == "" and first.speaker is None
    assert "could not be read" in first.statement.text
    assert other.statement == _expected(paths)[0][1][-1][1], "other briefings are unaffected"
    assert not list(snapshot.folder().glob(f"*{snapshot.SUFFIX}")), "dropped"
    assert _open(paths).way == "entries"


def test_forged_postings_never_become_results(tmp_path: Path):
    paths = _library(tmp_path / "lib")
    _open(paths)
    # Statement numbers far past the library's, and every real one.
    _rewrite(_snapshot_file(), rest=_forge_bitmap("troops", BitMap(range(0, 1_000_000))))
    opened = _open(paths)
    assert opened.way == "snapshot"
    results = opened.index.search("troops")
    assert results.count == len(opened.index)  # forged, but only real statements
    assert all(hit.statement.id for hit in results.hits())


def test_a_bitmap_that_does_not_read_back_matches_nothing_and_drops_the_snapshot(tmp_path):
    paths = _library(tmp_path / "lib")
    _open(paths)
    _rewrite(_snapshot_file(), rest=_forge_bitmap("troops", BitMap()))
    raw = _snapshot_file().read_bytes()
    # The forged bitmap's bytes replaced by the same number of bytes of garbage.
    header, head_line, after = raw.split(b"\n", 2)
    data = json.loads(head_line)
    words, sizes, _, _ = data["fields"]["all"]
    number = words.index("troops")
    start = sum(sum(s) + sum(k) for name, (_, s, _, k) in data["fields"].items()
                if list(data["fields"]).index(name) < list(data["fields"]).index("all"))
    start += sum(sizes[:number])
    _rewrite(_snapshot_file(), rest=lambda data, after: (
        after[:start] + b"\xff" * sizes[number] + after[start + sizes[number]:]))
    opened = _open(paths)
    assert opened.way == "snapshot"
    assert opened.index.search("troops").count == 0
    assert opened.index.search("lopez").count > 0, "other words are unaffected"
    assert not list(snapshot.folder().glob(f"*{snapshot.SUFFIX}")), "dropped"
    assert _open(paths).way == "entries"


def test_cancelled_opening_gives_nothing(tmp_path: Path):
    paths = _library(tmp_path / "lib")
    assert ingest.open_library(paths, workers=0, cancelled=lambda: True) is None


def test_only_the_most_recent_snapshots_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(snapshot, "KEEP", 2)
    paths = _library(tmp_path / "lib")
    for count in (FILES, FILES - 1, FILES - 2):
        _open(paths[:count])
    assert len(list(snapshot.folder().glob(f"*{snapshot.SUFFIX}"))) == 2


def test_a_collection_loads_documents_when_asked(tmp_path: Path):
    paths = _library(tmp_path / "lib", count=3)
    opened = _open(paths)
    collection = Collection()
    for path, card in zip(opened.files, opened.index.cards, strict=False):
        collection.add(path, card)
    assert collection.loaded(1) is None
    document, problems = collection.document(1)
    assert problems == [] and document.briefing.id == "b01"
    assert collection.loaded(1) is document
    assert collection.number_of(briefing_id="b02") == 2
    assert collection.number_of(paths[1].resolve()) == 1
    paths[2].write_text("format: [", encoding="utf-8")
    document, problems = collection.document(2)
    assert document is None and problems


def _backdate(folder: Path) -> None:
    """Make every file look a day old, as a library not being edited is."""
    old = 1_700_000_000
    for path in folder.iterdir():
        os.utime(path, (old, old))


def test_unchanged_files_are_known_by_their_status_alone(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    paths = _library(tmp_path / "lib")
    _backdate(tmp_path / "lib")
    # As in a library not being edited, the snapshot is written well after the files' last
    # change (their change time is now: it cannot be backdated).
    clock = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: clock() + snapshot.RACY_NS + 10**9)
    _open(paths)
    monkeypatch.setattr(time, "time_ns", clock)

    def unread(path):
        raise AssertionError(f"{path} was read, though its status is unchanged")

    monkeypatch.setattr(ingest.cache, "file_key", unread)
    monkeypatch.setattr(snapshot.SourceRecord, "unchanged", lambda *args: False)
    assert _open(paths).way == "snapshot"


def test_a_change_that_keeps_the_modification_time_is_noticed(tmp_path: Path):
    paths = _library(tmp_path / "lib")
    _backdate(tmp_path / "lib")
    _open(paths)
    text = paths[4].read_text(encoding="utf-8").replace("Briefing number 4", "Briefing four")
    paths[4].write_text(text, encoding="utf-8")
    _backdate(tmp_path / "lib")  # same mtime as before; the change time still moved
    opened = _open(paths)
    assert opened.way == "entries"
    assert opened.index.cards[4].title == "Briefing four"


def test_a_touched_but_unchanged_file_keeps_the_snapshot(tmp_path: Path):
    paths = _library(tmp_path / "lib")
    _backdate(tmp_path / "lib")
    _open(paths)
    os.utime(paths[1])  # modified now, same content: hashed, and found the same
    assert _open(paths).way == "snapshot"


def test_snapshots_of_an_older_format_are_deleted(tmp_path: Path):
    old = snapshot.folder().parent / f"libraries-v{snapshot.FORMAT - 1}"
    old.mkdir(parents=True)
    (old / "x.index").write_bytes(b"an old snapshot")
    _open(_library(tmp_path / "lib"))
    assert not old.exists()
    assert len(list(snapshot.folder().glob(f"*{snapshot.SUFFIX}"))) == 1


def test_credibility_is_found_and_shown_the_same_from_the_snapshot(tmp_path: Path):
    """The credibility filter and a result's grade: built from the entries, and restored from
    the snapshot (each statement read from its saved line)."""
    paths = []
    for number in range(FILES):
        text = BRIEFING.replace("id: test-briefing", f"id: b{number:02d}").replace(
            "    when: Monday\n", f"    when: Monday\n    credibility: {number % 6 + 1}\n")
        paths.append(write_briefing(tmp_path / "lib", f"b{number:02d}.yaml", text=text))
    queries = ["credibility:2", "credibility:probably", 'credibility:"probably true"',
               "credibility:unrated", "credibility:1 credibility:2", "troops -credibility:3"]
    first = _open(paths)
    second = _open(paths)
    assert (first.way, second.way) == ("entries", "snapshot")
    plain = SearchIndex.of_documents(
        document for document, _ in map(loader.load_safely, paths) if document)
    for query in queries:
        expected = [(h.briefing, h.statement) for h in plain.search(query).hits()]
        assert expected, query
        for index in (first.index, second.index):
            assert [(h.briefing, h.statement) for h in index.search(query).hits()] == expected
    grades = {hit.statement.credibility for hit in second.index.search("troops").hits()}
    assert grades == {1, 2, 3, 4, 5, 6}


def test_a_snapshot_is_written_a_piece_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Saving never holds the whole rest: each word's bitmap is made once the one before it is
    in the file, and what is read back answers as the index that was saved."""
    from tui.search import postings

    paths = _library(tmp_path / "lib")
    first = ingest.open_library(paths, workers=0)
    assert first is not None and first.way == "entries"
    written: list[int] = []  # how much of the rest is in its file as each bitmap is made
    files = []
    dump, exact = snapshot.dump, postings.ArrayStore.exact

    def watched_dump(index, rest, lines):
        files.append(rest)
        try:
            return dump(index, rest, lines)
        finally:
            files.clear()

    def watched_exact(store, word):
        if files:
            written.append(files[0].tell())
        return exact(store, word)

    monkeypatch.setattr(snapshot, "dump", watched_dump)
    monkeypatch.setattr(postings.ArrayStore, "exact", watched_exact)
    assert first.save_snapshot()
    assert len(written) > 50
    assert written == sorted(set(written))  # each made after the one before was written
    second = ingest.open_library(paths, workers=0)
    assert second is not None and second.way == "snapshot"
    assert _answers(second.index) == _answers(first.index) == _expected(paths)


_MARKS = ',"statements":{ },"speakers": "segment":{"card":'
"""Each mark the answer is split at, inside texts: JSON escapes their quotes."""


def _answer_line(segment_data: dict, problems: list | None = None) -> bytes:
    from tui.library.worker import SEGMENT

    body = json.dumps(segment_data, ensure_ascii=False, separators=(",", ":")).encode()
    return b'{"problems":' + json.dumps(problems or []).encode() + SEGMENT + body + b"}"


def test_a_workers_statements_come_apart_from_its_answer_whatever_the_texts(tmp_path: Path):
    """The columns' JSON is cut out of a worker's answer at the first marks after the segment's
    start: texts holding the marks (title, statement text, speaker's name) do not move them."""
    from tui.search.saved import PackedStatements, split_columns
    from tui.search.segment import Segment

    document = loader.load(write_briefing(tmp_path))
    data = Segment.of(document).to_json()
    data["card"][1] = f"A title {_MARKS}"
    data["statements"]["text"][0] = f"{_MARKS} and more"
    first = next(iter(data["speakers"]))
    data["speakers"][first][0] = _MARKS
    line = _answer_line(data)
    head, columns = split_columns(line, b'"segment":{"card":')
    assert columns is not None
    rest = json.loads(head)["segment"]
    assert "statements" not in rest and json.loads(columns) == data["statements"]
    packed = Segment.from_json(rest, checked=False, columns=columns)
    plain = Segment.from_json(data, checked=False)
    assert isinstance(packed.statements, PackedStatements)
    assert len(packed.statements) == len(plain.statements) == packed.count
    assert [packed.statements.row(n) for n in range(packed.count)] == [
        plain.statements.row(n) for n in range(plain.count)]
    assert packed.statements.speakers_json() == plain.statements.speakers_json()
    assert packed.statements.row(0).text.startswith(_MARKS)
    # A file that did not load: problems and no segment, even with the marks in a message.
    failed = (b'{"problems":' + json.dumps([["p", 1, 1, _MARKS]]).encode()
              + b',"segment":null}')
    assert split_columns(failed, b'"segment":{"card":') == (failed, None)


def test_only_the_statements_shown_last_are_kept_decoded(tmp_path: Path):
    from tui.search import saved
    from tui.search.saved import PackedStatements, split_columns
    from tui.search.segment import Segment

    data = Segment.of(loader.load(write_briefing(tmp_path))).to_json()
    head, columns = split_columns(_answer_line(data), b'"segment":{"card":')
    assert columns is not None
    rest = json.loads(head)["segment"]
    many = [Segment.from_json(rest, checked=False, columns=columns).statements
            for _ in range(saved.RECENT + 10)]
    assert all(isinstance(found, PackedStatements) for found in many)
    for found in many:
        found.row(0)
    decoded = [found for found in many if found._decoded is not None]
    assert decoded == many[-saved.RECENT:]
    assert many[0].row(1) == many[-1].row(1)  # decoded again when shown again
