"""The review state in SQLite: the only module that imports sqlite3 for fmflash's own database.

The log of reviews is the truth; the store only stores. Each grade is one ``BEGIN IMMEDIATE``
transaction that appends the review and refreshes the card's derived schedule in a cache, and
commits with ``synchronous=FULL`` before the next card is shown: a killed process loses at most
the card on screen, and two sessions on one database never lose an update. A cached schedule
is used only while the card's log is what it was derived from (same count, same last id).
A file that is not an fmflash database, or is damaged, is reported and never written to.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from fmflash.errors import FmflashError, Problem
from fmflash.files import file_error
from fmflash.review.grades import Grade, grade_on
from fmflash.review.log_rows import COLUMNS, review_of_row, row_of_review
from fmflash.review.schedule import Review, Schedule, owed_redrills
from fmflash.review.schedule_cache import ScheduleCache
from fmflash.review.schedulers import Scheduler
from fmflash.review.session import Today

if TYPE_CHECKING:
    from fmflash.review.stats import DayCount, ScheduleCount

P = ParamSpec("P")
T = TypeVar("T")
G = TypeVar("G")

# PRAGMA application_id marks the file as fmflash's: "fmfl" in ASCII.
APPLICATION_ID = 0x666D666C
MIGRATIONS = ("001_initial.sql", "002_review_day.sql", "003_review_log.sql", "004_review_keys.sql",
              "005_review_counts.sql")  # fmt: skip
SCHEMA_VERSION = len(MIGRATIONS)


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
        self._cache = ScheduleCache(connection)
        self.path = path

    @classmethod
    def open(cls, path: str, *, read_only: bool = False) -> ReviewStore:
        """Open (creating if absent) the database at ``path``; refuse foreign or damaged files.

        ``read_only`` opens an existing database for reading only, so that a read-only file or
        folder can still be read; one that needs a schema upgrade is opened for writing.
        """
        if read_only:
            store = cls._open_for_reading(path)
            if store is not None:
                return store
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

    @classmethod
    def _open_for_reading(cls, path: str) -> ReviewStore | None:
        """Open a current database read-only; None if it needs writing first (an upgrade)."""
        from urllib.parse import quote

        uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
        # A WAL database needs its -shm file; where none can be made (a read-only folder),
        # nobody can be writing it, and SQLite may read it as immutable.
        for options in ("", "&immutable=1"):
            connection = None
            try:
                connection = sqlite3.connect(uri + options, uri=True, isolation_level=None)
                store = cls(connection, path)
                store._check_owner(fresh=False)
                version = connection.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as error:
                if connection is not None:
                    connection.close()
                code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
                if code in (8, 14) and not options:  # SQLITE_READONLY, SQLITE_CANTOPEN
                    continue
                raise database_error(path, error, opening=True) from None
            except FmflashError:
                if connection is not None:
                    connection.close()
                raise
            if version == SCHEMA_VERSION:
                return store
            connection.close()
            return None
        return None

    def _check_owner(self, *, fresh: bool) -> None:
        """Refuse a database that is not fmflash's."""
        db = self._db
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        has_tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if application_id != APPLICATION_ID and (has_tables or not fresh):
            raise FmflashError.at(
                self.path,
                "is not an fmflash review database; fmflash leaves it untouched. "
                "Choose another file with --db or FMFLASH_DB",
            )

    def _prepare(self, fresh: bool) -> None:
        db = self._db
        self._check_owner(fresh=fresh)
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
    def has_unclaimed(self) -> bool:
        """Tell whether reviews logged by bare item ids (schema 3 and older) await a claim."""
        return self._db.execute("SELECT 1 FROM unclaimed LIMIT 1").fetchone() is not None

    @_guarded
    def claim(self, keys: Mapping[str, str]) -> int:
        """Move reviews logged by bare item ids (schema 3 and older) to their keys, at once.

        ``keys`` maps a project's item ids (``id``, ``id/reverse``) to their keys. Each bare
        id goes to the first project that claims it; return how many items moved.
        """
        if not self.has_unclaimed():
            return 0  # the common case: nothing left to claim, no write lock
        moved = 0
        with self._transaction():
            unclaimed = {row[0] for row in self._db.execute("SELECT item_id FROM unclaimed")}
            for item_id in sorted(unclaimed & set(keys)):
                self._db.execute(
                    "UPDATE review_log SET card_key = ? WHERE card_key = ?",
                    (keys[item_id], item_id),
                )
                self._db.execute("DELETE FROM unclaimed WHERE item_id = ?", (item_id,))
                moved += 1
            if moved:  # the log was rewritten: every derived schedule is derived again
                self._db.execute("DELETE FROM schedule_cache")
                self._db.execute("DELETE FROM log_state")
        return moved

    @_guarded
    def due_dates(self, scheduler: Scheduler) -> dict[str, date]:
        """Return the day each graded card is next due under a scheduler, by card key."""
        dates = self._cache.due_dates(scheduler)
        if dates is not None:  # the common case: no schedule is decoded
            return dates
        return {key: s.due for key, s in self.schedules(scheduler).items() if s.due is not None}

    @_guarded
    def schedules_cached(self, scheduler: Scheduler) -> bool:
        """Tell whether every schedule under ``scheduler`` is cached for the log as it is."""
        return self._cache.whole_log_cached(scheduler)

    @_guarded
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

    @_guarded
    def today(self, day: date, keys: Container[str] | None = None) -> Today:
        """Count the day's new cards and reviews, and find cards still to re-drill.

        With ``keys``, only reviews of those items count (one project's).
        """
        rows = self._db.execute(
            "SELECT card_key, scale, grade, redrill, EXISTS (SELECT 1 FROM review_log AS earlier "
            "WHERE earlier.card_key = log.card_key AND earlier.day < log.day) "
            "FROM review_log AS log WHERE day = ? ORDER BY reviewed_at, id",
            (day.isoformat(),),
        ).fetchall()
        new_done = reviews_done = 0
        day_grades: list[tuple[str, Grade]] = []
        for card_key, scale, grade, redrill, seen_before in rows:
            if keys is not None and card_key not in keys:
                continue
            if not redrill:
                new_done += not seen_before
                reviews_done += bool(seen_before)
            day_grades.append((card_key, grade_on(scale, grade)))
        return Today(new_done, reviews_done, owed_redrills(day_grades))

    def _is_redrill(self, card_key: str, day: date) -> bool:
        """Tell whether a grade of a card on ``day`` is a re-drill (the rule: schedule.py)."""
        first = self._db.execute(
            "SELECT 1 FROM review_log WHERE card_key = ? AND day = ? AND redrill = 0 LIMIT 1",
            (card_key, day.isoformat()),
        ).fetchone()
        return first is not None

    @_guarded
    def record(
        self,
        card_key: str,
        grade: Grade,
        *,
        now: datetime,
        day: date,
        scheduler: Scheduler,
        duration_ms: int | None = None,
    ) -> tuple[int, Review]:
        """Log a grade given at ``now`` (aware, UTC) and commit; return its id and the review.

        The card's first grade of the learner's day moves its schedule; later ones are
        re-drills. The schedule under ``scheduler`` is derived again in the same transaction.
        """
        with self._transaction():
            whole_log_was_cached = self._cache.whole_log_cached(scheduler)
            review = Review(
                card_key, now, day, grade, scheduler.name.value, duration_ms,
                redrill=self._is_redrill(card_key, day),
            )  # fmt: skip
            cursor = self._db.execute(
                f"INSERT INTO review_log ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row_of_review(review),
            )
            review_id = cursor.lastrowid
            self._cache.refresh(scheduler, card_key, whole_log_was_cached=whole_log_was_cached)
        assert review_id is not None
        return review_id, review

    @_guarded
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

    @_guarded
    def review_count(self, card_id: str) -> int:
        """Count the logged reviews of a card (re-drills included): a practice card's draws."""
        row = self._db.execute("SELECT count(*) FROM review_log WHERE card_key = ?", (card_id,))
        return int(row.fetchone()[0])

    @_guarded
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
                    f"INSERT INTO review_log ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row_of_review(merged),
                )
                added += 1
                touched.add(review.card_key)
        return added, already, frozenset(touched)

    @_guarded
    def reviews_since(self, day: date) -> list[Review]:
        """Return the reviews logged for ``day`` or later, in the order they were logged."""
        rows = self._db.execute(
            f"SELECT {COLUMNS} FROM review_log WHERE day >= ? ORDER BY id", (day.isoformat(),)
        )
        return [review_of_row(row) for row in rows]

    @_guarded
    def day_counts(self, since: date, groups: Mapping[str, G]) -> dict[G, list[DayCount]]:
        """Count the reviews of the card keys in ``groups`` logged for ``since`` or later.

        ``groups`` maps each key to its group (a chapter, say): the counts come by group, by
        day, grade and re-drill, in that order, without reading each review whole.
        """
        from fmflash.review.log_counts import day_counts

        return day_counts(self._db, since, groups)

    @_guarded
    def schedule_counts(
        self, scheduler: Scheduler, keys: Container[str]
    ) -> list[ScheduleCount] | None:
        """Count the cached schedules of ``keys`` by due day and state; None if any is stale."""
        from fmflash.review.log_counts import schedule_counts

        if not self._cache.whole_log_cached(scheduler):
            return None
        return schedule_counts(self._db, scheduler.key, keys)

    @_guarded
    def reviews_by_card(self) -> dict[str, list[Review]]:
        """Return the whole log, each card's reviews in the order they were logged."""
        by_card: dict[str, list[Review]] = defaultdict(list)
        for row in self._db.execute(f"SELECT {COLUMNS} FROM review_log ORDER BY id"):
            by_card[row[0]].append(review_of_row(row))
        return dict(by_card)
