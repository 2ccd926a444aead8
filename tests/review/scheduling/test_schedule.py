from __future__ import annotations

from datetime import date, datetime

import pytest

from fmflash.review.scheduling.grades import Rating, Sm2Grade
from fmflash.review.scheduling.schedule import (
    Schedule,
    due_by,
    learning_day,
    needs_redrill,
    owed_redrills,
    state_of,
)

NOW = datetime(2026, 3, 1, 9, 0)


def test_day_starts_at_4_am_by_default() -> None:
    assert learning_day(datetime(2026, 3, 2, 3, 59)) == date(2026, 3, 1)
    assert learning_day(datetime(2026, 3, 2, 4, 0)) == date(2026, 3, 2)
    assert learning_day(datetime(2026, 3, 2, 0, 30), day_start_hour=0) == date(2026, 3, 2)
    with pytest.raises(ValueError, match="0-23"):
        learning_day(NOW, day_start_hour=24)


def test_grades_below_4_come_back_today_on_either_scale() -> None:
    assert [needs_redrill(grade) for grade in Sm2Grade] == [True] * 4 + [False] * 2
    assert [needs_redrill(rating) for rating in Rating] == [True, True, False, False]


def test_a_card_is_owed_a_redrill_while_its_last_grade_of_the_day_asks_for_one() -> None:
    grades = [("a", Sm2Grade(2)), ("b", Sm2Grade(1)), ("c", Sm2Grade(5)), ("a", Sm2Grade(4)),
              ("c", Sm2Grade(3)), ("b", Sm2Grade(0))]  # fmt: skip
    assert owed_redrills(grades) == ("b", "c")  # in the order the cards were first graded
    assert owed_redrills([]) == ()


def test_a_card_is_learning_until_two_passes_then_young_and_mature_at_21_days() -> None:
    day = date(2026, 3, 1)
    assert state_of(None) == "new"
    assert state_of(Schedule(day, 1, 0)) == "learning"
    assert state_of(Schedule(day, 1, 1)) == "learning"
    assert state_of(Schedule(day, 6, 2)) == "young"
    assert state_of(Schedule(day, 21, 4)) == "mature"


def test_due_by_keeps_graded_cards_due_by_the_day_and_drops_new_ones() -> None:
    march = [date(2026, 3, day) for day in (1, 2, 3)]
    schedules = {"a": Schedule(march[0], 1), "b": Schedule(march[2], 3), "new": Schedule()}
    assert due_by(schedules) == {"a": march[0], "b": march[2]}
    assert due_by(schedules, march[1]) == {"a": march[0]}
    assert due_by(schedules, march[2]) == {"a": march[0], "b": march[2]}
