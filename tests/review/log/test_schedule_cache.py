from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from fmflash.review.log.rows import review_of_row, row_of_review
from fmflash.review.log.schedule_cache import ScheduleCache, memory_of_text, memory_text
from fmflash.review.scheduling.grades import Rating, Sm2Grade
from fmflash.review.scheduling.schedule import FsrsMemory, Review
from fmflash.sm2 import Sm2State


def test_each_schedulers_state_round_trips_through_its_text() -> None:
    for memory in (Sm2State(3, 16, 2.36), FsrsMemory(2.3065, 2.118104), None):
        assert memory_of_text(memory_text(memory)) == memory
    assert memory_text(Sm2State(1, 1, 2.5)) == "sm2:1,1,250"


def test_a_review_round_trips_through_its_row() -> None:
    at = datetime(2026, 3, 1, 8, 0, 0, 125000, tzinfo=UTC)
    for review in (
        Review("G/reverse", at, date(2026, 3, 1), Sm2Grade(0), "sm2", 1250, True),
        Review("G", at, date(2026, 2, 28), Rating.EASY, "anki", None, False, anki_id=17),
    ):
        row = row_of_review(review)
        assert review_of_row(row) == review
    assert row_of_review(review)[1:4] == ("2026-03-01T08:00:00.125+00:00", "2026-02-28", "rating")


def test_the_whole_log_is_cached_until_a_review_is_added(tmp_path: Path) -> None:
    # That the check reads two numbers, not every review, is a work budget: bench/budgets.py.
    from fmflash.review.log.store import ReviewStore
    from fmflash.review.scheduling.scheduler import SM2

    path = str(tmp_path / "r.db")
    ReviewStore.open(path).close()
    db = sqlite3.connect(path)
    rows = [(f"card-{n}", "2026-03-01T09:00:00.000+00:00", "2026-03-01", "sm2", 4, "sm2", 0)
            for n in range(20_000)]  # fmt: skip
    db.executemany(
        "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, redrill) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    cache = ScheduleCache(db)
    cache.note_log_state(SM2)
    assert cache.whole_log_cached(SM2)
    db.execute(
        "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, redrill) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows[0],
    )
    assert not cache.whole_log_cached(SM2)
    cache.note_log_state(SM2)
    assert cache.whole_log_cached(SM2)
