"""The review log's values and the learner's day: what a review is, what a schedule is (pure).

A logged review holds inputs only: which card, when (UTC), the learner's day it counts for,
the grade on its own scale, the scheduler in use, how long the answer took, and whether it was
a same-day re-drill. A schedule is derived from a card's reviews by a scheduler
(``fmflash.review.scheduling.scheduler``); it is never logged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import NamedTuple

from fmflash.defaults import DEFAULT_DAY_START_HOUR
from fmflash.review.scheduling.grades import Grade, as_sm2
from fmflash.sm2 import Sm2State

# SM-2: "repeat again all items that scored below four ... until all of these score at least 4"
REDRILL_BELOW = 4


class Reason(Enum):
    """Why a card is in the session."""

    DUE = "due"
    NEW = "new"
    REDRILL = "re-drill"
    CRAM = "cram"


class Review(NamedTuple):
    """One logged review: the inputs a scheduler replays, nothing derived."""

    card_key: str
    reviewed_at: datetime  # aware, UTC
    day: date  # the learner's day it counts for
    grade: Grade
    scheduler: str  # the scheduler in use when it was given ("sm2", "fsrs")
    duration_ms: int | None  # from the card shown to the grade; None if not measured
    redrill: bool  # a same-day repeat: it never moves the schedule
    anki_id: int | None = None  # Anki's own revlog id, for reviews imported from Anki
    cram: bool = False  # given in a cram session: it never moves the schedule


@dataclass(frozen=True, slots=True)
class FsrsMemory:
    """FSRS's memory state of a card: stability (days) and difficulty (1-10)."""

    stability: float
    difficulty: float


class Schedule(NamedTuple):
    """A card's schedule as a scheduler derives it from the log; ``due`` None: a new card.

    ``streak`` counts the passed reviews since the last lapse (SM-2's repetitions);
    ``memory`` is the scheduler's own state (SM-2's, or FSRS's stability and difficulty).
    """

    due: date | None = None
    interval: int = 0
    streak: int = 0
    memory: Sm2State | FsrsMemory | None = None

    @property
    def is_new(self) -> bool:
        """Tell whether the card has never been graded."""
        return self.due is None


NEW_CARD = Schedule()
# A card is learning until two passes in a row since its last lapse; then young, and mature
# once its interval reaches 21 days, as in Anki.
LEARNING_STREAK = 2
MATURE_DAYS = 21


def state(streak: int, interval: int) -> str:
    """Name a graded card's state from its schedule's streak and interval (days)."""
    if streak < LEARNING_STREAK:
        return "learning"
    return "mature" if interval >= MATURE_DAYS else "young"


def state_of(schedule: Schedule | None) -> str:
    """Name a card's state: new, learning, young or mature (the rule: ``state``)."""
    if schedule is None or schedule.is_new:
        return "new"
    return state(schedule.streak, schedule.interval)


def learning_day(now: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """Return the learner's day at ``now``: before the day-start hour it is still yesterday."""
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"the day-start hour must be 0-23, got {day_start_hour}")
    return (now - timedelta(hours=day_start_hour)).date()


def due_by(schedules: Mapping[str, Schedule], by: date | None = None) -> dict[str, date]:
    """Return the day each graded card is next due (only those due by ``by``), by card key."""
    return {
        key: schedule.due
        for key, schedule in schedules.items()
        if schedule.due is not None and (by is None or schedule.due <= by)
    }


# The re-drill rule, written once: a card's first grade of a learner's day moves its schedule;
# a grade that asks for another try (needs_redrill) brings the card back the same day, and every
# later grade that day is a re-drill, which never moves the schedule. A card is owed a re-drill
# while its last grade of the day asks for one.


def needs_redrill(grade: Grade) -> bool:
    """Tell whether a grade sends the card back for another try today."""
    return as_sm2(grade) < REDRILL_BELOW


def owed_redrills(day_grades: Iterable[tuple[str, Grade]]) -> tuple[str, ...]:
    """Return the cards still owed a re-drill, from a day's grades in the order given."""
    last: dict[str, Grade] = {}
    for key, grade in day_grades:
        last[key] = grade
    return tuple(key for key, grade in last.items() if needs_redrill(grade))
