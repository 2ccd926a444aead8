"""fsrs-rs fits only what it can: a log it cannot fit whole is said to be too small."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fmflash.review.scheduling.grades import Rating
from fmflash.review.scheduling.schedule import Review
from fmflash.review.stats.evaluation import training_data
from fmflash.review.stats.fsrs_optimizer import MINIMUM_TRIALS, Fit, fit_or_reason

DAY = date(2026, 3, 1)


def logged(key: str, day: int, rating: Rating) -> Review:
    at = datetime.combine(DAY + timedelta(days=day), time(9), tzinfo=UTC)
    return Review(key, at, DAY + timedelta(days=day), rating, "anki", None, False)


def test_a_second_review_of_each_card_only_fits_no_more_than_the_first_day() -> None:
    # 80 cards seen twice: 80 trials, but each the first after a card's first day, from which
    # fsrs-rs fits only the four first-day stabilities: that is not a fit of the learner.
    logs = {
        f"c{n}": [logged(f"c{n}", 0, Rating.GOOD),
                  logged(f"c{n}", 1 + n % 5, Rating.AGAIN if n % 4 == 0 else Rating.GOOD)]
        for n in range(80)
    }  # fmt: skip
    data = training_data(logs)
    assert len(data.trials) == 80 >= MINIMUM_TRIALS
    assert fit_or_reason(data) == (
        "fsrs-rs kept too few of the 80 reviews after its outlier filter to fit more than the "
        "first-day stabilities"
    )


def test_a_long_enough_history_is_fitted() -> None:
    logs = {
        f"c{n}": [logged(f"c{n}", day, Rating.AGAIN if (n + day) % 7 == 0 else Rating.GOOD)
                  for day in (0, 1, 3, 7, 15, 30)]
        for n in range(30)
    }  # fmt: skip
    fitted = fit_or_reason(training_data(logs))
    assert isinstance(fitted, Fit), fitted
    assert len(fitted.parameters) == 21
    assert fitted.evaluation.scored == 150 - 150 // 6
