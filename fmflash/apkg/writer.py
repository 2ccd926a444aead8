"""Writing the Anki package (``.apkg``); the only module that imports genanki."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from typing import Any

import genanki

from fmflash.apkg.notetypes import DECK_ID, NOTE_TYPES, NoteKind, NoteType
from fmflash.apkg.record import Record
from fmflash.apkg.render import NoteContent, note_guid
from fmflash.files import SCRATCH_PREFIX, file_error

# Zip entries get this fixed time so the package depends only on its contents.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _TimedNote(genanki.Note):  # type: ignore[misc]
    """A genanki note stamped with its own modification time instead of the package's."""

    def __init__(self, *, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)

    def _check_invalid_html_tags_in_fields(self) -> None:
        """Skip genanki's tag check: fmflash escapes every field it writes (render.to_html)."""


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


def build_package(
    deck_name: str, contents: Sequence[NoteContent], record: Record, *, description: str = ""
) -> bytes:
    """Return the bytes of an .apkg holding ``contents``, each note timed by ``record``."""
    models = {kind: _model(note_type) for kind, note_type in NOTE_TYPES.items()}
    deck = genanki.Deck(DECK_ID, deck_name, description)
    for note_type in models.values():
        deck.add_model(note_type)
    for position, content in enumerate(contents):
        deck.add_note(
            _TimedNote(
                mod=record.cards[content.card_id].changed,
                model=models[content.kind],
                fields=list(content.fields),
                tags=list(content.tags),
                guid=content.guid or note_guid(deck_name, content.card_id),
                due=position,
            )
        )
    # genanki writes only to a file: a temporary one, removed whatever happens.
    try:
        handle, scratch = tempfile.mkstemp(prefix=SCRATCH_PREFIX, suffix=".apkg")
    except OSError as error:
        raise file_error("cannot write", os.path.join(tempfile.gettempdir(), "*"), error) from None
    os.close(handle)
    try:
        genanki.Package(deck).write_to_file(scratch, timestamp=record.package_time())
        return _normalise_zip(scratch)
    except OSError as error:
        raise file_error("cannot write", scratch, error) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(scratch)


def _normalise_zip(path: str) -> bytes:
    """Re-pack genanki's zip with fixed entry times and order, compressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # Level 1: several times faster than the default, and most of the size saving.
            target.writestr(info, source.read(name), compresslevel=1)
    return out.getvalue()
