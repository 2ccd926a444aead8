"""Each scheduler as a pure function of a card's log (SM-2 here; FSRS in test_fsrs_schedule)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fmflash.review.scheduling.grades import Grade, Rating, Sm2Grade
from fmflash.review.scheduling.schedule import NEW_CARD, Review, Schedule
from fmflash.review.scheduling.scheduler import SM2, Scheduler, SchedulerName
from fmflash.sm2 import Sm2State, review

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
    assert SM2.key == "sm2@max36500"  # schedules cached before the hold are replayed
    assert Scheduler(SchedulerName.FSRS, 0.85).key == "fsrs@0.85/days"  # counted in days
    assert Scheduler(SchedulerName.FSRS).title == "FSRS (desired retention 90%)"


def test_sm2_holds_an_interval_at_the_longest_while_fmflash_sm2_keeps_the_published_one() -> None:
    day, reviews, published = 0, [], Sm2State()
    for _ in range(30):  # Good, each time the card is due: some 2,000 years
        reviews.append(logged(day, Sm2Grade(4)))
        schedule = SM2.replay(reviews)
        published = review(published, 4)
        day += schedule.interval
    intervals = [SM2.replay(reviews[: n + 1]).interval for n in range(30)]
    assert intervals[:12] == [1, 6, 15, 38, 95, 238, 595, 1488, 3720, 9300, 23250, 36500]
    assert set(intervals[12:]) == {36_500}  # Anki's default maximum: 100 years
    assert published.interval > 10**11  # the published numbers: past any calendar
    assert schedule.due == reviews[-1].day + timedelta(days=36_500)
