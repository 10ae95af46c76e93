"""``python -m bench``: run the benchmark figures and report them.

    python -m bench [--quick] [--repeat N] [FIGURE ...]
    python -m bench --list
"""

from __future__ import annotations

import argparse
import sys

from . import harness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run benchmark figures: one JSON line per measurement on standard output "
                    "(median, min, max of repeated runs), then a table. Progress goes to "
                    "standard error.",
    )
    parser.add_argument("figures", nargs="*", metavar="FIGURE",
                        help="figures to run (default: all; with --quick, the quick ones)")
    parser.add_argument("--quick", action="store_true",
                        help="small libraries and few runs: finishes in under 2 minutes")
    parser.add_argument("--repeat", type=int, metavar="N",
                        help="runs per figure, overriding each figure's own count")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    parser.add_argument("-q", "--silent", action="store_true", help="no progress on stderr")
    options = parser.parse_args(argv)
    if options.repeat is not None and options.repeat < 1:
        parser.error("--repeat must be at least 1")
    if options.list:
        from . import figures  # noqa: F401 - registers the figures

        for fig in harness.FIGURES.values():
            mode = "quick+full" if fig.quick else "full only"
            print(f"{fig.name:<20} {mode:<11} {fig.description}")
        return 0
    return harness.run(options.figures, quick=options.quick, repeat=options.repeat,
                       verbose=not options.silent)


if __name__ == "__main__":
    sys.exit(main())
