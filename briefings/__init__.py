"""Briefings bundled with the reader (installed as ``tui.briefings``)."""
