"""The briefing format: the model, safe YAML loading with positions, evidence, references.

The lowest layer: it imports nothing of the others, and never Textual.
"""
