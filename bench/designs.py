"""Candidate designs of the quote search index, built from the same records, answering the same
queries: the figure ``index_designs`` measures them side by side (see bench/README.md).

Each design answers a :class:`tui.search.query.Query` with ``(count, first rows)``: how many
statements match, and the numbers of the first :data:`ROWS` in its order.

* ``ints``: the design before issue 16, a Python int per word used as a bitmap from the word's
  first statement on (unions of every one- and two-letter prefix made at build time);
* ``roaring``: the same query code over compressed bitmaps (``pyroaring.BitMap``); prefix unions
  for one and two letters made at build time;
* ``roaring-lazy``: ``roaring`` as a warm start would have it, reading the saved bitmaps and
  deserialising each word's only when a query first needs it;
* ``fts5``: SQLite FTS5 on disk (``unicode61 remove_diacritics 2``, prefix indexes of 1, 2 and 3
  letters); matches come in row order, and the count is a second query;
* ``tantivy``: Tantivy on disk, results ordered by statement number (a fast field);
* ``tui``: the project's :class:`tui.search.index.SearchIndex`, merged from segments made from
  the records (one per briefing), its first 50 rows read as hits; its disk figure is the
  snapshot's index part (bitmaps and token starts, not the statements' own lines);
* ``tui-warm``: that index as a warm start has it: restored from its snapshot (mapped).

``ints`` and ``roaring*`` rank as the reader does (phrase, then speaker, then the rest); the
engines return library order, which costs them less: their figures are a lower bound.
"""

from __future__ import annotations

import bisect
import os
import pickle
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.records import FIELDS, Record
from tui.search.query import Query, Term

ROWS = 50
RANK_LIMIT = 5_000
SEARCHED = FIELDS[1:]
"""The fields postings are kept for (``text`` is the phrase corpus)."""


def designs() -> tuple[str, ...]:
    return ("ints", "roaring", "roaring-lazy", "fts5", "tantivy", "tui", "tui-warm")


# ------------------------------------------------------------------------------ bitmap designs


class _Ints:
    """Bitmap operations over Python ints (``bits`` at ``shift``)."""

    empty = 0

    @staticmethod
    def make(numbers: array) -> int:
        first = numbers[0] & ~7
        raw = bytearray(((numbers[-1] - first) >> 3) + 1)
        for number in numbers:
            number -= first
            raw[number >> 3] |= 1 << (number & 7)
        return int.from_bytes(raw, "little") << first

    @staticmethod
    def union(maps: Iterable[int]) -> int:
        bits = 0
        for found in maps:
            bits |= found
        return bits

    @staticmethod
    def count(bits: int) -> int:
        return bits.bit_count()

    @staticmethod
    def serialize(bits: int) -> bytes:
        return bits.to_bytes((bits.bit_length() + 7) >> 3, "little")

    @staticmethod
    def minus(bits: int, other: int) -> int:
        return bits & ~other

    @classmethod
    def of(cls, numbers: list[int]) -> int:
        return cls.make(array("I", numbers)) if numbers else 0

    @staticmethod
    def iterate(bits: int) -> Iterator[int]:
        raw = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
        for index, byte in enumerate(raw):
            if byte:
                base = index << 3
                for bit in range(8):
                    if byte >> bit & 1:
                        yield base + bit


class _Roaring:
    """Bitmap operations over ``pyroaring.BitMap``."""

    def __init__(self) -> None:
        from pyroaring import BitMap

        self.BitMap = BitMap
        self.empty = BitMap()

    def make(self, numbers: array) -> Any:
        bits = self.BitMap(numbers)
        bits.run_optimize()
        bits.shrink_to_fit()
        return bits

    def union(self, maps: Iterable[Any]) -> Any:
        return self.BitMap.union(self.empty, *maps)

    @staticmethod
    def count(bits: Any) -> int:
        return len(bits)

    @staticmethod
    def serialize(bits: Any) -> bytes:
        return bits.serialize()

    @staticmethod
    def minus(bits: Any, other: Any) -> Any:
        return bits - other

    def of(self, numbers: list[int]) -> Any:
        return self.BitMap(numbers)

    @staticmethod
    def iterate(bits: Any) -> Iterator[int]:
        return iter(bits)


