"""Suspended cards in the review database: never shown, kept by their key, leeches marked.

A card is suspended by its key (its identity and side: ``GUID``, ``GUID/reverse``), so that it
stays suspended across every replay and scheduler switch; the log is not touched. A leech is
suspended with the fingerprint of its text at the time, so that ``fmflash check`` can tell
whether it has been rewritten since. The store opens the connection and runs the writes in its
transactions; this module only says what to read and write.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from fmflash.review.log.schedule_cache import Database


class Suspension(NamedTuple):
    """Why and since when a card is suspended."""

    since: datetime  # aware, UTC
    leech: bool
    # The card's text fingerprint when it became a leech ('' for a suspension by hand).
    fingerprint: str = ""


def read_suspended(db: Database) -> dict[str, Suspension]:
    """Return every suspended card, by key."""
    rows = db.execute("SELECT card_key, since, leech, fingerprint FROM suspended")
    return {
        key: Suspension(datetime.fromisoformat(since), bool(leech), fingerprint)
        for key, since, leech, fingerprint in rows
    }


def write_suspended(db: Database, keys: Iterable[str], suspension: Suspension) -> list[str]:
    """Suspend the cards not suspended yet (a leech mark replaces a plain suspension)."""
    done = []
    for key in keys:
        row = db.execute("SELECT leech FROM suspended WHERE card_key = ?", (key,)).fetchone()
        if row is not None and (row[0] or not suspension.leech):
            continue
        db.execute(
            "INSERT OR REPLACE INTO suspended (card_key, since, leech, fingerprint) "
            "VALUES (?, ?, ?, ?)",
            (key, suspension.since.isoformat(timespec="milliseconds"), int(suspension.leech),
             suspension.fingerprint),
        )  # fmt: skip
        done.append(key)
    return done


def delete_suspended(db: Database, keys: Iterable[str]) -> list[str]:
    """Unsuspend the cards that are suspended; return those."""
    done = []
    for key in keys:
        if db.execute("DELETE FROM suspended WHERE card_key = ?", (key,)).rowcount:
            done.append(key)
    return done
