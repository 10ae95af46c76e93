"""``parsers``: YAML parsers side by side on generated briefings: MB/s, and the same objects?

Every candidate that is installed parses the same files of a synthetic and a real-vocabulary
library; its result is compared with :func:`tui.format.yaml_safe.parse` (the positioned safe
loader) after one normalisation, dates written ``YYYY-MM-DD`` read as dates (YAML 1.2 parsers
leave them text, as the fast path of :mod:`tui.format.yaml_fast` expects). Throughput is the
YAML's megabytes over process CPU time, one pass over the files per run, the candidates in turn
within a run (so a busy moment of the machine costs each about the same). A candidate that is
not installed is reported as skipped; ``pip install yaml-rs libfyaml fastyaml-rs ryaml
py-yaml12 pyyaml-rs`` installs them all.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..harness import Context, Measurement, figure

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _dates(value: Any) -> Any:
    """``value`` with every ``YYYY-MM-DD`` text a date (as PyYAML reads a plain one)."""
    if isinstance(value, dict):
        return {key: _dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates(item) for item in value]
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _tui(text: str) -> Any:
    from tui.format.yaml_safe import parse

    return parse(text, "bench")[0]


def _tui_fast(text: str) -> Any:
    from tui.format.yaml_fast import fast_parse

    return fast_parse(text)


def _pyyaml_c(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=yaml.CSafeLoader)


def _yaml_rs(text: str) -> Any:
    import yaml_rs

    return yaml_rs.loads(text, parse_datetime=False,
                         duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)


def _libfyaml(text: str) -> Any:
    import libfyaml

    return libfyaml.loads(text).to_python()


def _fastyaml_rs(text: str) -> Any:
    import fast_yaml

    return fast_yaml.safe_load(text)


def _ryaml(text: str) -> Any:
    import ryaml

    return ryaml.loads(text)


def _py_yaml12(text: str) -> Any:
    import yaml12

    return yaml12.parse_yaml(text)


def _pyyaml_rs(text: str) -> Any:
    import pyyaml_rs

    return pyyaml_rs.safe_load(text)


CANDIDATES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "tui": ("tui", _tui),
    "tui-fast": ("tui", _tui_fast),
    "pyyaml-c": ("yaml", _pyyaml_c),
    "yaml-rs": ("yaml_rs", _yaml_rs),
    "libfyaml": ("libfyaml", _libfyaml),
    "fastyaml-rs": ("fast_yaml", _fastyaml_rs),
    "ryaml": ("ryaml", _ryaml),
    "py-yaml12": ("yaml12", _py_yaml12),
    "pyyaml-rs": ("pyyaml_rs", _pyyaml_rs),
}
"""Name → (module it needs, parse text to Python objects)."""


def _installed(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def measure(texts: list[str], runs: int) -> dict[str, tuple[list[float], int, str]]:
    """Per candidate: MB/s of each run, files giving the loader's objects, first difference."""
    from tui.format.loader import gc_paused
    from tui.format.yaml_safe import parse

    megabytes = sum(len(text.encode()) for text in texts) / 1e6
    expected = [parse(text, "bench")[0] for text in texts]
    usable = {name: parse_text for name, (module, parse_text) in CANDIDATES.items()
              if _installed(module)}
    same: dict[str, int] = {}
    differs: dict[str, str] = {}
    for name, parse_text in usable.items():
        same[name] = 0
        for text, wanted in zip(texts, expected, strict=True):
            try:
                got = _dates(parse_text(text))
            except Exception as error:  # noqa: BLE001 - a candidate that fails is reported
                differs.setdefault(name, f"{type(error).__name__}: {str(error)[:60]}")
                continue
            if got == wanted:
                same[name] += 1
            else:
                differs.setdefault(name, "different objects")
    speeds: dict[str, list[float]] = {name: [] for name in usable}
    for _ in range(runs):
        for name, parse_text in usable.items():
            with gc_paused():
                began = time.process_time()
                for text in texts:
                    parse_text(text)
                seconds = time.process_time() - began
            speeds[name].append(megabytes / max(seconds, 1e-9))
    return {name: (speeds[name], same[name], differs.get(name, "")) for name in usable}


@figure("parsers", quick=True,
        description="YAML parsers on generated briefings (synthetic and real vocabulary): MB/s "
                    "of process CPU, and whether each gives the safe loader's objects")
def parsers(ctx: Context):
    files = 20 if ctx.quick else 200
    missing = [name for name, (module, _) in CANDIDATES.items() if not _installed(module)]
    if missing:
        ctx.log(f"not installed, skipped: {', '.join(missing)}")
    for vocabulary, library in ctx.both_libraries(files, 100):
        paths: list[Path] = sorted(library.folder.glob("*.yaml"))
        texts = [path.read_text(encoding="utf-8") for path in paths]
        megabytes = sum(len(text.encode()) for text in texts) / 1e6
        results = measure(texts, ctx.runs(quick=2, full=5))
        for name, (speeds, same, differs) in results.items():
            note = (f"{len(texts)} files ({megabytes:.1f} MB, {vocabulary}); same objects in "
                    f"{same}/{len(texts)}" + (f" ({differs})" if differs else ""))
            ctx.log(f"{vocabulary} {name}: {max(speeds):.1f} MB/s; {note}")
            yield Measurement(f"parsers.{vocabulary}.{name}", speeds, "MB/s", note=note)
