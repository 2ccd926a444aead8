"""The I/O shell for builds: the package, its record, stale and removed cards."""

from __future__ import annotations

import os
from collections.abc import Sequence
from itertools import groupby
from typing import Any, NamedTuple

from fmflash.apkg.notetypes import NoteKind, note_schema_hash, note_types_hash
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
from fmflash.apkg.render import NoteContent, note_guid, render_card, render_deck
from fmflash.cards.cache import read_part, write_part
from fmflash.cards.load import load_deck
from fmflash.cards.model import Deck
from fmflash.cards.rows import from_row
from fmflash.errors import FmflashError, Problem
from fmflash.files import read_bytes, read_text, write_atomically


def record_path(package_path: str) -> str:
    """Return where the build record of a package lives: beside it, ``NAME.record.json``."""
    root, _ = os.path.splitext(package_path)
    return root + ".record.json"


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


class BuildResult(NamedTuple):
    """What a build did: the changes against the record, stale and removed cards, writing."""

    deck: Deck
    package_path: str
    changes: Changes
    stale_cards: tuple[StaleCard, ...]
    removed: tuple[str, ...]
    written: bool
    out_of_date: bool
    # No record of an earlier build: every note is new.
    first_build: bool = False


# The render cache's rows: each chunk's notes as (kind, fields, tags, content hash, GUID).
NoteRows = tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str], ...]


def _note_rows(value: Any) -> dict[str, NoteRows]:
    """Check the render cache's rows as read: every kind is a note type's."""
    kinds = {kind.value for kind in NoteKind}
    if not all(row[0] in kinds for rows in value.values() for row in rows):
        raise ValueError("an unknown note type")
    return dict(value)


def rendered_notes(cards_path: str, deck: Deck) -> tuple[NoteContent, ...]:
    """Render every card of a deck with its GUID, in file order; unchanged chunks from cache.

    What a chunk of the card file renders to depends only on its text, the deck name (in the
    GUID) and fmflash's code (the cache's stamp): rendering keeps its own part of the card
    file's cache (``notes``, valid for one deck name), so that a rebuild after an edit renders
    and hashes only the edited cards.
    """
    if not deck.sources:  # parsed whole: nothing to key a cache by
        return tuple(
            content._replace(guid=note_guid(deck.name, content.card_id))
            for content in map(render_card, deck.cards)
        )
    stored = read_part(cards_path, "notes", _note_rows)
    cached = stored.value if stored is not None and stored.key == deck.name else {}
    kinds = {kind.value: kind for kind in NoteKind}
    fresh: dict[str, NoteRows] = {}
    contents: list[NoteContent] = []
    start = 0
    for source, group in groupby(deck.sources):
        cards = deck.cards[start : start + len(list(group))]
        start += len(cards)
        rows = fresh.get(source) or cached.get(source)
        if rows is None or len(rows) != len(cards):
            made = (render_card(card) for card in cards)
            rows = tuple(
                (c.kind.value, c.fields, c.tags, c.content_hash, note_guid(deck.name, c.card_id))
                for c in made
            )
        fresh[source] = rows
        for card, (kind, fields, tags, digest, guid) in zip(cards, rows, strict=True):
            contents.append(
                from_row(NoteContent, (card.id, kinds[kind], fields, tags, digest, guid))
            )
    if fresh != cached:
        write_part(cards_path, "notes", fresh, key=deck.name)
    return tuple(contents)


def build(cards_path: str, package_path: str, *, now: int, check_only: bool = False) -> BuildResult:
    """Validate, then write the package and record if anything differs (unless check_only)."""
    # Imported here so that commands which do not build never load genanki.
    from fmflash.apkg.writer import build_package

    deck = load_deck(cards_path)
    previous = read_record(package_path)
    in_file_order = rendered_notes(cards_path, deck)
    contents = tuple(in_file_order[index] for index in deck.notes_order())
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
    current, current_record = read_bytes(package_path), read_bytes(record_file)
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
        first_build=not previous.cards and not previous.removed,
    )


class Inspection(NamedTuple):
    """What check shows beyond validity: stale cards and removed cards still in Anki."""

    deck: Deck
    stale_cards: tuple[StaleCard, ...]
    removed: tuple[str, ...]


def inspect(cards_path: str, package_path: str) -> Inspection:
    """Validate the cards and compare them with the last build's record; write nothing."""
    deck = load_deck(cards_path)
    record = read_record(package_path)
    stale = stale_cards(record, rendered_notes(cards_path, deck), section_texts(deck))
    return Inspection(deck, stale, tuple(sorted(record.removed)))


class Confirmation(NamedTuple):
    """What confirm did: the cards confirmed, and those named that were not stale."""

    confirmed: tuple[str, ...]
    not_stale: tuple[str, ...]


def _closest_ids(card_id: str, known: set[str]) -> str:
    import difflib  # only for a mistake

    close = difflib.get_close_matches(card_id, sorted(known), n=3)
    return f"; did you mean {', '.join(close)}?" if close else ""


def confirm(
    cards_path: str, package_path: str, card_ids: Sequence[str], *, all_in: str | None
) -> Confirmation:
    """Mark stale cards as still right for their section's current text; write the record."""
    deck = load_deck(cards_path)
    record = read_record(package_path)
    known = {card.id for card in deck.cards}
    problems = [
        Problem("confirm", f"no card has the id '{card_id}'{_closest_ids(card_id, known)}")
        for card_id in card_ids
        if card_id not in known
    ]
    if all_in is not None and deck.notes.find(all_in) is None:
        closest = ", ".join(f"'{title}'" for title in deck.notes.closest(all_in))
        problems.append(Problem("confirm", f"'{all_in}' is not a heading of "
                                f"{deck.notes.path}; closest: {closest}"))  # fmt: skip
    unbuilt = [card_id for card_id in card_ids if card_id in known and card_id not in record.cards]
    problems += [
        Problem("confirm", f"card '{card_id}' has not been built yet; run 'fmflash build' first")
        for card_id in unbuilt
    ]
    if problems:
        raise FmflashError(problems)
    sections = section_texts(deck)
    stale = [card.card_id for card in stale_cards(record, render_deck(deck), sections)]
    named = list(dict.fromkeys(card_ids))
    chosen = [card_id for card_id in named if card_id in stale]
    if all_in is not None:
        in_section = {card.id for card in deck.cards if card.section == all_in}
        chosen += [card_id for card_id in stale if card_id in in_section and card_id not in chosen]
    if chosen:
        updated = confirm_cards(record, chosen, sections)
        write_atomically(record_path(package_path), render_record(updated).encode())
    return Confirmation(tuple(chosen), tuple(card_id for card_id in named if card_id not in stale))


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
    if not forgotten:
        return ()
    updated = acknowledge_removed(record, forgotten)
    write_atomically(record_path(package_path), render_record(updated).encode())
    return forgotten
