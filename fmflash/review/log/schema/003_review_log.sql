-- Schema version 3: the review log holds inputs only; schedules are derived from it.
-- Each review keeps the card, the time in UTC (ISO 8601, milliseconds, "+00:00"), the learner's
-- day, the grade on its scale (sm2: 0-5; rating: 1-4, Again/Hard/Good/Easy), the scheduler in
-- use, how long the answer took (milliseconds; NULL when not measured) and whether it was a
-- same-day re-drill. Reviews imported from Anki keep Anki's revlog id, so an import is never
-- counted twice. The ids are AUTOINCREMENT: never reused, so the cache check below is sound.
--
-- Version 2 logged naive local wall-clock times: they are read as this machine's local time
-- when the migration runs (SQLite's 'utc' modifier, daylight saving time included).

CREATE TABLE review_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card_key TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    day TEXT NOT NULL,
    scale TEXT NOT NULL CHECK (scale IN ('sm2', 'rating')),
    grade INTEGER NOT NULL CHECK (
        (scale = 'sm2' AND grade BETWEEN 0 AND 5) OR (scale = 'rating' AND grade BETWEEN 1 AND 4)
    ),
    scheduler TEXT NOT NULL,
    duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
    redrill INTEGER NOT NULL CHECK (redrill IN (0, 1)),
    anki_id INTEGER UNIQUE
);

INSERT INTO review_log (id, card_key, reviewed_at, day, scale, grade, scheduler, duration_ms,
                        redrill)
    SELECT id, card_id, strftime('%Y-%m-%dT%H:%M:%f+00:00', reviewed_at, 'utc'), day, 'sm2',
           quality, 'sm2', NULL, drill
    FROM reviews ORDER BY id;

DROP TABLE reviews;
DROP TABLE cards;

CREATE INDEX review_log_by_card ON review_log (card_key, id);
CREATE INDEX review_log_by_day ON review_log (day);

-- Derived schedules, per scheduler (with its setting): a cache, never trusted over the log.
-- A card's row is valid while the card's log rows are the same count with the same last id;
-- log_state holds the same check for the whole log. A migration that rewrites the log must
-- empty both tables.
CREATE TABLE schedule_cache (
    scheduler TEXT NOT NULL,
    card_key TEXT NOT NULL,
    reviews INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    due TEXT NOT NULL,
    interval_days INTEGER NOT NULL,
    streak INTEGER NOT NULL,
    memory TEXT NOT NULL,
    PRIMARY KEY (scheduler, card_key)
) WITHOUT ROWID;

CREATE TABLE log_state (
    scheduler TEXT PRIMARY KEY,
    reviews INTEGER NOT NULL,
    last_id INTEGER NOT NULL
);
