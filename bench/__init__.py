"""Benchmarks of the briefing reader: ``python -m bench [--quick]`` (see ``bench/README.md``).

* :mod:`bench.generate` writes synthetic libraries of valid briefings.
* :mod:`bench.harness` holds the registry of figures and runs them.
"""
