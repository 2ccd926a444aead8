"""Loading a deck, the first step of every command: the card file (through its cache), its notes.

One path for a build and a review: the card file is read and hashed; when its cache was made
from the same text (and the same formulas elsewhere), the deck comes from the cache; otherwise
the file is parsed entry by entry, the cached entries reused (only edited entries are parsed
again); and a file of an unusual shape, or with a mistake, is parsed whole, for the exact
located messages. The card file's cache is ``fmflash.cards.card_cache``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple

from fmflash.cards.card_cache import (
    CardFileCache,
    CardFileCaches,
    Chapters,
    Entries,
    Formulas,
    encode,
)
from fmflash.cards.containment import card_file_path
from fmflash.cards.model import Card, CardSummary, Deck, StoredCards, Tags, card_summary, card_tags
from fmflash.cards.notes import Notes, parse_notes, uncovered_sections
from fmflash.cards.rows import dump_card, load_card
from fmflash.errors import FmflashError
from fmflash.files.reading import read_text
from fmflash.formulas.declarations import NOWHERE, DeclaredElsewhere


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


class _Decoded(Mapping[str, tuple[int, tuple[Card, ...]]]):
    """The cached entries as chunked parsing reuses them: first line and cards, by key."""

    def __init__(self, cache: CardFileCache | None) -> None:
        self.summaries: tuple[CardSummary, ...] = ()
        self.tags: Tags = ()
        self.bodies: tuple[bytes, ...] = ()
        self.entries: dict[str, tuple[int, int, int]] = {}
        summaries = _summaries(cache)  # None unless whole: then no entry is reused
        if cache is not None and cache.entries is not None and summaries is not None:
            try:
                self.tags = cache.card_tags()
            except Exception:  # any doubt is a miss: every entry is parsed again
                return
            self.summaries, self.bodies = summaries, cache.bodies
            self.entries = cache.entries.by_key()

    def __getitem__(self, key: str) -> tuple[int, tuple[Card, ...]]:
        try:
            first_line, start, count = self.entries[key]
            return first_line, tuple(map(load_card, self.bodies[start : start + count]))
        except Exception:  # any doubt is a miss: the entry is parsed again
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def declared_in(
    cards_path: str, caches: CardFileCaches
) -> tuple[Chapters, Formulas, frozenset[str]]:
    """Return the chapters a card file lists, the formulas it declares and those it breaks.

    They come from the cache while it was made from the card file's text; otherwise its
    header is parsed (its problems are reported when it is loaded).
    """
    text, digest = caches.text(cards_path)
    stored = caches.read(cards_path)
    if stored is not None and stored.text_hash == digest:
        if stored.faults is None:
            return stored.chapters, stored.formulas, frozenset()
        if stored.faults.declared is not None:  # a card file with errors: as its header says
            chapters, formulas, broken = stored.faults.declared
            return chapters, formulas, frozenset(broken)
    return declared_by(text, cards_path)


def declared_by(text: str, cards_path: str) -> tuple[Chapters, Formulas, frozenset[str]]:
    """Return what a card file's text declares (``declared_in``), its header parsed."""
    if "formulas" not in text and "chapters" not in text:  # the common chapter: no YAML
        return (), (), frozenset()
    from fmflash.cards.parse_cards import declared_formulas
    from fmflash.cards.parse_chunks import parse_header

    header = parse_header(text, path=cards_path)
    return tuple(header.chapters), declared_formulas(header), frozenset(header.broken_formulas)


def _summaries(cache: CardFileCache | None) -> tuple[CardSummary, ...] | None:
    """Decode a cache's summaries; None if there is no cache or any doubt (a miss)."""
    try:
        return cache.card_summaries() if cache is not None else None
    except Exception:  # any doubt is a miss: the card file is parsed
        return None


class _Loaded(NamedTuple):
    """A card file loaded: its cache as it is now, its notes, its cards' summaries, its deck."""

    cache: CardFileCache | None  # None: parsed whole
    notes: Notes
    summaries: tuple[CardSummary, ...]
    deck: Deck | None  # None: its cards are in the cache alone


