"""What the log holds of a learner's day so far: counted by the store, planned with by a session."""

from __future__ import annotations

from typing import NamedTuple


class Today(NamedTuple):
    """What earlier sessions of the same day did: counts, and cards still to re-drill."""

    new_done: int = 0
    reviews_done: int = 0
    pending_redrills: tuple[str, ...] = ()
    # The cards graded today (their first grade of the day), in order: their siblings wait.
    graded: tuple[str, ...] = ()


NOTHING_DONE = Today()
