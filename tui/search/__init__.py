"""Quote search: text folding, the query language, per-briefing segments and the index.

Built on :mod:`tui.format` only; never imports Textual.
"""
