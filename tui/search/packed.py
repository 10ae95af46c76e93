"""A briefing's postings packed for its segment (:mod:`tui.search.segment`): flat arrays of
unsigned 32-bit numbers, written, read and merged a field at a time in C.

A segment's JSON form carries each array as Base64 of its bytes (native order, as a library
snapshot's arrays); :meth:`Postings.from_json` and :meth:`Tokens.from_json` check that every
number fits the briefing (ValueError otherwise), so a forged cache entry can only misreport its
own briefing, and is refused when it does not fit.

This module is headless: no Textual, and no pydantic.
"""

from __future__ import annotations

import json
from array import array
from base64 import b64decode
from binascii import b2a_base64
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tui.search.postings import SLOT


@dataclass(frozen=True)
class Postings:
    """A field's words in a briefing, and the numbers of the statements holding each: one
    flat array of unsigned 32-bit numbers, ``counts[n]`` of them for ``words[n]``, in order.

    Flat arrays, so that a segment is written, read and merged a field at a time in C
    (:mod:`tui.search.merge`), not a Python step per statement number. The JSON form carries
    each array as Base64 of its bytes (native order, as a library snapshot's arrays).
    """

    words: list[str]
    counts: array
    numbers: array

    @classmethod
    def of(cls, by_word: dict[str, list[int]]) -> Postings:
        """From each word's statement numbers."""
        found = by_word.values()
        numbers = array("I")
        for held in found:  # a list at a time, in C
            numbers.fromlist(held)
        return cls(list(by_word), array("I", map(len, found)), numbers)

    def lists(self) -> Iterator[tuple[str, array]]:
        """Each word and its numbers."""
        numbers, at = self.numbers, 0
        for word, count in zip(self.words, self.counts, strict=True):
            yield word, numbers[at : at + count]
            at += count

    def to_json(self) -> list[Any]:
        return [self.words, base64_text(self.counts), base64_text(self.numbers)]

    def json_parts(self) -> tuple[bytes, ...]:
        """:meth:`to_json`'s form as ``json.dumps`` writes it (compact, UTF-8), in parts to
        be joined; the last closes the list."""
        return (b"[", texts_json(self.words), b',"', b2a_base64(self.counts, newline=False),
                b'","', b2a_base64(self.numbers, newline=False), b'"]')

    @classmethod
    def unchecked(cls, data: Any) -> Postings:
        """From :meth:`to_json`'s form made by the reader's own worker (see
        :meth:`tui.search.segment.Segment.from_json`): the arrays decoded, nothing checked."""
        found, counts, numbers = data
        return cls(found, _array(counts), _array(numbers))

    @classmethod
    def from_json(cls, data: Any, statements: int) -> Postings:
        """From :meth:`to_json`'s form, each number below ``statements``; ValueError (or
        TypeError ...) if anything is off."""
        _expect(type(data) is list and len(data) == 3, "postings")
        found, raw_counts, raw_numbers = data
        counts, numbers = _array(raw_counts), _array(raw_numbers)
        _expect(type(found) is list and set(map(type, found)) <= {str} and len(counts) == len(found)
                and min(counts, default=1) > 0 and sum(counts) == len(numbers)
                # Statement numbers of this briefing only: the next briefing's start there.
                and max(numbers, default=-1) < statements, "postings")
        return cls(found, counts, numbers)


@dataclass(frozen=True)
class Tokens:
    """A briefing's word positions, numbered from its first token: each word's token numbers
    (:class:`Postings` of tokens), each statement's first token and each token slot's
    statement, as :class:`tui.search.postings.Positions` holds them for a library."""

    postings: Postings
    starts: array
    owners: array

    @classmethod
    def of(cls, statements: Iterable[list[str]]) -> Tokens:
        """The positions of each statement's folded words: statement ``n``'s start a slot
        (:data:`~tui.search.postings.SLOT`), its words are consecutive tokens, and the token
        after its last word is no word's, so a phrase never runs into the next statement."""
        by_word: dict[str, list[int]] = {}
        get = by_word.get
        starts, owners = array("I"), array("I")
        for number, found_words in enumerate(statements):
            start = len(owners) << SLOT
            starts.append(start)
            for token, word in enumerate(found_words, start):
                held = get(word)
                if held is None:
                    by_word[word] = [token]
                else:
                    held.append(token)
            # Its words and the gap after them, in whole slots.
            owners.extend([number] * ((len(found_words) >> SLOT) + 1))
        return cls(Postings.of(by_word), starts, owners)

    def to_json(self) -> list[Any]:
        return [*self.postings.to_json(), base64_text(self.starts), base64_text(self.owners)]

    def json_parts(self) -> tuple[bytes, ...]:
        """:meth:`to_json`'s form as ``json.dumps`` writes it, in parts to be joined."""
        return (*self.postings.json_parts()[:-1], b'","', b2a_base64(self.starts, newline=False),
                b'","', b2a_base64(self.owners, newline=False), b'"]')

    @classmethod
    def unchecked(cls, data: Any) -> Tokens:
        """:meth:`Postings.unchecked`'s counterpart."""
        return cls(Postings.unchecked(data[:3]), _array(data[3]), _array(data[4]))

    @classmethod
    def from_json(cls, data: Any, statements: int) -> Tokens:
        """From :meth:`to_json`'s form, for a briefing of ``statements`` statements;
        ValueError (or TypeError ...) if anything is off."""
        _expect(type(data) is list and len(data) == 5, "tokens")
        starts, owners = _array(data[3]), _array(data[4])
        tokens = len(owners) << SLOT
        postings = Postings.from_json(data[:3], tokens)  # tokens of this briefing's slots only
        _expect(len(starts) == statements and max(starts, default=-1) < tokens
                and max(owners, default=-1) < statements, "tokens")
        return cls(postings, starts, owners)


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ESCAPED = bytes(range(0x20)) + b'"\\'
"""The bytes of the characters JSON escapes (with ``ensure_ascii`` off): no byte of another
character's UTF-8 is one of them."""


def json_bytes(value: Any) -> bytes:
    """``value`` as compact JSON in UTF-8, as a segment is written."""
    return _dumps(value).encode()


def texts_json(found: list[Any]) -> bytes:
    """:func:`json_bytes` of a list, made faster for texts: when all are texts and none needs
    an escape (a folded word never does), they are joined as they are."""
    try:
        joined = '","'.join(found).encode()
    except TypeError:  # not all texts
        return json_bytes(found)
    # Only the separators' quotes may be escaped characters.
    if found and len(joined) - len(joined.translate(None, _ESCAPED)) == 2 * len(found) - 2:
        return b'["' + joined + b'"]'
    return json_bytes(found)


def base64_text(numbers: array) -> str:
    """The Base64 text of ``numbers``' bytes (a segment's JSON form of an array)."""
    return b2a_base64(numbers, newline=False).decode("ascii")


def _array(text: Any) -> array:
    """The unsigned 32-bit numbers of :func:`base64_text`'s form."""
    _expect(type(text) is str, "postings")
    try:
        raw = b64decode(text, validate=True)
    except (ValueError, TypeError):
        raise ValueError("bad postings") from None
    _expect(len(raw) % 4 == 0, "postings")
    numbers = array("I")
    numbers.frombytes(raw)
    return numbers


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(f"bad {what}")
