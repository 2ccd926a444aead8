from __future__ import annotations

import pytest

from fmflash.cards.model import ComputedCard
from fmflash.formulas.units import Unit
from fmflash.review.session.answers import (
    Verdict,
    check_answer,
    check_card_answer,
    check_rating,
    display_scale,
)


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
        (
            "100.5",
            100,
            Verdict(100.5, 0.005, 5, "correct", "0.5% off"),
        ),  # each band includes its limit
        ("102", 100, Verdict(102, 0.02, 4, "close", "2.0% off")),
        ("110", 100, Verdict(110, 0.1, 3, "roughly right", "10.0% off")),
        ("150", 100, Verdict(150, 0.5, 2, "wrong, but in the right range", "50.0% off")),
        ("300", 100, Verdict(300, 2.0, 1, "wrong", "about 3\u00d7 the answer")),
        ("1", 1, Verdict(1, 0.0, 5, "correct", "0.0% off")),
        ("0", 0, Verdict(0, 0.0, 5, "correct", "0.0% off")),
        (
            "0.5",
            0,
            Verdict(0.5, 0.5, 2, "wrong, but in the right range", "50.0% off"),
        ),  # off by 0.5 from 0
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
    assert verdict == Verdict(12e9, 2.0, 1, "wrong", "about 3\u00d7 the answer")
    assert check_answer("1.4e10", value=14e9, unit=Unit.BYTES, shown="14 GB").grade == 5


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("0.5", Verdict(0.5, 0.0, 5, "correct", "0.0% off")),  # the fraction itself, not 0.5%
        ("50", Verdict(0.5, 0.0, 5, "correct", "0.0% off")),  # the number as shown, 50 for 50%
        ("0.625", Verdict(0.625, 0.25, 2, "wrong, but in the right range", "25.0% off")),
        ("0.75", Verdict(0.75, 0.5, 2, "wrong, but in the right range", "50.0% off")),
        (
            "3",
            Verdict(0.03, 0.94, 1, "wrong", "off by a factor of 10 (too small)"),
        ),  # wrong either way: judged as shown, 3%
    ],
)
def test_a_bare_number_is_judged_by_the_reading_closest_to_the_answer(
    typed: str, verdict: Verdict
) -> None:
    assert check_answer(typed, value=0.5, unit=Unit.FRACTION, shown="50%") == verdict


@pytest.mark.parametrize(
    ("typed", "off"),
    [("2 trillion", "about 2\u00d7 the answer"),  # was "199999999999900.0% off"
     ("12.9 billion", "off by a factor of 100 (too small)"),  # was "1289999999900.0% off"
     ("1.2 trillion", "20.0% off"),
     ("0.3 trillion", "about 1/3 of the answer"),
     ("1e15", "off by a factor of 1,000 (too large)"),
     ("-1 trillion", "the wrong sign"),
     ("2", "about 2\u00d7 the answer")],  # a bare number: in the answer's scale, 2 trillion
)  # fmt: skip
def test_how_far_an_answer_is_reads_as_a_person_would_say_it(typed: str, off: str) -> None:
    verdict = check_answer(typed, value=1e12, unit=Unit.PARAMETERS, shown="1 trillion")
    assert verdict.off == off


@pytest.mark.parametrize(
    ("typed", "unit", "message"),
    [("1.4e10 bytes", Unit.PARAMETERS,
      "'1.4e10 bytes' is a size in bytes; the answer is a number of parameters"),
     ("3 days", Unit.BYTES, "'3 days' is a time; the answer is a size in bytes"),
     ("14 GB", Unit.SECONDS, "'14 GB' is a size in bytes; the answer is a time"),
     ("14 apples", Unit.BYTES, "could not read '14 apples' as a number")],
)  # fmt: skip
def test_an_answer_in_the_wrong_kind_of_unit_says_so(typed: str, unit: Unit, message: str) -> None:
    assert check_answer(typed, value=14e9, unit=unit, shown="14") == Verdict(None, None, 0, message)


RATINGS = ("below okay", "okay", "great")


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("great", Verdict(None, None, 5, "correct")),
        (" Great. ", Verdict(None, None, 5, "correct")),
        ("okay", Verdict(None, None, 1, "wrong, okay is not great")),
        ("Below  okay", Verdict(None, None, 1, "wrong, below okay is not great")),
        (
            "73.7%",
            Verdict(None, None, 0, "'73.7%' is a number; this card asks for its rating: "
                    "below okay, okay or great"),
        ),
        (
            "0.737",
            Verdict(None, None, 0, "'0.737' is a number; this card asks for its rating: "
                    "below okay, okay or great"),
        ),
        (
            "good",
            Verdict(None, None, 0, "'good' is not a rating; the ratings are below okay, okay "
                    "or great"),
        ),
        ("", Verdict(None, None, 0, "no answer")),
    ],
)  # fmt: skip
def test_a_rating_is_right_or_wrong_and_a_number_is_told_the_card_asks_the_rating(
    typed: str, verdict: Verdict
) -> None:
    assert check_rating(typed, rating="great", ratings=RATINGS, unit=Unit.FRACTION) == verdict


def test_a_computed_card_is_judged_by_its_rating_if_its_formula_rates() -> None:
    rated = ComputedCard("u", "S", 1, "utilization", "Q?", "Great", (), 0.737, Unit.FRACTION)
    assert check_card_answer("great", rated) == Verdict(None, None, 5, "correct")
    assert check_card_answer("73.7", rated).message.startswith("'73.7' is a number;")
    weights = ComputedCard("w", "S", 1, "weights_memory", "Q?", "14 GB", (), 14e9, Unit.BYTES)
    assert check_card_answer("14", weights) == Verdict(14e9, 0.0, 5, "correct", "0.0% off")
