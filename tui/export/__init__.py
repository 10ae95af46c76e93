"""Export of a briefing as Markdown, JSON or one self-contained HTML file.

Built on the layers below; never imports Textual.
"""
