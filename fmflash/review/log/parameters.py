"""The learner's FSRS parameters (``fmflash fit --save``), kept in the review database.

The store opens the connection and runs the write in its transaction; this module only says
what to read and write.
"""

from __future__ import annotations

import json
from datetime import date

from fmflash.review.log.schedule_cache import Database
from fmflash.review.scheduling.scheduler import FsrsParameters


def read_parameters(db: Database) -> FsrsParameters | None:
    """Return the learner's saved FSRS parameters; None: FSRS's defaults."""
    row = db.execute(
        "SELECT parameters, reviews, fitted_on FROM fsrs_parameters WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    values = tuple(float(value) for value in json.loads(row[0]))
    return FsrsParameters(values, int(row[1]), date.fromisoformat(row[2]))


def write_parameters(db: Database, parameters: FsrsParameters | None) -> None:
    """Keep the learner's FSRS parameters, replacing any; None goes back to the defaults.

    Schedules cached under parameters of the learner's (``fsrs@0.9/days#digest``) are dropped:
    the parameters they were derived with are no longer anyone's.
    """
    db.execute("DELETE FROM fsrs_parameters")
    for table in ("schedule_cache", "log_state"):
        db.execute(f"DELETE FROM {table} WHERE scheduler LIKE 'fsrs@%#%'")
    if parameters is not None:
        db.execute(
            "INSERT INTO fsrs_parameters (id, parameters, reviews, fitted_on) VALUES (1, ?, ?, ?)",
            (json.dumps(list(parameters.values)), parameters.reviews,
             parameters.fitted_on.isoformat()),
        )  # fmt: skip
