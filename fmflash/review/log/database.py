"""Opening fmflash's review database: ownership, pragmas, schema migrations and SQLite's errors.

A file that is not an fmflash database, or is damaged, is reported and never written to. The
store (``store.py``) reads and writes the log through the connection opened here.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import ParamSpec, TypeVar
from urllib.parse import quote

from fmflash.errors import FmflashError, Problem
from fmflash.files.atomic import make_new, scratch_name
from fmflash.files.reasons import file_error

# PRAGMA application_id marks the file as fmflash's: "fmfl" in ASCII.
APPLICATION_ID = 0x666D666C
MIGRATIONS = ("001_initial.sql", "002_review_day.sql", "003_review_log.sql", "004_review_keys.sql",
              "005_review_counts.sql", "006_fsrs_parameters.sql",
              "007_suspend_cram.sql")  # fmt: skip
SCHEMA_VERSION = len(MIGRATIONS)


def _statements(script: str) -> Iterator[str]:
    """Split a SQL script into statements (executescript would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""


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
    stale = _read_only_beside(path) if code == 8 else None  # SQLITE_READONLY
    if stale is not None:
        return FmflashError([Problem(path, stale, verb="cannot write")])
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


def _read_only_beside(path: str) -> str | None:
    """Say which of SQLite's files beside a writable database is read-only, and what to do.

    A session on a read-only database leaves a read-only ``-shm`` (its shared index of the
    log); once the database is writable again, SQLite still cannot write through it.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        return None  # the database itself is read-only: SQLite's own words say so
    shared, log = path + "-shm", path + "-wal"
    if os.path.exists(log) and not os.access(log, os.W_OK):
        return (
            f"its write-ahead log {log} is read-only; make it writable (it may hold reviews: "
            "do not delete it) and try again"
        )
    if os.path.exists(shared) and not os.access(shared, os.W_OK):
        return (
            f"its shared-memory file {shared} is read-only, left by an earlier session; "
            "delete it (it holds no review, only an index SQLite rebuilds) and try again"
        )
    return None


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """Run a block as one write transaction, rolled back if it fails."""
    # IMMEDIATE takes the write lock up front: a second session waits instead of racing.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def connect(path: str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open (creating if absent) the database at ``path``; refuse foreign or damaged files.

    ``read_only`` opens an existing database for reading only, so that a read-only file or
    folder can still be read; one that needs a schema upgrade is opened for writing.
    """
    if read_only:
        connection = _connect_for_reading(path)
        if connection is not None:
            return connection
    try:
        if not os.path.exists(path):
            _create(path)
        fresh = os.path.getsize(path) == 0
        connection = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    except OSError as error:
        raise file_error("cannot write", path, error) from None
    except sqlite3.Error as error:
        raise database_error(path, error, opening=True) from None
    try:
        _prepare(connection, path, fresh=fresh)
    except sqlite3.Error as error:
        connection.close()
        raise database_error(path, error, opening=True) from None
    except FmflashError:
        connection.close()
        raise
    return connection


def _create(path: str) -> None:
    """Make a new database whole beside ``path``, then link it into place.

    Sessions that start together on a new file never see one half made: each makes its own,
    the first link wins, and the others open the winner's (the same schema, still empty).
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    scratch = scratch_name(path, ".sqlite3")  # named first: a Ctrl-C at any moment leaves no file
    try:
        os.close(make_new(scratch))
        db = sqlite3.connect(scratch, isolation_level=None)
        try:
            _prepare(db, path, fresh=True)
        finally:
            db.close()  # the last connection: its WAL is checkpointed into the file
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass  # another session made it first
        except OSError:  # a file system without hard links: a rename, unless one is there
            if not os.path.exists(path):
                os.replace(scratch, path)
    finally:
        for leftover in (scratch, scratch + "-wal", scratch + "-shm"):
            with suppress(FileNotFoundError):
                os.remove(leftover)


def _connect_for_reading(path: str) -> sqlite3.Connection | None:
    """Open a current database read-only; None if it needs writing first (an upgrade)."""
    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    # A WAL database needs its -shm file; where none can be made (a read-only folder),
    # nobody can be writing it, and SQLite may read it as immutable.
    for options in ("", "&immutable=1"):
        connection = None
        try:
            connection = sqlite3.connect(uri + options, uri=True, isolation_level=None)
            _check_owner(connection, path, fresh=False)
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
            return connection
        connection.close()
        return None
    return None


def _check_owner(db: sqlite3.Connection, path: str, *, fresh: bool) -> None:
    """Refuse a database that is not fmflash's."""
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    has_tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if application_id != APPLICATION_ID and (has_tables or not fresh):
        raise FmflashError.at(
            path,
            "is not an fmflash review database; fmflash leaves it untouched. "
            "Choose another file with --db or FMFLASH_DB",
        )


def _prepare(db: sqlite3.Connection, path: str, *, fresh: bool) -> None:
    _check_owner(db, path, fresh=fresh)
    # No full integrity check here: it reads the whole file (80 ms for 100,000 reviews)
    # before every session. SQLite checks each page it reads, and every method of the store
    # turns a damaged page into a user error inside a transaction that writes nothing.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    _migrate(db, path)


def _migrate(db: sqlite3.Connection, path: str) -> None:
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return  # the common case: no write lock needed just to open
    with transaction(db):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise FmflashError.at(
                path,
                f"was written by a newer fmflash (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade fmflash",
            )
        for number, name in enumerate(MIGRATIONS[version:], start=version + 1):
            from importlib import resources  # only when a migration runs

            schema = resources.files("fmflash.review.log").joinpath("schema", name)
            script = schema.read_text("utf-8")
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
        if version == 0:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


P = ParamSpec("P")
T = TypeVar("T")


def guarded(method: Callable[P, T]) -> Callable[P, T]:
    """Turn SQLite's errors in a store's method (a full disk, ...) into a user error at its path."""

    @functools.wraps(method)
    def guarded_method(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise database_error(str(getattr(args[0], "path", "")), error) from None

    return guarded_method


def has_unclaimed(db: sqlite3.Connection) -> bool:
    """Tell whether reviews logged by bare item ids (schema 3 and older) await a claim."""
    return db.execute("SELECT 1 FROM unclaimed LIMIT 1").fetchone() is not None


def claim(db: sqlite3.Connection, keys: Mapping[str, str]) -> int:
    """Move reviews logged by bare item ids (schema 3 and older) to their keys; count the items.

    ``keys`` maps a project's item ids (``id``, ``id/reverse``) to their keys. Each bare id goes
    to the first project that claims it. Run inside the caller's transaction.
    """
    moved = 0
    unclaimed = {row[0] for row in db.execute("SELECT item_id FROM unclaimed")}
    for item_id in sorted(unclaimed & set(keys)):
        db.execute(
            "UPDATE review_log SET card_key = ? WHERE card_key = ?", (keys[item_id], item_id)
        )
        db.execute("DELETE FROM unclaimed WHERE item_id = ?", (item_id,))
        moved += 1
    if moved:  # the log was rewritten: every derived schedule is derived again
        db.execute("DELETE FROM schedule_cache")
        db.execute("DELETE FROM log_state")
    return moved
