"""Writing the Anki package (``.apkg``); the only module that imports genanki."""

from __future__ import annotations

import errno
import hashlib
import io
import itertools
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from typing import Any

import genanki

from fmflash.apkg.notetypes import DECK_ID, NoteKind, NoteType, package_note_types
from fmflash.apkg.render import NoteContent
from fmflash.cards.record_format import Record
from fmflash.files.atomic import SCRATCH_PREFIX
from fmflash.files.reasons import file_error

_SQLITE_FULL = 13  # SQLite's code for a full disk (database or disk is full)

# Zip members are copied in blocks of this size.
_BLOCK = 1 << 20


class _TimedNote(genanki.Note):  # type: ignore[misc]
    """A genanki note stamped with its own modification time instead of the package's.

    Its note id is the one the record fixed for it; a card built before note ids were fixed
    takes the next of genanki's sequence (skipping fixed ones), as it always did. Either way
    the note uses up one id of the sequence, so its cards' ids never depend on which it was.
    """

    def __init__(self, *, mod: int, note_id: int, fixed: set[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod
        self.note_id = note_id
        self.fixed = fixed

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        candidate = next(id_gen)
        if not self.note_id:
            while candidate in self.fixed:
                candidate = next(id_gen)
            self.note_id = candidate
        super().write_to_db(cursor, self.mod, deck_id, _FirstThen(self.note_id, id_gen))

    def _check_invalid_html_tags_in_fields(self) -> None:
        """Skip genanki's tag check: every field is HTML fmflash made, its raw HTML escaped.

        Card text is Markdown rendered with raw HTML shown as typed (cards/markdown.py);
        sections, ids and computed text are escaped (render.to_html, typeset_html).
        """


def _model(note_type: NoteType) -> genanki.Model:
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=note_type.css,
        model_type=(
            genanki.Model.CLOZE if note_type.kind is NoteKind.CLOZE else genanki.Model.FRONT_BACK
        ),
    )


class _FirstThen:
    """An id sequence that gives one fixed id, then continues genanki's own."""

    def __init__(self, first: int, rest: Any) -> None:
        self.first: int | None = first
        self.rest = rest

    def __next__(self) -> int:
        if self.first is None:
            return int(next(self.rest))
        first, self.first = self.first, None
        return first


def deck_id(deck_name: str, *, root: bool) -> int:
    """Return the package's id for a deck: the fixed one for the root chapter's deck.

    Anki matches an imported deck by its name, so the id matters only inside the package.
    """
    if root:
        return DECK_ID
    digest = hashlib.sha256(deck_name.encode()).digest()
    return DECK_ID + 1 + int.from_bytes(digest[:4], "big")


def build_package(
    decks: Sequence[tuple[str, Sequence[NoteContent]]],
    record: Record,
    *,
    description: str = "",
) -> tuple[bytes, dict[str, int]]:
    """Return an .apkg holding each deck's notes, timed by ``record``, and every note's id.

    The first deck is the root chapter's. Notes take the GUID and note id the record fixed.
    """
    kinds = (content.kind for _, contents in decks for content in contents)
    models = {note_type.kind: _model(note_type) for note_type in package_note_types(kinds)}
    fixed = {recorded.note_id for recorded in record.cards.values() if recorded.note_id}
    package_decks = []
    notes: dict[str, _TimedNote] = {}
    position = 0  # the order new cards are learned in, across the decks
    for number, (deck_name, contents) in enumerate(decks):
        deck = genanki.Deck(deck_id(deck_name, root=number == 0), deck_name, description)
        for note_type in models.values():
            deck.add_model(note_type)
        for content in contents:
            recorded = record.cards[content.card_id]
            note = _TimedNote(
                mod=recorded.changed,
                note_id=recorded.note_id,
                fixed=fixed,
                model=models[content.kind],
                fields=list(content.fields),
                tags=list(content.tags),
                guid=recorded.guid,
                due=position,
            )
            notes[content.card_id] = note
            deck.add_note(note)
            position += 1
        package_decks.append(deck)
    # The collection is a scratch file, zipped then removed, in a private folder removed
    # whatever happens. genanki's own write_to_file would make it with mkstemp() in the temp
    # folder, never remove it (genanki 0.13), and commit each table of its schema alone, each
    # commit a wait for the disk (56 of them): a scratch file needs no journal and no sync.
    try:
        scratch_folder = tempfile.mkdtemp(prefix=SCRATCH_PREFIX)
    except OSError as error:
        raise file_error("cannot write", os.path.join(tempfile.gettempdir(), "*"), error) from None
    collection = os.path.join(scratch_folder, "collection.anki2")
    try:
        _write_collection(collection, genanki.Package(package_decks), record.package_time())
        return _zip_package(collection), {key: note.note_id for key, note in notes.items()}
    except OSError as error:
        raise file_error("cannot write", collection, error) from None
    except sqlite3.Error as error:
        # A full or failing disk in the temporary folder is SQLite's error, which says so by
        # its code.
        code = getattr(error, "sqlite_errorcode", None)
        if code is None:
            raise
        cause = errno.ENOSPC if code & 0xFF == _SQLITE_FULL else errno.EIO
        temporary = os.path.dirname(scratch_folder)  # named: the scratch folder is gone
        raise file_error("cannot write", temporary, OSError(cause, os.strerror(cause))) from None
    finally:
        shutil.rmtree(scratch_folder, ignore_errors=True)


def _write_collection(path: str, package: genanki.Package, timestamp: int) -> None:
    """Write genanki's collection of a package to a new SQLite file, with no journal or sync."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        # As genanki's write_to_file: ids drawn from the package's time, in milliseconds.
        package.write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        connection.commit()
    finally:
        connection.close()


def _zip_package(collection: str) -> bytes:
    """Zip a collection as an .apkg: fixed member times and order, compressed, no media.

    The collection is copied in blocks: read whole, one of 50,000 notes (22 MB) would be added
    to the build's peak memory.
    """
    out = io.BytesIO()
    # Level 1: several times faster than the default, and most of the size saving.
    package = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    with package, open(collection, "rb") as source:
        # A member opened by name has ZipInfo's own time, 1980-01-01: fixed.
        with package.open("collection.anki2", "w") as copy:
            shutil.copyfileobj(source, copy, _BLOCK)
        with package.open("media", "w") as media:
            media.write(b"{}")  # no media files: Anki's map of them is empty
        for info in package.infolist():  # kept in the central directory, written at close
            info.external_attr = 0o644 << 16
    return out.getvalue()
