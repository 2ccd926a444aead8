"""The I/O shell for builds: the package, its record, stale and removed cards."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from fmflash.apkg.notetypes import note_schema_hash, note_types_hash
from fmflash.apkg.record import (
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
from fmflash.apkg.render import render_deck
from fmflash.cards.deckfile import load_deck, read_text
from fmflash.cards.model import Deck
from fmflash.errors import FmflashError, Problem


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


def _read_bytes(path: str) -> bytes | None:
    """Return a file's bytes, or None if it does not exist."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        return None


def read_record(package_path: str) -> Record:
    """Read the build record beside a package (an empty record if there is none yet)."""
    path = record_path(package_path)
    return parse_record(read_text(path), path=path) if os.path.exists(path) else Record()


def section_texts(deck: Deck) -> dict[str, SectionText]:
    """Return each card's notes section as it is now, by card id."""
    by_title: dict[str, SectionText] = {}
    for section in reversed(deck.notes.sections):  # the first of equal headings wins
        by_title[section.title] = SectionText(section.title, section.fingerprint, section.text)
    return {card.id: by_title[card.section] for card in deck.cards}


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
    from fmflash.apkg.writer import build_package

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
    current, current_record = _read_bytes(package_path), _read_bytes(record_file)
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
