"""The figures of ``python -m bench``: every module in this package is imported, and registers
its figures with ``@figure(...)`` (see :mod:`bench.harness`). To add a figure, add a module here.
Figures run in the order of their module names, then of registration within a module.
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
