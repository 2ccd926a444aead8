"""Baseline: fsrs-rs's fit of a review log, from a plain loop over the log in sqlite3.

Usage: python plain_fsrs.py DATABASE
The work a fit cannot do without: read the log, keep each card's first grade of a day (not
re-drills, not cram), make every item fsrs-rs trains on (each card's steps up to each answer
after its first, oldest answer first), fit the 21 parameters and score them by fsrs-rs's
time-series splits. fmflash fit also loads the project, and scores SM-2 and FSRS-6's defaults.
"""

import sqlite3
import sys
from datetime import date

from fsrs_rs_python import (
    DEFAULT_PARAMETERS,
    FSRS,
    FSRSItem,
    FSRSReview,
    evaluate_with_time_series_splits,
)

RATING_OF_SM2 = (1, 1, 1, 2, 3, 4)  # SM-2's 0-5 as Again, Hard, Good, Easy


def main() -> None:
    db = sqlite3.connect(sys.argv[1])
    rows = db.execute(
        "SELECT card_key, reviewed_at, day, scale, grade FROM review_log "
        "WHERE redrill = 0 AND cram = 0 ORDER BY card_key, reviewed_at"
    )
    scored: list[tuple[str, FSRSItem]] = []
    card: str | None = None
    steps: list[FSRSReview] = []
    last_day: date | None = None
    for key, reviewed_at, day_text, scale, grade in rows:
        day = date.fromisoformat(day_text)
        if key != card:
            card, steps, last_day = key, [], None
        elif last_day is not None and day <= last_day:
            continue  # not the first grade of the day
        rating = grade if scale == "rating" else RATING_OF_SM2[grade]
        steps.append(FSRSReview(rating, (day - last_day).days if last_day else 0))
        last_day = day
        if len(steps) > 1:
            scored.append((reviewed_at, FSRSItem(list(steps))))
    db.close()
    scored.sort(key=lambda pair: pair[0])
    items = [item for _, item in scored]
    FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
    evaluate_with_time_series_splits(items)


if __name__ == "__main__":
    main()
