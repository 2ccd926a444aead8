"""fmflash: flashcards for notes on Understanding Foundation Models."""

__version__ = "0.1.0"
