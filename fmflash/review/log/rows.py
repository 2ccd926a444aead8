"""The review log's rows: a logged review as the columns of ``review_log`` and back (pure).

Times are stored as ISO 8601 text in UTC with milliseconds (``2026-03-01T08:00:00.000+00:00``),
days as ISO dates, grades as their scale and number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from fmflash.review.scheduling.grades import grade_on, scale_of
from fmflash.review.scheduling.schedule import Review

COLUMNS = "card_key, reviewed_at, day, scale, grade, scheduler, duration_ms, redrill, anki_id, cram"
# One placeholder for each of the COLUMNS, to insert a review.
PLACES = ", ".join("?" * len(COLUMNS.split(", ")))


def review_of_row(row: Sequence[object]) -> Review:
    """Read a review from the ``COLUMNS`` of a row."""
    key, reviewed_at, day, scale, grade, scheduler, duration, redrill, anki_id, cram = row
    return Review(
        str(key),
        datetime.fromisoformat(str(reviewed_at)),
        date.fromisoformat(str(day)),
        grade_on(str(scale), int(grade)),  # type: ignore[call-overload]
        str(scheduler),
        None if duration is None else int(duration),  # type: ignore[call-overload]
        bool(redrill),
        None if anki_id is None else int(anki_id),  # type: ignore[call-overload]
        bool(cram),
    )


def row_of_review(review: Review) -> tuple[object, ...]:
    """Return a review as the values of ``COLUMNS``."""
    return (
        review.card_key,
        review.reviewed_at.isoformat(timespec="milliseconds"),
        review.day.isoformat(),
        scale_of(review.grade).value,
        int(review.grade),
        review.scheduler,
        review.duration_ms,
        int(review.redrill),
        review.anki_id,
        int(review.cram),
    )
