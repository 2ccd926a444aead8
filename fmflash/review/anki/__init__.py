"""Anki's review history: reading a collection file, and its reviews as fmflash's."""
