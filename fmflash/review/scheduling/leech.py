"""Leeches, as Anki counts them: a card that lapses again and again is badly written (pure).

A lapse is a day's first grade that fails (below 3 on SM-2's scale: FSRS's and Anki's Again)
after the card had been learned (passed once). At ``LEECH_LAPSES`` lapses the card is a leech:
the session suspends it and ``fmflash check`` asks its author to rewrite it.
"""

from __future__ import annotations

from collections.abc import Iterable

from fmflash.review.scheduling.grades import as_sm2
from fmflash.review.scheduling.schedule import Review
from fmflash.review.scheduling.scheduler import graded_in_order

# Anki's default leech threshold; a leech unsuspended lapses again every half of it.
LEECH_LAPSES = 8
# SM-2's failing grades: 0-2 ("the item was not recalled").
PASS_FROM = 3


def makes_a_leech(lapse_count: int) -> bool:
    """Tell whether a card becomes a leech at this lapse: the 8th, then every 4th (as Anki)."""
    return leech_mark_between(lapse_count - 1, lapse_count) is not None


def leech_mark_between(before: int, after: int) -> int | None:
    """Return the last leech mark (8, then every 4th) a card's lapses passed from ``before``.

    A session's grade adds one lapse at most; reviews imported from Anki may add many, and a
    card that went from 0 to 9 lapses there is a leech as one that lapsed 8 times here.
    None: no mark was reached.
    """
    if after < LEECH_LAPSES or after <= before:
        return None
    step = LEECH_LAPSES // 2
    last = after - (after - LEECH_LAPSES) % step
    return last if last > before else None


def lapses(reviews: Iterable[Review]) -> int:
    """Count a card's lapses: failing first grades of a day once it had been passed."""
    count = 0
    learned = False
    for review in graded_in_order(reviews):
        passed = as_sm2(review.grade) >= PASS_FROM
        count += learned and not passed
        learned = learned or passed
    return count
