"""SM-2 golden sequences with fixed dates, and its invariants as properties."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fmflash.sm2 import Sm2State, easiness_change_hundredths, review


def run(grades: list[int], start: date = date(2026, 3, 1)) -> list[tuple[date, Sm2State]]:
    """Grade on each due date in turn; return (review date, state after) pairs."""
    state, day, history = Sm2State(), start, []
    for quality in grades:
        state = review(state, quality)
        history.append((day, state))
        day += timedelta(days=state.interval)
    return history


def test_new_card_is_zero_zero_two_point_five() -> None:
    assert Sm2State() == Sm2State(0, 0, 2.5)


def test_golden_all_fives() -> None:
    history = run([5, 5, 5, 5, 5])
    assert [day.isoformat() for day, _ in history] == [
        "2026-03-01",
        "2026-03-02",
        "2026-03-08",
        "2026-03-25",
        "2026-05-12",
    ]
    assert [s.interval for _, s in history] == [1, 6, 17, 48, 140]
    assert [s.easiness for _, s in history] == [2.6, 2.7, 2.8, 2.9, 3.0]
    assert [s.repetitions for _, s in history] == [1, 2, 3, 4, 5]


def test_golden_all_fours_keep_easiness() -> None:
    history = run([4, 4, 4, 4])
    assert [s.interval for _, s in history] == [1, 6, 15, 38]
    assert {s.easiness for _, s in history} == {2.5}


def test_golden_threes_lower_easiness_and_use_the_old_value() -> None:
    history = run([3, 3, 3, 3, 3])
    assert [s.easiness for _, s in history] == [2.36, 2.22, 2.08, 1.94, 1.8]
    # 6 x 2.22 = 13.32 -> 14; 14 x 2.08 = 29.12 -> 30 (the easiness from before each grade)
    assert [s.interval for _, s in history] == [1, 6, 14, 30, 59]


def test_golden_lapse_resets_repetitions_keeps_easiness() -> None:
    history = run([5, 4, 5, 2, 4, 4])
    assert [(s.repetitions, s.interval, s.easiness) for _, s in history] == [
        (1, 1, 2.6),
        (2, 6, 2.6),
        (3, 16, 2.7),
        (0, 1, 2.7),
        (1, 1, 2.7),
        (2, 6, 2.7),
    ]
    assert [day.isoformat() for day, _ in history] == [
        "2026-03-01",
        "2026-03-02",
        "2026-03-08",
        "2026-03-24",
        "2026-03-25",
        "2026-03-26",
    ]


def test_easiness_never_below_1_3() -> None:
    state = Sm2State()
    for _ in range(20):
        state = review(state, 3)
    assert state.easiness == 1.3


def test_exact_easiness_never_adds_a_day() -> None:
    # 300 x 2.49 is 747 exactly; float arithmetic would give 747.0000000000001 -> 748
    assert review(Sm2State(repetitions=5, interval=300, easiness=2.49), 4).interval == 747


def test_easiness_changes_match_the_published_formula() -> None:
    assert [easiness_change_hundredths(q) for q in range(6)] == [-80, -54, -32, -14, 0, 10]


@pytest.mark.parametrize("quality", [-1, 6, 2.5, True, "4", None])
def test_quality_outside_0_to_5_is_rejected(quality: object) -> None:
    with pytest.raises(ValueError, match=r"quality must be a whole number from 0 to 5, got"):
        review(Sm2State(), quality)  # type: ignore[arg-type]


def test_invalid_states_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"easiness cannot be below 1\.3"):
        Sm2State(easiness=1.2)
    with pytest.raises(ValueError, match=r"multiple of 0\.01"):
        Sm2State(easiness=2.345)
    with pytest.raises(ValueError, match="interval of at least 1 day"):
        Sm2State(repetitions=2, interval=0)
    with pytest.raises(TypeError, match="interval must be a whole number"):
        Sm2State(interval=1.5)  # type: ignore[arg-type]


states = st.builds(
    Sm2State,
    repetitions=st.integers(0, 50),
    interval=st.integers(1, 10_000),
    easiness=st.integers(130, 400).map(lambda h: h / 100),
) | st.just(Sm2State())
qualities = st.integers(0, 5)


@given(states, qualities)
def test_interval_at_least_one_and_easiness_at_least_1_3(state: Sm2State, quality: int) -> None:
    after = review(state, quality)
    assert after.interval >= 1
    assert after.easiness >= 1.3


@given(states, st.integers(0, 2))
def test_failure_resets(state: Sm2State, quality: int) -> None:
    assert review(state, quality) == Sm2State(0, 1, state.easiness)


@given(states)
def test_four_leaves_easiness_unchanged(state: Sm2State) -> None:
    assert review(state, 4).easiness == state.easiness


def published(state: Sm2State, quality: int) -> tuple[int, int, Fraction]:
    """SM-2 as the paper states it, in exact fractions: an oracle written apart from the code."""
    easiness = Fraction(state.easiness_hundredths, 100)
    if quality < 3:
        return 0, 1, easiness
    if state.repetitions == 0:
        interval = 1
    elif state.repetitions == 1:
        interval = 6
    else:
        interval = math.ceil(state.interval * easiness)
    miss = 5 - quality
    change = Fraction(1, 10) - miss * (Fraction(8, 100) + miss * Fraction(2, 100))
    return state.repetitions + 1, interval, max(Fraction(13, 10), easiness + change)


@given(states, qualities)
@example(Sm2State(0, 0, 2.5), 3)
@example(Sm2State(1, 1, 2.5), 4)
@example(Sm2State(2, 6, 1.3), 3)
@example(Sm2State(2, 6, 1.31), 5)
@example(Sm2State(7, 30, 2.0), 2)
def test_review_is_the_published_formula(state: Sm2State, quality: int) -> None:
    after = review(state, quality)
    assert (after.repetitions, after.interval, Fraction(after.easiness_hundredths, 100)) == (
        published(state, quality)
    )
    assert after.easiness == after.easiness_hundredths / 100


@given(states, qualities)
def test_success_never_shrinks_a_mature_interval(state: Sm2State, quality: int) -> None:
    if quality >= 3 and state.repetitions >= 2:
        assert review(state, quality).interval >= state.interval


@pytest.mark.parametrize(
    ("repetitions", "interval", "error", "message"),
    [
        (-1, 1, ValueError, "repetitions and interval cannot be negative"),
        (0, -1, ValueError, "repetitions and interval cannot be negative"),
        (1, 0, ValueError, "a state with repetitions has an interval of at least 1 day"),
        (1.0, 1, TypeError, "repetitions must be a whole number, got 1.0"),
        (True, 1, TypeError, "repetitions must be a whole number, got True"),
        ("1", 1, TypeError, "repetitions must be a whole number, got '1'"),
        (0, 1.0, TypeError, "interval must be a whole number of days, got 1.0"),
        (0, False, TypeError, "interval must be a whole number of days, got False"),
    ],
)
def test_repetitions_and_interval_are_checked(
    repetitions: object, interval: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        Sm2State(repetitions, interval)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("easiness", "message"),
    [
        (1.29, "easiness cannot be below 1.3, got 1.29"),
        (2.345, "easiness must be a multiple of 0.01, got 2.345"),
        (2.50001, "easiness must be a multiple of 0.01, got 2.50001"),
    ],
)
def test_easiness_is_checked(easiness: float, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Sm2State(easiness=easiness)


def test_the_boundaries_are_valid_states() -> None:
    assert Sm2State(0, 0).interval == 0  # a new card has no interval yet
    assert Sm2State(1, 1).repetitions == 1
    assert Sm2State(0, 5).interval == 5  # a lapsed card keeps counting days
    assert Sm2State(easiness=1.3).easiness_hundredths == 130
    assert Sm2State(easiness=2.5 + 1e-9).easiness_hundredths == 250  # float noise is not a step
    assert Sm2State(easiness=0.1 + 0.2 + 2.2).easiness_hundredths == 250
