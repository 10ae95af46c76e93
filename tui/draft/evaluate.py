"""How well ``briefing draft`` does on articles with an answer key: ``python -m
tui.draft.evaluate [FOLDER]`` (default: the test articles in ``tests/drafts``).

Each ``NAME.txt`` has a ``NAME.key`` (YAML, named so that ``briefing check`` never takes it for
a briefing) listing the direct quotations a curator would draft (``quotes``: text and speaker),
some reported statements (``reported``: the start of the sentence and the speaker) and
countries that must be found. The article is drafted into a
temporary folder and the draft loaded with the project's loader (so it must pass ``briefing
check``); then a drafted quotation matches a key quotation when their words are the same (case,
quote marks, whitespace and end punctuation aside), and its speaker is right when the drafted
actor's name is the key's (case, accents and a leading "the" aside).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tui.draft.command import draft_text
from tui.format.evidence import normalise
from tui.format.loader import load_safely


def _words(text: str) -> str:
    return normalise(text).casefold().strip(" .,;:!?")


def _name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", normalise(text).casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    for article in ("the ", "a ", "an "):
        if folded.startswith(article):
            folded = folded[len(article):]
    return folded.strip()


@dataclass
class Score:
    """The figures of one article (or of all, added up)."""

    name: str
    key_quotes: int = 0
    drafted_quotes: int = 0
    matched: int = 0
    right_speaker: int = 0
    key_reported: int = 0
    found_reported: int = 0
    key_countries: int = 0
    found_countries: int = 0
    problems: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("key_quotes", "drafted_quotes", "matched", "right_speaker", "key_reported",
                     "found_reported", "key_countries", "found_countries"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)

    @property
    def recall(self) -> float:
        return self.matched / self.key_quotes if self.key_quotes else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.drafted_quotes if self.drafted_quotes else 1.0

    @property
    def speaker(self) -> float:
        """Right speakers among the quotations recovered."""
        return self.right_speaker / self.matched if self.matched else 1.0

    @property
    def speaker_of_all(self) -> float:
        """Right speakers among all the key's quotations (a missed quotation counts wrong)."""
        return self.right_speaker / self.key_quotes if self.key_quotes else 1.0


def score(article: Path, key: dict, scratch: Path) -> Score:
    """Draft one article and compare the draft with its key."""
    result = Score(article.stem)
    folder = scratch / article.stem
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(article, folder / article.name)
    text = (folder / article.name).read_text(encoding="utf-8")
    output = folder / f"{article.stem}.yaml"
    yaml_text, _counts = draft_text(text, source_file=article.name, briefing_id="draft",
                                    article_name=article.name)
    output.write_text(yaml_text, encoding="utf-8")
    document, problems = load_safely(output)
    result.problems = [str(p) for p in problems]
    if document is None:
        return result
    briefing = document.briefing
    names = {actor.id: actor.name for actor in briefing.actors}
    drafted = [(s.text, names.get(s.speaker, "")) for s in briefing.statements if s.is_direct]
    result.drafted_quotes = len(drafted)
    wanted = [(entry["text"], entry["speaker"]) for entry in key.get("quotes", [])]
    result.key_quotes = len(wanted)
    left = Counter(_words(t) for t, _ in drafted)
    by_words: dict[str, list[str]] = {}
    for text_, speaker in drafted:
        by_words.setdefault(_words(text_), []).append(speaker)
    for text_, speaker in wanted:
        words = _words(text_)
        if left[words] <= 0:
            result.misses.append(f"missed: {text_!r}")
            continue
        left[words] -= 1
        result.matched += 1
        speakers = by_words[words]
        if any(_name(s) == _name(speaker) for s in speakers):
            result.right_speaker += 1
        else:
            result.misses.append(f"speaker of {text_!r}: {speakers} (key: {speaker})")
    for words, count in left.items():
        if count > 0:
            result.misses.append(f"extra: {words!r}")
    reported = [(" ".join(s.evidence), names.get(s.speaker, ""))
                for s in briefing.statements if not s.is_direct]
    for entry in key.get("reported", []):
        result.key_reported += 1
        start = normalise(entry["sentence"])
        if any(start in normalise(evidence) and _name(speaker) == _name(entry["speaker"])
               for evidence, speaker in reported):
            result.found_reported += 1
        else:
            result.misses.append(f"reported: {entry['sentence']!r} ({entry['speaker']})")
    codes = {country.code for country in briefing.countries}
    for code in key.get("countries", []):
        result.key_countries += 1
        result.found_countries += code in codes
        if code not in codes:
            result.misses.append(f"country: {code}")
    return result


def evaluate(folder: Path) -> tuple[Score, list[Score]]:
    """Score every article of ``folder`` that has a key: the total and each article's."""
    total = Score("all")
    scores = []
    with tempfile.TemporaryDirectory(prefix="briefing-draft-") as scratch:
        for article in sorted(folder.glob("*.txt")):
            key_path = article.with_suffix(".key")
            if not key_path.is_file():
                continue
            key = yaml.safe_load(key_path.read_text(encoding="utf-8")) or {}
            result = score(article, key, Path(scratch))
            scores.append(result)
            total.add(result)
    return total, scores


def _line(s: Score) -> str:
    return (f"{s.name:<22} quotes {s.matched:>3}/{s.key_quotes:<3} recall {s.recall:6.1%}  "
            f"precision {s.precision:6.1%}  speaker {s.speaker:6.1%} "
            f"(of all {s.speaker_of_all:6.1%})  reported {s.found_reported}/{s.key_reported}  "
            f"countries {s.found_countries}/{s.key_countries}"
            + (f"  PROBLEMS {len(s.problems)}" if s.problems else ""))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if not a.startswith("-")]
    folder = Path(paths[0]) if paths else Path(__file__).resolve().parents[2] / "tests" / "drafts"
    verbose = "-v" in args
    total, scores = evaluate(folder)
    for result in scores:
        print(_line(result))
        if verbose:
            for miss in result.misses + result.problems:
                print(f"    {miss}")
    print(_line(total))
    return 0 if not total.problems else 1


if __name__ == "__main__":
    sys.exit(main())