class BitmapIndex:
    """Postings per field as bitmaps over statement numbers; the reader's query code."""

    def __init__(self, ops: Any) -> None:
        self.ops = ops
        self.maps: dict[str, dict[str, Any]] = {}
        self.vocabulary: dict[str, list[str]] = {}
        self.prefixes: dict[str, dict[str, Any]] = {}
        self.lazy: dict[str, dict[str, tuple[int, int]]] | None = None

    def build(self, records: Iterable[Record]) -> None:
        numbers: dict[str, dict[str, array]] = {name: {} for name in SEARCHED}
        corpus = bytearray()
        starts = array("Q")
        count = 0
        for count, record in enumerate(records, 1):
            number = count - 1
            starts.append(len(corpus))
            corpus += record.fields[0].encode()
            corpus += b"\n"
            for name, value in zip(SEARCHED, record.fields[1:], strict=True):
                into = numbers[name]
                for word in value.split():
                    found = into.get(word)
                    if found is None:
                        into[word] = array("I", (number,))
                    else:
                        found.append(number)
        self.corpus, self.starts, self.size = bytes(corpus), starts, count
        self.all = self.ops.make(array("I", range(count))) if count else self.ops.empty
        for name, by_word in numbers.items():
            self.maps[name] = {word: self.ops.make(found) for word, found in by_word.items()}
        self._finish()

    def _finish(self) -> None:
        for name, maps in self.maps.items():
            self.vocabulary[name] = sorted(maps) if self.lazy is None else sorted(self.lazy[name])
            self.prefixes[name] = {}
            if self.lazy is not None:
                continue
            groups: dict[str, list[Any]] = {}
            for word, bits in maps.items():
                for length in (1, 2):
                    if len(word) >= length:
                        groups.setdefault(word[:length], []).append(bits)
            self.prefixes[name] = {key: self.ops.union(found) for key, found in groups.items()}

    # -------------------------------------------------------------------- saving (roaring)

    def save(self, path: Path) -> int:
        """Write the postings and the corpus; the bytes written."""
        with open(path, "wb") as out:
            head: dict[str, Any] = {"size": self.size, "fields": {}}
            blobs, offset = [], 0
            for name, maps in self.maps.items():
                entries = {}
                for word, bits in maps.items():
                    blob = self.ops.serialize(bits)
                    entries[word] = (offset, len(blob))
                    offset += len(blob)
                    blobs.append(blob)
                head["fields"][name] = entries
            head["postings"] = offset
            head["corpus"] = len(self.corpus)
            raw = pickle.dumps(head, protocol=5)
            out.write(len(raw).to_bytes(8, "little"))
            out.write(raw)
            for blob in blobs:
                out.write(blob)
            out.write(self.corpus)
            out.write(self.starts.tobytes())
        return os.path.getsize(path)

    @classmethod
    def load_lazy(cls, path: Path) -> BitmapIndex:
        """The index :meth:`save` wrote, each word's bitmap deserialised on first use."""
        index = cls(_Roaring())
        raw = path.read_bytes()
        length = int.from_bytes(raw[:8], "little")
        head = pickle.loads(raw[8:8 + length])
        base = 8 + length
        index.blob = memoryview(raw)[base:base + head["postings"]]
        corpus_at = base + head["postings"]
        index.corpus = raw[corpus_at:corpus_at + head["corpus"]]
        index.starts = array("Q")
        index.starts.frombytes(raw[corpus_at + head["corpus"]:])
        index.size = head["size"]
        index.all = index.ops.make(array("I", range(index.size)))
        index.lazy = head["fields"]
        index.maps = {name: {} for name in SEARCHED}
        index._finish()
        return index

    # -------------------------------------------------------------------- queries

    def exact(self, name: str, word: str) -> Any:
        maps = self.maps[name]
        found = maps.get(word)
        if found is None and self.lazy is not None:
            place = self.lazy[name].get(word)
            if place is not None:
                offset, length = place
                found = maps[word] = self.ops.BitMap.deserialize(
                    self.blob[offset:offset + length])
        return self.ops.empty if found is None else found

    def prefix(self, name: str, start: str) -> Any:
        cache = self.prefixes[name]
        found = cache.get(start)
        if found is not None:
            return found
        vocabulary = self.vocabulary[name]
        low = bisect.bisect_left(vocabulary, start)
        high = bisect.bisect_left(vocabulary, start + "\U0010ffff")
        found = self.ops.union(self.exact(name, word) for word in vocabulary[low:high])
        if len(cache) < 4096:
            cache[start] = found
        return found

    def term(self, name: str, term: Term) -> Any:
        bits = None
        for number, word in enumerate(term.words):
            last = number == len(term.words) - 1
            found = self.prefix(name, word) if last and term.prefix else self.exact(name, word)
            bits = found if bits is None else bits & found
            if not bits:
                return self.ops.empty
        return self.ops.empty if bits is None else bits

    def phrase(self, phrase: str, candidates: Any, *, prefix: bool) -> Any:
        wanted = phrase.encode()
        corpus, starts = self.corpus, self.starts
        if self.ops.count(candidates) * 64 < self.size:
            found = []
            for number in self.ops.iterate(candidates):
                end = starts[number + 1] - 1 if number + 1 < self.size else len(corpus) - 1
                if _holds(corpus[starts[number]:end], wanted, prefix):
                    found.append(number)
            return self.ops.of(found)
        found, at = [], corpus.find(wanted)
        length = len(wanted)
        while at != -1:
            end = at + length
            if (at == 0 or corpus[at - 1] in b" \n") and (prefix or corpus[end] in b" \n"):
                found.append(bisect.bisect_right(starts, at) - 1)
            at = corpus.find(wanted, end)
        return self.ops.of(found) & candidates

    def search(self, query: Query) -> tuple[int, list[int]]:
        ops = self.ops
        bits = self.all
        for name, values in query.filters:
            bits = bits & ops.union(self.term(name, term) for term in values)
        for term in query.terms:
            if not bits:
                break
            bits = bits & self.term("all", term)
            if term.phrase and bits:
                bits = self.phrase(" ".join(term.words), bits, prefix=term.prefix)
        tiers = [bits]
        free = query.free_words
        count = ops.count(bits)
        if bits and len(free) > 1 and count <= RANK_LIMIT:
            together = self.phrase(" ".join(free), bits, prefix=bool(query.terms[-1].prefix))
            tiers = [together, ops.minus(bits, together)]
        if bits and free:
            by_speaker = ops.union(self.prefix("speaker", word) if len(word) > 2
                                   else self.exact("speaker", word) for word in free)
            last = tiers.pop()
            tiers.extend([last & by_speaker, ops.minus(last, by_speaker)])
        rows: list[int] = []
        for tier in tiers:
            for number in ops.iterate(tier):
                if len(rows) == ROWS:
                    break
                rows.append(number)
        return count, rows


