"""Each scheduler is a pure function from a card's logged reviews to its schedule.

Only graded reviews move a schedule: re-drills (a card's later grades on the same learner's
day) are logged but skipped by every scheduler. Reviews are replayed oldest first (by time,
then by their order in the log), so switching scheduler loses nothing and switching back
gives exactly the schedule there was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from fmflash.defaults import DEFAULT_RETENTION, MAX_INTERVAL_DAYS
from fmflash.review.scheduling.grades import as_sm2
from fmflash.review.scheduling.schedule import NEW_CARD, Review, Schedule
from fmflash.sm2 import Sm2State, review


class SchedulerName(StrEnum):
    """The schedulers fmflash offers."""

    SM2 = "sm2"
    FSRS = "fsrs"


@dataclass(frozen=True, slots=True)
class FsrsParameters:
    """FSRS-6's 21 parameters fitted to the learner's own reviews: on how many, and when."""

    values: tuple[float, ...]
    reviews: int
    fitted_on: date

    @property
    def title(self) -> str:
        """Say whose they are: ``your parameters (fitted on 1,234 reviews on 2027-01-10)``."""
        return f"your parameters (fitted on {self.reviews:,} reviews on {self.fitted_on})"

    @property
    def digest(self) -> str:
        """Return a short digest of the values, naming them in the schedule cache."""
        return hashlib.sha256(repr(self.values).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Scheduler:
    """A scheduler and its setting: FSRS's desired retention and parameters (SM-2 has none).

    ``parameters`` None are FSRS-6's defaults; the learner's own, once fitted and saved, are
    an input of the scheduler like the retention: the same log and parameters give the same
    schedule.
    """

    name: SchedulerName = SchedulerName.SM2
    retention: float = DEFAULT_RETENTION
    parameters: FsrsParameters | None = None

    @property
    def key(self) -> str:
        """Name the scheduler with its setting, as derived schedules are cached under it."""
        if self.name is SchedulerName.SM2:
            # Its intervals held at the longest: schedules cached before the hold are replayed.
            return f"sm2@max{MAX_INTERVAL_DAYS}"
        mine = f"#{self.parameters.digest}" if self.parameters is not None else ""
        # Counted in learner's days: schedules cached when FSRS counted 24 hours are replayed.
        return f"fsrs@{self.retention:g}/days{mine}"

    @property
    def title(self) -> str:
        """Name it for people: ``SM-2``, ``FSRS (desired retention 90%)``, or with yours."""
        if self.name is SchedulerName.SM2:
            return "SM-2"
        if self.parameters is not None:
            return f"FSRS, {self.parameters.title}, desired retention {self.retention:.0%}"
        return f"FSRS (desired retention {self.retention:.0%})"

    def replay(self, reviews: Iterable[Review]) -> Schedule:
        """Return the schedule a card's reviews give under this scheduler."""
        graded = graded_in_order(reviews)
        if self.name is SchedulerName.SM2:
            return replay_sm2(graded)
        from fmflash.review.scheduling.fsrs_replay import replay_fsrs  # loads fsrs only when chosen

        return replay_fsrs(graded, retention=self.retention, parameters=self.fsrs_parameters)

    @property
    def fsrs_parameters(self) -> tuple[float, ...] | None:
        """Return the FSRS parameters' values: the learner's, or None for the defaults."""
        return self.parameters.values if self.parameters is not None else None


SM2 = Scheduler()


def graded_in_order(reviews: Iterable[Review]) -> list[Review]:
    """Keep the reviews that move a schedule (not re-drills, not cram), oldest first."""
    return sorted((r for r in reviews if not (r.redrill or r.cram)), key=lambda r: r.reviewed_at)


def review_sm2(state: Sm2State, quality: int) -> Sm2State:
    """Return SM-2's state after a grade, its interval held at ``MAX_INTERVAL_DAYS``.

    ``fmflash.sm2`` keeps the published algorithm, whose interval grows without end: after
    about 16 good answers it passes the calendar's last day. As Anki's maximum interval, the
    schedule holds it at 100 years, and the next interval grows from the held one.
    """
    after = review(state, quality)
    if after.interval <= MAX_INTERVAL_DAYS:
        return after
    return replace(after, interval=MAX_INTERVAL_DAYS)


def replay_sm2(graded: Iterable[Review]) -> Schedule:
    """Return SM-2's schedule after graded reviews: due on the review's day + the interval."""
    schedule = NEW_CARD
    state = Sm2State()
    for logged in graded:
        state = review_sm2(state, as_sm2(logged.grade))
        due = logged.day + timedelta(days=state.interval)
        schedule = Schedule(due, state.interval, state.repetitions, state)
    return schedule
