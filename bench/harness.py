"""The benchmark harness: a registry of figures, cached libraries, and the report.

A figure is a function registered with :func:`figure`. It receives a :class:`Context` and returns
(or yields) :class:`Measurement` objects, one per reported line; it raises :class:`Skipped` when it
cannot run here (say, the reader is not built yet). Adding a figure::

    from bench.harness import Measurement, figure

    @figure("my_figure", quick=True, description="what it measures")
    def my_figure(ctx):
        library = ctx.library(files=20, statements=100)   # cached synthetic library
        samples = [time_something(library.folder) for _ in range(ctx.runs(quick=3, full=5))]
        yield Measurement("my_figure", samples, "s")

Figures registered in modules imported by :mod:`bench.figures` are picked up by ``python -m bench``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import generate

REPO = Path(__file__).resolve().parent.parent
"""The repository root (the folder holding ``bench/`` and ``tui/``)."""

CACHE = Path(tempfile.gettempdir()) / "briefing-bench-cache"
"""Where generated libraries are kept between runs (never inside the repository)."""


class Skipped(Exception):
    """Raised by a figure that cannot be measured here; the message says why."""


@dataclass
class Measurement:
    """One reported line: repeated samples of one quantity."""

    figure: str
    samples: list[float]
    unit: str
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def as_json(self) -> dict:
        return {
            "figure": self.figure,
            "median": _round(self.median),
            "min": _round(min(self.samples)),
            "max": _round(max(self.samples)),
            "unit": self.unit,
            "n": len(self.samples),
        }


def _round(value: float) -> float:
    """Four significant digits: enough for a benchmark, short in JSON."""
    if value == 0 or value != value:  # zero or NaN
        return value
    return float(f"{value:.4g}")


@dataclass(frozen=True)
class Figure:
    """A registered figure."""

    name: str
    func: Callable[[Context], Iterable[Measurement]]
    quick: bool
    description: str


FIGURES: dict[str, Figure] = {}
"""Every registered figure, by name, in registration order."""


def figure(name: str, *, quick: bool = True, description: str = "") -> Callable:
    """Register a figure; ``quick=False`` leaves it out of ``--quick`` runs."""

    def register(func: Callable[[Context], Iterable[Measurement]]) -> Callable:
        if name in FIGURES:
            raise ValueError(f"figure {name!r} is registered twice")
        doc = description or (func.__doc__ or "").strip().split("\n")[0]
        FIGURES[name] = Figure(name, func, quick, doc)
        return func

    return register


@dataclass
class Context:
    """What a figure gets: the mode, repetition counts and cached libraries."""

    quick: bool = False
    repeat: int | None = None
    """Runs per figure forced from the command line (``--repeat``), else the figure's own."""
    verbose: bool = True
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="briefing-bench-")))
    """A temporary folder for this run's files; deleted at the end."""

    def runs(self, quick: int, full: int) -> int:
        """How many times to repeat a measurement in this mode."""
        return self.repeat if self.repeat else (quick if self.quick else full)

    def log(self, message: str) -> None:
        """Progress on standard error (standard output is the report)."""
        if self.verbose:
            print(f"  {message}", file=sys.stderr, flush=True)

    def both_libraries(self, files: int, statements: int
                       ) -> Iterator[tuple[str, generate.LibraryInfo]]:
        """The synthetic library, then the real-vocabulary one, each with its name; the figure
        is skipped at the second when wordfreq is missing (the ``bench`` extra)."""
        for vocabulary in ("synthetic", "real"):
            try:
                library = self.library(files, statements, vocabulary=vocabulary)
            except RuntimeError as error:  # no wordfreq for the real vocabulary
                if vocabulary == "synthetic":
                    raise
                raise Skipped(str(error)) from None
            yield vocabulary, library

    def library(self, files: int, statements: int, seed: int = 0,
                vocabulary: str = "synthetic") -> generate.LibraryInfo:
        """A synthetic library, generated once and cached in the system temp dir
        (``vocabulary="real"``: statements of real words, see :mod:`bench.vocabulary`)."""
        kind = "" if vocabulary == "synthetic" else f"-{vocabulary}"
        folder = CACHE / f"lib-{files}x{statements}{kind}-seed{seed}-{_generator_hash()}"
        marker = folder / ".complete"
        if marker.is_file():
            info = json.loads(marker.read_text())
            return generate.LibraryInfo(folder, info["files"], info["statements"], info["bytes"],
                                        0.0)
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f".partial-{folder.name}-", dir=CACHE))
        self.log(f"generating library {files} files x {statements} statements"
                 f" ({vocabulary} vocabulary) ...")
        info = generate.generate_library(partial, files, statements, seed, vocabulary)
        (partial / ".complete").write_text(
            json.dumps({"files": info.files, "statements": info.statements, "bytes": info.bytes})
        )
        try:
            partial.rename(folder)
        except OSError:  # generated meanwhile by another run: use that one
            shutil.rmtree(partial, ignore_errors=True)
        self.log(f"generated {info.bytes / 1e6:.1f} MB in {info.seconds:.1f} s")
        return generate.LibraryInfo(folder, info.files, info.statements, info.bytes, info.seconds)

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