def _holds(text: bytes, phrase: bytes, prefix: bool) -> bool:
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if (start == 0 or text[start - 1] == 32) and (prefix or end == len(text)
                                                      or text[end] == 32):
            return True
        start = text.find(phrase, start + 1)
    return False


# ------------------------------------------------------------------------------ SQLite FTS5


class Fts5Index:
    """SQLite FTS5 on disk: a column per field, prefix indexes for 1-3 letters."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        self.path = path
        self.db = sqlite3.connect(path)
        columns = ", ".join(f"f_{name}" for name in FIELDS)
        self.db.execute(f"CREATE VIRTUAL TABLE s USING fts5({columns}, "
                        "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail=full)")

    def build(self, records: Iterable[Record]) -> None:
        with self.db:
            self.db.executemany(
                f"INSERT INTO s(rowid, {', '.join(f'f_{n}' for n in FIELDS)}) "
                f"VALUES (?{', ?' * len(FIELDS)})",
                ((number, *record.fields) for number, record in enumerate(records)))
        self.db.execute("INSERT INTO s(s) VALUES ('optimize')")
        self.db.commit()

    @staticmethod
    def _term(columns: str, term: Term) -> str:
        quoted = [f'"{word}"' for word in term.words]
        if term.prefix:
            quoted[-1] += "*"
        body = (f'"{" ".join(term.words)}"' + ("*" if term.prefix else "")
                if term.phrase else " AND ".join(quoted))
        return f"{columns} : ({body})"

    def expression(self, query: Query) -> str:
        parts = []
        for name, values in query.filters:
            parts.append("(" + " OR ".join(self._term(f"f_{name}", term) for term in values) + ")")
        for term in query.terms:
            columns = "f_text" if term.phrase else "f_all"
            parts.append(self._term(columns, term))
        return " AND ".join(parts)

    def search(self, query: Query) -> tuple[int, list[int]]:
        expression = self.expression(query)
        if not expression:
            count = self.db.execute("SELECT count(*) FROM s").fetchone()[0]
            rows = self.db.execute(f"SELECT rowid FROM s ORDER BY rowid LIMIT {ROWS}")
            return count, [row[0] for row in rows]
        count = self.db.execute("SELECT count(*) FROM s WHERE s MATCH ?",
                                (expression,)).fetchone()[0]
        rows = self.db.execute(f"SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid LIMIT {ROWS}",
                               (expression,))
        return count, [row[0] for row in rows]

    def save(self, path: Path) -> int:
        return os.path.getsize(self.path)


# ------------------------------------------------------------------------------ Tantivy


class TantivyIndex:
    """Tantivy on disk: a text field per field (words already folded), the number fast."""

    def __init__(self, path: Path) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        for name in FIELDS:
            builder.add_text_field(name, stored=False, tokenizer_name="raw" if name == "kind"
                                   else "default", index_option="position")
        builder.add_unsigned_field("number", stored=True, fast=True, indexed=True)
        self.schema = builder.build()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.index = tantivy.Index(self.schema, path=str(path))

    def build(self, records: Iterable[Record]) -> None:
        writer = self.index.writer(heap_size=200_000_000, num_threads=2)
        Document = self.tantivy.Document
        for number, record in enumerate(records):
            document = Document()
            document.add_unsigned("number", number)
            for name, value in zip(FIELDS, record.fields, strict=True):
                document.add_text(name, value)
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def _term(self, fields: tuple[str, ...], term: Term) -> Any:
        Query, Occur = self.tantivy.Query, self.tantivy.Occur
        per_field = []
        for name in fields:
            if term.phrase:
                words = list(term.words)
                if term.prefix:
                    per_field.append(Query.phrase_prefix_query(self.schema, name, words))
                else:
                    per_field.append(Query.phrase_query(self.schema, name, words))
                continue
            parts = []
            for number, word in enumerate(term.words):
                if term.prefix and number == len(term.words) - 1:
                    parts.append(Query.phrase_prefix_query(self.schema, name, [word]))
                else:
                    parts.append(Query.term_query(self.schema, name, word))
            per_field.append(Query.boolean_query([(Occur.Must, part) for part in parts]))
        if len(per_field) == 1:
            return per_field[0]
        return Query.boolean_query([(Occur.Should, part) for part in per_field])

    def search(self, query: Query) -> tuple[int, list[int]]:
        Q, Occur = self.tantivy.Query, self.tantivy.Occur
        musts = []
        for name, values in query.filters:
            musts.append(Q.boolean_query([(Occur.Should, self._term((name,), t)) for t in values]))
        for term in query.terms:
            musts.append(self._term(("text",) if term.phrase else ("all",), term))
        built = Q.boolean_query([(Occur.Must, q) for q in musts]) if musts else Q.all_query()
        found = self.searcher.search(built, limit=ROWS, count=True, order_by_field="number",
                                     order=self.tantivy.Order.Asc)
        return found.count, [int(key) for key, _address in found.hits]

    def save(self, path: Path) -> int:
        return sum(file.stat().st_size for file in self.path.rglob("*") if file.is_file())


def make(design: str, scratch: Path) -> Any:
    if design == "ints":
        return BitmapIndex(_Ints())
    if design in ("roaring", "roaring-lazy"):
        return BitmapIndex(_Roaring())
    if design == "fts5":
        (scratch / "fts5.db").unlink(missing_ok=True)  # a run before this one's
        return Fts5Index(scratch / "fts5.db")
    if design == "tantivy":
        import shutil

        shutil.rmtree(scratch / "tantivy", ignore_errors=True)
        return TantivyIndex(scratch / "tantivy")
    if design == "tui":
        return ProjectIndex()
    raise ValueError(design)


# ------------------------------------------------------------------------------ the project's


def segments_of(records: Iterable[Record]) -> Iterator[Any]:
    """One :class:`tui.search.segment.Segment` per briefing of the records."""
    from tui.search.segment import FIELDS as SEGMENT_FIELDS
    from tui.search.segment import Card, Segment, Statements

    def segment(number: int, group: list[Record]) -> Any:
        maps: dict[str, dict[str, list[int]]] = {name: {} for name in SEGMENT_FIELDS}
        for local, record in enumerate(group):
            values = dict(zip(FIELDS, record.fields, strict=True))
            values["date"] = record.date
            for name in SEGMENT_FIELDS:
                into = maps[name]
                for word in values.get(name, "").split():  # (no credibility in records)
                    into.setdefault(word, []).append(local)
        count = len(group)
        columns = {"id": [f"st-{n}" for n in range(count)],
                   "text": [record.fields[0] for record in group],
                   "kind": [record.fields[5] for record in group],
                   "speaker": ["" for _ in group], "topics": [[] for _ in group],
                   "when": [None] * count, "reported_by": [None] * count,
                   "credibility": [None] * count}
        card = Card(f"b{number}", f"Briefing {number}", group[0].date or None, 0, count)
        return Segment.made(card, Statements(columns, {}, {}),
                            [r.fields[0].split() for r in group], maps)

    group: list[Record] = []
    for record in records:
        if group and record.briefing != group[0].briefing:
            yield segment(group[0].briefing, group)
            group = []
        group.append(record)
    if group:
        yield segment(group[0].briefing, group)


class ProjectIndex:
    """The project's index, built from segments or restored from its snapshot's parts."""

    def __init__(self) -> None:
        self.index: Any = None
        self.segments: list[Any] = []

    def prepare(self, records: Iterable[Record]) -> None:
        """The segments, as cache entries would give them (not timed)."""
        self.segments = list(segments_of(records))

    def build(self, records: Iterable[Record]) -> None:
        from tui.search.index import SearchIndex

        self.index = SearchIndex(self.segments)

    def release(self) -> None:
        """Drop the segments (once the memory the index holds is measured)."""
        self.segments = []

    def search(self, query: Query) -> tuple[int, list[int]]:
        results = self.index.search(query)
        results.hits(0, ROWS)
        return results.count, results._rows[:ROWS]

    def save(self, path: Path) -> int:
        """Write the snapshot's head and rest; the bytes of its index part."""
        import json
        import tempfile

        from tui.library.saved_index import chunks
        from tui.library.saved_index import dump as _dump

        with tempfile.TemporaryFile() as rest, tempfile.TemporaryFile() as lines:
            head, ends = _dump(self.index, rest, lines)
            with open(path, "wb") as handle:
                handle.writelines([head, b"\n", *chunks(rest), ends, *chunks(lines)])
        data = json.loads(head)
        postings = sum(sum(sizes) + sum(key_sizes)
                       for _, sizes, _, key_sizes in [*data["fields"].values(), data["positions"]])
        # Not the statements' own lines (and the array of where they end): what results show.
        return len(head) + postings + data["starts"] + data["owners"]

    @classmethod
    def restore(cls, path: Path) -> ProjectIndex:
        import json
        import mmap

        from tui.library.saved_index import index_of

        with open(path, "rb") as handle:
            raw = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        end = raw.find(b"\n")
        found = cls()
        found.index = index_of(json.loads(raw[:end]), memoryview(raw)[end + 1:], lambda: None)
        return found
