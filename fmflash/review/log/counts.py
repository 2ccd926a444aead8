"""Reviews and cached schedules counted where they are stored: what ``stats`` shows.

The store opens the connection; this module only says what to read. A project's reviews and
schedules are usually all there is: SQLite then counts them by day, grade, re-drill and cram (from
an index of the log, schema 7, without visiting a row) or by due day and state, and the rows of
other projects' cards, if any, are counted again and taken off. Several groups (a course's
chapters) are counted row by row, by card.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Container, Mapping
from datetime import date
from typing import Any, NamedTuple, TypeVar

from fmflash.review.log.schedule_cache import SM2_EASINESS, Database
from fmflash.review.scheduling.grades import Grade, grade_on
from fmflash.review.scheduling.schedule import state


class DayCount(NamedTuple):
    """How many reviews of one grade a day had, re-drills and cram apart: what stats count.

    A log of 100,000 reviews is counted where it is stored, not read as 100,000 reviews.
    """

    day: date
    grade: Grade
    redrill: bool
    reviews: int
    # Cram reviews are logged but move no schedule: counted on their own.
    cram: bool = False


class ScheduleCount(NamedTuple):
    """How many graded cards share a due day, a state and an SM-2 easiness (None: FSRS's).

    What stats needs of the schedules: 10,000 cached schedules are counted where they are
    stored, not decoded.
    """

    due: date
    state: str  # learning, young or mature (scheduling.schedule.state)
    easiness_hundredths: int | None
    cards: int


class ScheduleCounts(NamedTuple):
    """A project's cached schedules counted, and which of its cards have one (the rest are new)."""

    counts: list[ScheduleCount]
    graded: frozenset[str]


G = TypeVar("G")
Key = tuple[str, int, str, int, int]  # a day, re-drill, scale, grade and cram

_REVIEWS = (
    "SELECT day, redrill, scale, grade, cram, count(*) FROM review_log WHERE day >= ? {only} "
    "GROUP BY day, redrill, scale, grade, cram"
)
# Counted by what a state and the easiness are made of; ``state`` names each state in Python.
_SCHEDULES = (
    f"SELECT due, streak, interval_days, {SM2_EASINESS} AS easiness, count(*) "
    "FROM schedule_cache WHERE scheduler = ? {only} GROUP BY due, streak, interval_days, easiness"
)
_ONLY = "AND card_key IN (SELECT value FROM json_each(?))"


def day_counts(db: Database, since: date, groups: Mapping[str, G]) -> dict[G, list[DayCount]]:
    """Count the reviews of the grouped card keys logged for ``since`` or later, by group.

    Cram reviews come in the same pass, marked: a second pass over the index would cost as much.
    """
    if len(set(groups.values())) == 1:
        group = next(iter(groups.values()))
        every_key = db.execute("SELECT DISTINCT card_key FROM review_log")  # from its index
        others = [key for (key,) in every_key if key not in groups]
        counts = _counted(db, _REVIEWS, since.isoformat(), others)
        return {group: _day_counts(counts)} if counts else {}
    by_group: dict[G, Counter[Key]] = defaultdict(Counter)
    # The log grows at its end, so the reviews since a day lie from the first of them on:
    # read in the table's order from there, not row by row through the index of days.
    for key, day, redrill, scale, grade, cram in db.execute(
        "SELECT card_key, day, redrill, scale, grade, cram FROM review_log "
        "WHERE id >= (SELECT min(id) FROM review_log WHERE day >= :since) AND day >= :since",
        {"since": since.isoformat()},
    ):
        if key in groups:
            by_group[groups[key]][day, redrill, scale, grade, cram] += 1
    return {group: _day_counts(counts) for group, counts in by_group.items()}


def schedule_counts(db: Database, scheduler_key: str, keys: Container[str]) -> ScheduleCounts:
    """Count the cached schedules of ``keys`` under a scheduler by due day and state."""
    graded: list[str] = []
    others: list[str] = []
    for (key,) in db.execute(
        "SELECT card_key FROM schedule_cache WHERE scheduler = ?", (scheduler_key,)
    ):
        (graded if key in keys else others).append(key)
    by_state: Counter[tuple[str, str, int | None]] = Counter()
    for (due, streak, interval, easiness), count in _counted(
        db, _SCHEDULES, scheduler_key, others
    ).items():
        by_state[due, state(streak, interval), easiness] += count
    counts = [
        ScheduleCount(date.fromisoformat(due), state_name, easiness, count)
        for (due, state_name, easiness), count in by_state.items()
    ]
    return ScheduleCounts(counts, frozenset(graded))


def _counted(db: Database, query: str, value: str, others: list[str]) -> Counter[tuple[Any, ...]]:
    """Run a counting query over every card, less its counts over the ``others``' cards.

    The others are found from each card key read once: 10,000 keys read faster than 100,000 rows.
    """
    rows = db.execute(query.format(only=""), (value,))
    counts: Counter[tuple[Any, ...]] = Counter({tuple(row[:-1]): row[-1] for row in rows})
    if others:
        for *group, count in db.execute(query.format(only=_ONLY), (value, json.dumps(others))):
            counts[tuple(group)] -= count
    return +counts  # only the positive counts


def _day_counts(counts: Counter[tuple[Any, ...]]) -> list[DayCount]:
    """Turn counts by day, re-drill, scale, grade and cram into values, in that order."""
    return [
        DayCount(date.fromisoformat(day), grade_on(scale, grade), bool(redrill), count, bool(cram))
        for (day, redrill, scale, grade, cram), count in sorted(counts.items())
    ]
