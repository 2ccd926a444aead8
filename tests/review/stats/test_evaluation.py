"""The models scored on a learner's answers: SM-2 by hand, FSRS-6 against fsrs-rs's evaluate."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

import pytest
from fsrs_rs_python import FSRS
from hypothesis import given
from hypothesis import strategies as st

from fmflash.review.scheduling.grades import Rating, Sm2Grade
from fmflash.review.scheduling.schedule import Review
from fmflash.review.stats.evaluation import (
    Evaluation,
    Score,
    card_steps,
    recency_weights,
    render_evaluation,
    score,
    sm2_recall,
    training_data,
)
from fmflash.review.stats.fsrs_optimizer import DEFAULTS, fsrs_item, recalls

from ...learner import learner_history

DAY = date(2026, 3, 1)


def logged(key: str, day: int, grade: Sm2Grade | Rating, *, redrill: bool = False, minute: int = 0
           ) -> Review:  # fmt: skip
    at = datetime.combine(DAY + timedelta(days=day), time(9, minute), tzinfo=UTC)
    return Review(key, at, DAY + timedelta(days=day), grade, "sm2", None, redrill)


# Five reviews: a on days 0, 1 and 10 (4, 4, 3); b on days 0 and 4 (5, then 1).
FIVE = {
    "a": [logged("a", 0, Sm2Grade(4)), logged("a", 1, Sm2Grade(4)), logged("a", 10, Sm2Grade(3))],
    "b": [logged("b", 0, Sm2Grade(5)), logged("b", 4, Sm2Grade(1), minute=30)],
}


def test_sm2_is_scored_by_hand_on_a_five_review_log() -> None:
    data = training_data(FIVE)
    assert (data.reviews, data.cards, len(data.trials)) == (5, 2, 3)
    assert data.held_out == data.trials  # 3 trials: the oldest sixth is none of them
    # In the order answered: a, day 1: SM-2 had set 1 day, 1 passed: 0.9, a pass. b, day 4:
    # it had set 1 day, 4 passed: 0.9 ** 4, a lapse. a, day 10: it had set 6 days, 9 passed:
    # 0.9 ** 1.5, a pass.
    assert [sm2_recall(trial) for trial in data.trials] == pytest.approx([0.9, 0.9**4, 0.9**1.5])
    result = score(data.trials, [sm2_recall(trial) for trial in data.trials])
    hand = (-math.log(0.9) - math.log(0.853815) - math.log(1 - 0.6561)) / 3
    assert result.log_loss == pytest.approx(hand, abs=1e-6)
    assert result.log_loss == pytest.approx(0.443602, abs=1e-6)
    # Bins: a's day-1 review alone (1 day); a's day 10 and b's day 4 share one (3.62 to 13 days).
    assert result.rmse_bins == pytest.approx(
        math.sqrt(((0.9 - 1) ** 2 + ((0.853815 + 0.6561) / 2 - 0.5) ** 2 * 2) / 3), abs=1e-6
    )


def test_sm2_predicts_from_the_interval_it_scheduled_held_at_100_years() -> None:
    # Ten 5s: I = 1, 6, then I x EF rounded up with EF 2.7, 2.8, ... 3.4 (EF + 0.1 a 5):
    # 17, 48, 140, 420, 1302, 4167, 13752, and 13752 x 3.4 = 46756.8 -> 46757, held at 36500.
    # Answered 36500 days after the tenth: 0.9 ** (36500 / 36500) = 0.9 (unheld: 0.92).
    steps = [logged("a", day, Sm2Grade(5)) for day in range(10)]
    steps.append(logged("a", 9 + 36_500, Sm2Grade(5)))
    (trial,) = [trial for trial in training_data({"a": steps}).trials if trial.end == 10]
    assert sm2_recall(trial) == pytest.approx(0.9, abs=1e-12)


def test_only_a_cards_first_grade_of_a_day_is_a_memory_event() -> None:
    reviews = [
        logged("a", 0, Sm2Grade(2)),
        logged("a", 0, Sm2Grade(4), redrill=True, minute=5),
        logged("a", 2, Rating.GOOD),
    ]
    assert [(s.day, s.rating) for s in card_steps(reviews)] == [
        (DAY, Rating.AGAIN), (DAY + timedelta(days=2), Rating.GOOD)
    ]  # fmt: skip
    assert training_data({"a": reviews}).trials[0].deltas == ((1, 0), (3, 2))


def simulated() -> dict[str, list[Review]]:
    return {
        f"c{card}": [logged(f"c{card}", day, Rating(rating), minute=card % 60)
                     for day, rating in history]
        for card, history in enumerate(learner_history())
    }  # fmt: skip


def test_fsrs_predictions_and_scores_are_those_of_fsrs_rs_evaluate() -> None:
    trials = training_data(simulated()).trials
    assert len(trials) > 900
    ours = score(trials, recalls(trials, DEFAULTS), recency_weights(len(trials)))
    theirs = FSRS(list(DEFAULTS)).evaluate([fsrs_item(trial) for trial in trials])
    assert ours.log_loss == pytest.approx(theirs.log_loss, abs=1e-4)
    assert ours.rmse_bins == pytest.approx(theirs.rmse_bins, abs=1e-4)


def test_the_table_names_the_best_model_and_by_how_much() -> None:
    evaluation = Evaluation(784, Score(0.6, 0.2), Score(0.5, 0.15), Score(0.45, 0.1))
    lines = render_evaluation(evaluation)
    assert lines[2:6] == [
        "model                            log loss RMSE (bins)",
        "SM-2 (0.9 ^ (days / interval))      0.600       0.200",
        "FSRS-6, default parameters          0.500       0.150",
        "FSRS-6, your parameters             0.450       0.100",
    ]
    assert lines[7] == (
        "Best for you: FSRS-6, your parameters, log loss 10% lower than the next best, FSRS-6, "
        "default parameters (0.450 against 0.500)."
    )


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=40))
def test_scores_are_bounded_and_perfect_certainty_scores_next_to_nothing(
    answers: list[tuple[float, bool]],
) -> None:
    trials = [
        training_data({"a": [logged("a", 0, Rating.GOOD),
                             logged("a", 1 + n, Rating.GOOD if passed else Rating.AGAIN)]}
                      ).trials[0]
        for n, (_, passed) in enumerate(answers)
    ]  # fmt: skip
    result = score(trials, [p for p, _ in answers])
    assert 0 <= result.log_loss <= -math.log(0.0001) + 1e-9  # predictions kept off 0 and 1
    assert 0 <= result.rmse_bins <= 1
    certain = score(trials, [1.0 if passed else 0.0 for _, passed in answers])
    assert certain.log_loss == pytest.approx(-math.log(0.9999))
    assert certain.rmse_bins < 0.0002
