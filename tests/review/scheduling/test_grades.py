from __future__ import annotations

import pytest

from fmflash.review.scheduling.grades import (
    Rating,
    Scale,
    Sm2Grade,
    as_rating,
    as_sm2,
    grade_on,
    scale_of,
)


def test_the_documented_table_both_ways() -> None:
    assert [as_rating(grade) for grade in Sm2Grade] == [
        Rating.AGAIN, Rating.AGAIN, Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY,
    ]  # fmt: skip
    assert [as_sm2(rating) for rating in Rating] == [1, 3, 4, 5]
    # every rating survives the round trip; SM-2's three failing grades become 1
    assert all(as_rating(as_sm2(rating)) is rating for rating in Rating)
    assert [as_sm2(as_rating(grade)) for grade in Sm2Grade] == [1, 1, 1, 3, 4, 5]


def test_a_stored_grade_reads_back_on_its_scale() -> None:
    assert grade_on("sm2", 4) is Sm2Grade.RIGHT_HESITATED
    assert grade_on(Scale.RATING, 4) is Rating.EASY
    assert scale_of(Rating.AGAIN) is Scale.RATING
    assert scale_of(Sm2Grade.BLACKOUT) is Scale.SM2
    with pytest.raises(ValueError, match="5 is not a valid Rating"):
        grade_on("rating", 5)
