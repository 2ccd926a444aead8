"""Loading a deck, the first step of every command: the card file (through the cache), its notes.

A valid card file is parsed chunk by chunk, and each chunk's cards are kept in the cache, so a
rebuild parses only the edited cards; a card file whose size, time and inode are those the
cache saw is not even read. Reading keeps three parts of the cache, each valid for one text of
the card file (the key is its hash):

- ``chunks``: each chunk's first line and cards (as rows), by the chunk's key;
- ``deck``: the deck's name, its notes path and its chunks in order (key, first line, cards),
  a root card file's chapters and package, and the formulas the file declares;
- ``review``: each card's summary and, each on its own, its encoded card, for the reviewer.

A computed entry may name a formula another card file of the project declares: the ``deck``
and ``review`` parts keep the digest of those declarations (``DeclaredElsewhere``) they were
made with, and are used only while it is the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

from fmflash.cards.cache import Part, read_part, signature_of, text_hash, trusted, write_part
from fmflash.cards.containment import card_file_path
from fmflash.cards.model import Card, CardSummary, Deck, StoredCards, card_summary
from fmflash.cards.notes import Notes, parse_notes, uncovered_sections
from fmflash.cards.rows import card_row, dump_card, load_card, row_card
from fmflash.errors import FmflashError
from fmflash.files.reading import read_text
from fmflash.formulas.declarations import NOWHERE, DeclaredElsewhere

# The chunks in file order: each one's key, first line and number of cards.
Layout = tuple[tuple[str, int, int], ...]
# A root card file's chapters (path as written, line, column) and package (see ``Deck``).
Chapters = tuple[tuple[str, int, int], ...]
Package = tuple[str, int, int] | None
# The formulas a card file declares: each as JSON, with its line and column (see ``Deck``).
Formulas = tuple[tuple[str, int, int], ...]
DeckPart = Part[tuple[str, str, Layout, Chapters, Package, Formulas, str]]


class ChunkCache(Mapping[str, tuple[int, tuple["Card", ...]]]):
    """The cached chunks, by key: each chunk's first line and cards, decoded when asked for.

    ``raw`` keeps the rows as stored, so that saving the chunks again re-encodes only the new
    ones. A chunk whose rows cannot be decoded is not there.
    """

    def __init__(self, raw: dict[str, tuple[int, tuple[tuple[Any, ...], ...]]]) -> None:
        self.raw = raw

    def __getitem__(self, key: str) -> tuple[int, tuple[Card, ...]]:
        try:
            first_line, rows = self.raw[key]
            return first_line, tuple(map(row_card, rows))
        except Exception:  # any doubt is a miss: the chunk is parsed again
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


def read_notes(cards_path: str, notes_path: str | None, root_path: str) -> Notes | None:
    """Read the notes a card file names (relative to its folder), or None if they are absent.

    A path leading out of the project (the folder of ``root_path``) is a located error, raised
    before anything is read from it.
    """
    if not notes_path:
        return None
    path, refused = card_file_path(root_path, cards_path, notes_path)
    if refused is not None:
        raise FmflashError.at(cards_path, f"notes {refused}", *_notes_position(cards_path))
    return parse_notes(read_text(path), path=path) if os.path.exists(path) else None


def _notes_position(cards_path: str) -> tuple[int, int] | tuple[()]:
    """Return the line and column of a card file's notes path (read again: only for errors)."""
    from fmflash.cards.parse_cards import parse_card_file
    from fmflash.cards.parse_yaml import position

    node = parse_card_file(read_text(cards_path), path=cards_path).notes_node
    return position(node) if node is not None else ()


def _titles(notes: Notes) -> set[str]:
    return {section.title for section in notes.sections}


def _deck_layout(value: Any) -> tuple[str, str, Layout, Chapters, Package, Formulas, str]:
    deck_name, notes_path, layout, chapters, package, formulas, elsewhere = value
    return deck_name, notes_path, layout, _chapters(chapters), _package(package), \
        _chapters(formulas), str(elsewhere)  # fmt: skip


def _chapters(value: Any) -> Chapters:
    return tuple((str(path), int(line), int(column)) for path, line, column in value)


def _package(value: Any) -> Package:
    return (str(value[0]), int(value[1]), int(value[2])) if value else None


