"""Reading an Anki collection's review history, never writing it (I/O).

This is the second module that imports sqlite3; the first, ``review/log/store.py``, owns fmflash's
own database (its schema, migrations, transactions and durability). This one only reads a file
that belongs to Anki, with Anki's schema and Anki's locking, so it is kept apart: nothing here
can write, and nothing in the store can open a foreign file.

A collection is read from a private copy: the file the learner names is opened only to copy it,
so it stays byte for byte as it was (SQLite would otherwise leave ``-wal`` and ``-shm`` files
beside it). Anki keeps a ``-wal`` file beside a collection while it has it open, holding an
exclusive lock: then the original is probed (read-only) and a lock is reported as "close Anki".

Formats: ``collection.anki2`` (a SQLite file, from the profile folder) and ``.colpkg`` exports,
legacy (a zip holding ``collection.anki21`` or ``collection.anki2``) and current (a zip holding
``collection.anki21b``, compressed with Zstandard; its ``collection.anki2`` is a placeholder).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from fmflash.errors import FmflashError, Problem

_SQLITE_HEADER = b"SQLite format 3\x00"
# In a .colpkg, the newest format first: a current export also holds a placeholder anki2.
_MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


class AnkiReview(NamedTuple):
    """One row of Anki's review log (table ``revlog``) of a note's card.

    ``revlog_id`` is the time of the review in milliseconds since 1970 (UTC), and Anki's own id
    for it; ``ease`` is the button (1 Again ... 4 Easy; 0 for rows without a grade);
    ``kind`` is Anki's row type (0 learning, 1 review, 2 relearning, 3 filtered deck,
    4 manual, 5 rescheduled); ``taken_ms`` the time the answer took.
    """

    revlog_id: int
    note_guid: str
    template: int  # the card's ``ord``: which card of its note
    ease: int
    kind: int
    taken_ms: int


class AnkiHistory(NamedTuple):
    """What fmflash reads of a collection: its notes' GUIDs and every review of their cards."""

    guids: frozenset[str]
    reviews: tuple[AnkiReview, ...]


def cannot_import(path: str, message: str) -> FmflashError:
    """Make the error for a file that cannot be imported: one line naming it."""
    return FmflashError([Problem(path, message, verb="cannot import")])


def _not_a_collection(path: str, why: str) -> FmflashError:
    return cannot_import(
        path,
        f"it is not an Anki collection ({why}); give collection.anki2 from your Anki profile "
        "folder, or a .colpkg exported with File > Export",
    )


def read_anki_history(path: str) -> AnkiHistory:
    """Read a closed collection (``.anki2``) or an exported ``.colpkg``; never write to it."""
    if not os.path.isfile(path):
        what = "it is a folder, not a file" if os.path.isdir(path) else "file not found"
        raise cannot_import(path, what)
    with tempfile.TemporaryDirectory(prefix="fmflash-anki-") as folder:
        copy = os.path.join(folder, "collection.anki2")
        try:
            _private_copy(path, copy)
        except (zipfile.BadZipFile, EOFError) as error:
            raise _not_a_collection(path, f"a damaged zip: {error}") from None
        except OSError as error:
            raise cannot_import(path, error.strerror or str(error)) from None
        return _read_copy(path, copy)


def _private_copy(path: str, copy: str) -> None:
    """Copy the collection's database out of PATH (a SQLite file, or a .colpkg zip)."""
    with open(path, "rb") as stream:
        header = stream.read(len(_SQLITE_HEADER))
    if header == _SQLITE_HEADER:
        if os.path.exists(path + "-wal"):
            _refuse_if_open(path)
            shutil.copyfile(path + "-wal", copy + "-wal")  # a closed one left by a crash
        shutil.copyfile(path, copy)
        return
    if not zipfile.is_zipfile(path):
        raise _not_a_collection(path, "neither a SQLite file nor a .colpkg")
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        member = next((name for name in _MEMBERS if name in names), None)
        if member is None:
            raise _not_a_collection(path, "a zip without collection.anki21b or .anki2")
        with package.open(member) as source, open(copy, "wb") as target:
            if member.endswith("b"):
                import zstandard  # only current .colpkg exports need it

                try:
                    zstandard.ZstdDecompressor().copy_stream(source, target)
                except zstandard.ZstdError as error:
                    raise _not_a_collection(path, f"{member} is damaged: {error}") from None
            else:
                shutil.copyfileobj(source, target)


def _refuse_if_open(path: str) -> None:
    """Probe the original read-only: Anki holds an exclusive lock while it has it open."""
    try:
        probe = sqlite3.connect(f"file:{_uri_path(path)}?mode=ro", uri=True, timeout=0)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.Error as error:
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        if code in _BUSY:
            raise cannot_import(
                path, "it is open in Anki (the collection is locked); close Anki and try again"
            ) from None
        raise _not_a_collection(path, str(error)) from None


def _uri_path(path: str) -> str:
    from urllib.parse import quote

    return quote(os.path.abspath(path))


def _read_copy(path: str, copy: str) -> AnkiHistory:
    try:
        with _connection(copy) as db:
            guids = frozenset(guid for (guid,) in db.execute("SELECT guid FROM notes"))
            rows = db.execute(
                "SELECT revlog.id, notes.guid, cards.ord, revlog.ease, revlog.type, revlog.time "
                "FROM revlog JOIN cards ON cards.id = revlog.cid "
                "JOIN notes ON notes.id = cards.nid ORDER BY revlog.id"
            ).fetchall()
    except sqlite3.Error as error:
        raise _not_a_collection(path, str(error)) from None
    return AnkiHistory(guids, tuple(AnkiReview(*row) for row in rows))


@contextmanager
def _connection(copy: str) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(copy)
    try:
        yield db
    finally:
        db.close()
