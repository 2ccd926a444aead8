"""Cards as plain rows (tuples of strings and numbers), the form the cache stores them in.

``marshal`` writes and reads plain rows several times faster than pickle writes objects, which
matters for a deck of 10,000 cards; a row is a card's kind, then its fields in order.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from functools import cache, partial
from typing import Any, TypeVar, cast

from fmflash.cards.model import BasicCard, Card, ClozeCard, ComputedCard
from fmflash.formulas.quantities import Unit

_KINDS = (BasicCard, ClozeCard, ComputedCard)  # their numbers in the rows: never reorder
Row = TypeVar("Row", bound=tuple[Any, ...])


def from_row(kind: type[Row], fields: Iterable[Any]) -> Row:
    """Make a named tuple from its fields in order, as a row stores them.

    ``tuple.__new__`` skips the named tuple's own constructor, three times slower: a large
    deck loads thousands of cards, summaries and notes this way.
    """
    return tuple.__new__(kind, fields)


def from_rows(kind: type[Row], rows: Iterable[Iterable[Any]]) -> tuple[Row, ...]:
    """Make named tuples from rows of their fields, as ``from_row`` does, all at once."""
    return tuple(map(partial(tuple.__new__, kind), rows))


def card_row(card: Card) -> tuple[Any, ...]:
    """Write a card as a plain row (its kind, then its fields), for marshal."""
    kind = _KINDS.index(type(card))
    if isinstance(card, ComputedCard):
        return (kind, *card[:8], card.unit.value, *card[9:])
    return (kind, *card)


@cache
def _unit_type() -> type[Unit]:
    """Load the unit type only for a deck with computed cards."""
    return Unit


def row_card(row: tuple[Any, ...]) -> Card:
    """Make the card a row describes."""
    kind = _KINDS[row[0]]
    if kind is ComputedCard:
        fields = list(row[1:])
        fields[8] = _unit_type()(fields[8])
        return ComputedCard._make(fields)
    return cast("Card", from_row(kind, row[1:]))


def dump_card(card: Card) -> bytes:
    """Encode one card on its own, to decode it alone later."""
    return marshal.dumps(card_row(card))


def load_card(data: bytes) -> Card:
    """Decode one card encoded by ``dump_card``."""
    return row_card(marshal.loads(data))
