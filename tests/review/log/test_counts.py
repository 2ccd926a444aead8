"""Tests for reviews counted in SQLite (review/log/counts.py), on a real database file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fmflash.review.log.counts import DayCount, ScheduleCount, day_counts
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.grades import Sm2Grade
from fmflash.review.scheduling.scheduler import SM2, Scheduler, SchedulerName
from fmflash.review.stats.figures import count_schedules

from .logs import count_reviews, reviews_since

DAY = date(2026, 3, 1)
FSRS = Scheduler(SchedulerName.FSRS)


def record(store: ReviewStore, key: str, grade: int, day: date = DAY) -> None:
    now = datetime.combine(day, datetime(2026, 3, 1, 9, 0, tzinfo=UTC).timetz())
    store.record(key, Sm2Grade(grade), now=now, day=day, scheduler=SM2)


def test_one_group_leaves_out_other_projects_reviews(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    before = DAY - timedelta(days=3)
    earliest = before - timedelta(days=1)
    for key, grade, day in [("a", 4, before), ("a", 2, DAY), ("a", 4, DAY), ("b", 4, DAY),
                            ("c", 4, DAY), ("c", 5, before), ("b", 4, earliest)]:  # fmt: skip
        record(store, key, grade, day)
    counts = store.day_counts(before, {"a": 0, "b": 0})  # c is another project's
    assert counts == {
        0: [DayCount(before, Sm2Grade(4), False, 1), DayCount(DAY, Sm2Grade(2), False, 1),
            DayCount(DAY, Sm2Grade(4), False, 1), DayCount(DAY, Sm2Grade(4), True, 1)],
    }  # fmt: skip
    reviews = reviews_since(store, before)
    assert sorted(counts[0], key=str) == sorted(count_reviews(reviews, {"a", "b"}), key=str)
    assert store.day_counts(before, {"c": 0}) == {
        0: [DayCount(before, Sm2Grade(5), False, 1), DayCount(DAY, Sm2Grade(4), False, 1)]
    }
    assert store.day_counts(before, {"d": 0}) == {}  # none of its reviews
    store.close()


def test_cram_reviews_are_counted_apart_in_one_group_and_in_several(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 4)
    for key, grade in [("a", 1), ("a", 5), ("b", 5), ("c", 5)]:  # c is another project's
        now = datetime.combine(DAY, datetime(2026, 3, 1, 9, 0, tzinfo=UTC).timetz())
        store.record(key, Sm2Grade(grade), now=now, day=DAY, scheduler=SM2, cram=True)
    cram = [DayCount(DAY, Sm2Grade(1), False, 1, cram=True), DayCount(DAY, Sm2Grade(4), False, 1),
            DayCount(DAY, Sm2Grade(5), False, 2, cram=True)]  # fmt: skip
    assert store.day_counts(DAY, {"a": 0, "b": 0}) == {0: cram}
    assert (
        store.day_counts(DAY, {"a": 0, "b": 1})
        == {  # by chapter: row by row
            0: [*cram[:2], DayCount(DAY, Sm2Grade(5), False, 1, cram=True)],
            1: [DayCount(DAY, Sm2Grade(5), False, 1, cram=True)],
        }
    )
    store.close()


def test_one_group_is_counted(tmp_path: Path) -> None:
    # That SQLite counts it from an index, reading no row, is a work budget: bench/budgets.py.
    path = tmp_path / "r.db"
    store = ReviewStore.open(str(path))
    record(store, "a", 4)
    store.close()
    db = sqlite3.connect(path)
    assert day_counts(db, DAY, {"a": 0}) == {0: [DayCount(DAY, Sm2Grade(4), False, 1)]}
    db.close()


def test_cached_schedules_are_counted_as_decoded_ones_are(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    for key, grades in {"a": [4, 5, 5, 5], "b": [2], "c": [5, 5, 5], "d": [3, 4]}.items():
        for offset, grade in enumerate(grades):
            record(store, key, grade, DAY + timedelta(days=40 * offset))
    assert store.schedule_counts(FSRS, {"a"}) is None  # not derived under FSRS yet
    for scheduler in (SM2, FSRS):
        decoded = store.schedules(scheduler)
        for keys in ({"a", "b", "c", "d"}, {"a", "d", "new"}, {"b"}, set()):  # c: another's
            counted = store.schedule_counts(scheduler, keys)
            assert counted is not None
            assert sorted(counted.counts, key=str) == sorted(
                count_schedules(keys, decoded), key=str
            )
            assert counted.graded == {key for key in keys if key in decoded}
    assert store.schedule_counts(SM2, {"b"}) == (
        [ScheduleCount(date(2026, 3, 2), "learning", 250, 1)],
        frozenset({"b"}),
    )
    store.close()
