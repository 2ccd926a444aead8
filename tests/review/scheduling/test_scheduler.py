"""Each scheduler as a pure function of a card's log (SM-2 here; FSRS in test_fsrs_schedule)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fmflash.review.scheduling.grades import Grade, Rating, Sm2Grade
from fmflash.review.scheduling.schedule import NEW_CARD, Review, Schedule
from fmflash.review.scheduling.scheduler import SM2, Scheduler, SchedulerName
from fmflash.sm2 import Sm2State

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def logged(days: int, grade: Grade, *, redrill: bool = False, minutes: int = 0) -> Review:
    when = START + timedelta(days=days, minutes=minutes)
    return Review("a", when, when.date(), grade, "sm2", None, redrill)


def test_no_review_is_a_new_card() -> None:
    assert SM2.replay([]) == NEW_CARD
    assert Scheduler(SchedulerName.FSRS).replay([]) == NEW_CARD


def test_sm2_replays_the_published_sequence_and_due_dates() -> None:
    reviews = [logged(0, Sm2Grade(4)), logged(1, Sm2Grade(5)), logged(7, Sm2Grade(4))]
    assert SM2.replay(reviews) == Schedule(
        date(2026, 3, 8) + timedelta(days=16), 16, 3, Sm2State(3, 16, 2.6)
    )


def test_redrills_never_move_the_schedule() -> None:
    first = logged(0, Sm2Grade(2))
    drills = [logged(0, Sm2Grade(g), redrill=True, minutes=5 + g) for g in (0, 3, 5)]
    assert SM2.replay([first, *drills]) == SM2.replay([first])


def test_reviews_replay_oldest_first_whatever_order_they_were_logged_in() -> None:
    reviews = [logged(0, Sm2Grade(5)), logged(1, Sm2Grade(1)), logged(2, Sm2Grade(5))]
    assert SM2.replay(reversed(reviews)) == SM2.replay(reviews)
    assert SM2.replay(reviews).streak == 1


def test_sm2_reads_anki_ratings_through_the_table() -> None:
    assert SM2.replay([logged(0, Rating.GOOD)]) == SM2.replay([logged(0, Sm2Grade(4))])
    assert SM2.replay([logged(0, Rating.AGAIN)]) == SM2.replay([logged(0, Sm2Grade(1))])


def test_the_cache_key_names_the_setting() -> None:
    assert SM2.key == "sm2"
    assert Scheduler(SchedulerName.FSRS, 0.85).key == "fsrs@0.85"
    assert Scheduler(SchedulerName.FSRS).title == "FSRS (desired retention 90%)"
