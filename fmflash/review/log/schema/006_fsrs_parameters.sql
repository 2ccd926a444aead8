-- Schema version 6: FSRS-6's parameters fitted to this learner's reviews (fmflash fit --save).
-- They describe the learner, not a course: one row per database, kept beside the log they were
-- fitted on. parameters: the 21 numbers as a JSON list; reviews: how many reviews they were
-- fitted on; fitted_on: the learner's day of the fit (ISO date). No row: FSRS-6's defaults.
-- No review changes.

CREATE TABLE fsrs_parameters (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    parameters TEXT NOT NULL,
    reviews INTEGER NOT NULL CHECK (reviews > 0),
    fitted_on TEXT NOT NULL
);
