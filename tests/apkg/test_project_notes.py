"""A project's notes for a build: a rebuild renders only the edited cards, and the same notes."""

from __future__ import annotations

from fmflash.apkg.project_notes import rendered_notes
from fmflash.apkg.render import render_card
from fmflash.cards.load import load_deck

from ..conftest import PERPLEXITY_CARDS, PERPLEXITY_NOTES, RICH_CARDS, WriteProject


def test_a_rebuild_from_the_cache_gives_the_notes_a_fresh_render_gives(
    write_project: WriteProject,
) -> None:
    # That only the edited card is rendered again is a work budget: bench/budgets.py.
    cards = write_project(RICH_CARDS)
    first = rendered_notes(str(cards), load_deck(str(cards)))
    assert rendered_notes(str(cards), load_deck(str(cards))) == first
    write_project(RICH_CARDS.replace("14 GB.", "At least 14 GB."))
    deck = load_deck(str(cards))
    again = rendered_notes(str(cards), deck)
    assert again == tuple(render_card(card) for card in deck.cards)
    assert again != first


def test_a_declared_rule_leaves_the_front_once_the_notes_state_it(
    write_project: WriteProject,
) -> None:
    cards = write_project(PERPLEXITY_CARDS.replace("    show_rule: true\n", ""),
                          notes=PERPLEXITY_NOTES)  # fmt: skip
    deck = load_deck(str(cards))
    before = rendered_notes(str(cards), deck)[-1]
    assert before.fields[0].startswith("Perplexity = 2 to the power of the entropy")
    stated = PERPLEXITY_NOTES.replace(
        "Perplexity measures", "Perplexity is 2 to the power of the entropy in bits per token; it"
    )
    write_project(PERPLEXITY_CARDS.replace("    show_rule: true\n", ""), notes=stated)
    deck = load_deck(str(cards))  # the card file is unchanged: its cards come from the cache
    after = rendered_notes(str(cards), deck)[-1]
    assert after.fields[0].startswith("What is the perplexity")
    assert after == render_card(deck.cards[-1])
