"""FSRS schedules checked against the fsrs package's own results for the same log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import fsrs
import fsrs_rs_python
import pytest

from fmflash.review.scheduling.fsrs_replay import memory_after, recall, review_memory
from fmflash.review.scheduling.grades import Rating, Sm2Grade
from fmflash.review.scheduling.schedule import FsrsMemory, Review
from fmflash.review.scheduling.scheduler import Scheduler, SchedulerName
from fmflash.review.stats.evaluation import training_data
from fmflash.review.stats.fsrs_optimizer import DEFAULTS, fsrs_item

START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
FSRS = Scheduler(SchedulerName.FSRS, 0.9)
# day offset, grade as logged, the same answer as one of py-fsrs's ratings
LOG = [
    (0, Sm2Grade(4), fsrs.Rating.Good),
    (3, Sm2Grade(5), fsrs.Rating.Easy),
    (20, Sm2Grade(1), fsrs.Rating.Again),
    (21, Rating.HARD, fsrs.Rating.Hard),
    (25, Sm2Grade(3), fsrs.Rating.Hard),
]


def reviews(count: int) -> list[Review]:
    return [
        Review("a", START + timedelta(days=d), (START + timedelta(days=d)).date(), g, "fsrs", None,
               False)
        for d, g, _ in LOG[:count]
    ]  # fmt: skip


@pytest.mark.parametrize("count", range(1, len(LOG) + 1))
def test_each_step_matches_py_fsrs_reviewing_the_same_answers(count: int) -> None:
    scheduler = fsrs.Scheduler(
        desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False
    )
    card = fsrs.Card(card_id=7, due=START)
    for days, _, rating in LOG[:count]:
        card, _ = scheduler.review_card(card, rating, START + timedelta(days=days))
    schedule = FSRS.replay(reviews(count))
    assert schedule.memory == FsrsMemory(card.stability, card.difficulty)
    assert schedule.due == card.due.date()
    assert schedule.interval == (card.due - card.last_review).days


def test_the_golden_intervals_with_default_parameters() -> None:
    intervals = [FSRS.replay(reviews(count)).interval for count in range(1, len(LOG) + 1)]
    assert intervals == [2, 24, 2, 4, 7]
    assert [FSRS.replay(reviews(c)).streak for c in range(1, len(LOG) + 1)] == [1, 2, 0, 1, 2]


def test_a_higher_retention_asks_sooner() -> None:
    strict = Scheduler(SchedulerName.FSRS, 0.97).replay(reviews(2))
    assert strict.interval < FSRS.replay(reviews(2)).interval


def test_recall_is_the_retention_at_the_scheduled_interval() -> None:
    schedule = FSRS.replay(reviews(2))
    memory = memory_after(reviews(2))
    assert memory is not None
    assert memory == schedule.memory
    last = reviews(2)[-1].reviewed_at
    due = last + timedelta(days=schedule.interval)
    assert recall(memory, due, last_review=last) == pytest.approx(0.9, abs=0.01)
    assert recall(memory, last, last_review=last) == 1.0


def test_a_simulated_review_is_py_fsrs_review() -> None:
    memory = memory_after(reviews(2))
    assert memory is not None
    last = reviews(2)[-1].reviewed_at
    later = last + timedelta(days=30)
    after, interval = review_memory(memory, Sm2Grade(4), later, last_review=last, retention=0.9)
    replayed = FSRS.replay([*reviews(2), Review("a", later, later.date(), Sm2Grade(4), "fsrs",
                                                 None, False)])  # fmt: skip
    assert replayed.memory == after
    assert replayed.interval == interval
    first, first_interval = review_memory(None, Rating.GOOD, START, last_review=None,
                                          retention=0.9)  # fmt: skip
    assert (first, first_interval) == (FSRS.replay(reviews(1)).memory, 2)


def test_a_review_after_midnight_counts_a_learners_day_as_the_fit_does() -> None:
    # A learner at UTC+2 whose day starts at 4: 23:30 on 1 March, then 05:00 on 2 March, 5.5
    # hours apart but one learner's day. The fit counts the day (fsrs-rs's item says 1); the
    # replay read 5.5 hours as 0 days, a same-day review: stability 2.31 and 2 days, not 7.
    first = Review("a", datetime(2026, 3, 1, 21, 30, tzinfo=UTC), date(2026, 3, 1), Sm2Grade(4),
                   "fsrs", None, False)  # fmt: skip
    second = Review("a", datetime(2026, 3, 2, 3, 0, tzinfo=UTC), date(2026, 3, 2), Sm2Grade(4),
                    "fsrs", None, False)  # fmt: skip
    (trial,) = training_data({"a": [first, second]}).trials
    assert trial.deltas == ((3, 0), (3, 1))
    fitted = fsrs_rs_python.FSRS(list(DEFAULTS)).memory_state(fsrs_item(trial))
    memory = memory_after([first, second])
    assert memory is not None
    assert (memory.stability, memory.difficulty) == pytest.approx(
        (fitted.stability, fitted.difficulty), rel=1e-6
    )
    assert memory.stability == pytest.approx(7.3153, abs=1e-4)
    schedule = FSRS.replay([first, second])
    assert (schedule.interval, schedule.due) == (7, date(2026, 3, 9))
