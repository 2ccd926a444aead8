"""fmflash fit's shell: read this project's log, fit FSRS-6 to it, keep or drop the result (I/O).

The parameters are kept in the review database (the learner's, on this machine), with the
learner's day of the fit and the number of reviews it used; ``review --scheduler fsrs`` and
``stats`` read them back from there. The fitting itself is pure: ``fsrs_optimizer``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from fmflash.files.reasons import file_exists
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.scheduler import FsrsParameters
from fmflash.review.session.selection import Selection, open_project_store
from fmflash.review.stats.evaluation import TrainingData, training_data
from fmflash.review.stats.fsrs_optimizer import Fit, fit

if TYPE_CHECKING:
    from fmflash.review.scheduling.schedule import Review

# float32 from fsrs-rs, read as float64, can stand a hair beyond py-fsrs's bounds (0.8 is
# 0.800000011920929): six decimals keep every digit float32 has and stay in bounds.
DECIMALS = 6


def project_log(selection: Selection, db_path: str) -> dict[str, list[Review]]:
    """Read this project's reviews from the review database, by item id (none if no file)."""
    if not file_exists(db_path):
        return {}
    store = open_project_store(db_path, selection.keys, read_only=True)
    try:
        return store.reviews_by_item()
    finally:
        store.close()


def fit_log(logs: dict[str, list[Review]], *, db_path: str) -> Fit:
    """Fit FSRS-6 to a log and score every model on it (``db_path`` names it in errors)."""
    return fit(training_data(logs), path=db_path)


def learner_parameters(fitted: Fit, *, day: date) -> FsrsParameters:
    """Return a fit's parameters as the learner's, dated and counted."""
    values = tuple(round(value, DECIMALS) for value in fitted.parameters)
    return FsrsParameters(values, fitted.data.reviews, day)


def save_parameters(db_path: str, parameters: FsrsParameters | None) -> None:
    """Keep the learner's parameters in the review database; None goes back to the defaults."""
    store = ReviewStore.open(db_path)
    try:
        store.save_fsrs_parameters(parameters)
    finally:
        store.close()


def summary(data: TrainingData) -> str:
    """Say what the fit used."""
    return (
        f"FSRS-6 fitted to {data.reviews:,} reviews of {data.cards:,} cards (each card's first "
        f"grade of a day; {len(data.trials):,} of them follow one on an earlier day)."
    )
