"""The review state in SQLite: the only module that imports sqlite3.

Each grade is one ``BEGIN IMMEDIATE`` transaction that reads the card's current schedule, applies
the pure grading, and commits with ``synchronous=FULL`` before the next card is shown: a killed
process loses at most the card on screen, and two sessions on one database never lose an update.
A file that is not an fmflash database, or is damaged, is reported and never written to.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import ParamSpec, TypeVar

from fmflash.errors import FmflashError, Problem
from fmflash.files import file_error
from fmflash.review.schedule import Review, Schedule, grade, needs_redrill
from fmflash.review.session import Today
from fmflash.sm2 import Sm2State

P = ParamSpec("P")
T = TypeVar("T")

# PRAGMA application_id marks the file as fmflash's: "fmfl" in ASCII.
APPLICATION_ID = 0x666D666C
MIGRATIONS = ("001_initial.sql", "002_review_day.sql")
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "id, card_id, reviewed_at, day, quality, drill, before_repetitions, before_interval_days, "
    "before_easiness_hundredths, before_due, after_repetitions, after_interval_days, "
    "after_easiness_hundredths, after_due"
)


def _schedule(repetitions: int, interval: int, hundredths: int, due: str | None) -> Schedule:
    state = Sm2State(repetitions, interval, hundredths / 100)
    return Schedule(state, date.fromisoformat(due) if due else None)


def _columns(schedule: Schedule) -> tuple[int, int, int, str | None]:
    state = schedule.state
    due = schedule.due.isoformat() if schedule.due else None
    return state.repetitions, state.interval, state.easiness_hundredths, due


def _review(row: tuple[object, ...]) -> tuple[int, Review]:
    (review_id, card_id, reviewed_at, day, quality, drill, *rest) = row
    before = _schedule(*rest[:4])  # type: ignore[arg-type]
    after = _schedule(*rest[4:])  # type: ignore[arg-type]
    review = Review(
        str(card_id),
        datetime.fromisoformat(str(reviewed_at)),
        date.fromisoformat(str(day)),
        int(quality),  # type: ignore[call-overload]
        before,
        after,
        bool(drill),
    )
    return int(review_id), review  # type: ignore[call-overload]


def _statements(script: str) -> Iterator[str]:
    """Split a SQL script into statements (executescript would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""


def _guarded(method: Callable[P, T]) -> Callable[P, T]:
    """Turn SQLite's errors (a full disk, a damaged file, ...) into a user error."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as error:
            store = args[0]
            assert isinstance(store, ReviewStore)
            raise database_error(store.path, error) from None

    return guarded


# SQLite's primary result codes that mean the file system said no, with what to say.
_FILE_SYSTEM_CODES = {
    3: ("cannot write", "permission denied"),  # SQLITE_PERM
    8: ("cannot write", "the file or its folder is read-only"),  # SQLITE_READONLY
    10: ("cannot write", "input/output error"),  # SQLITE_IOERR
    13: ("cannot write", "no space left on device"),  # SQLITE_FULL
    14: ("cannot open", "its folder is missing or cannot be written"),  # SQLITE_CANTOPEN
}
_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def database_error(path: str, error: sqlite3.Error, *, opening: bool = False) -> FmflashError:
    """Say what a SQLite error means for the user: the disk said no, or the file is damaged."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in _FILE_SYSTEM_CODES:
        verb, words = _FILE_SYSTEM_CODES[code]
        return FmflashError([Problem(path, f"{words} ({error})", verb=verb)])
    if code in _BUSY_CODES:
        return FmflashError.at(path, "another fmflash session is writing to it; try again")
    what = "is not a readable SQLite database" if opening else "the review database cannot be used"
    return FmflashError.at(
        path,
        f"{what} ({error}); fmflash leaves it untouched. "
        "Restore a backup, or choose another file with --db or FMFLASH_DB",
    )


class ReviewStore:
    """An open review database."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: str) -> ReviewStore:
        """Open (creating if absent) the database at ``path``; refuse foreign or damaged files."""
        fresh = not os.path.exists(path) or os.path.getsize(path) == 0
        try:
            if fresh:
                os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            connection = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        except OSError as error:
            raise file_error("cannot write", path, error) from None
        except sqlite3.Error as error:
            raise database_error(path, error, opening=True) from None
        store = cls(connection, path)
        try:
            store._prepare(fresh)
        except sqlite3.Error as error:
            connection.close()
            raise database_error(path, error, opening=True) from None
        except FmflashError:
            connection.close()
            raise
        return store

    def _prepare(self, fresh: bool) -> None:
        db = self._db
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        has_tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if application_id != APPLICATION_ID and (has_tables or not fresh):
            raise FmflashError.at(
                self.path,
                "is not an fmflash review database; fmflash leaves it untouched. "
                "Choose another file with --db or FMFLASH_DB",
            )
        # No full integrity check here: it reads the whole file (80 ms for 100,000 reviews)
        # before every session. SQLite checks each page it reads, and every method below
        # turns a damaged page into a user error inside a transaction that writes nothing.
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    def _migrate(self) -> None:
        if self._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return  # the common case: no write lock needed just to open
        with self._transaction():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise FmflashError.at(
                    self.path,
                    f"was written by a newer fmflash (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}); upgrade fmflash",
                )
            for number, name in enumerate(MIGRATIONS[version:], start=version + 1):
                from importlib import resources  # only when a migration runs

                schema = resources.files("fmflash.review").joinpath("schema", name)
                script = schema.read_text("utf-8")
                for statement in _statements(script):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number}")
            if version == 0:
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front: a second session waits instead of racing.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def schema_version(self) -> int:
        """Return the schema version of the open database."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @_guarded
    def due_dates(self) -> dict[str, date]:
        """Return the day each graded card is next due, by card id."""
        rows = self._db.execute("SELECT card_id, due FROM cards")
        return {card_id: date.fromisoformat(due) for card_id, due in rows}

    @_guarded
    def schedules(self) -> dict[str, Schedule]:
        """Return every card's schedule, by card id (cards never graded are absent)."""
        rows = self._db.execute(
            "SELECT card_id, repetitions, interval_days, easiness_hundredths, due FROM cards"
        )
        return {row[0]: _schedule(*row[1:]) for row in rows}

    @_guarded
    def today(self, day: date) -> Today:
        """Count the day's new cards and reviews, and find cards still to re-drill."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE day = ? ORDER BY id", (day.isoformat(),)
        ).fetchall()
        new_done = reviews_done = 0
        last_quality: dict[str, int] = {}
        for row in rows:
            _, review = _review(row)
            if not review.drill:
                new_done += review.before.is_new
                reviews_done += not review.before.is_new
            last_quality[review.card_id] = review.quality
        pending = tuple(card for card, quality in last_quality.items() if needs_redrill(quality))
        return Today(new_done, reviews_done, pending)

    @_guarded
    def record(self, card_id: str, quality: int, *, now: datetime, day: date) -> tuple[int, Review]:
        """Grade a card and commit; return the logged review and its id."""
        with self._transaction():
            before = self._current(card_id)
            graded_today = self._db.execute(
                "SELECT 1 FROM reviews WHERE card_id = ? AND day = ? AND drill = 0 LIMIT 1",
                (card_id, day.isoformat()),
            ).fetchone()
            review = grade(
                card_id, before, quality, now=now, day=day, graded_today=graded_today is not None
            )
            if not review.drill:
                self._write_schedule(card_id, review.after)
            cursor = self._db.execute(
                f"INSERT INTO reviews ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?)",
                (
                    card_id,
                    now.isoformat(timespec="seconds"),
                    day.isoformat(),
                    quality,
                    int(review.drill),
                    *_columns(review.before),
                    *_columns(review.after),
                ),
            )
            review_id = cursor.lastrowid
        assert review_id is not None
        return review_id, review

    def _write_schedule(self, card_id: str, schedule: Schedule) -> None:
        if schedule.is_new:
            self._db.execute("DELETE FROM cards WHERE card_id = ?", (card_id,))
            return
        self._db.execute(
            "INSERT INTO cards (card_id, repetitions, interval_days, easiness_hundredths, due) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET "
            "repetitions = excluded.repetitions, interval_days = excluded.interval_days, "
            "easiness_hundredths = excluded.easiness_hundredths, due = excluded.due",
            (card_id, *_columns(schedule)),
        )

    @_guarded
    def undo(self, review_id: int) -> bool:
        """Remove a logged grade and restore the schedule before it; False if it is gone."""
        with self._transaction():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                return False
            _, review = _review(row)
            if not review.drill:
                if self._current(review.card_id) != review.after:
                    return False  # another session graded the card since; keep its work
                self._write_schedule(review.card_id, review.before)
            self._db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return True

    def _current(self, card_id: str) -> Schedule:
        row = self._db.execute(
            "SELECT repetitions, interval_days, easiness_hundredths, due FROM cards "
            "WHERE card_id = ?",
            (card_id,),
        ).fetchone()
        return _schedule(*row) if row else Schedule()

    @_guarded
    def review_count(self, card_id: str) -> int:
        """Count the logged reviews of a card (re-drills included): a practice card's draws."""
        row = self._db.execute("SELECT count(*) FROM reviews WHERE card_id = ?", (card_id,))
        return int(row.fetchone()[0])

    @_guarded
    def reviews_since(self, day: date) -> list[Review]:
        """Return the reviews logged on or after ``day``, oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE day >= ? ORDER BY id", (day.isoformat(),)
        )
        return [_review(row)[1] for row in rows]
