"""Defaults, kept apart so the command line can name them without loading anything else."""

DEFAULT_CARDS = "cards.yaml"
DEFAULT_PACKAGE = "deck/understanding-foundation-models.apkg"
DEFAULT_PREVIEW = "deck/preview.html"
# Like Anki, a learner's day starts at 4 am: a session past midnight still counts as "today".
DEFAULT_DAY_START_HOUR = 4
