"""fmflash: flashcards for your study notes, checked against them, for Anki or the terminal."""

__version__ = "0.1.0"
