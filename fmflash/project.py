"""The I/O shell for decks: reads the card file and notes, writes the package and its record."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fmflash.cards import Deck
from fmflash.errors import FmflashError
from fmflash.loader import build_deck, parse_card_file
from fmflash.notes import Notes, parse_notes
from fmflash.notetypes import note_types_hash
from fmflash.record import Changes, Record, parse_record, render_record, update_record
from fmflash.render import render_deck

DEFAULT_CARDS = "cards.yaml"
DEFAULT_PACKAGE = "deck/understanding-foundation-models.apkg"


def read_text(path: str) -> str:
    """Read a UTF-8 text file, turning the usual failures into located user errors."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FmflashError.at(path, "file not found") from None
    except IsADirectoryError:
        raise FmflashError.at(path, "is a folder, not a file") from None
    except UnicodeDecodeError as error:
        raise FmflashError.at(path, f"is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise FmflashError.at(path, f"cannot be read: {error.strerror}") from None


def load_deck(cards_path: str) -> Deck:
    """Read and validate the card file and the notes it names."""
    card_file = parse_card_file(read_text(cards_path), path=cards_path)
    notes: Notes | None = None
    if card_file.notes_path is not None:
        notes_path = os.path.normpath(
            os.path.join(os.path.dirname(cards_path), card_file.notes_path)
        )
        if os.path.isfile(notes_path):
            notes = parse_notes(read_text(notes_path), path=notes_path)
    return build_deck(card_file, notes)


def record_path(package_path: str) -> str:
    """Return where the build record of a package lives: beside it, ``NAME.record.json``."""
    root, _ = os.path.splitext(package_path)
    return root + ".record.json"


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a reader sees the old file or the new, never half."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=folder, prefix=".fmflash-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(scratch, 0o644)
        os.replace(scratch, path)
    except BaseException:
        os.unlink(scratch)
        raise


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the deck, the changes against the record, and whether it wrote."""

    deck: Deck
    package_path: str
    changes: Changes
    written: bool
    stale: bool


def build(cards_path: str, package_path: str, *, now: int, check_only: bool = False) -> BuildResult:
    """Validate, then write the package and record if anything differs (unless check_only)."""
    # Imported here so that commands which do not build never load genanki.
    from fmflash.anki_package import build_package

    deck = load_deck(cards_path)
    record_file = record_path(package_path)
    previous = (
        parse_record(read_text(record_file), path=record_file)
        if os.path.exists(record_file)
        else Record()
    )
    contents = render_deck(deck)
    record, changes = update_record(
        previous, contents, deck_name=deck.name, note_types_hash=note_types_hash(), now=now
    )
    description = f"Built by fmflash from {os.path.basename(deck.notes.path)}."
    package = build_package(deck.name, contents, record, description=description)
    record_text = render_record(record).encode()
    current = Path(package_path).read_bytes() if os.path.exists(package_path) else None
    current_record = Path(record_file).read_bytes() if os.path.exists(record_file) else None
    stale = current != package or current_record != record_text
    if stale and not check_only:
        # The package first: a record left behind by a crash still rebuilds the right notes.
        write_atomically(package_path, package)
        write_atomically(record_file, record_text)
    return BuildResult(deck, package_path, changes, stale and not check_only, stale)
