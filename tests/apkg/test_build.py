"""The build's render cache: a rebuild renders only the edited cards, and the same notes."""

from __future__ import annotations

import pytest

from fmflash.apkg import build as build_module
from fmflash.apkg.build import rendered_notes
from fmflash.apkg.render import render_card
from fmflash.cards.load import load_deck

from ..conftest import RICH_CARDS, WriteProject


def test_a_rebuild_renders_only_the_edited_cards_and_the_same_notes(
    write_project: WriteProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = write_project(RICH_CARDS)
    first = rendered_notes(str(cards), load_deck(str(cards)))
    rendered: list[str] = []

    def counting(card):  # type: ignore[no-untyped-def]
        rendered.append(card.id)
        return render_card(card)

    monkeypatch.setattr(build_module, "render_card", counting)
    assert rendered_notes(str(cards), load_deck(str(cards))) == first
    assert rendered == []  # everything from the cache
    write_project(RICH_CARDS.replace("14 GB.", "At least 14 GB."))
    deck = load_deck(str(cards))
    again = rendered_notes(str(cards), deck)
    assert rendered == ["weights-memory"]
    assert again == tuple(render_card(card) for card in deck.cards)
