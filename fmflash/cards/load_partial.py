"""Loading a card file with errors for study: every card that loads, the others left out (I/O).

``fmflash review`` and ``stats`` go on despite errors (``fmflash check`` and ``build`` refuse
them). A card with a problem (a bad field, an unknown section, a bad cloze, a duplicate id) is
left out alone. A YAML syntax error leaves out the card (or header block) it is in: each item of
the ``cards:`` and ``computed:`` lists and each top-level block that cannot be read on its own
is blanked out, lines kept, and the rest is read. A file whose deck has no name or notes keeps
no card, but a root file's chapters and package are still read. The problems are exactly those
``load_deck`` raises, plus each syntax error's. What loads is kept in the card file's cache with
its faults (``card_cache.Faults``): a later start on the same text, notes, paths and formulas
elsewhere reads it there and parses nothing (a file nothing of which can be read, a tab in
it say, raises its errors from there).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from fmflash.cards.cache import text_hash
from fmflash.cards.card_cache import (
    CardFileCache,
    CardFileCaches,
    Chapters,
    Entries,
    Faults,
    Formulas,
    Package,
    encode,
)
from fmflash.cards.containment import card_file_path
from fmflash.cards.load import declared_by, load_review_deck, notes_kept, read_notes, review_deck
from fmflash.cards.model import Card, Deck, card_summary, card_tags
from fmflash.cards.notes import Notes, parse_notes
from fmflash.cards.rows import dump_card
from fmflash.errors import FmflashError, Problem
from fmflash.files.reading import read_text
from fmflash.formulas.declarations import NOWHERE, DeclaredElsewhere

if TYPE_CHECKING:
    from fmflash.cards.parse_state import CardFile


class PartialDeck(NamedTuple):
    """What of a card file loads: its deck (None: no card), its problems, what was left out."""

    deck: Deck | None
    problems: tuple[Problem, ...]
    # How many entries (cards, computed entries) were left out for their errors.
    left_out: int
    # A root file's chapters and package, read even when its deck is not.
    chapters: Chapters = ()
    package: Package = None
    # The deck's name, when it is known even though its deck is not.
    name: str | None = None


def load_what_loads(
    cards_path: str,
    *,
    root_path: str,
    elsewhere: DeclaredElsewhere = NOWHERE,
    caches: CardFileCaches | None = None,
) -> PartialDeck:
    """Load the cards of a card file that have no error; raise only if it cannot be read.

    A card file without errors is loaded for review (``load_review_deck``); one with errors
    from its cache when that was made from the same text, notes, paths and formulas
    elsewhere, else parsed. ``caches`` are the command's (saved by it); without them, the
    card file's cache is saved here.
    """
    session = caches if caches is not None else CardFileCaches(entries=False)
    try:
        found = _from_cache(cards_path, root_path, elsewhere, session)
        if found is not None:
            return found
        try:
            deck = load_review_deck(
                cards_path, root_path=root_path, elsewhere=elsewhere, caches=session
            )
        except FmflashError:
            return _parsed(cards_path, root_path, elsewhere, session)
        return PartialDeck(deck, (), 0, deck.chapters, deck.package)
    finally:
        if caches is None:
            session.save()


def _notes_as_found(
    cards_path: str, notes_path: str, root_path: str
) -> tuple[str, str, str | None]:
    """Return the notes file as found now: its path, its state and its text.

    The state is why the path is refused, why the file cannot be read, "absent", or the hash
    of its text.
    """
    if not notes_path:
        return "", "", None
    path, refused = card_file_path(root_path, cards_path, notes_path)
    if refused is not None:
        return path, f"refused: {refused}", None
    try:
        text = read_text(path) if os.path.exists(path) else None
    except FmflashError as error:
        return path, f"unreadable: {error}", None
    return path, text_hash(text) if text is not None else "absent", text


def _made_from(
    cards_path: str,
    root_path: str,
    notes: tuple[str, str, str | None],
    elsewhere: DeclaredElsewhere,
) -> tuple[str, ...]:
    """Return what the cards that load are made from besides the text and formulas elsewhere."""
    return (cards_path, root_path, *notes[:2], *sorted(elsewhere.broken))


def _from_cache(
    cards_path: str, root_path: str, elsewhere: DeclaredElsewhere, caches: CardFileCaches
) -> PartialDeck | None:
    """Return what loads of a card file with errors from its cache; None unless made from this.

    A card file nothing of which can be read raises its errors, as parsing it would.
    """
    _, digest = caches.text(cards_path)
    stored = caches.read(cards_path)
    if (
        stored is None
        or stored.faults is None
        or (stored.text_hash, stored.elsewhere) != (digest, elsewhere.digest())
    ):
        return None
    faults = stored.faults
    notes = _notes_as_found(cards_path, stored.notes_path, root_path)
    if faults.made_from != _made_from(cards_path, root_path, notes, elsewhere):
        return None
    found = PartialDeck(None, faults.problems, faults.left_out, stored.chapters, stored.package,
                        faults.name)  # fmt: skip
    if faults.studied:
        path, _, text = notes
        if text is None:
            return None
        try:
            summaries = stored.card_summaries()
            deck = review_deck(stored, parse_notes(text, path=path), summaries)
        except Exception:  # any doubt is a miss: the card file is parsed
            return None
        found = found._replace(deck=deck)
    caches.keep(cards_path, stored)
    if not faults.readable:
        raise FmflashError(faults.problems)
    return found


def _parsed(
    cards_path: str, root_path: str, elsewhere: DeclaredElsewhere, caches: CardFileCaches
) -> PartialDeck:
    """Parse a card file with errors for the cards that load; keep them in its cache."""
    from fmflash.cards.parse_cards import build_deck, declared_formulas, parse_card_file
    from fmflash.cards.parse_chunks import entries_of
    from fmflash.cards.parse_readable import readable_part

    text, digest = caches.text(cards_path)
    readable = text
    problems: list[Problem] = []
    blanked = 0
    try:
        card_file = parse_card_file(text, path=cards_path, elsewhere=elsewhere)
    except FmflashError as error:
        problems += error.problems
        readable, blanked = readable_part(text, cards_path)
        try:
            card_file = parse_card_file(readable, path=cards_path, elsewhere=elsewhere)
        except FmflashError:
            caches.keep(cards_path, _unreadable(cards_path, root_path, elsewhere, caches, problems))
            raise FmflashError(problems) from None
    # Found before the notes are read: an edit of them in between is seen by the next start.
    notes_found = _notes_as_found(cards_path, card_file.notes_path or "", root_path)
    notes: Notes | None = None
    try:
        notes = read_notes(cards_path, card_file.notes_path, root_path)
    except FmflashError as error:
        problems += error.problems
    chapters, package = tuple(card_file.chapters), card_file.package
    kept: list[Card] = list(card_file.cards)
    try:
        build_deck(card_file, notes)
    except FmflashError as error:
        problems += error.problems
        kept, left_out = _kept(readable, cards_path, card_file, notes, problems)
    else:
        left_out = 0
    found = PartialDeck(None, tuple(problems), blanked + left_out, chapters, package)
    if notes is None or card_file.deck_name is None:
        found = found._replace(name=card_file.deck_name)
    studied = notes is not None and card_file.deck_name is not None
    made_from = _made_from(cards_path, root_path, notes_found, elsewhere)
    faults = Faults(made_from, found.problems, found.left_out, studied, True, found.name,
                    _declared(text, cards_path))  # fmt: skip
    found_entries = entries_of(text, kept, card_file, elsewhere)
    if found_entries is None:  # a file of an unusual shape: parsed at each start
        caches.keep(cards_path, None)
        if notes is None or card_file.deck_name is None:
            return found
        return found._replace(deck=_deck(card_file, card_file.deck_name, notes, kept))
    keys, first_lines, counts = found_entries
    stored = caches.read(cards_path, entries=True)
    entries = Entries(keys, first_lines, counts, notes_kept(stored, keys))
    summaries = tuple(map(card_summary, kept))
    value = CardFileCache(digest, elsewhere.digest(), card_file.deck_name or "",
                          card_file.notes_path or "", chapters, package,
                          declared_formulas(card_file), faults, encode(summaries),
                          encode(map(card_tags, kept)), tuple(map(dump_card, kept)),
                          entries)  # fmt: skip
    caches.keep(cards_path, value)
    if notes is None or not faults.studied:
        return found
    return found._replace(deck=review_deck(value, notes, summaries))


def _unreadable(
    cards_path: str,
    root_path: str,
    elsewhere: DeclaredElsewhere,
    caches: CardFileCaches,
    problems: list[Problem],
) -> CardFileCache:
    """Return the cache of a card file nothing of which can be read: its problems, no card.

    Its cards and entries are those its cache had, for an edit that mends it to reuse.
    """
    text, digest = caches.text(cards_path)
    faults = Faults(_made_from(cards_path, root_path, ("", "", None), elsewhere), tuple(problems),
                    0, False, False, None, _declared(text, cards_path))  # fmt: skip
    stored = caches.read(cards_path, entries=True)
    if stored is None or stored.entries is None:
        stored = CardFileCache("", "", "", "", (), None, (), None, encode(()), encode(()), (),
                               Entries((), (), (), ()))  # fmt: skip
    return stored._replace(text_hash=digest, elsewhere=elsewhere.digest(), deck_name="",
                           notes_path="", chapters=(), package=None, formulas=(),
                           faults=faults)  # fmt: skip


def _declared(text: str, cards_path: str) -> tuple[Chapters, Formulas, tuple[str, ...]] | None:
    """Return what the text declares (``load.declared_in``); None if its header cannot be read."""
    try:
        chapters, formulas, broken = declared_by(text, cards_path)
    except FmflashError:  # parsed again at each start, to be skipped there as now
        return None
    return chapters, formulas, tuple(sorted(broken))


def _kept(
    readable: str,
    cards_path: str,
    card_file: CardFile,
    notes: Notes | None,
    problems: list[Problem],
) -> tuple[list[Card], int]:
    """Return the cards of the entries without a problem, and how many entries were left out."""
    from fmflash.cards.parse_readable import entry_lines

    ranges = entry_lines(readable, cards_path)
    if notes is None or card_file.deck_name is None:
        return [], len(ranges)
    kept = [card for card in card_file.cards if notes.find(card.section) is not None]
    faulty = {problem.line for problem in problems if problem.line is not None}
    studied = {card.line for card in kept}
    left_out = [(first, last) for first, last in ranges
                if not any(first <= line <= last for line in studied)
                or any(first <= line <= last for line in faulty)]  # fmt: skip
    # An entry with an error may have cases that load: only entries without one stay whole.
    kept = [card for card in kept if not any(a <= card.line <= b for a, b in left_out)]
    return kept, len(left_out)


def _deck(card_file: CardFile, name: str, notes: Notes, cards: Sequence[Card]) -> Deck:
    """Make the deck of the cards that load, their rules stated (parsed at each start)."""
    from fmflash.cards.parse_cards import declared_formulas

    deck = Deck(name, notes, tuple(cards), chapters=tuple(card_file.chapters),
                package=card_file.package, formulas=declared_formulas(card_file))  # fmt: skip
    if card_file.formulas or card_file.elsewhere:
        from fmflash.cards.practice import state_rules  # the formulas, only when declared

        deck = state_rules(deck)
    return deck
