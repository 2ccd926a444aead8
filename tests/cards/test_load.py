"""Reading a deck through the cache: an edit is never missed."""

from __future__ import annotations

import os
from pathlib import Path

from fmflash.cards.load import load_deck

from ..conftest import CARDS, WriteProject


def age(path: Path, seconds: float) -> None:
    """Make a file look as if it was last written ``seconds`` ago."""
    stat = path.stat()
    when = stat.st_mtime_ns - int(seconds * 1e9)
    os.utime(path, ns=(when, when))


def test_a_same_size_edit_within_the_clock_resolution_is_never_missed(
    write_project: WriteProject,
) -> None:
    cards = write_project()
    before = cards.stat()
    load_deck(str(cards))
    cards.write_text(CARDS.replace("14 GB.", "15 GB."), encoding="utf-8")  # the same size
    # A file system that keeps whole seconds could give the edit the same time stamp.
    os.utime(cards, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cards.stat().st_size == before.st_size
    edited = load_deck(str(cards))
    assert "15 GB." in [getattr(card, "back", "") for card in edited.cards]


def test_an_edit_that_keeps_the_file_s_size_and_time_is_never_missed(
    write_project: WriteProject,
) -> None:
    # A card file is known by its text, not its time: a tool that restores times (an editor,
    # rsync, a checkout) cannot hide an edit.
    cards = write_project()
    age(cards, 60)
    before = cards.stat()
    load_deck(str(cards))
    cards.write_text(CARDS.replace("14 GB.", "15 GB."), encoding="utf-8")  # the same size
    os.utime(cards, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (cards.stat().st_size, cards.stat().st_ino) == (before.st_size, before.st_ino)
    edited = load_deck(str(cards))
    assert "15 GB." in [getattr(card, "back", "") for card in edited.cards]


def test_the_review_index_holds_every_card_and_follows_edits(write_project: WriteProject) -> None:
    from fmflash.cards.load import load_review_deck

    from ..conftest import RICH_CARDS

    cards = write_project(RICH_CARDS)
    deck = load_deck(str(cards))
    for attempt in range(2):  # made, then read back from the cache
        review = load_review_deck(str(cards))
        assert list(review.cards) == list(deck.cards), attempt
        assert [summary.id for summary in review.summaries()] == [card.id for card in deck.cards]
        assert review.tags() == deck.tags()
    assert any(not tag.startswith("section::") for tags in deck.tags() for tag in tags)
    cards.write_text(RICH_CARDS.replace("14 GB.", "15 GB."), encoding="utf-8")  # same size
    edited = load_review_deck(str(cards))
    position = [summary.id for summary in edited.summaries()].index("weights-memory")
    assert edited.cards[position].back == "15 GB."  # type: ignore[union-attr]
    assert edited.tags() == deck.tags()  # the unchanged entries' tags, from the cache


def test_the_reviewer_states_a_rule_until_the_notes_do_though_the_card_file_is_unchanged(
    write_project: WriteProject,
) -> None:
    from fmflash.cards.load import load_review_deck
    from fmflash.cards.model import ComputedCard
    from fmflash.cards.practice import practice_case

    from ..conftest import PERPLEXITY_CARDS, PERPLEXITY_NOTES

    def shown(cards: Path) -> str:
        (card,) = [c for c in load_review_deck(str(cards)).cards if isinstance(c, ComputedCard)]
        return practice_case(card, identity="key", number=1).question

    unstated = PERPLEXITY_CARDS.replace("    show_rule: true\n", "")
    cards = write_project(unstated, notes=PERPLEXITY_NOTES)
    assert shown(cards).startswith("Perplexity = 2 to the power of the entropy")
    stated = PERPLEXITY_NOTES.replace(
        "Perplexity measures", "Perplexity is 2 to the power of the entropy in bits per token; it"
    )
    write_project(unstated, notes=stated)  # the card file is unchanged: its cache is used
    assert shown(cards).startswith("What is the perplexity")
