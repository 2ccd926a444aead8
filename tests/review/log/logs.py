"""What the tests read of a review database directly: its log, its schema, counts read whole."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Container, Iterable
from contextlib import closing
from datetime import date

from fmflash.review.log.counts import DayCount
from fmflash.review.log.rows import COLUMNS, review_of_row
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.schedule import Review


def reviews_since(store: ReviewStore, day: date) -> list[Review]:
    """Return the reviews logged for ``day`` or later, in the order they were logged."""
    with closing(sqlite3.connect(store.path)) as db:
        rows = db.execute(
            f"SELECT {COLUMNS} FROM review_log WHERE day >= ? ORDER BY id", (day.isoformat(),)
        ).fetchall()
    return [review_of_row(row) for row in rows]


def schema_version(store: ReviewStore) -> int:
    """Return the schema version of a review database."""
    with closing(sqlite3.connect(store.path)) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def count_reviews(reviews: Iterable[Review], keys: Container[str]) -> list[DayCount]:
    """Count the reviews of the given card keys by day, grade and re-drill, read whole."""
    counts = Counter((r.day, r.grade, r.redrill) for r in reviews if r.card_key in keys)
    return [DayCount(day, grade, redrill, n) for (day, grade, redrill), n in counts.items()]
