"""FSRS through the ``fsrs`` package (py-fsrs): replaying a card's reviews, predicting recall.

The one module that imports fsrs. Its scheduler is set up for whole days, as fmflash reviews:
no learning or relearning steps (a same-day repeat is the session's re-drill, not a step), and
no fuzz, so the same log always gives the same schedule. Parameters are FSRS-6's defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache

from fsrs import Card, Rating, ReviewLog, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from fmflash.review.grades import Rating as GradeRating
from fmflash.review.grades import as_rating
from fmflash.review.schedule import NEW_CARD, FsrsMemory, Review, Schedule

PARAMETERS = DEFAULT_PARAMETERS
_CARD = 1  # py-fsrs wants a numeric card id; a replay handles one card


@cache
def fsrs_scheduler(retention: float) -> Scheduler:
    """Return py-fsrs's scheduler for a desired retention: whole days, no fuzz."""
    return Scheduler(
        parameters=PARAMETERS,
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def review_logs(graded: Sequence[Review]) -> list[ReviewLog]:
    """Return the reviews as py-fsrs review logs (grades through the documented table)."""
    return [
        ReviewLog(_CARD, Rating(int(as_rating(r.grade))), r.reviewed_at, r.duration_ms)
        for r in graded
    ]


def replay_fsrs(graded: Sequence[Review], *, retention: float) -> Schedule:
    """Return FSRS's schedule after graded reviews (oldest first), as ``reschedule_card``."""
    if not graded:
        return NEW_CARD
    scheduler = fsrs_scheduler(retention)
    card = scheduler.reschedule_card(Card(_CARD, due=graded[0].reviewed_at), review_logs(graded))
    assert card.last_review is not None
    assert card.stability is not None
    assert card.difficulty is not None
    interval = (card.due - card.last_review).days
    streak = 0
    for logged in graded:
        streak = 0 if as_rating(logged.grade) is GradeRating.AGAIN else streak + 1
    memory = FsrsMemory(card.stability, card.difficulty)
    return Schedule(graded[-1].day + timedelta(days=interval), interval, streak, memory)


def recall_probability(memory: FsrsMemory, *, elapsed_days: float, retention: float) -> float:
    """Return FSRS's predicted recall after ``elapsed_days`` for a card with this memory."""
    card = Card(_CARD, due=datetime.min, stability=memory.stability)
    card.last_review = datetime.min
    scheduler = fsrs_scheduler(retention)
    later = card.last_review + timedelta(days=elapsed_days)
    return float(scheduler.get_card_retrievability(card, current_datetime=later))
