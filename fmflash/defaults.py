"""Defaults, limits and the user's folders, kept apart so the command line can name them."""

import os
from datetime import date, timedelta

import platformdirs

DEFAULT_CARDS = "cards.yaml"
# Without a package: line, the package is deck/NAME.apkg beside the root card file, NAME from
# the root deck's own name (cards/project.py).
DEFAULT_PACKAGE = "deck/NAME.apkg"
DEFAULT_PREVIEW = "deck/preview.html"
# Like Anki, a learner's day starts at 4 am: a session past midnight still counts as "today".
DEFAULT_DAY_START_HOUR = 4

# The days fmflash can write. Python's calendar ends on 9999-12-31: an interval is held at
# Anki's default maximum (100 years), and the clock (FMFLASH_NOW, SOURCE_DATE_EPOCH) must leave
# room for it, a year more for forecasts, so that every date fmflash computes stays on the
# calendar. Before 1970 a time has no epoch seconds, nor an Anki review id.
MAX_INTERVAL_DAYS = 36_500
FIRST_CLOCK_DAY = date(1970, 1, 2)  # a day after the epoch: in every time zone
LAST_CLOCK_DAY = date.max - timedelta(days=MAX_INTERVAL_DAYS + 366)
# FSRS's desired retention: the default, and the range a card file may choose from.
DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.70, 0.97)
# A day's review, unless the learner says otherwise (review --new, --limit).
DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200


# The user's folders, where the platform keeps each kind (platformdirs knows every platform's
# rules). The environment variables move the cache and the machine's state, for tests and for
# learners who keep them elsewhere.
CACHE_ENV = "FMFLASH_CACHE_DIR"
STATE_ENV = "FMFLASH_STATE_DIR"
_APP = "fmflash"


def cache_folder() -> str:
    """Return the folder of the cache: FMFLASH_CACHE_DIR, or the user's cache folder."""
    return os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir(_APP, appauthor=False)


def state_folder() -> str:
    """Return the folder of this machine's per-project state: FMFLASH_STATE_DIR, or user data."""
    override = os.environ.get(STATE_ENV)
    if override:
        return override
    data = platformdirs.user_data_dir(_APP, appauthor=False, roaming=True)
    return os.path.join(data, "projects")


def review_database() -> str:
    """Return the default review database, in the user's settings folder.

    It stays where fmflash first kept it (click's app folder, the same as the settings folder
    on every platform), so that a learner's log is found after an upgrade.
    """
    settings = platformdirs.user_config_dir(_APP, appauthor=False, roaming=True)
    return os.path.join(settings, "review.sqlite3")
