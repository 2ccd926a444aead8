from __future__ import annotations

from datetime import date, datetime

import pytest

from fmflash.review.schedule import NEW_CARD, Schedule, grade, learning_day
from fmflash.sm2 import Sm2State

NOW = datetime(2026, 3, 1, 9, 0)
DAY = date(2026, 3, 1)


def test_day_starts_at_4_am_by_default() -> None:
    assert learning_day(datetime(2026, 3, 2, 3, 59)) == date(2026, 3, 1)
    assert learning_day(datetime(2026, 3, 2, 4, 0)) == date(2026, 3, 2)
    assert learning_day(datetime(2026, 3, 2, 0, 30), day_start_hour=0) == date(2026, 3, 2)
    with pytest.raises(ValueError, match="0-23"):
        learning_day(NOW, day_start_hour=24)


def test_first_grade_of_the_day_schedules_from_today() -> None:
    review = grade("a", NEW_CARD, 4, now=NOW, day=DAY, graded_today=False)
    assert review.after == Schedule(Sm2State(1, 1, 2.5), date(2026, 3, 2))
    assert not review.drill


def test_later_grades_the_same_day_are_drills_that_change_nothing() -> None:
    before = Schedule(Sm2State(1, 1, 2.5), date(2026, 3, 2))
    review = grade("a", before, 1, now=NOW, day=DAY, graded_today=True)
    assert review.drill
    assert review.after == before


def test_a_drill_still_rejects_bad_quality() -> None:
    with pytest.raises(ValueError, match="quality must be a whole number from 0 to 5"):
        grade("a", NEW_CARD, 9, now=NOW, day=DAY, graded_today=True)
