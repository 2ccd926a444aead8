"""The formulas a project declares, gathered from every card file before any is loaded (I/O).

A computed entry in any card file may name a formula any card file of the project declares:
each card file is loaded knowing what the others declare (``DeclaredElsewhere``), and its
cache is valid only for those declarations, so editing a formula in one file changes the
cards of every file that uses it.
"""

from __future__ import annotations

import os

from fmflash.cards.card_cache import CardFileCaches, Formulas
from fmflash.cards.containment import card_file_path
from fmflash.cards.load import declared_in, load_deck
from fmflash.cards.model import Deck
from fmflash.errors import FmflashError
from fmflash.formulas.declarations import DeclaredElsewhere, declaration_of_json

# What each card file declares, by its absolute path: its whole formulas and the broken names.
Gathered = dict[str, tuple[Formulas, frozenset[str]]]


def gather_formulas(root_path: str, caches: CardFileCaches) -> Gathered:
    """Return what the root card file and each chapter it lists declare.

    A card file that cannot be read, or a chapter path that leads out of the project, is
    skipped here: loading reports it.
    """
    gathered: Gathered = {}
    chapters: tuple[tuple[str, int, int], ...] = ()
    try:
        chapters, formulas, broken = declared_in(root_path, caches)
        gathered[os.path.abspath(root_path)] = formulas, broken
    except FmflashError:
        pass
    for listed, _, _ in chapters:
        path, refused = card_file_path(root_path, root_path, listed)
        if refused is not None or os.path.abspath(path) in gathered or not os.path.isfile(path):
            continue
        try:
            _, formulas, broken = declared_in(path, caches)
        except FmflashError:
            continue
        gathered[os.path.abspath(path)] = formulas, broken
    return gathered


def declared_elsewhere(gathered: Gathered, cards_path: str) -> DeclaredElsewhere:
    """Return the formulas the project's card files other than ``cards_path`` declare."""
    others = [found for path, found in gathered.items() if path != os.path.abspath(cards_path)]
    return DeclaredElsewhere(
        tuple(declaration_of_json(text) for formulas, _ in others for text, _, _ in formulas),
        frozenset(name for _, broken in others for name in broken),
    )


def load_in_project(cards_path: str, *, root_path: str, use_cache: bool = True) -> Deck:
    """Load one card file of a project, its entries naming the formulas the others declare."""
    caches = CardFileCaches(enabled=use_cache)
    elsewhere = declared_elsewhere(gather_formulas(root_path, caches), cards_path)
    deck = load_deck(cards_path, root_path=root_path, elsewhere=elsewhere, caches=caches)
    caches.save()
    return deck
