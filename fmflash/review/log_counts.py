"""Reviews counted where they are stored: what ``stats`` shows, without reading each review.

The store opens the connection; this module only says what to read. A project's reviews are
usually the whole log: SQLite then counts them from the index of days, grades and re-drills
(schema 5) without visiting a row, and the reviews of other projects' cards, if any, are taken
off again. Several groups (a course's chapters) are counted row by row, by card.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from fmflash.review.grades import grade_on
from fmflash.review.schedule_cache import Database
from fmflash.review.stats import DayCount

G = TypeVar("G")
Key = tuple[str, int, str, int]  # a day, re-drill, scale and grade

_BY_DAY = (
    "SELECT day, redrill, scale, grade, count(*) FROM review_log WHERE day >= ? {only} "
    "GROUP BY day, redrill, scale, grade"
)


def day_counts(db: Database, since: date, groups: Mapping[str, G]) -> dict[G, list[DayCount]]:
    """Count the reviews of the grouped card keys logged for ``since`` or later, by group."""
    if len(set(groups.values())) == 1:
        group = next(iter(groups.values()))
        counts = _one_group(db, since, groups)
        return {group: _day_counts(counts)} if counts else {}
    by_group: dict[G, Counter[Key]] = defaultdict(Counter)
    # The log grows at its end, so the reviews since a day lie from the first of them on:
    # read in the table's order from there, not row by row through the index of days.
    for key, day, redrill, scale, grade in db.execute(
        "SELECT card_key, day, redrill, scale, grade FROM review_log "
        "WHERE id >= (SELECT min(id) FROM review_log WHERE day >= :since) AND day >= :since",
        {"since": since.isoformat()},
    ):
        if key in groups:
            by_group[groups[key]][day, redrill, scale, grade] += 1
    return {group: _day_counts(counts) for group, counts in by_group.items()}


def _one_group(db: Database, since: date, keys: Mapping[str, object]) -> Counter[Key]:
    """Count every review since a day, less those of card keys not in ``keys``."""
    counts: Counter[Key] = Counter()
    for day, redrill, scale, grade, count in db.execute(
        _BY_DAY.format(only=""), (since.isoformat(),)
    ):
        counts[day, redrill, scale, grade] += count
    # Each card key once, from the index of cards: 10,000 keys read faster than 100,000 rows.
    others = [key for (key,) in db.execute("SELECT DISTINCT card_key FROM review_log")
              if key not in keys]  # fmt: skip
    if others:
        only = "AND card_key IN (SELECT value FROM json_each(?))"
        import json

        for day, redrill, scale, grade, count in db.execute(
            _BY_DAY.format(only=only), (since.isoformat(), json.dumps(others))
        ):
            counts[day, redrill, scale, grade] -= count
    return +counts  # only the positive counts


def _day_counts(counts: Counter[Key]) -> list[DayCount]:
    """Turn counts by day, re-drill, scale and grade into values, in that order."""
    return [
        DayCount(date.fromisoformat(day), grade_on(scale, grade), bool(redrill), count)
        for (day, redrill, scale, grade), count in sorted(counts.items())
    ]
