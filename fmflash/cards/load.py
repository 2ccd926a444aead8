"""Loading a deck, the first step of every command: the card file (through the cache), its notes."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from fmflash.cards.cache import (
    CachedFile,
    ChunkCache,
    dump_card,
    load_cache,
    load_card,
    load_chunks,
    read_part,
    save_cache,
    signature_of,
    text_hash,
    trusted,
    write_part,
)
from fmflash.cards.model import Deck
from fmflash.cards.notes import Notes, parse_notes, uncovered_sections
from fmflash.files import beside, read_text

if TYPE_CHECKING:
    from fmflash.cards.model import Card
    from fmflash.cards.parse_chunks import Cache
    from fmflash.cards.parse_state import CardFile

# The YAML parser and the validators are loaded only when the card file has changed.


def _parse(
    text: str, cards_path: str, chunk_cache: Cache
) -> tuple[CardFile, Cache | None, tuple[str, ...]]:
    """Parse a changed card file, reusing cached chunks; also return the chunks to cache.

    A whole parse (no chunks) checks everything; a parse from chunks has not yet checked the
    cards' sections against the notes. The third value is each card's chunk.
    """
    from fmflash.cards.parse_cards import parse_card_file
    from fmflash.cards.parse_chunks import parse_chunked

    fast = parse_chunked(text, path=cards_path, cache=chunk_cache)
    if fast is None:
        return parse_card_file(text, path=cards_path), None, ()
    return fast


def _read_notes(cards_path: str, notes_path: str | None) -> Notes | None:
    """Read the notes a card file names (relative to its folder), or None if they are absent."""
    if notes_path is None:
        return None
    path = beside(cards_path, notes_path)
    return parse_notes(read_text(path), path=path) if os.path.isfile(path) else None


def _from_cache(cards_path: str, cached: CachedFile) -> Deck | None:
    """Return the cached deck if its notes still have every section it names."""
    notes = _read_notes(cards_path, cached.notes_path)
    sections = {card.section for card in cached.cards}
    if notes is None or not sections <= {section.title for section in notes.sections}:
        return None
    warnings = uncovered_sections(notes, sections)
    return Deck(cached.deck_name, notes, cached.cards, warnings, cached.sources)


def load_deck(cards_path: str, *, use_cache: bool = True) -> Deck:
    """Read and validate the card file and the notes it names.

    Valid card files are parsed chunk by chunk with a cache, so only edited cards are parsed
    again; anything else is parsed whole, which gives the exact located messages. A card file
    whose size, time and inode are those the cache saw is not even read.
    """
    signature = signature_of(cards_path)
    stored = read_part(cards_path, "deck") if use_cache else None
    if stored is not None and signature is not None and stored.signature == signature:
        deck = _from_cache(cards_path, load_cache(cards_path, stored))
        if deck is not None:
            return deck
    text = read_text(cards_path)
    digest = text_hash(text)
    if stored is not None and stored.text_hash == digest:  # touched, not changed
        cached = load_cache(cards_path, stored)
        deck = _from_cache(cards_path, cached)
        if deck is not None:
            if signature is not None and trusted(signature) != cached.signature:
                save_cache(cards_path, cached._replace(signature=trusted(signature)))
            return deck
    from fmflash.cards.parse_cards import build_deck, parse_card_file

    chunk_cache = load_chunks(cards_path) if use_cache else ChunkCache({})
    card_file, chunks, sources = _parse(text, cards_path, chunk_cache)
    notes = _read_notes(cards_path, card_file.notes_path)
    if chunks is not None:  # from chunks or the cache: sections not checked yet
        headings = {section.title for section in notes.sections} if notes else set()
        if notes is None or any(card.section not in headings for card in card_file.cards):
            # A problem only the whole parse can locate exactly.
            card_file, chunks = parse_card_file(text, path=cards_path), None
    deck = build_deck(card_file, notes)
    if chunks is None:
        return deck
    deck = deck._replace(sources=sources)
    if use_cache and signature is not None:
        notes_path = card_file.notes_path or ""
        layout = tuple((key, line, len(cards)) for key, (line, cards) in chunks.items())
        cached = CachedFile(
            digest, deck.name, notes_path, deck.cards, trusted(signature), sources, layout
        )
        save_cache(cards_path, cached, chunks, reuse=chunk_cache)
    return deck


class CardEntry(NamedTuple):
    """What choosing and planning a review need of a card: no text, so thousands load fast."""

    id: str
    section: str
    reverse: bool
    gaps: tuple[int, ...]
    tags: tuple[str, ...]


class ReviewDeck(NamedTuple):
    """A deck as the reviewer loads it: every card's entry, and its text only when asked for.

    A review shows a few dozen cards of a deck that may hold thousands: each card is kept
    pickled on its own, and unpickled when the session reaches it.
    """

    name: str
    notes: Notes
    entries: tuple[CardEntry, ...]
    bodies: tuple[bytes, ...]

    def card(self, position: int) -> Card:
        """Return the whole card at a position of the deck."""
        card: Card = load_card(self.bodies[position])
        return card

    def notes_order(self) -> list[int]:
        """Return the cards' positions ordered by their section's place in the notes."""
        return self.notes.order_of([entry.section for entry in self.entries])


def load_review_deck(cards_path: str) -> ReviewDeck:
    """Load a deck for review: from its review index when the card file is unchanged.

    Otherwise the deck is loaded (and checked) as ``load_deck`` does, and the index is made.
    """
    signature = signature_of(cards_path)
    stored = read_part(cards_path, "review")
    if stored is not None and signature is not None:
        current = stored.signature == signature
        if not current:  # changed recently, or touched: the text decides
            current = stored.text_hash == text_hash(read_text(cards_path))
        if current:
            deck_name, notes_path, rows, bodies = stored.payload()
            notes = _read_notes(cards_path, notes_path)
            sections = {row[1] for row in rows}
            if notes is not None and sections <= {section.title for section in notes.sections}:
                if trusted(signature) != stored.signature:
                    payload = (deck_name, notes_path, rows, bodies)
                    digest = stored.text_hash
                    write_part(cards_path, "review", payload, signature=trusted(signature),
                               digest=digest)  # fmt: skip
                new = tuple.__new__  # a named tuple's own constructor is three times slower
                entries = tuple(new(CardEntry, row) for row in rows)
                return ReviewDeck(deck_name, notes, entries, bodies)
    deck = load_deck(cards_path)
    from fmflash.cards.model import BasicCard, ClozeCard, card_tags

    entries = tuple(
        CardEntry(
            card.id,
            card.section,
            isinstance(card, BasicCard) and card.reverse,
            card.gaps if isinstance(card, ClozeCard) else (),
            card_tags(card),
        )
        for card in deck.cards
    )
    bodies = tuple(dump_card(card) for card in deck.cards)
    cached = read_part(cards_path, "deck")
    if signature is not None and cached is not None:
        digest = text_hash(read_text(cards_path))
        if cached.text_hash == digest:  # the deck cache is of this text: so is the index
            _, notes_path, _ = cached.payload()  # the layout only: no card is decoded
            rows = tuple(tuple(entry) for entry in entries)
            payload = (deck.name, notes_path, rows, bodies)
            write_part(cards_path, "review", payload, signature=trusted(signature), digest=digest)
    return ReviewDeck(deck.name, deck.notes, entries, bodies)
