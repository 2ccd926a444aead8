"""Cards as plain rows (tuples of strings and numbers), the form the cache stores them in.

``marshal`` writes and reads plain rows several times faster than pickle writes objects, which
matters for a deck of 10,000 cards; a row is a card's kind, then its fields in order.
"""

from __future__ import annotations

import marshal
from typing import Any

from fmflash.cards.model import BasicCard, Card, ClozeCard, ComputedCard
from fmflash.formulas.units import Unit

_KINDS = (BasicCard, ClozeCard, ComputedCard)  # their numbers in the rows: never reorder


def card_row(card: Card) -> tuple[Any, ...]:
    """Write a card as a plain row (its kind, then its fields), for marshal."""
    kind = _KINDS.index(type(card))
    fields = card._asdict()
    if isinstance(card, ComputedCard):
        fields["unit"] = card.unit.value  # the unit by its name: marshal writes no enum
    return (kind, *fields.values())


def row_card(row: tuple[Any, ...]) -> Card:
    """Make the card a row describes."""
    card: Card = _KINDS[row[0]]._make(row[1:])
    if isinstance(card, ComputedCard):
        return card._replace(unit=Unit(card.unit))
    return card


def dump_card(card: Card) -> bytes:
    """Encode one card on its own, to decode it alone later."""
    return marshal.dumps(card_row(card))


def load_card(data: bytes) -> Card:
    """Decode one card encoded by ``dump_card``."""
    return row_card(marshal.loads(data))
