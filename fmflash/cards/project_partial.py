"""A project for study despite errors: every card of every card file that loads (I/O).

``fmflash review`` and ``stats`` go on with the cards that load; ``check`` and ``build``
load the project whole (``project.load_project``) and refuse any error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from fmflash.cards.card_cache import CardFileCaches
from fmflash.cards.containment import card_file_path
from fmflash.cards.load_partial import load_what_loads
from fmflash.cards.model import Deck, StoredCards
from fmflash.cards.notes import Notes
from fmflash.cards.project import Chapter, Project, duplicate_id, load_chapters
from fmflash.cards.project_package import package_of
from fmflash.errors import FmflashError, Problem
from fmflash.formulas.declarations import DeclaredElsewhere


def load_what_loads_of(root_path: str, *, package_path: str | None = None) -> Project:
    """Load every card of the project that has no error, for study.

    A card with an error is left out alone (``load_what_loads``), a chapter card file that
    cannot be read at all is left out whole (named in ``left_out``), and every error is kept
    in ``problems``. With errors and no card left to study, the errors are raised.
    """
    found_problems: list[Problem] = []
    left_out_cards = 0
    caches = CardFileCaches(entries=False)  # nothing is rendered: the cards alone are read

    def load(path: str, root: str, elsewhere: DeclaredElsewhere) -> Deck:
        nonlocal left_out_cards
        found = load_what_loads(path, root_path=root, elsewhere=elsewhere, caches=caches)
        if found.deck is not None:
            left_out_cards += found.left_out
            found_problems.extend(found.problems)
            return found.deck
        is_root = os.path.abspath(path) == os.path.abspath(root)
        if not is_root or (found.name is None and found.package is None):
            # Left out whole and named as such (``left_out``): its cards are not counted too.
            raise FmflashError(list(found.problems))
        # The root's chapters are still studied: its own cards are left out.
        left_out_cards += found.left_out
        found_problems.extend(found.problems)
        return Deck(found.name or path, Notes(path, ()), (), chapters=found.chapters,
                    package=found.package)  # fmt: skip

    try:
        loaded, problems = load_chapters(root_path, load, caches)
    finally:
        caches.save()
    problems = found_problems + problems
    package = package_path or package_of(root_path, loaded[0][2])
    chapters = tuple(Chapter(path, key, deck) for path, key, deck in loaded)
    kept, left_out, every_problem, more = _without_faulty(root_path, chapters, problems)
    if every_problem and not any(chapter.deck.cards for chapter in kept):
        raise FmflashError(list(every_problem))  # nothing to study: say why
    unread = _unread_chapters(root_path, loaded[0][2], {os.path.abspath(c.path) for c in chapters})
    return Project(root_path, package, kept, tuple(dict.fromkeys([*unread, *left_out])),
                   every_problem, left_out_cards + more)  # fmt: skip


def _unread_chapters(root_path: str, root: Deck, loaded: set[str]) -> list[str]:
    """Return each chapter card file the root lists that was not loaded (once each)."""
    unread = []
    for listed, _, _ in root.chapters:
        path, refused = card_file_path(root_path, root_path, listed)
        if refused is not None:
            path = listed
        if os.path.abspath(path) not in loaded and path not in unread:
            unread.append(path)
    return unread


def _without_faulty(
    root_path: str, chapters: Iterable[Chapter], problems: list[Problem]
) -> tuple[tuple[Chapter, ...], tuple[str, ...], tuple[Problem, ...], int]:
    """Leave out each card whose id an earlier chapter has, each chapter whose deck one has.

    Returns the chapters kept, those left out, every problem and how many cards were left out.
    A card file's own ids were checked when it was read: only an earlier chapter's can clash,
    so a course of one chapter is not read through again.
    """
    left_out: list[str] = []
    kept: list[Chapter] = []
    # The ids of the chapters kept before this one, each with its chapter and its card's place.
    ids: dict[str, tuple[Chapter, int]] = {}
    joining: Chapter | None = None  # kept last: its ids join them when a later chapter comes
    names: set[str] = set()
    all_problems = list(problems)
    cards = 0
    for chapter in chapters:
        summaries = chapter.deck.summaries()
        if chapter.deck.name in names:  # load_chapters said so: "is the deck of ... too"
            left_out.append(chapter.path)
            cards += len(summaries)
            continue
        if joining is not None:
            ids.update((s.id, (joining, place)) for place, s in enumerate(joining.deck.summaries()))
            joining = None
        taken = [position for position, s in enumerate(summaries) if s.id in ids] if ids else []
        for position in taken:  # located as check locates them: a card decodes for its line
            first, place = ids[summaries[position].id]
            where = (chapter.path, chapter.deck.cards[position].line)
            problem = duplicate_id(
                summaries[position].id, where, (first.path, first.deck.cards[place].line)
            )
            all_problems.append(problem)
        if taken:
            cards += len(taken)
            chapter = chapter._replace(deck=_keeping(chapter.deck, set(taken)))
        names.add(chapter.deck.name)
        kept.append(chapter)
        joining = chapter
    return tuple(kept), tuple(left_out), tuple(all_problems), cards


def _keeping(deck: Deck, left_out: set[int]) -> Deck:
    """Return the deck without the cards at the positions ``left_out``."""
    positions = [position for position in range(len(deck.cards)) if position not in left_out]
    if isinstance(deck.cards, StoredCards):
        return deck._replace(cards=deck.cards.keeping(positions))
    return deck._replace(cards=tuple(deck.cards[position] for position in positions))
