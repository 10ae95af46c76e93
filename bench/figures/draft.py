"""``draft.*``: how well ``briefing draft`` finds quotations and their speakers.

Not a speed: the share of the direct quotations of the test articles (``tests/drafts``, each
with a hand-written answer key) that the draft recovers, the share of drafted quotations that
are in the key, and the share of recovered quotations given the right speaker. One sample each
(the rules are deterministic). See :mod:`tui.draft.evaluate`.
"""

from __future__ import annotations

from ..harness import REPO, Context, Measurement, Skipped, figure


@figure("draft", quick=True,
        description="briefing draft on the test articles: quote recall, precision, speakers (%)")
def draft_quality(ctx: Context):
    try:
        from tui.draft.evaluate import evaluate
    except ImportError as error:  # the draft layer is not built here
        raise Skipped(f"tui.draft not importable: {error}") from None
    folder = REPO / "tests" / "drafts"
    if not folder.is_dir():
        raise Skipped(f"no test articles in {folder}")
    total, scores = evaluate(folder)
    if total.problems:
        raise RuntimeError(f"{len(total.problems)} drafts fail 'briefing check': "
                           f"{total.problems[0]}")
    ctx.log(f"{len(scores)} articles, {total.key_quotes} quotations in the keys")
    note = f"{len(scores)} articles, {total.key_quotes} key quotations"
    yield Measurement("draft.recall", [100 * total.recall], "%",
                      note=f"{total.matched}/{total.key_quotes} key quotations drafted; {note}")
    yield Measurement("draft.precision", [100 * total.precision], "%",
                      note=f"{total.matched}/{total.drafted_quotes} drafted quotations in a key")
    yield Measurement("draft.speaker", [100 * total.speaker], "%",
                      note=f"{total.right_speaker}/{total.matched} recovered with the right speaker")
    yield Measurement("draft.reported", [100 * (total.found_reported / total.key_reported
                                                if total.key_reported else 1.0)], "%",
                      note=f"{total.found_reported}/{total.key_reported} key reported statements")
