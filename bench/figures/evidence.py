"""``evidence.{synthetic,real}``: verifying a briefing's evidence, per file (issue 16).

:func:`tui.format.loader.verify_evidence` (every excerpt and direct quotation located in its
source text) over generated briefings already loaded, parsed and validated: process CPU per
file, one pass over the files per run, the cyclic collector paused as the loader pauses it.
"""

from __future__ import annotations

import time

from ..harness import Context, Measurement, figure


@figure("evidence", quick=True,
        description="verify_evidence on generated briefings (synthetic and real vocabulary): "
                    "process CPU per file of 100 statements")
def evidence(ctx: Context):
    from tui.format.loader import gc_paused, load, verify_evidence
    from tui.format.positions import Locator

    files = 20 if ctx.quick else 200
    for vocabulary, library in ctx.both_libraries(files, 100):
        loaded = []
        for path in sorted(library.folder.glob("*.yaml")):
            document = load(path)
            locate = Locator(path.read_text(encoding="utf-8"), str(path))
            loaded.append((document.briefing, document.source_texts, locate))
        excerpts = sum(verify_evidence(*each).checked for each in loaded)
        samples = []
        for _ in range(ctx.runs(quick=3, full=7)):
            with gc_paused():
                began = time.process_time()
                for briefing, texts, locate in loaded:
                    verify_evidence(briefing, texts, locate)
                seconds = time.process_time() - began
            samples.append(seconds * 1000 / len(loaded))
        note = f"{len(loaded)} files, {excerpts / len(loaded):.0f} excerpts a file ({vocabulary})"
        ctx.log(f"{vocabulary}: {min(samples):.2f} ms a file; {note}")
        yield Measurement(f"evidence.{vocabulary}", samples, "ms", note=note)
