"""A project: the root card file and the chapter card files it lists, read as one course (I/O).

The root card file (``cards.yaml``) is a chapter of its own and may list more under
``chapters:``, each path relative to the root file's folder; a chapter file cannot list
chapters. Card ids are unique in the whole project. The project has one package
(``fmflash.cards.project_package``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from fmflash.cards.card_cache import CardFileCaches
from fmflash.cards.containment import card_file_path
from fmflash.cards.load import load_deck, load_review_deck
from fmflash.cards.parse_settings import review_settings_line
from fmflash.cards.project_formulas import declared_elsewhere, gather_formulas
from fmflash.cards.project_package import named_package, package_of
from fmflash.errors import FmflashError, Problem
from fmflash.files.atomic import input_at
from fmflash.formulas.declarations import DeclaredElsewhere, declaration_of_json

if TYPE_CHECKING:
    from fmflash.cards.model import Card, Deck


class Chapter(NamedTuple):
    """One chapter: its card file (as the user types it), its key in the record, its deck."""

    path: str
    # The card file relative to the root card file's folder; "" for the root file itself.
    key: str
    deck: Deck


class Project(NamedTuple):
    """Every chapter of a course, and the one package they are built into.

    Loaded for review, each chapter's cards are decoded when asked for (``StoredCards``), and
    cards with errors may be left out (``project_partial``): counted in ``left_out_cards``, the card
    files that cannot be read named in ``left_out``, every error in ``problems``.
    """

    root: str
    package_path: str
    chapters: tuple[Chapter, ...]
    left_out: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    # How many cards of the loaded card files were left out for their errors.
    left_out_cards: int = 0

    def cards(self) -> tuple[Card, ...]:
        """Return every card, chapter by chapter, each in file order."""
        return tuple(card for chapter in self.chapters for card in chapter.deck.cards)

    def warnings(self) -> tuple[Problem, ...]:
        """Return every chapter's warnings."""
        return tuple(problem for chapter in self.chapters for problem in chapter.deck.warnings)

    def card_count(self) -> int:
        """Count what is reviewed in the whole course (Anki's "cards")."""
        return sum(chapter.deck.card_count() for chapter in self.chapters)

    def inputs(self) -> dict[str, str]:
        """Return every card file and notes file, with what it is: what no output replaces."""
        found = {chapter.path: "a card file" for chapter in self.chapters}
        for chapter in self.chapters:
            found.setdefault(chapter.deck.notes.path, "a notes file")
        return found

    def formulas(self) -> tuple[tuple[str, str, int], ...]:
        """Return the formulas the card files declare: each as JSON, with its file and line."""
        return tuple(
            (text, chapter.path, line)
            for chapter in self.chapters
            for text, line, _ in chapter.deck.formulas
        )


def _chapter_key(root_path: str, path: str) -> str:
    """Return a chapter file's path relative to the root file's folder, with ``/``."""
    folder = os.path.dirname(os.path.abspath(root_path))
    return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")


def load_chapters(
    root_path: str, load: Callable[[str, str, DeclaredElsewhere], Deck], caches: CardFileCaches
) -> tuple[list[tuple[str, str, Deck]], list[Problem]]:
    """Load the root file and every chapter it lists; collect every problem.

    ``load`` takes a card file, the root card file (whose folder the notes stay inside) and
    the formulas the project's other card files declare, gathered first (through ``caches``,
    the command's card file caches, which ``load`` uses too).
    """
    gathered = gather_formulas(root_path, caches)
    root = load(root_path, root_path, declared_elsewhere(gathered, root_path))
    chapters: list[tuple[str, str, Deck]] = [(root_path, "", root)]
    problems: list[Problem] = []
    if root.package is not None:  # every command finds it, even those that write no package
        try:
            named_package(root_path, root.package)
        except FmflashError as error:
            problems += error.problems
    seen = {os.path.abspath(root_path): (1, 1)}
    for listed, line, column in root.chapters:
        path, refused = card_file_path(root_path, root_path, listed)
        if refused is not None:  # found before anything is read from it
            problems.append(Problem(root_path, f"chapter {refused}", line, column))
            continue
        if os.path.abspath(path) in seen:
            what = (
                "the root card file"
                if os.path.abspath(path) == os.path.abspath(root_path)
                else (f"listed on line {seen[os.path.abspath(path)][0]} too")
            )
            problems.append(Problem(root_path, f"chapter '{listed}' is {what}", line, column))
            continue
        seen[os.path.abspath(path)] = (line, column)
        if not os.path.isfile(path):
            problems.append(
                Problem(
                    root_path,
                    f"chapter card file '{listed}' not found (paths are relative to the folder "
                    f"of {root_path}); create it with: fmflash chapter add NAME --notes PATH",
                    line,
                    column,
                )
            )
            continue
        try:
            deck = load(path, root_path, declared_elsewhere(gathered, path))
        except FmflashError as error:
            problems += error.problems
            continue
        for _, chapter_line, chapter_column in deck.chapters[:1]:
            problems.append(
                Problem(
                    path,
                    "a chapter card file cannot list chapters of its own; list every chapter "
                    f"in the root card file {root_path}",
                    chapter_line,
                    chapter_column,
                )
            )
        if deck.package is not None:
            problems.append(
                Problem(
                    path,
                    f"a chapter card file cannot name the package; name it in {root_path}",
                    *deck.package[1:],
                )
            )
        settings_line = review_settings_line(path)
        if settings_line is not None:
            problems.append(
                Problem(
                    path,
                    "a chapter card file cannot choose the scheduler ('review:'); set it in "
                    f"{root_path}",
                    settings_line,
                    1,
                )
            )
        chapters.append((path, _chapter_key(root_path, path), deck))
    names: dict[str, str] = {}
    for path, _, deck in chapters:
        if deck.name in names:
            problems.append(
                Problem(
                    path,
                    f"deck '{deck.name}' is the deck of {names[deck.name]} too; "
                    "give each chapter a deck of its own",
                )
            )
        names.setdefault(deck.name, path)
    return chapters, problems


