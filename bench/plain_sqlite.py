"""Baseline: the writes of N grades in a plain sqlite3 loop, with fmflash's durability.

Usage: python plain_sqlite.py DATABASE N
Each grade, like fmflash's: BEGIN IMMEDIATE, read the card and today's grades, write the card,
append the log entry, COMMIT, in WAL mode with synchronous=FULL.
"""

import sqlite3
import sys


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    for number in range(count):
        card = f"card-{number}"
        db.execute("BEGIN IMMEDIATE")
        db.execute("SELECT * FROM cards WHERE card_id = ?", (card,)).fetchone()
        db.execute(
            "SELECT 1 FROM reviews WHERE card_id = ? AND day = ? AND drill = 0 LIMIT 1",
            (card, "2026-03-01"),
        ).fetchone()
        db.execute(
            "INSERT INTO cards VALUES (?, 1, 1, 250, '2026-03-02') ON CONFLICT (card_id) DO "
            "UPDATE SET repetitions = excluded.repetitions",
            (card,),
        )
        db.execute(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, drill, before_repetitions, "
            "before_interval_days, before_easiness_hundredths, before_due, after_repetitions, "
            "after_interval_days, after_easiness_hundredths, after_due) VALUES "
            "(?, '2026-03-01T09:00:00', '2026-03-01', 4, 0, 0, 0, 250, NULL, 1, 1, 250, "
            "'2026-03-02')",
            (card,),
        )
        db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    main()