def _from_cache(cards_path: str, stored: DeckPart, root_path: str) -> Deck | None:
    """Return the deck the cache holds for the text ``stored`` was made of, if still whole.

    Its cards come from the chunks part; its notes must still have every section it names.
    """
    deck_name, notes_path, layout, chapters, package, formulas, elsewhere = stored.value

    def assemble(raw: dict[str, Any]) -> tuple[tuple[Card, ...], tuple[str, ...]]:
        cards: list[Card] = []
        sources: list[str] = []
        for key, first_line, count in layout:
            cached_line, rows = raw[key]
            if len(rows) != count:
                raise ValueError(key)
            shift = first_line - cached_line
            for row in rows:
                card = row_card(row)
                cards.append(card._replace(line=card.line + shift) if shift else card)
            sources += [key] * count
        return tuple(cards), tuple(sources)

    chunks = read_part(cards_path, "chunks", assemble)
    if chunks is None or chunks.key != stored.key:
        return None
    cards, sources = chunks.value
    notes = read_notes(cards_path, notes_path, root_path)
    sections = {card.section for card in cards}
    if notes is None or not sections <= _titles(notes):
        return None
    warnings = uncovered_sections(notes, sections)
    deck = Deck(deck_name, notes, cards, warnings, sources, chapters, package, formulas)
    if not formulas and not elsewhere:
        return deck
    # The formulas (registry, expression parser) load only for a project that declares some.
    from fmflash.cards.practice import state_rules

    return state_rules(deck)


def declared_in(cards_path: str) -> tuple[Chapters, Formulas, frozenset[str]]:
    """Return the chapters a card file lists, the formulas it declares and those it breaks.

    They come from the cache while the card file is the text the cache saw; otherwise its
    header is parsed (its problems are reported when it is loaded).
    """
    stored = read_part(cards_path, "deck", _deck_layout)
    signature = signature_of(cards_path)
    if stored is not None and signature is not None and stored.signature == signature:
        return stored.value[3], stored.value[5], frozenset()
    text = read_text(cards_path)
    if stored is not None and stored.key == text_hash(text):
        return stored.value[3], stored.value[5], frozenset()
    if "formulas" not in text and "chapters" not in text:  # the common chapter: no YAML
        return (), (), frozenset()
    from fmflash.cards.parse_cards import declared_formulas
    from fmflash.cards.parse_chunks import parse_header

    header = parse_header(text, path=cards_path)
    return tuple(header.chapters), declared_formulas(header), frozenset(header.broken_formulas)


def load_deck(
    cards_path: str,
    *,
    use_cache: bool = True,
    root_path: str | None = None,
    elsewhere: DeclaredElsewhere = NOWHERE,
) -> Deck:
    """Read and validate the card file and the notes it names.

    Valid card files are parsed chunk by chunk with a cache, so only edited cards are parsed
    again; anything else is parsed whole, which gives the exact located messages. A card file
    whose size, time and inode are those the cache saw is not even read. The notes stay inside
    the project: the folder of ``root_path``, the root card file (this one if not given).
    ``elsewhere`` holds the formulas the project's other card files declare.
    """
    root_path = root_path or cards_path
    signature = signature_of(cards_path)
    stored = read_part(cards_path, "deck", _deck_layout) if use_cache else None
    if stored is not None and stored.value[6] != elsewhere.digest():
        stored = None  # made with other formulas: its computed cards may differ
    if stored is not None and signature is not None and stored.signature == signature:
        deck = _from_cache(cards_path, stored, root_path)
        if deck is not None:
            return deck
    text = read_text(cards_path)
    digest = text_hash(text)
    if stored is not None and stored.key == digest:  # touched, not changed
        deck = _from_cache(cards_path, stored, root_path)
        if deck is not None:
            if signature is not None and trusted(signature) != stored.signature:
                write_part(cards_path, "deck", stored.value, key=digest,
                           signature=trusted(signature))  # fmt: skip
            return deck
    # The YAML parser and the validators are loaded only when the card file has changed.
    from fmflash.cards.parse_cards import build_deck, parse_card_file
    from fmflash.cards.parse_chunks import parse_chunked

    cached_chunks = read_part(cards_path, "chunks", ChunkCache) if use_cache else None
    chunk_cache = cached_chunks.value if cached_chunks is not None else ChunkCache({})
    parsed = parse_chunked(text, path=cards_path, cache=chunk_cache, elsewhere=elsewhere)
    if parsed is None:  # a whole parse checks everything, with exact located messages
        card_file = parse_card_file(text, path=cards_path, elsewhere=elsewhere)
        return build_deck(card_file, read_notes(cards_path, card_file.notes_path, root_path))
    card_file, chunks, sources = parsed
    notes = read_notes(cards_path, card_file.notes_path, root_path)
    if notes is None or not {card.section for card in card_file.cards} <= _titles(notes):
        # A problem only the whole parse can locate exactly.
        return build_deck(parse_card_file(text, path=cards_path, elsewhere=elsewhere), notes)
    deck = build_deck(card_file, notes, sources=sources)
    if use_cache and signature is not None:
        kept = trusted(signature)
        old = chunk_cache.raw
        encoded = {
            key: old[key] if key in old else (line, tuple(map(card_row, cards)))
            for key, (line, cards) in chunks.items()
        }
        write_part(cards_path, "chunks", encoded, key=digest, signature=kept)
        layout = tuple((key, line, len(cards)) for key, (line, cards) in chunks.items())
        value = (deck.name, card_file.notes_path or "", layout, deck.chapters, deck.package,
                 deck.formulas, elsewhere.digest())  # fmt: skip
        write_part(cards_path, "deck", value, key=digest, signature=kept)
    return deck


