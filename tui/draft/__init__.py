"""Draft a briefing from a plain-text article (``briefing draft``): headless, rules only.

quotes (quotation marks) -> sentences -> mentions (noun phrases) -> attribution (who said
it) and reported (reported speech) -> cast (who a mention refers to) -> reading (the article
read in order) -> build (the briefing's data) -> writer (YAML). places holds the country data.
Imports only :mod:`tui.format`.
"""
