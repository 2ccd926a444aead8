"""What the reviewer asks: a card, its reverse side, or one gap of a cloze card (pure).

As in Anki, a card with ``reverse: true`` is asked both ways, and a cloze card with gaps c1,
c2, ... one gap at a time. Each is an item, named by its item id: the card id for the card
itself (its front, or its first gap), ``ID/reverse`` for its reverse side, ``ID/cN`` for a
later gap. The review database keys an item the same way, with the card's identity in place of
its id: ``GUID``, ``GUID/reverse``, ``GUID/c2``. Those names are made and read here only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from fmflash.cards.model import CardSummary, card_summary

if TYPE_CHECKING:
    from fmflash.cards.model import Card

REVERSE = "reverse"
# An item's card: None while planning (only what choosing needs is loaded), then the card.
Loaded = TypeVar("Loaded", bound="Card | None")


class Item(NamedTuple, Generic[Loaded]):
    """One thing to review, and where its card is; the card itself once a session needs it.

    A named tuple: a review of a large deck makes one for each side and gap of every card.
    """

    item_id: str
    card_id: str
    section: str
    reverse: bool
    gap: int
    # The card's place in its deck or course, where its text is loaded from.
    position: int
    card: Loaded

    def loaded(self, card: Card) -> Item[Card]:
        """Return the item with its card."""
        return Item(self.item_id, self.card_id, self.section, self.reverse, self.gap,
                    self.position, card)  # fmt: skip


def sides(card_id: str, reverse: bool, gaps: Sequence[int]) -> list[tuple[str, bool, int]]:
    """List what a card is asked as, in order: each item's id, whether reversed, its gap."""
    if gaps:
        first = gaps[0]
        return [(card_id if gap == first else f"{card_id}/c{gap}", False, gap) for gap in gaps]
    if reverse:
        return [(card_id, False, 0), (f"{card_id}/{REVERSE}", True, 0)]
    return [(card_id, False, 0)]


def card_id_of(item_id: str) -> str:
    """Return the id of the card an item id names (``x/reverse`` and ``x/c2`` name ``x``)."""
    return item_id.partition("/")[0]


def review_key(guid: str, item_id: str) -> str:
    """Return an item's key in the review database: its card's identity, then its side."""
    _, slash, side = item_id.partition("/")
    return guid + slash + side


def review_items(summaries: Sequence[CardSummary], order: Iterable[int]) -> tuple[Item[None], ...]:
    """List the items of cards (their review index summaries), taking the cards in ``order``."""
    return tuple([
        Item(item_id, card_id, section, is_reverse, gap, position, None)
        for position in order
        for card_id, section, reverse, gaps in (summaries[position],)
        for item_id, is_reverse, gap in sides(card_id, reverse, gaps)
    ])  # fmt: skip


def items_of(cards: Sequence[Card]) -> tuple[Item[Card], ...]:
    """List the items of whole cards, in the order given, each with its card."""
    planned = review_items([card_summary(card) for card in cards], range(len(cards)))
    return tuple(item.loaded(cards[item.position]) for item in planned)