_HASH: str | None = None


def _generator_hash() -> str:
    """Short hash of the generator's code: a changed generator never reuses a stale library."""
    global _HASH
    if _HASH is None:
        source = Path(generate.__file__).read_bytes()
        source += (Path(generate.__file__).parent / "vocabulary.py").read_bytes()
        _HASH = hashlib.sha1(source).hexdigest()[:10]
    return _HASH


# --------------------------------------------------------------------------------------------
# Running and reporting
# --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What running one figure gave: measurements, or why there are none."""

    name: str
    measurements: list[Measurement] = field(default_factory=list)
    skipped: str | None = None
    error: str | None = None
    seconds: float = 0.0


def select(names: list[str], *, quick: bool) -> list[Figure]:
    """The figures to run: those named, else every figure of the mode."""
    if names:
        unknown = [name for name in names if name not in FIGURES]
        if unknown:
            raise KeyError(", ".join(unknown))
        return [FIGURES[name] for name in names]
    return [f for f in FIGURES.values() if f.quick or not quick]


def run_figure(fig: Figure, ctx: Context) -> Outcome:
    """Run one figure, turning a skip or a crash into an outcome (never raising)."""
    outcome = Outcome(fig.name)
    began = time.perf_counter()
    try:
        outcome.measurements = list(fig.func(ctx))
    except Skipped as skip:
        outcome.skipped = str(skip) or "skipped"
    except KeyboardInterrupt:
        raise
    except Exception as error:  # noqa: BLE001 - one broken figure must not lose the others
        outcome.error = f"{type(error).__name__}: {error}"
        if ctx.verbose:
            traceback.print_exc(file=sys.stderr)
    outcome.seconds = time.perf_counter() - began
    return outcome


def json_lines(outcome: Outcome) -> list[str]:
    """The JSON lines of one figure's outcome."""
    if outcome.skipped is not None:
        return [json.dumps({"figure": outcome.name, "skipped": outcome.skipped}, ensure_ascii=False)]
    if outcome.error is not None:
        return [json.dumps({"figure": outcome.name, "error": outcome.error}, ensure_ascii=False)]
    return [json.dumps(m.as_json(), ensure_ascii=False) for m in outcome.measurements]


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def table(outcomes: list[Outcome]) -> str:
    """A readable table of every outcome."""
    rows = [("figure", "median", "min", "max", "unit", "n", "note")]
    for outcome in outcomes:
        if outcome.skipped is not None or outcome.error is not None:
            reason = outcome.skipped if outcome.skipped is not None else f"ERROR {outcome.error}"
            status = "skipped" if outcome.skipped is not None else "failed"
            rows.append((outcome.name, status, "", "", "", "", reason))
            continue
        for m in outcome.measurements:
            rows.append((m.figure, _fmt(m.median), _fmt(min(m.samples)), _fmt(max(m.samples)),
                         m.unit, str(len(m.samples)), m.note))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])]
        cells += [row[i].rjust(widths[i]) for i in (1, 2, 3)]
        cells += [row[4].ljust(widths[4]), row[5].rjust(widths[5]), row[6]]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(lines)


def run(names: list[str], *, quick: bool, repeat: int | None = None, verbose: bool = True) -> int:
    """Run the figures, print one JSON line per measurement, then the table. Exit status."""
    from . import figures  # noqa: F401 - registers the figures

    try:
        chosen = select(names, quick=quick)
    except KeyError as error:
        print(f"bench: unknown figure(s): {error.args[0]} (known: {', '.join(FIGURES)})",
              file=sys.stderr)
        return 2
    ctx = Context(quick=quick, repeat=repeat, verbose=verbose)
    outcomes: list[Outcome] = []
    began = time.perf_counter()
    try:
        for fig in chosen:
            if verbose:
                print(f"[{fig.name}]", file=sys.stderr, flush=True)
            outcome = run_figure(fig, ctx)
            outcomes.append(outcome)
            for line in json_lines(outcome):
                print(line, flush=True)
    finally:
        ctx.close()
    total = time.perf_counter() - began
    print()
    print(table(outcomes))
    print(f"\n{'quick' if quick else 'full'} run, {len(outcomes)} figure(s) in {total:.1f} s; "
          f"{sys.implementation.name} {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    return 1 if any(o.error for o in outcomes) else 0
