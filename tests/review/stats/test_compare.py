"""SM-2 and FSRS simulated on one log, measured with one memory model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from fmflash.review.scheduling.fsrs_replay import REVIEW_TIME, memory_after, recall
from fmflash.review.scheduling.grades import Sm2Grade
from fmflash.review.scheduling.schedule import Review
from fmflash.review.scheduling.scheduler import SM2, FsrsParameters, Scheduler, SchedulerName
from fmflash.review.stats.compare import (
    Simulation,
    assumptions,
    compare,
    comparison_dict,
    render_comparison,
)

DAY = date(2026, 3, 10)
FSRS = Scheduler(SchedulerName.FSRS, 0.9)


def simulate(
    item_ids: Sequence[str],
    logs: Mapping[str, Sequence[Review]],
    scheduler: Scheduler,
    *,
    day: date,
    days: int,
    new_per_day: int,
    new_today: int | None = None,
) -> Simulation:
    """Simulate ``days`` days from ``day`` under one scheduler (``item_ids`` in notes order)."""
    simulations = compare(item_ids, logs, (scheduler,), day=day, days=days,
                          new_per_day=new_per_day, new_today=new_today)  # fmt: skip
    return simulations[0]


def log(*days_and_grades: tuple[int, int]) -> list[Review]:
    return [
        Review("k", datetime.combine(DAY + timedelta(days=d), REVIEW_TIME), DAY + timedelta(days=d),
               Sm2Grade(g), "sm2", None, False)
        for d, g in days_and_grades
    ]  # fmt: skip


LOGS = {"a": log((-9, 4), (-8, 5)), "b": log((-3, 4))}  # a: SM-2 due on the 8th; b on the 8th


def test_each_scheduler_reviews_what_it_schedules_and_new_cards_arrive_alike() -> None:
    items = ["a", "b", "c", "d"]
    sm2 = simulate(items, LOGS, SM2, day=DAY, days=10, new_per_day=1)
    fsrs = simulate(items, LOGS, FSRS, day=DAY, days=10, new_per_day=1)
    assert [d.new for d in sm2.days] == [d.new for d in fsrs.days] == [1, 1] + [0] * 8
    # SM-2: a and b are overdue (due 03-08 and 03-08): both today; then c, d and b tomorrow
    assert [d.reviews for d in sm2.days][:3] == [2, 1, 1]
    assert sm2.reviews != fsrs.reviews
    assert sm2.days[0].day == DAY
    assert sm2.days[-1].day == DAY + timedelta(days=9)


def test_recall_is_measured_with_fsrs_memory_for_both() -> None:
    sm2 = simulate(["a"], LOGS, SM2, day=DAY, days=1, new_per_day=0)
    memory = memory_after(LOGS["a"])
    assert memory is not None
    at = datetime.combine(DAY, REVIEW_TIME)
    expected = recall(memory, at, last_review=LOGS["a"][-1].reviewed_at)
    assert sm2.days[0].recall == pytest.approx(expected)
    assert 0 < expected < 1
    assert sm2.mean_recall == pytest.approx(expected)


def test_nothing_reviewed_gives_no_recall() -> None:
    quiet = simulate(["a"], {}, SM2, day=DAY, days=2, new_per_day=0)
    assert quiet.reviews == 0
    assert quiet.mean_recall is None
    assert [d.recall for d in quiet.days] == [None, None]


def test_the_comparison_states_its_model_and_assumptions() -> None:
    runs = [simulate(["a", "b"], LOGS, s, day=DAY, days=3, new_per_day=5) for s in (SM2, FSRS)]
    data = comparison_dict(runs, new_per_day=5)
    assert data["memory_model"] == {
        "name": "FSRS-6",
        "title": "FSRS-6 with its default parameters",
        "parameters": list(DEFAULT_PARAMETERS),
    }
    assert data["assumptions"] == list(assumptions(5))
    daily = data["schedulers"]["sm2"]["daily"]  # type: ignore[index]
    assert [d["reviews"] for d in daily] == [2, 0, 0]
    lines = render_comparison(runs, new_per_day=5)
    assert lines[2:4] == [
        "day           SM-2 recall     FSRS recall  new",
        "Tue 10 Mar       2    90%        1    88%    0",
    ]
    assert "New cards are introduced 5 a day, in the notes' order, under both." in lines[-4]
    assert datetime.combine(DAY, REVIEW_TIME).tzinfo is UTC


def test_one_replay_for_both_gives_what_each_alone_gives() -> None:
    items = ["a", "b", "c"]
    lenient = Scheduler(SchedulerName.FSRS, 0.8)  # memory does not depend on the retention
    both = compare(items, LOGS, (SM2, lenient), day=DAY, days=20, new_per_day=1)
    alone = [simulate(items, LOGS, s, day=DAY, days=20, new_per_day=1) for s in (SM2, lenient)]
    assert both == alone
    assert both[0] != both[1]


def test_the_first_day_introduces_only_what_is_left_of_its_new_card_allowance() -> None:
    items = ["a", "b", "c", "d", "e", "f"]
    simulated = simulate(items, LOGS, SM2, day=DAY, days=3, new_per_day=3, new_today=1)
    assert [day.new for day in simulated.days] == [1, 3, 0]
    assert [day.new for day in simulate(items, LOGS, SM2, day=DAY, days=3, new_per_day=3).days] \
        == [3, 1, 0]  # fmt: skip


def test_the_learners_parameters_schedule_fsrs_and_measure_both() -> None:
    mine = FsrsParameters((0.05, 0.3, 0.6, 2.0, *DEFAULT_PARAMETERS[4:]), 120, date(2026, 3, 9))
    yours = Scheduler(SchedulerName.FSRS, 0.9, mine)
    items = ["a", "b", "c"]
    runs = compare(items, LOGS, (SM2, yours), day=DAY, days=20, new_per_day=1, model=mine)
    defaults = compare(items, LOGS, (SM2, FSRS), day=DAY, days=20, new_per_day=1)
    assert [d.reviews for d in runs[1].days] != [d.reviews for d in defaults[1].days]
    assert runs[0].mean_recall != defaults[0].mean_recall  # SM-2's reviews, measured otherwise
    assert [d.reviews for d in runs[0].days] == [d.reviews for d in defaults[0].days]
    assert assumptions(1, model=mine)[4].startswith(
        "Recall at each review is the prediction of FSRS-6 with your parameters (fitted on 120 "
        "reviews on 2026-03-09), the same memory model for both schedulers"
    )
    with pytest.raises(ValueError, match="the memory model's own parameters"):
        compare(items, LOGS, (SM2, FSRS), day=DAY, days=2, new_per_day=1, model=mine)
