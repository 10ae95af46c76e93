"""Libraries of briefings: finding files, the cache, snapshots, loading in workers.

Built on :mod:`tui.search` and :mod:`tui.format`; never imports Textual.
"""