ReviewIndex = tuple[
    str, str, tuple[CardSummary, ...], tuple[bytes, ...], Chapters, Package, str
]  # fmt: skip


def _review_index(value: Any) -> ReviewIndex:
    deck_name, notes_path, rows, bodies, chapters, package, elsewhere = value
    if len(rows) != len(bodies):
        raise ValueError("a summary without its card")
    summaries = tuple(map(CardSummary._make, rows))
    return deck_name, notes_path, summaries, bodies, _chapters(chapters), _package(package), \
        str(elsewhere)  # fmt: skip


def load_review_deck(
    cards_path: str, *, root_path: str | None = None, elsewhere: DeclaredElsewhere = NOWHERE
) -> Deck:
    """Load a deck for review: its cards' summaries, each card decoded when asked for.

    It comes from the review index when the card file is unchanged (and so are the formulas
    of ``elsewhere``); otherwise the deck is loaded (and checked) as ``load_deck`` does, and
    the index is made. The deck has no warnings, sources or formulas: a review needs none.
    """
    root_path = root_path or cards_path
    signature = signature_of(cards_path)
    stored = read_part(cards_path, "review", _review_index)
    if stored is not None and stored.value[6] != elsewhere.digest():
        stored = None  # made with other formulas: its computed cards may differ
    # Unchanged, or touched (changed recently, or the same text again): the text decides.
    if (
        stored is not None
        and signature is not None
        and (stored.signature == signature or stored.key == text_hash(read_text(cards_path)))
    ):
        deck_name, notes_path, summaries, bodies, chapters, package, _ = stored.value
        notes = read_notes(cards_path, notes_path, root_path)
        if notes is not None and {summary.section for summary in summaries} <= _titles(notes):
            if trusted(signature) != stored.signature:
                rows = tuple(map(tuple, summaries))
                value = (deck_name, notes_path, rows, bodies, chapters, package,
                         elsewhere.digest())  # fmt: skip
                write_part(cards_path, "review", value, key=stored.key,
                           signature=trusted(signature))  # fmt: skip
            cards = StoredCards(summaries, bodies, load_card)
            return Deck(deck_name, notes, cards, chapters=chapters, package=package)
    deck = load_deck(cards_path, root_path=root_path, elsewhere=elsewhere)
    summaries = tuple(map(card_summary, deck.cards))
    bodies = tuple(dump_card(card) for card in deck.cards)
    cached = read_part(cards_path, "deck", _deck_layout)
    if signature is not None and cached is not None:
        digest = text_hash(read_text(cards_path))
        # The deck cache is of this text and these formulas: so is the index.
        if cached.key == digest and cached.value[6] == elsewhere.digest():
            notes_path = cached.value[1]
            rows = tuple(map(tuple, summaries))
            value = (deck.name, notes_path, rows, bodies, deck.chapters, deck.package,
                     elsewhere.digest())  # fmt: skip
            write_part(cards_path, "review", value, key=digest, signature=trusted(signature))
    cards = StoredCards(summaries, bodies, load_card)
    return Deck(deck.name, deck.notes, cards, chapters=deck.chapters, package=deck.package)
