"""What Anki still has to be told (pure): renamed decks, moved cards, removed notes.

Anki's importer never moves an existing note's cards to another deck, never renames a deck and
never deletes a note; it matches decks by name. So after a rename or a move, the learner moves
the cards themselves. Every step here finds notes by their note id (``nid:``), never by a deck
name, and works whether the learner imports the package first or does the steps first:
Change Deck makes the deck if it is missing (an import later fills that same deck), and a
deck left behind by a rename is deleted only once it is empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from fmflash.apkg.reports import removed_search
from fmflash.cards.record_format import Record
from fmflash.text import count_phrase


class Move(NamedTuple):
    """Cards to move into one deck: the Anki search that finds their notes, and the deck."""

    search: str
    deck: str
    card_ids: tuple[str, ...]


class Pending(NamedTuple):
    """Everything Anki still has to be told, in the order to do it."""

    moves: tuple[Move, ...] = ()
    # Decks a rename left behind: (old name, the chapter's deck now).
    renames: tuple[tuple[str, str], ...] = ()
    # Removed cards this learner may still have in Anki.
    removed: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        """Tell whether anything is pending."""
        return bool(self.moves or self.renames or self.removed)


def note_search(card_ids: Iterable[str], record: Record) -> str:
    """Return the Anki search for these cards' notes: by note id, else by the Id field."""
    notes = {card_id: record.cards[card_id].note_id for card_id in card_ids}
    by_id = ",".join(str(note) for note in sorted(set(notes.values())) if note)
    older = " OR ".join(f'"Id:{card_id}"' for card_id, note in sorted(notes.items()) if not note)
    parts = ([f"nid:{by_id}"] if by_id else []) + ([f"note:fmflash* ({older})"] if older else [])
    return " OR ".join(parts)


def pending_of(
    record: Record, *, renamed: Mapping[str, str], moved: Iterable[str], removed: Iterable[str]
) -> Pending:
    """Work out what is pending from what this machine remembers and the record as it is now.

    ``renamed`` maps an old deck name to its chapter (its key in the record), ``moved`` names
    cards that may sit in another deck in Anki; a renamed chapter's cards are all moved. Cards
    since removed, renames undone and chapters gone are left out.
    """
    decks = {"": record.deck_name, **record.chapters}
    renames = tuple(sorted(
        (old, decks[chapter]) for old, chapter in renamed.items()
        if chapter in decks and decks[chapter] != old
    ))  # fmt: skip
    renamed_chapters = {chapter for old, chapter in renamed.items() if chapter in decks}
    cards = {card_id for card_id in moved if card_id in record.cards}
    cards |= {card_id for card_id, recorded in record.cards.items()
              if recorded.chapter in renamed_chapters}  # fmt: skip
    by_deck: dict[str, list[str]] = {}
    for card_id in sorted(cards):
        by_deck.setdefault(decks[record.cards[card_id].chapter], []).append(card_id)
    moves = tuple(
        Move(note_search(ids, record), deck, tuple(ids)) for deck, ids in sorted(by_deck.items())
    )
    return Pending(moves, renames, tuple(sorted(removed)))


def pending_report(pending: Pending, record: Record) -> list[str]:
    """Say what Anki still has to be told, step by step, each with its search."""
    if not pending.any:
        return []
    lines = ["Anki still has to be told (before or after you import the package, in this order):"]
    step = 0
    if pending.moves:
        step += 1
        cards = count_phrase(sum(len(move.card_ids) for move in pending.moves), "card")
        lines.append(
            f"{step}. Move {cards} to their chapter's deck: in Anki's browser, search, select "
            "all, then Change Deck to the deck named (type it if Anki lacks it):"
        )
        for move in pending.moves:
            lines += [f"  {move.search}", f"    to '{move.deck}'"]
    if pending.renames:
        step += 1
        lines.append(
            f"{step}. Delete the decks renamed since, once empty (Decks screen, gear, Delete; "
            "never one that still holds cards):"
        )
        lines += [f"  '{old}' (now '{new}')" for old, new in pending.renames]
    if pending.removed:
        step += 1
        exact, wide = removed_search(pending.removed, record)
        lines.append(
            f"{step}. Delete the removed {count_phrase(len(pending.removed), 'note')} "
            f"({', '.join(pending.removed)}): search, select all, Delete:"
        )
        lines += [f"  {search}" for search in (exact, wide) if search]
    lines.append("Then run: fmflash pending --acknowledge")
    return lines


def pending_json(pending: Pending, record: Record) -> dict[str, object]:
    """Return the pending steps as JSON: renames, moves and removed notes, each with its search."""
    removed = []
    for card_id in pending.removed:
        exact, wide = removed_search([card_id], record)
        removed.append({"search": exact or wide, "id": card_id})
    return {
        "renames": [{"from": old, "to": new} for old, new in pending.renames],
        "moves": [
            {"search": move.search, "deck": move.deck, "ids": list(move.card_ids)}
            for move in pending.moves
        ],
        "removed": removed,
    }
