"""Baseline: the writes of N grades in a plain sqlite3 loop, with fmflash's durability.

Usage: python plain_sqlite.py DATABASE N
Each grade, like fmflash's: BEGIN IMMEDIATE, read today's grades of the card,
append the review to the log, write its derived schedule, COMMIT, in WAL mode with synchronous=FULL.
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
        db.execute(
            "SELECT 1 FROM review_log WHERE card_key = ? AND day = ? AND redrill = 0 LIMIT 1",
            (card, "2026-03-01"),
        ).fetchone()
        db.execute(
            "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, "
            "duration_ms, redrill) VALUES (?, '2026-03-01T09:00:00.000+00:00', '2026-03-01', "
            "'sm2', 4, 'sm2', 1500, 0)",
            (card,),
        )
        db.execute(
            "INSERT OR REPLACE INTO schedule_cache VALUES (?, ?, 1, 1, '2026-03-02', 1, 1, "
            "'sm2:1,1,250')",
            ("sm2", card),
        )
        db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    main()
