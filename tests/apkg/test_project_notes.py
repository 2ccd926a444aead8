"""A project's notes for a build: a rebuild renders only the edited cards, and the same notes."""

from __future__ import annotations

from pathlib import Path

from fmflash.apkg.project_notes import rendered_notes
from fmflash.apkg.render import NoteContent, render_card
from fmflash.cards.card_cache import CardFileCaches
from fmflash.cards.load import load_deck
from fmflash.cards.model import Deck

from ..conftest import PERPLEXITY_CARDS, PERPLEXITY_NOTES, RICH_CARDS, WriteProject


def rendered(cards: Path) -> tuple[Deck, tuple[NoteContent, ...]]:
    """Load and render a card file as a build does: its cache read once, saved once."""
    caches = CardFileCaches()
    deck = load_deck(str(cards), caches=caches)
    notes = rendered_notes(str(cards), deck, caches)
    caches.save()
    return deck, notes


def test_a_rebuild_from_the_cache_gives_the_notes_a_fresh_render_gives(
    write_project: WriteProject,
) -> None:
    # That only the edited card is rendered again is a work budget: bench/budgets.py.
    cards = write_project(RICH_CARDS)
    _, first = rendered(cards)
    assert rendered(cards)[1] == first
    write_project(RICH_CARDS.replace("14 GB.", "At least 14 GB."))
    deck, again = rendered(cards)
    assert again == tuple(render_card(card) for card in deck.cards)
    assert again != first


def test_a_declared_rule_leaves_the_front_once_the_notes_state_it(
    write_project: WriteProject,
) -> None:
    cards = write_project(PERPLEXITY_CARDS.replace("    show_rule: true\n", ""),
                          notes=PERPLEXITY_NOTES)  # fmt: skip
    before = rendered(cards)[1][-1]
    assert before.fields[0].startswith("Perplexity = 2 to the power of the entropy")
    stated = PERPLEXITY_NOTES.replace(
        "Perplexity measures", "Perplexity is 2 to the power of the entropy in bits per token; it"
    )
    write_project(PERPLEXITY_CARDS.replace("    show_rule: true\n", ""), notes=stated)
    deck, notes = rendered(cards)  # the card file is unchanged: its cards come from the cache
    after = notes[-1]
    assert after.fields[0].startswith("What is the perplexity")
    assert after == render_card(deck.cards[-1])
