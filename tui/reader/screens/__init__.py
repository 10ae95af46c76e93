"""Screens pushed over the views: the briefing picker and the help."""
