-- fmflash review state, schema version 1.
-- Times are local wall-clock ISO 8601 text (2026-03-01T09:00:00); days are ISO dates.
-- Easiness is stored in exact hundredths (2.5 -> 250).

CREATE TABLE cards (
    card_id TEXT PRIMARY KEY,                 -- the card id from cards.yaml (or id/reverse)
    repetitions INTEGER NOT NULL CHECK (repetitions >= 0),
    interval_days INTEGER NOT NULL CHECK (interval_days >= 0),
    easiness_hundredths INTEGER NOT NULL CHECK (easiness_hundredths >= 130),
    due TEXT NOT NULL                         -- the learner's day the card is next due
);

-- Append-only, except that undo removes the session's own last grade.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
    drill INTEGER NOT NULL CHECK (drill IN (0, 1)),
    before_repetitions INTEGER NOT NULL,
    before_interval_days INTEGER NOT NULL,
    before_easiness_hundredths INTEGER NOT NULL,
    before_due TEXT,                          -- NULL: the card was new
    after_repetitions INTEGER NOT NULL,
    after_interval_days INTEGER NOT NULL,
    after_easiness_hundredths INTEGER NOT NULL,
    after_due TEXT
);
