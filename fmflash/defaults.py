"""Defaults, kept apart so the command line can name them without loading anything else."""

DEFAULT_CARDS = "cards.yaml"
# Without a package: line, the package is deck/NAME.apkg beside the root card file, NAME from
# the root deck's own name (cards/project.py).
DEFAULT_PACKAGE = "deck/NAME.apkg"
DEFAULT_PREVIEW = "deck/preview.html"
# Like Anki, a learner's day starts at 4 am: a session past midnight still counts as "today".
DEFAULT_DAY_START_HOUR = 4
