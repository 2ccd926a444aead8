-- Schema version 7: suspended cards, and cram reviews.
--
-- A suspended card is never shown until it is unsuspended. It is kept by its key (the card's
-- identity and side: "GUID", "GUID/reverse", "GUID/c2"), so that it stays suspended across
-- every replay and scheduler switch. A leech (a card that lapsed 8 times, as Anki counts) is
-- suspended with leech = 1 and the fingerprint of the card's text when it became one, so that
-- `fmflash check` stops warning about it once the card is edited. `since` is when (UTC, ISO
-- 8601).
CREATE TABLE suspended (
    card_key TEXT PRIMARY KEY,
    since TEXT NOT NULL,
    leech INTEGER NOT NULL CHECK (leech IN (0, 1)),
    fingerprint TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- A cram review (fmflash review --cram) is logged like any grade, marked cram = 1: no
-- scheduler replays it, and no count of the day's work counts it. Every earlier review is
-- not a cram review. The index of day counts gains the mark, so stats still counts the log
-- without reading its rows.
ALTER TABLE review_log ADD COLUMN cram INTEGER NOT NULL DEFAULT 0 CHECK (cram IN (0, 1));
DROP INDEX review_log_counts;
CREATE INDEX review_log_counts ON review_log (day, redrill, scale, grade, cram);
