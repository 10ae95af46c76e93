"""The reader: the Textual app, its screens, views and widgets. The only layer that imports
Textual."""
