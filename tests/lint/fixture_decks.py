"""The linter's fixture decks (tests/lint/fixtures): each linted, its warnings by card."""

from __future__ import annotations

from pathlib import Path

from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.formulas.catalog import all_formulas
from fmflash.lint.linter import lint_deck

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def warnings_by_card(name: str) -> list[tuple[str, str]]:
    """Lint a fixture card file; return (card id, rule) for every warning, in file order."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    notes = parse_notes((FIXTURES / "notes.md").read_text(encoding="utf-8"), path="notes.md")
    deck = build_deck(parse_card_file(text, path=name), notes)
    found = lint_deck(deck, path=name, lines=text.splitlines(), formulas=all_formulas())
    starts = sorted((card.line, card.id) for card in deck.cards)
    return [
        (next(card_id for line, card_id in reversed(starts) if line <= (problem.line or 0)),
         problem.rule or "")
        for problem in found
    ]  # fmt: skip


def planted(rule: str) -> list[str]:
    """Return the ids of planted.yaml's cards that break ``rule``: those named after it."""
    text = (FIXTURES / "planted.yaml").read_text(encoding="utf-8")
    return [
        line.split("id:")[1].strip()
        for line in text.splitlines()
        if line.strip().startswith(f"- id: {rule}-")
    ]
