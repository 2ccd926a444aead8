"""The project's own deck: the notes copy, the cards and the committed package."""

from __future__ import annotations

from pathlib import Path

import pytest

from fmflash.apkg.build import build
from fmflash.cards.deckfile import load_deck
from fmflash.defaults import DEFAULT_PACKAGE

ROOT = Path(__file__).resolve().parent.parent


def test_cards_are_valid_and_every_section_with_text_has_a_card(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    deck = load_deck("cards.yaml")
    assert deck.warnings == ()
    assert len(deck.cards) >= 40


def test_notes_are_a_verbatim_copy_of_the_shared_original() -> None:
    original = ROOT.parent / "shared" / "notes" / "ch02-understanding-foundation-models.md"
    if not original.exists():  # shared/ sits beside the project in this workplace and in CI
        pytest.skip("no shared/ folder beside this checkout")
    assert (ROOT / "deck" / "notes.md").read_bytes() == original.read_bytes()


def test_committed_package_is_up_to_date(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = build("cards.yaml", DEFAULT_PACKAGE, now=0, check_only=True)
    assert not result.out_of_date, "run 'fmflash build' and commit deck/"
