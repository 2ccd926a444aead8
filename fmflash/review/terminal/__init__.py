"""The terminal: the interactive reviewer, its input and output, card text as terminal text."""
