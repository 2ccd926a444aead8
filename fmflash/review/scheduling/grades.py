"""Grades as values: SM-2's 0-5, the four ratings of FSRS and Anki, and the one table between.

The log keeps each grade on the scale it was given in (the terminal asks 0-5; Anki's buttons
are 1-4); a scheduler reads every grade through the table below (pure).

| SM-2 grade                            | rating      | back to SM-2 |
|---------------------------------------|-------------|--------------|
| 0 blackout, 1 wrong but remembered,   | 1 Again     | 1            |
| 2 wrong but it looked easy            |             |              |
| 3 right but hard                      | 2 Hard      | 3            |
| 4 right but hesitated                 | 3 Good      | 4            |
| 5 perfect                             | 4 Easy      | 5            |
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Sm2Grade(IntEnum):
    """SM-2's grades, 0-5 (P. A. Wozniak, 1990)."""

    BLACKOUT = 0
    WRONG_REMEMBERED = 1
    WRONG_LOOKED_EASY = 2
    RIGHT_HARD = 3
    RIGHT_HESITATED = 4
    PERFECT = 5


class Rating(IntEnum):
    """The four ratings of FSRS, numbered as Anki's answer buttons (its revlog ``ease``)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Scale(StrEnum):
    """The scale a logged grade was given on."""

    SM2 = "sm2"  # 0-5, the terminal's grades
    RATING = "rating"  # 1-4, Again/Hard/Good/Easy: Anki's buttons and FSRS's ratings


Grade = Sm2Grade | Rating

_RATING_OF_SM2 = (Rating.AGAIN,) * 3 + (Rating.HARD, Rating.GOOD, Rating.EASY)
_SM2_OF_RATING = {
    Rating.AGAIN: Sm2Grade.WRONG_REMEMBERED,
    Rating.HARD: Sm2Grade.RIGHT_HARD,
    Rating.GOOD: Sm2Grade.RIGHT_HESITATED,
    Rating.EASY: Sm2Grade.PERFECT,
}


def as_rating(grade: Grade) -> Rating:
    """Return a grade as one of the four ratings (the table in this module's docstring)."""
    return grade if isinstance(grade, Rating) else _RATING_OF_SM2[Sm2Grade(grade)]


def as_sm2(grade: Grade) -> Sm2Grade:
    """Return a grade on SM-2's 0-5 scale (the table in this module's docstring)."""
    return _SM2_OF_RATING[grade] if isinstance(grade, Rating) else Sm2Grade(grade)


def scale_of(grade: Grade) -> Scale:
    """Name the scale a grade is on."""
    return Scale.RATING if isinstance(grade, Rating) else Scale.SM2


def grade_on(scale: Scale | str, value: int) -> Grade:
    """Read a stored grade back: its scale and its number."""
    return Rating(value) if Scale(scale) is Scale.RATING else Sm2Grade(value)
