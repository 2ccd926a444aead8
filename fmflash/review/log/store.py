"""The review state in SQLite: the log of reviews and what is derived from it.

The log of reviews is the truth; the store only stores. Each grade is one ``BEGIN IMMEDIATE``
transaction that appends the review and refreshes the card's derived schedule in a cache, and
commits with ``synchronous=FULL`` before the next card is shown: a killed process loses at most
the card on screen, and two sessions on one database never lose an update. A cached schedule
is used only while the card's log is what it was derived from (same count, same last id).
Opening, migrating and SQLite's errors are ``database.py``'s.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TypeVar

from fmflash.review.log.counts import (
    DayCount,
    ScheduleCounts,
    day_counts,
    schedule_counts,
)
from fmflash.review.log.database import claim, connect, guarded, has_unclaimed, transaction
from fmflash.review.log.parameters import read_parameters, write_parameters
from fmflash.review.log.rows import COLUMNS, PLACES, review_of_row, row_of_review
from fmflash.review.log.schedule_cache import ScheduleCache
from fmflash.review.log.suspended import (
    Suspension,
    delete_suspended,
    read_suspended,
    write_suspended,
)
from fmflash.review.log.today import Today
from fmflash.review.scheduling.grades import Grade, grade_on
from fmflash.review.scheduling.leech import lapses
from fmflash.review.scheduling.schedule import Review, Schedule, due_by, owed_redrills
from fmflash.review.scheduling.scheduler import FsrsParameters, Scheduler

G = TypeVar("G")


class ReviewStore:
    """An open review database."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._db = connection
        self._cache = ScheduleCache(connection)
        self.path = path

    @classmethod
    def open(cls, path: str, *, read_only: bool = False) -> ReviewStore:
        """Open (creating if absent) the database at ``path``; refuse foreign or damaged files.

        ``read_only`` opens an existing database for reading only, so that a read-only file or
        folder can still be read; one that needs a schema upgrade is opened for writing.
        """
        return cls(connect(path, read_only=read_only), path)

    def _transaction(self) -> AbstractContextManager[None]:
        return transaction(self._db)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    @guarded
    def has_unclaimed(self) -> bool:
        """Tell whether reviews logged by bare item ids (schema 3 and older) await a claim."""
        return has_unclaimed(self._db)

    @guarded
    def claim(self, keys: Mapping[str, str]) -> int:
        """Move reviews logged by bare item ids to their keys (``database.claim``); count them."""
        if not has_unclaimed(self._db):
            return 0  # the common case: nothing left to claim, no write lock
        with self._transaction():
            return claim(self._db, keys)

    @guarded
    def due_dates(self, scheduler: Scheduler, *, by: date | None = None) -> dict[str, date]:
        """Return the day each graded card is next due under a scheduler, by card key.

        With ``by``, only the cards due by that day.
        """
        dates = self._cache.due_dates(scheduler, by=by)
        if dates is not None:  # the common case: no schedule is decoded
            return dates
        return due_by(self.schedules(scheduler), by)

    @guarded
    def schedules_cached(self, scheduler: Scheduler) -> bool:
        """Tell whether every schedule under ``scheduler`` is cached for the log as it is."""
        return self._cache.whole_log_cached(scheduler)

    @guarded
    def schedules(self, scheduler: Scheduler) -> dict[str, Schedule]:
        """Return every graded card's schedule under a scheduler, derived from the log.

        Cached schedules are used while the log is what they were derived from; the others
        are replayed from the log and cached again.
        """
        result, update = self._cache.derive(scheduler)
        if update is not None:
            try:
                with self._transaction():
                    update()
            except sqlite3.OperationalError:
                pass  # a read-only file: the schedules are right, only not cached
        return result

    @guarded
    def today(self, day: date, keys: Container[str] | None = None) -> Today:
        """Count the day's new cards and reviews, and find cards still to re-drill.

        With ``keys``, only reviews of those items count (one project's).
        """
        rows = self._db.execute(
            "SELECT card_key, scale, grade, redrill, EXISTS (SELECT 1 FROM review_log AS earlier "
            "WHERE earlier.card_key = log.card_key AND earlier.day < log.day AND earlier.cram = 0) "
            "FROM review_log AS log WHERE day = ? AND cram = 0 ORDER BY reviewed_at, id",
            (day.isoformat(),),
        ).fetchall()
        new_done = reviews_done = 0
        last: dict[str, tuple[str, int]] = {}  # each card's last grade of the day, as stored
        graded: list[str] = []
        for card_key, scale, grade, redrill, seen_before in rows:
            if keys is not None and card_key not in keys:
                continue
            if not redrill:
                new_done += not seen_before
                reviews_done += bool(seen_before)
                graded.append(card_key)
            last[card_key] = scale, grade
        # A day's thousands of reviews hold a few distinct grades: each is read once.
        grades = {stored: grade_on(*stored) for stored in set(last.values())}
        owed = owed_redrills((key, grades[stored]) for key, stored in last.items())
        return Today(new_done, reviews_done, owed, tuple(graded))

    def _is_redrill(self, card_key: str, day: date) -> bool:
        """Tell whether a grade of a card on ``day`` is a re-drill (the rule: schedule.py)."""
        # The card's own reviews, by its index: SQLite would otherwise take the counts' index
        # (day, redrill, ...) and read every review of the day, once for each grade given.
        first = self._db.execute(
            "SELECT 1 FROM review_log INDEXED BY review_log_by_card "
            "WHERE card_key = ? AND day = ? AND redrill = 0 AND cram = 0 LIMIT 1",
            (card_key, day.isoformat()),
        ).fetchone()
        return first is not None

    @guarded
    def record(
        self,
        card_key: str,
        grade: Grade,
        *,
        now: datetime,
        day: date,
        scheduler: Scheduler,
        duration_ms: int | None = None,
        cram: bool = False,
    ) -> tuple[int, Review]:
        """Log a grade given at ``now`` (aware, UTC) and commit; return its id and the review.

        The card's first grade of the learner's day moves its schedule; later ones are
        re-drills, and cram grades move nothing. The schedule under ``scheduler`` is derived
        again in the same transaction.
        """
        with self._transaction():
            whole_log_was_cached = self._cache.whole_log_cached(scheduler)
            review = Review(
                card_key, now, day, grade, scheduler.name.value, duration_ms,
                redrill=not cram and self._is_redrill(card_key, day), cram=cram,
            )  # fmt: skip
            cursor = self._db.execute(
                f"INSERT INTO review_log ({COLUMNS}) VALUES ({PLACES})",
                row_of_review(review),
            )
            review_id = cursor.lastrowid
            self._cache.refresh(scheduler, card_key, whole_log_was_cached=whole_log_was_cached)
        assert review_id is not None
        return review_id, review

    @guarded
    def undo(self, review_id: int, scheduler: Scheduler) -> bool:
        """Remove a logged grade; False if it is gone or the card was graded again since."""
        with self._transaction():
            row = self._db.execute(
                "SELECT card_key FROM review_log WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                return False
            later = self._db.execute(
                "SELECT 1 FROM review_log WHERE card_key = ? AND id > ? LIMIT 1",
                (row[0], review_id),
            ).fetchone()
            if later is not None:
                return False  # another session graded the card since; keep its work
            whole_log_was_cached = self._cache.whole_log_cached(scheduler)
            self._db.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
            self._cache.refresh(scheduler, row[0], whole_log_was_cached=whole_log_was_cached)
        return True

    @guarded
    def review_count(self, card_id: str) -> int:
        """Count the logged reviews of a card (re-drills included): a practice card's draws."""
        row = self._db.execute("SELECT count(*) FROM review_log WHERE card_key = ?", (card_id,))
        return int(row.fetchone()[0])

    @guarded
    def merge(self, reviews: Iterable[Review]) -> tuple[int, int, frozenset[str]]:
        """Add reviews from elsewhere (Anki), each once: return added, already present, cards.

        A review is known by its ``anki_id``. As for a grade given here, a card's first graded
        review of a learner's day moves its schedule; later ones that day are re-drills.
        """
        added = already = 0
        touched: set[str] = set()
        with self._transaction():
            for review in sorted(reviews, key=lambda r: r.reviewed_at):
                known = self._db.execute(
                    "SELECT 1 FROM review_log WHERE anki_id = ?", (review.anki_id,)
                ).fetchone()
                if known is not None:
                    already += 1
                    continue
                merged = review._replace(redrill=self._is_redrill(review.card_key, review.day))
                self._db.execute(
                    f"INSERT INTO review_log ({COLUMNS}) VALUES ({PLACES})",
                    row_of_review(merged),
                )
                added += 1
                touched.add(review.card_key)
        return added, already, frozenset(touched)

    @guarded
    def day_counts(self, since: date, groups: Mapping[str, G]) -> dict[G, list[DayCount]]:
        """Count the reviews of the card keys in ``groups`` logged for ``since`` or later.

        ``groups`` maps each key to its group (a chapter, say): the counts come by group, by
        day, grade, re-drill and cram, in that order, without reading each review whole.
        """
        return day_counts(self._db, since, groups)

    @guarded
    def schedule_counts(self, scheduler: Scheduler, keys: Container[str]) -> ScheduleCounts | None:
        """Count the cached schedules of ``keys`` by due day and state; None if any is stale."""
        if not self._cache.whole_log_cached(scheduler):
            return None
        return schedule_counts(self._db, scheduler.key, keys)

    @guarded
    def fsrs_parameters(self) -> FsrsParameters | None:
        """Return the learner's saved FSRS parameters (``fmflash fit --save``); None: defaults."""
        return read_parameters(self._db)

    @guarded
    def save_fsrs_parameters(self, parameters: FsrsParameters | None) -> None:
        """Keep the learner's FSRS parameters (None: the defaults) and commit."""
        with self._transaction():
            write_parameters(self._db, parameters)

    @guarded
    def reviews_by_card(self) -> dict[str, list[Review]]:
        """Return the whole log, each card's reviews in the order they were logged."""
        by_card: dict[str, list[Review]] = defaultdict(list)
        for row in self._db.execute(f"SELECT {COLUMNS} FROM review_log ORDER BY id"):
            by_card[row[0]].append(review_of_row(row))
        return dict(by_card)

    @guarded
    def suspended(self) -> dict[str, Suspension]:
        """Return every suspended card, by key."""
        return read_suspended(self._db)

    @guarded
    def suspend(self, keys: Iterable[str], suspension: Suspension) -> list[str]:
        """Suspend cards and commit; return those that were not suspended (or not as leeches)."""
        with self._transaction():
            return write_suspended(self._db, keys, suspension)

    @guarded
    def unsuspend(self, keys: Iterable[str]) -> list[str]:
        """Unsuspend cards (leeches too) and commit; return those that were suspended."""
        with self._transaction():
            return delete_suspended(self._db, keys)

    @guarded
    def lapses(self, card_key: str) -> int:
        """Count a card's lapses in the log (``scheduling.leech``)."""
        rows = self._db.execute(
            f"SELECT {COLUMNS} FROM review_log WHERE card_key = ? ORDER BY id", (card_key,)
        )
        return lapses(review_of_row(row) for row in rows)
