"""Writing the Anki package (``.apkg``); the only module that imports genanki."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
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
    # genanki writes only to a file, and makes its collection with mkstemp() in the temp folder
    # without ever removing it (genanki 0.13): both go into a private folder, removed whatever
    # happens, or every build would leave a copy of the collection behind.
    try:
        scratch_folder = tempfile.mkdtemp(prefix=SCRATCH_PREFIX)
    except OSError as error:
        raise file_error("cannot write", os.path.join(tempfile.gettempdir(), "*"), error) from None
    scratch = os.path.join(scratch_folder, "package.apkg")
    system_temp = tempfile.tempdir
    tempfile.tempdir = scratch_folder
    try:
        genanki.Package(package_decks).write_to_file(scratch, timestamp=record.package_time())
        return _normalise_zip(scratch), {key: note.note_id for key, note in notes.items()}
    except OSError as error:
        raise file_error("cannot write", scratch, error) from None
    except Exception as error:
        # genanki builds its collection with sqlite3 in the temporary folder: a full or
        # failing disk there is SQLite's error, which says so by its code.
        code = getattr(error, "sqlite_errorcode", None)
        if code is None:
            raise
        cause = errno.ENOSPC if code & 0xFF == _SQLITE_FULL else errno.EIO
        temporary = os.path.dirname(scratch_folder)  # named: the scratch folder is gone
        raise file_error("cannot write", temporary, OSError(cause, os.strerror(cause))) from None
    finally:
        tempfile.tempdir = system_temp
        shutil.rmtree(scratch_folder, ignore_errors=True)


def _normalise_zip(path: str) -> bytes:
    """Re-pack genanki's zip with fixed member times and order, compressed.

    Each member is copied in blocks: read whole, the collection of 50,000 notes (22 MB) would
    be added to the build's peak memory.
    """
    out = io.BytesIO()
    # Level 1: several times faster than the default, and most of the size saving.
    repacked = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    with zipfile.ZipFile(path) as source, repacked as target:
        for name in source.namelist():
            # A member opened by name has ZipInfo's own time, 1980-01-01: fixed.
            with source.open(name) as member, target.open(name, "w") as copy:
                shutil.copyfileobj(member, copy, _BLOCK)
            # Kept in the central directory, which is written when the zip is closed.
            target.getinfo(name).external_attr = 0o644 << 16
    return out.getvalue()
