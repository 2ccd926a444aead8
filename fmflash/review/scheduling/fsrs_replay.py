"""FSRS through the ``fsrs`` package (py-fsrs): replaying a card's reviews, predicting recall.

The one module that imports fsrs. Its scheduler is set up for whole days, as fmflash reviews:
no learning or relearning steps (a same-day repeat is the session's re-drill, not a step), and
no fuzz, so the same log always gives the same schedule. py-fsrs counts the days between two
reviews in whole 24 hours; it is given each review at noon UTC of its learner's day, so that
it counts learner's days, as the fit (``stats.evaluation``) and Anki do. Parameters are
FSRS-6's defaults, or the learner's own (``fmflash fit --save``), passed in: never read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS

from fmflash.defaults import DEFAULT_RETENTION
from fmflash.review.scheduling.grades import Grade, Rating, as_rating
from fmflash.review.scheduling.schedule import NEW_CARD, FsrsMemory, Review, Schedule

PARAMETERS = DEFAULT_PARAMETERS
_CARD = 1  # py-fsrs wants a numeric card id; a replay handles one card


Parameters = tuple[float, ...] | None  # None: FSRS-6's defaults
REVIEW_TIME = time(12, 0, tzinfo=UTC)  # the time py-fsrs is given for a learner's day


def at_day(day: date) -> datetime:
    """Return the moment py-fsrs is given for a review on a learner's day (noon UTC)."""
    return datetime.combine(day, REVIEW_TIME)


@cache
def fsrs_scheduler(retention: float, parameters: Parameters = None) -> fsrs.Scheduler:
    """Return py-fsrs's scheduler for a desired retention and parameters: whole days, no fuzz."""
    return fsrs.Scheduler(
        parameters=PARAMETERS if parameters is None else parameters,
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def review_logs(graded: Sequence[Review]) -> list[fsrs.ReviewLog]:
    """Return the reviews as py-fsrs review logs (grades through the documented table)."""
    return [
        fsrs.ReviewLog(_CARD, fsrs.Rating(int(as_rating(r.grade))), at_day(r.day), r.duration_ms)
        for r in graded
    ]


def replay_fsrs(
    graded: Sequence[Review], *, retention: float, parameters: Parameters = None
) -> Schedule:
    """Return FSRS's schedule after graded reviews (oldest first), as ``reschedule_card``."""
    if not graded:
        return NEW_CARD
    scheduler = fsrs_scheduler(retention, parameters)
    first = fsrs.Card(_CARD, due=at_day(graded[0].day))
    card = scheduler.reschedule_card(first, review_logs(graded))
    assert card.last_review is not None
    assert card.stability is not None
    assert card.difficulty is not None
    interval = (card.due - card.last_review).days
    streak = 0
    for logged in graded:
        streak = 0 if as_rating(logged.grade) is Rating.AGAIN else streak + 1
    memory = FsrsMemory(card.stability, card.difficulty)
    return Schedule(graded[-1].day + timedelta(days=interval), interval, streak, memory)


def memory_after(graded: Sequence[Review], parameters: Parameters = None) -> FsrsMemory | None:
    """Return FSRS's memory of a card after its graded reviews (oldest first); None if none.

    The memory does not depend on the desired retention: only the intervals chosen from it do.
    """
    memory = replay_fsrs(graded, retention=DEFAULT_RETENTION, parameters=parameters).memory
    return memory if isinstance(memory, FsrsMemory) else None


def recall(
    memory: FsrsMemory, at: datetime, *, last_review: datetime, parameters: Parameters = None
) -> float:
    """Return the recall FSRS predicts at a time for a card with this memory (times in UTC)."""
    scheduler = fsrs_scheduler(DEFAULT_RETENTION, parameters)
    return float(scheduler.get_card_retrievability(_card(memory, at, last_review), at))


def review_memory(
    memory: FsrsMemory | None,
    grade: Grade,
    at: datetime,
    *,
    last_review: datetime | None,
    retention: float,
    parameters: Parameters = None,
) -> tuple[FsrsMemory, int]:
    """Return the memory after a review at ``at``, and the interval FSRS would set (days).

    ``memory`` and ``last_review`` are None for a new card.
    """
    if memory is None or last_review is None:
        card = fsrs.Card(_CARD, due=at)
    else:
        card = _card(memory, at, last_review)
    scheduler = fsrs_scheduler(retention, parameters)
    after, _ = scheduler.review_card(card, fsrs.Rating(int(as_rating(grade))), at)
    assert after.stability is not None
    assert after.difficulty is not None
    return FsrsMemory(after.stability, after.difficulty), (after.due - at).days


def _card(memory: FsrsMemory, at: datetime, last_review: datetime) -> fsrs.Card:
    return fsrs.Card(
        _CARD, state=fsrs.State.Review, stability=memory.stability, difficulty=memory.difficulty,
        due=at, last_review=last_review,
    )  # fmt: skip
