"""The I/O shell for decks: reads the card file and notes, writes the package and its record."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from fmflash.cardfile import CardFile
from fmflash.cards import Deck
from fmflash.chunks import parse_chunked
from fmflash.defaults import DEFAULT_CARDS, DEFAULT_PACKAGE
from fmflash.errors import FmflashError, Problem
from fmflash.loader import build_deck, parse_card_file
from fmflash.notes import Notes, parse_notes
from fmflash.notetypes import note_schema_hash, note_types_hash
from fmflash.parse_cache import CachedFile, load_cache, save_cache, text_hash
from fmflash.record import (
    Changes,
    Record,
    SectionText,
    StaleCard,
    acknowledge_removed,
    confirm_cards,
    parse_record,
    render_record,
    stale_cards,
    update_record,
)
from fmflash.render import render_deck

__all__ = ["DEFAULT_CARDS", "DEFAULT_PACKAGE"]


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


def _parse(text: str, cards_path: str, *, use_cache: bool) -> tuple[CardFile, CachedFile | None]:
    """Parse the card file, from the cache where it can; also return what to cache next.

    A whole parse (the second value None and ``section_refs`` filled) checks everything; a
    parse from chunks or the cache has not yet checked the cards' sections.
    """
    cached = load_cache(cards_path) if use_cache else CachedFile()
    digest = text_hash(text)
    if cached.text_hash == digest:
        card_file = CardFile(cards_path, cached.deck_name, cached.notes_path)
        card_file.cards.extend(cached.cards)
        return card_file, CachedFile()
    fast = parse_chunked(text, path=cards_path, cache=cached.chunks)
    if fast is None:
        return parse_card_file(text, path=cards_path), None
    card_file, chunks = fast
    whole = CachedFile(
        digest, card_file.deck_name or "", card_file.notes_path or "", tuple(card_file.cards)
    )
    return card_file, replace(whole, chunks=chunks)


def load_deck(cards_path: str, *, use_cache: bool = True) -> Deck:
    """Read and validate the card file and the notes it names.

    Valid card files are parsed chunk by chunk with a cache, so only edited cards are parsed
    again; anything else is parsed whole, which gives the exact located messages.
    """
    text = read_text(cards_path)
    card_file, to_cache = _parse(text, cards_path, use_cache=use_cache)
    notes: Notes | None = None
    if card_file.notes_path is not None:
        notes_path = os.path.normpath(
            os.path.join(os.path.dirname(cards_path), card_file.notes_path)
        )
        if os.path.isfile(notes_path):
            notes = parse_notes(read_text(notes_path), path=notes_path)
    if to_cache is not None:  # from chunks or the cache: sections not checked yet
        headings = {section.title for section in notes.sections} if notes else set()
        if notes is None or any(card.section not in headings for card in card_file.cards):
            # A problem only the whole parse can locate exactly.
            card_file, to_cache = parse_card_file(text, path=cards_path), None
    deck = build_deck(card_file, notes)
    if use_cache and to_cache is not None and to_cache.text_hash:
        save_cache(cards_path, to_cache)
    return deck


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


def read_record(package_path: str) -> Record:
    """Read the build record beside a package (an empty record if there is none yet)."""
    path = record_path(package_path)
    return parse_record(read_text(path), path=path) if os.path.exists(path) else Record()


def section_texts(deck: Deck) -> dict[str, SectionText]:
    """Return each card's notes section as it is now, by card id."""
    texts = {}
    for card in deck.cards:
        section = deck.notes.find(card.section)
        assert section is not None  # the loader checked every card's section
        texts[card.id] = SectionText(section.title, section.fingerprint, section.text)
    return texts


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the changes against the record, stale and removed cards, writing."""

    deck: Deck
    package_path: str
    changes: Changes
    stale_cards: tuple[StaleCard, ...]
    removed: tuple[str, ...]
    written: bool
    out_of_date: bool


def build(cards_path: str, package_path: str, *, now: int, check_only: bool = False) -> BuildResult:
    """Validate, then write the package and record if anything differs (unless check_only)."""
    # Imported here so that commands which do not build never load genanki.
    from fmflash.anki_package import build_package

    deck = load_deck(cards_path)
    previous = read_record(package_path)
    contents = render_deck(deck)
    sections = section_texts(deck)
    record, changes = update_record(
        previous,
        contents,
        deck_name=deck.name,
        note_types_hash=note_types_hash(),
        note_schema=note_schema_hash(),
        sections=sections,
        now=now,
    )
    description = f"Built by fmflash from {os.path.basename(deck.notes.path)}."
    package = build_package(deck.name, contents, record, description=description)
    record_text = render_record(record).encode()
    record_file = record_path(package_path)
    current = Path(package_path).read_bytes() if os.path.exists(package_path) else None
    current_record = Path(record_file).read_bytes() if os.path.exists(record_file) else None
    out_of_date = current != package or current_record != record_text
    if out_of_date and not check_only:
        # The package first: a record left behind by a crash still rebuilds the right notes.
        write_atomically(package_path, package)
        write_atomically(record_file, record_text)
    return BuildResult(
        deck,
        package_path,
        changes,
        stale_cards(record, contents, sections),
        tuple(sorted(record.removed)),
        out_of_date and not check_only,
        out_of_date,
    )


@dataclass(frozen=True, slots=True)
class Inspection:
    """What check shows beyond validity: stale cards and removed cards still in Anki."""

    deck: Deck
    stale_cards: tuple[StaleCard, ...]
    removed: tuple[str, ...]


def inspect(cards_path: str, package_path: str) -> Inspection:
    """Validate the cards and compare them with the last build's record; write nothing."""
    deck = load_deck(cards_path)
    record = read_record(package_path)
    stale = stale_cards(record, render_deck(deck), section_texts(deck))
    return Inspection(deck, stale, tuple(sorted(record.removed)))


