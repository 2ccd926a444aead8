"""Reading a deck: the card file (through the parse cache) and the notes it names."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from fmflash.cards.model import Deck
from fmflash.cards.notes import Notes, parse_notes, uncovered_sections
from fmflash.cards.parse_cache import CachedFile, load_cache, save_cache, text_hash
from fmflash.files import beside, read_text

if TYPE_CHECKING:
    from fmflash.cards.cardfile import CardFile

# The YAML parser and the validators are loaded only when the card file has changed.


def _parse(text: str, cards_path: str, cached: CachedFile) -> tuple[CardFile, CachedFile | None]:
    """Parse a changed card file, reusing cached chunks; also return what to cache next.

    A whole parse (the second value None) checks everything; a parse from chunks has not yet
    checked the cards' sections against the notes.
    """
    from fmflash.cards.chunks import parse_chunked
    from fmflash.cards.loader import parse_card_file

    digest = text_hash(text)
    fast = parse_chunked(text, path=cards_path, cache=cached.chunks)
    if fast is None:
        return parse_card_file(text, path=cards_path), None
    card_file, chunks = fast
    whole = CachedFile(
        digest, card_file.deck_name or "", card_file.notes_path or "", tuple(card_file.cards)
    )
    return card_file, replace(whole, chunks=chunks)


def _read_notes(cards_path: str, notes_path: str | None) -> Notes | None:
    """Read the notes a card file names (relative to its folder), or None if they are absent."""
    if notes_path is None:
        return None
    path = beside(cards_path, notes_path)
    return parse_notes(read_text(path), path=path) if os.path.isfile(path) else None


def load_deck(cards_path: str, *, use_cache: bool = True) -> Deck:
    """Read and validate the card file and the notes it names.

    Valid card files are parsed chunk by chunk with a cache, so only edited cards are parsed
    again; anything else is parsed whole, which gives the exact located messages.
    """
    text = read_text(cards_path)
    cached = load_cache(cards_path) if use_cache else CachedFile()
    if cached.text_hash == text_hash(text):
        # Unchanged since it was last found valid: only the notes need a look.
        notes = _read_notes(cards_path, cached.notes_path)
        sections = {card.section for card in cached.cards}
        if notes is not None and sections <= {section.title for section in notes.sections}:
            warnings = uncovered_sections(notes, sections)
            return Deck(cached.deck_name, notes, cached.cards, warnings)
    from fmflash.cards.loader import build_deck, parse_card_file

    card_file, to_cache = _parse(text, cards_path, cached)
    notes = _read_notes(cards_path, card_file.notes_path)
    if to_cache is not None:  # from chunks or the cache: sections not checked yet
        headings = {section.title for section in notes.sections} if notes else set()
        if notes is None or any(card.section not in headings for card in card_file.cards):
            # A problem only the whole parse can locate exactly.
            card_file, to_cache = parse_card_file(text, path=cards_path), None
    deck = build_deck(card_file, notes)
    if use_cache and to_cache is not None:
        save_cache(cards_path, to_cache)
    return deck