def duplicate_id(card_id: str, where: tuple[str, int], first: tuple[str, int]) -> Problem:
    """Say that the card at ``where`` (card file, line) has the id of the card at ``first``."""
    message = (
        f"duplicate id '{card_id}': the card on line {first[1]} of {first[0]} has it too; "
        "ids are unique in the whole project"
    )
    return Problem(where[0], message, where[1])


def load_project(
    root_path: str,
    *,
    package_path: str | None = None,
    with_package: bool = True,
    review: bool = False,
    caches: CardFileCaches | None = None,
) -> Project:
    """Read and validate every chapter of the project whose root card file is given.

    Without ``with_package`` (for commands that need no package), its path is left empty.
    For ``review``, each card is decoded when asked for (see ``_load_for_review``).
    ``caches`` are the command's card file caches, which it saves; without them, the
    caches are saved here.
    """
    if caches is None:
        caches = CardFileCaches()
        try:
            return load_project(
                root_path,
                package_path=package_path,
                with_package=with_package,
                review=review,
                caches=caches,
            )
        finally:
            caches.save()
    if review:
        return _load_for_review(root_path, package_path=package_path, caches=caches)

    def load(path: str, root: str, elsewhere: DeclaredElsewhere) -> Deck:
        return load_deck(path, root_path=root, elsewhere=elsewhere, caches=caches)

    try:
        loaded, problems = load_chapters(root_path, load, caches)
    except FmflashError as error:
        raise FmflashError(error.problems) from None
    where: dict[str, tuple[str, int]] = {}
    for path, _, deck in loaded:
        for card in deck.cards:
            first = where.get(card.id)
            if first is not None and first[0] != path:
                problems.append(duplicate_id(card.id, (path, card.line), first))
            else:
                where.setdefault(card.id, (path, card.line))
    problems += _formulas_declared_twice(loaded)
    if problems:
        raise FmflashError(problems)
    package = package_path or (package_of(root_path, loaded[0][2]) if with_package else "")
    chapters = tuple(Chapter(path, key, deck) for path, key, deck in loaded)
    project = Project(root_path, package, chapters)
    named = loaded[0][2].package
    what = input_at(package, project.inputs()) if named is not None and package else None
    if named is not None and what is not None:  # found by check, before any build
        message = f"package '{named[0]}' is {what} of this project; name an .apkg file"
        raise FmflashError.at(root_path, message, *named[1:])
    return project


def _formulas_declared_twice(loaded: list[tuple[str, str, Deck]]) -> list[Problem]:
    """Report each formula name a second card file declares: names are the project's."""
    if not any(deck.formulas for _, _, deck in loaded):
        return []

    first: dict[str, tuple[str, int]] = {}
    problems = []
    for path, _, deck in loaded:
        for text, line, column in deck.formulas:
            name = declaration_of_json(text).name
            if name in first:
                where, first_line = first[name]
                problems.append(Problem(path, f"formula '{name}' is declared on line {first_line} "
                                              f"of {where} too; formula names are unique in the "
                                              "whole project", line, column))  # fmt: skip
            first.setdefault(name, (path, line))
    return problems


def _load_for_review(
    root_path: str, *, package_path: str | None, caches: CardFileCaches
) -> Project:
    """Load every chapter for review; ids are checked as for a build.

    ``fmflash review`` and ``stats`` study despite errors instead (``project_partial``).
    """

    def load(path: str, root: str, elsewhere: DeclaredElsewhere) -> Deck:
        return load_review_deck(path, root_path=root, elsewhere=elsewhere, caches=caches)

    loaded, problems = load_chapters(root_path, load, caches)
    ids = [summary.id for _, _, deck in loaded for summary in deck.summaries()]
    if problems or len(set(ids)) != len(ids):
        load_project(root_path, caches=caches)  # raises every problem, each located
        if problems:
            raise FmflashError(problems)
    package = package_path or package_of(root_path, loaded[0][2])
    return Project(
        root_path, package, tuple(Chapter(path, key, deck) for path, key, deck in loaded)
    )