def confirm(
    cards_path: str, package_path: str, card_ids: Sequence[str], *, all_in: str | None
) -> tuple[str, ...]:
    """Mark cards as still right for their section's current text; return the ids confirmed."""
    deck = load_deck(cards_path)
    record = read_record(package_path)
    known = {card.id for card in deck.cards}
    problems = [
        Problem("confirm", f"no card has the id '{card_id}'") for card_id in card_ids
        if card_id not in known
    ]  # fmt: skip
    chosen = list(card_ids)
    if all_in is not None:
        if deck.notes.find(all_in) is None:
            closest = ", ".join(f"'{title}'" for title in deck.notes.closest(all_in))
            problems.append(Problem("confirm", f"'{all_in}' is not a heading of "
                                    f"{deck.notes.path}; closest: {closest}"))  # fmt: skip
        chosen += [card.id for card in deck.cards if card.section == all_in]
    unbuilt = [card_id for card_id in chosen if card_id in known and card_id not in record.cards]
    problems += [
        Problem("confirm", f"card '{card_id}' has not been built yet; run 'fmflash build' first")
        for card_id in unbuilt
    ]
    if problems:
        raise FmflashError(problems)
    updated = confirm_cards(record, chosen, section_texts(deck))
    write_atomically(record_path(package_path), render_record(updated).encode())
    return tuple(dict.fromkeys(chosen))


def acknowledge(package_path: str, card_ids: Sequence[str]) -> tuple[str, ...]:
    """Forget removed cards (all of them if no ids are given); return those forgotten."""
    record = read_record(package_path)
    unknown = [card_id for card_id in card_ids if card_id not in record.removed]
    if unknown:
        raise FmflashError(
            Problem(record_path(package_path), f"'{card_id}' is not among the removed cards")
            for card_id in unknown
        )
    forgotten = tuple(card_ids) or tuple(sorted(record.removed))
    updated = acknowledge_removed(record, forgotten)
    write_atomically(record_path(package_path), render_record(updated).encode())
    return forgotten
