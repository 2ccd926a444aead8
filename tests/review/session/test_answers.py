from __future__ import annotations

import pytest

from fmflash.formulas.quantities import Unit
from fmflash.review.session.answers import Verdict, check_answer, display_scale


@pytest.mark.parametrize("typed", ["14", "14 GB", "1.4e10 bytes", "14e9", "14,000,000,000"])
def test_accepted_forms_of_14_gb(typed: str) -> None:
    verdict = check_answer(typed, value=14e9, unit=Unit.BYTES, shown="14 GB")
    assert (verdict.grade, verdict.message, verdict.value) == (5, "correct", 14e9)


def test_700m_for_700_million() -> None:
    verdict = check_answer("700M", value=7e8, unit=Unit.PARAMETERS, shown="700 million")
    assert verdict.grade == 5


@pytest.mark.parametrize(
    ("typed", "grade", "message"),
    [
        ("14.2 GB", 4, "close"),
        ("15 GB", 3, "roughly right"),
        ("20 GB", 2, "wrong, but in the right range"),
        ("140 GB", 1, "wrong"),
        ("", 0, "no answer"),
        ("lots", 0, "could not read 'lots' as a number"),
    ],
)
def test_proposed_grades_follow_the_error(typed: str, grade: int, message: str) -> None:
    verdict = check_answer(typed, value=14e9, unit=Unit.BYTES, shown="14 GB")
    assert (verdict.grade, verdict.message) == (grade, message)


def test_display_scale() -> None:
    assert display_scale("14 GB", Unit.BYTES) == 1e9
    assert display_scale("64.1% (okay)", Unit.FRACTION) == pytest.approx(0.01)
    assert display_scale("22.8 days", Unit.SECONDS) == 86400
    assert display_scale("3.15 x 10^23 FLOPs", Unit.FLOPS) == pytest.approx(1e23)


@pytest.mark.parametrize(
    ("typed", "value", "verdict"),
    [
        ("100.5", 100, Verdict(100.5, 0.005, 5, "correct")),  # each band includes its limit
        ("102", 100, Verdict(102, 0.02, 4, "close")),
        ("110", 100, Verdict(110, 0.1, 3, "roughly right")),
        ("150", 100, Verdict(150, 0.5, 2, "wrong, but in the right range")),
        ("300", 100, Verdict(300, 2.0, 1, "wrong")),
        ("1", 1, Verdict(1, 0.0, 5, "correct")),
        ("0", 0, Verdict(0, 0.0, 5, "correct")),
        ("0.5", 0, Verdict(0.5, 0.5, 2, "wrong, but in the right range")),  # off by 0.5 from 0
    ],
)
def test_verdicts_are_exact(typed: str, value: float, verdict: Verdict) -> None:
    assert check_answer(typed, value=value, unit=Unit.COUNT, shown=str(value)) == verdict


@pytest.mark.parametrize(
    ("shown", "unit", "scale"),
    [
        ("okay", Unit.FRACTION, 1.0),  # nothing to read
        ("14 apples", Unit.BYTES, 1.0),  # a number, but not a quantity of this unit
        ("0 GB", Unit.BYTES, 1.0),  # no scale can be read from zero
        ("-14 GB", Unit.BYTES, 1e9),
        ("14 (okay)", Unit.COUNT, 1.0),
    ],
)
def test_display_scale_of_unusual_answers(shown: str, unit: Unit, scale: float) -> None:
    assert display_scale(shown, unit) == scale


def test_a_wrong_bare_number_is_judged_in_the_answers_unit() -> None:
    # 12 bytes is nearer 4 GB than 12 GB is, but the learner typed 12 meaning GB.
    verdict = check_answer("12", value=4e9, unit=Unit.BYTES, shown="4 GB")
    assert verdict == Verdict(12e9, 2.0, 1, "wrong")
    assert check_answer("1.4e10", value=14e9, unit=Unit.BYTES, shown="14 GB").grade == 5


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("0.5", Verdict(0.5, 0.0, 5, "correct")),  # the fraction itself, not 0.5%
        ("50", Verdict(0.5, 0.0, 5, "correct")),  # the number as shown, 50 for 50%
        ("0.625", Verdict(0.625, 0.25, 2, "wrong, but in the right range")),
        ("0.75", Verdict(0.75, 0.5, 2, "wrong, but in the right range")),
        ("3", Verdict(0.03, 0.94, 1, "wrong")),  # wrong either way: judged as shown, 3%
    ],
)
def test_a_bare_number_is_judged_by_the_reading_closest_to_the_answer(
    typed: str, verdict: Verdict
) -> None:
    assert check_answer(typed, value=0.5, unit=Unit.FRACTION, shown="50%") == verdict
