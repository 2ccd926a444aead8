from __future__ import annotations

import pytest

from fmflash.formulas.quantities import Unit
from fmflash.review.answers import check_answer, display_scale


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
