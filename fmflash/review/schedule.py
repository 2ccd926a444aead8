"""Scheduling on top of SM-2: due dates, the learner's day, grading and re-drills (pure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum
from typing import NamedTuple

from fmflash.defaults import DEFAULT_DAY_START_HOUR
from fmflash.sm2 import Sm2State, review

# SM-2: "repeat again all items that scored below four ... until all of these score at least 4"
REDRILL_BELOW = 4


class Kind(Enum):
    """Why a card is in the session."""

    DUE = "due"
    NEW = "new"
    REDRILL = "re-drill"


class Schedule(NamedTuple):
    """A card's SM-2 state and the day it is next due; ``due`` is None for a new card."""

    state: Sm2State = Sm2State()
    due: date | None = None

    @property
    def is_new(self) -> bool:
        """Tell whether the card has never been graded."""
        return self.due is None


NEW_CARD = Schedule()


class Review(NamedTuple):
    """One logged grade: when, how well, the schedule before and after, and if it was a drill."""

    card_id: str
    reviewed_at: datetime
    day: date
    quality: int
    before: Schedule
    after: Schedule
    drill: bool


def learning_day(now: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """Return the learner's day at ``now``: before the day-start hour it is still yesterday."""
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"the day-start hour must be 0-23, got {day_start_hour}")
    return (now - timedelta(hours=day_start_hour)).date()


def grade(
    card_id: str,
    before: Schedule,
    quality: int,
    *,
    now: datetime,
    day: date,
    graded_today: bool,
) -> Review:
    """Grade a card: the day's first grade moves its schedule; later ones are logged drills."""
    if graded_today:
        review(before.state, quality)  # validates the quality, as for any other grade
        return Review(card_id, now, day, quality, before, before, drill=True)
    state = review(before.state, quality)
    after = Schedule(state, day + timedelta(days=state.interval))
    return Review(card_id, now, day, quality, before, after, drill=False)


def needs_redrill(quality: int) -> bool:
    """Tell whether a grade sends the card back for another try today."""
    return quality < REDRILL_BELOW
