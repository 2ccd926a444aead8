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
from typing import IO, NamedTuple
from urllib.parse import quote

from fmflash.errors import FmflashError, Problem

_SQLITE_HEADER = b"SQLite format 3\x00"
# In a .colpkg, the newest format first: a current export also holds a placeholder anki2.
_MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
_HEADER_BYTES = 100  # a SQLite database's header
_CHUNK = 1 << 20
# Without a page count in its header, a collection may unpack to this many times its
# package's size, and always to this much: SQLite's empty pages compress very well.
_RATIO_LIMIT = 100
_LEAST_LIMIT = 64_000_000


class AnkiReview(NamedTuple):
    """One row of Anki's review log (table ``revlog``) of a note's card, as stored.

    ``revlog_id`` is the time of the review in milliseconds since 1970 (UTC), and Anki's own id
    for it; ``ease`` is the button (1 Again ... 4 Easy; 0 for rows without a grade);
    ``kind`` is Anki's row type (0 learning, 1 review, 2 relearning, 3 filtered deck,
    4 manual, 5 rescheduled); ``taken_ms`` the time the answer took. SQLite keeps whatever a
    row was given (2.5, 'abc', a year 2058 id): the values are checked where they are read.
    """

    revlog_id: object
    note_guid: str
    template: object  # the card's ``ord``: which card of its note
    ease: object
    kind: object
    taken_ms: object


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
    """Read a closed collection (``.anki2``) or an exported ``.colpkg``; never write to it.

    A profile folder is searched for its ``collection.anki2``; a deck package (``.apkg``) is
    refused, with what to give instead.
    """
    if os.path.isdir(path):
        inside = os.path.join(path, "collection.anki2")
        if not os.path.isfile(inside):
            raise cannot_import(
                path,
                "it is a folder without collection.anki2; give your Anki profile folder "
                "(~/.local/share/Anki2/User 1 on Linux) or the collection.anki2 in it",
            )
        path = inside
    if not os.path.isfile(path):
        raise cannot_import(path, "file not found")
    if path.lower().endswith(".apkg"):
        raise cannot_import(
            path,
            "it is a deck package (.apkg), which holds cards, not your reviews; give "
            "collection.anki2 from your Anki profile folder, or a .colpkg exported with "
            "File > Export (Anki Collection Package)",
        )
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
                    with zstandard.ZstdDecompressor().stream_reader(source) as unpacked:
                        _unpack(unpacked, target, path=path, member=member)
                except zstandard.ZstdError as error:
                    raise _not_a_collection(path, f"{member} is damaged: {error}") from None
            else:
                _unpack(source, target, path=path, member=member)


def _unpack(source: IO[bytes], target: IO[bytes], *, path: str, member: str) -> None:
    """Unpack a collection, stopping as soon as it passes what a collection can be.

    A zip or Zstandard bomb (a few KB that unpack to gigabytes) is stopped within a chunk:
    the database's own header says how large it is (its page size times its page count);
    without a usable count, 100 times the package's size (at least 64 MB) is the most a
    database is allowed; and never more than the temporary folder has free.
    """
    first = _read_at_least(source, _HEADER_BYTES)
    if not first.startswith(_SQLITE_HEADER):
        raise _not_a_collection(path, f"{member} is not a SQLite database")
    declared = _declared_size(first)
    limit = declared or max(_LEAST_LIMIT, _RATIO_LIMIT * os.path.getsize(path))
    folder = os.path.dirname(os.path.abspath(target.name))
    free = shutil.disk_usage(folder).free
    written = 0
    chunk = first
    while chunk:
        written += len(chunk)
        if written > min(limit, free):
            if written > limit:
                raise _not_a_collection(
                    path,
                    f"{member} unpacks to more than {_megabytes(limit)}, more than a "
                    "collection of its size can hold: a damaged or hostile package",
                )
            raise cannot_import(
                path,
                f"it unpacks to more than the {_megabytes(free)} free in the temporary folder "
                f"{os.path.dirname(folder)}; free some space there, or "
                "set TMPDIR to a folder with more",
            )
        target.write(chunk)
        chunk = source.read(_CHUNK)


def _read_at_least(source: IO[bytes], size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = source.read(size - len(data))
        if not more:
            break
        data += more
    return data


def _declared_size(header: bytes) -> int | None:
    """Return the size a SQLite header gives its database, or None if it gives none usable.

    Bytes 16-17 are the page size (1 means 65,536), 28-31 the page count, valid when the
    change counter (24-27) equals the version-valid-for number (92-95), as SQLite says.
    """
    if len(header) < _HEADER_BYTES or header[24:28] != header[92:96]:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return page_size * pages if page_size >= 512 and pages else None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 1_000_000 else f"{size:,} bytes"


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
