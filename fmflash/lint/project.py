"""Linting a project: every chapter's cards, or only the cards a build changed."""

from __future__ import annotations

from collections.abc import Collection

from fmflash.cards.model import ComputedCard, Deck
from fmflash.cards.project import Project
from fmflash.errors import Problem
from fmflash.files.reading import read_text
from fmflash.formulas.catalog import all_formulas
from fmflash.lint.linter import lint_deck


def lint_chapter(deck: Deck, cards_path: str) -> tuple[Problem, ...]:
    """Lint a chapter's cards (its computed cards against the formulas they name)."""
    # The formulas' own templates are fmflash's code, the same for every deck:
    # tests/lint/test_linter.py renders them (lint_formulas), not every check.
    formulas = {}
    if any(isinstance(card, ComputedCard) for card in deck.cards):
        formulas = all_formulas()
    lines = read_text(cards_path).splitlines()
    return lint_deck(deck, path=cards_path, lines=lines, formulas=formulas)


def lint_cards(project: Project, card_ids: Collection[str]) -> dict[str, tuple[Problem, ...]]:
    """Lint only the named cards of a project (those a build changed): each card's warnings.

    Flaws between cards (a duplicate of an unchanged card) are left to ``fmflash check``,
    which lints the whole project: a build after an edit stays as fast as the edit is small.
    """
    found: dict[str, tuple[Problem, ...]] = {}
    for chapter in project.chapters:
        cards = tuple(card for card in chapter.deck.cards if card.id in card_ids)
        if not cards:
            continue
        warnings = lint_chapter(chapter.deck._replace(cards=cards), chapter.path)
        starts = sorted((card.line, card.id) for card in cards)
        for card_id in dict.fromkeys(card.id for card in cards):
            found[card_id] = ()
        for warning in warnings:
            line = warning.line or 0
            owner = next((card_id for start, card_id in reversed(starts) if start <= line),
                         starts[0][1])  # fmt: skip
            found[owner] = (*found[owner], warning)
    return found