def _load(
    cards_path: str, root_path: str, elsewhere: DeclaredElsewhere, caches: CardFileCaches
) -> _Loaded:
    """Load a card file: from its cache when made from the same text, else by parsing."""
    text, digest = caches.text(cards_path)
    stored = caches.now(cards_path) or caches.read(cards_path)
    if (
        stored is not None
        and stored.faults is None  # a card file with errors is parsed, to raise them
        and (stored.text_hash, stored.elsewhere) == (digest, elsewhere.digest())
    ):
        found = _summaries(stored)
        notes = read_notes(cards_path, stored.notes_path, root_path)
        titles = {section.title for section in notes.sections} if notes is not None else set()
        if notes is not None and found is not None and {s.section for s in found} <= titles:
            caches.keep(cards_path, stored)
            return _Loaded(stored, notes, found, None)
    # The YAML parser and the validators are loaded only when the card file has changed.
    from fmflash.cards.parse_cards import build_deck, parse_card_file
    from fmflash.cards.parse_chunks import parse_chunked

    if stored is not None and stored.entries is None:  # read for its cards alone
        stored = caches.read(cards_path, entries=True)  # the unchanged entries are reused
    old = _Decoded(stored)
    parsed = parse_chunked(text, path=cards_path, cache=old, elsewhere=elsewhere)
    notes_path = parsed[0].notes_path if parsed is not None else None
    notes = read_notes(cards_path, notes_path, root_path) if parsed is not None else None
    if (
        parsed is None
        or notes is None
        or not {c.section for c in parsed[0].cards} <= {section.title for section in notes.sections}
    ):  # a whole parse checks everything, with exact located messages
        card_file = parse_card_file(text, path=cards_path, elsewhere=elsewhere)
        deck = build_deck(card_file, read_notes(cards_path, card_file.notes_path, root_path))
        caches.keep(cards_path, None)
        return _Loaded(None, deck.notes, deck.summaries(), deck)
    card_file, kept = parsed
    deck = build_deck(card_file, notes)
    summaries: list[CardSummary] = []
    tags: list[tuple[str, ...]] = []
    bodies: list[bytes] = []
    for key, (first_line, cards) in kept.items():
        was = old.entries.get(key)
        if was is None:
            summaries += map(card_summary, cards)
            tags += map(card_tags, cards)
        else:
            summaries += old.summaries[was[1] : was[1] + was[2]]
            tags += old.tags[was[1] : was[1] + was[2]]
        if was is None or was[0] != first_line:  # new, or moved: its cards' lines change
            bodies += map(dump_card, cards)
        else:
            bodies += old.bodies[was[1] : was[1] + was[2]]
    now = CardFileCache(digest, elsewhere.digest(), deck.name, card_file.notes_path or "",
                        deck.chapters, deck.package, deck.formulas, None,
                        encode(summaries), encode(tags), tuple(bodies),
                        Entries(tuple(kept), tuple(first_line for first_line, _ in kept.values()),
                                tuple(len(cards) for _, cards in kept.values()),
                                notes_kept(stored, kept)))  # fmt: skip
    caches.keep(cards_path, now)
    return _Loaded(now, notes, tuple(summaries), deck)


def notes_kept(stored: CardFileCache | None, keys: Iterable[str]) -> tuple[bytes, ...]:
    """Return each entry's notes as the stored cache has them, as they are (b"": none)."""
    entries = stored.entries if stored is not None else None
    kept = entries.notes_by_key() if entries is not None else {}
    return tuple(kept.get(key, b"") for key in keys) if kept else ()


def _states_rules(cache: CardFileCache) -> bool:
    """Tell whether a card's front may show its formula's rule: only if formulas are declared."""
    return bool(cache.formulas or cache.elsewhere)


def load_deck(
    cards_path: str,
    *,
    use_cache: bool = True,
    root_path: str | None = None,
    elsewhere: DeclaredElsewhere = NOWHERE,
    caches: CardFileCaches | None = None,
) -> Deck:
    """Read and validate the card file and the notes it names.

    Only edited entries are parsed again; anything unusual is parsed whole, which gives the
    exact located messages. The notes stay inside the project: the folder of ``root_path``,
    the root card file (this one if not given). ``elsewhere`` holds the formulas the
    project's other card files declare. ``caches`` are the command's (saved by it); without
    them, the card file's cache is saved here.
    """
    session = caches if caches is not None else CardFileCaches(enabled=use_cache)
    cache, notes, _, deck = _load(cards_path, root_path or cards_path, elsewhere, session)
    if caches is None:
        session.save()
    if deck is not None:
        return deck
    assert cache is not None  # from the cache alone
    cards = tuple(map(load_card, cache.bodies))
    warnings = uncovered_sections(notes, {card.section for card in cards})
    deck = Deck(cache.deck_name, notes, cards, warnings, cache.chapters, cache.package,
                cache.formulas)  # fmt: skip
    if not _states_rules(cache):
        return deck
    # The formulas (registry, expression parser) load only for a project that declares some.
    from fmflash.cards.practice import state_rules

    return state_rules(deck)


def load_review_deck(
    cards_path: str,
    *,
    root_path: str | None = None,
    elsewhere: DeclaredElsewhere = NOWHERE,
    caches: CardFileCaches | None = None,
) -> Deck:
    """Load a deck for review: its cards' summaries, each card decoded when asked for.

    It is loaded (and checked) as ``load_deck`` does. The deck has no warnings or formulas:
    a review needs none.
    """
    session = caches if caches is not None else CardFileCaches(entries=False)
    cache, notes, summaries, deck = _load(cards_path, root_path or cards_path, elsewhere, session)
    if caches is None:
        session.save()
    if cache is None:  # parsed whole
        assert deck is not None
        tags = deck.tags()
        stored = StoredCards(summaries, tuple(map(dump_card, deck.cards)), load_card, lambda: tags)
        return Deck(deck.name, notes, stored, chapters=deck.chapters, package=deck.package)
    return review_deck(cache, notes, summaries)


def review_deck(cache: CardFileCache, notes: Notes, summaries: tuple[CardSummary, ...]) -> Deck:
    """Make a deck for review of a card file's cache: each card decoded when asked for."""
    decode: Callable[[bytes], Card] = load_card
    if _states_rules(cache):
        from fmflash.cards.practice import state_rule  # the formulas, only when declared

        def decode(body: bytes) -> Card:
            return state_rule(load_card(body), notes)

    def stored_tags() -> Tags:
        try:
            return cache.card_tags()
        except Exception:  # any doubt is a miss: the cards' own tags
            return tuple(card_tags(card) for card in cards)

    cards = StoredCards(summaries, cache.bodies, decode, stored_tags)
    return Deck(cache.deck_name, notes, cards, chapters=cache.chapters, package=cache.package)
