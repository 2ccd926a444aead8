"""The card model: what a validated card file holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any, Self

from fmflash.cards.notes import Notes, slugify
from fmflash.errors import Problem
from fmflash.formulas.quantities import Unit

_FIELD_GETTERS: dict[type, Any] = {}


class _CardValue:
    """What every card type shares: fast pickling, and moving to another line."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        # Rebuild with the constructor: much faster to unpickle than dataclasses' __setstate__.
        cls = type(self)
        getter = _FIELD_GETTERS.get(cls)
        if getter is None:
            names: tuple[str, ...] = cls.__slots__
            getter = _FIELD_GETTERS[cls] = attrgetter(*names)
        return cls, getter(self)

    def at_line(self, line: int) -> Self:
        """Return the same card defined at another line of the card file."""
        names: tuple[str, ...] = type(self).__slots__
        return type(self)(*(line if name == "line" else getattr(self, name) for name in names))


@dataclass(frozen=True, slots=True)
class BasicCard(_CardValue):
    """A question/answer card; ``reverse`` also asks back -> front."""

    id: str
    section: str
    line: int
    front: str
    back: str
    reverse: bool = False
    tags: tuple[str, ...] = ()
    # Lint rules this card breaks on purpose (``allow: [set]``).
    allow: tuple[str, ...] = ()
    # The front and back as HTML (they are Markdown), rendered when the card file was parsed.
    html: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClozeCard(_CardValue):
    """A sentence with gaps written ``{{c1::answer}}``; ``extra`` is shown on the back."""

    id: str
    section: str
    line: int
    text: str
    extra: str = ""
    tags: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    # The text and extra as HTML (they are Markdown), rendered when the card file was parsed.
    html: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ComputedCard(_CardValue):
    """A numeric card whose answer a formula computed, with the working shown."""

    id: str
    section: str
    line: int
    formula: str
    question: str
    answer: str
    working: tuple[str, ...]
    value: float
    unit: Unit
    tags: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    # The case's values in the formula's parameter order, and the id of its computed: entry.
    inputs: tuple[float, ...] = ()
    entry: str = ""


Card = BasicCard | ClozeCard | ComputedCard

_GAP_NUMBER = re.compile(r"\{\{c(\d+)::")


def card_html(card: BasicCard | ClozeCard) -> tuple[str, ...]:
    """Return a curated card's fields as HTML: front and back, or text and extra."""
    if card.html:
        return card.html
    from fmflash.cards.markdown import render_markdown  # a card made without the loader

    texts = (card.front, card.back) if isinstance(card, BasicCard) else (card.text, card.extra)
    return tuple(map(render_markdown, texts))


def cloze_numbers(text: str) -> tuple[int, ...]:
    """Return the gap numbers of a cloze text in order, each once: Anki makes a card of each."""
    return tuple(sorted({int(number) for number in _GAP_NUMBER.findall(text)}))


def count_cards(card: Card) -> int:
    """Count the cards Anki makes of a note, and the reviewer asks: sides and cloze gaps."""
    if isinstance(card, ClozeCard):
        return len(cloze_numbers(card.text))
    if isinstance(card, BasicCard) and card.reverse:
        return 2
    return 1


@lru_cache(maxsize=4096)
def section_tag(title: str) -> str:
    """Return the Anki tag that marks a card's notes section."""
    return f"section::{slugify(title) or 'untitled'}"


def card_tags(card: Card) -> tuple[str, ...]:
    """Return a card's tags: its own, its section's, and for computed cards their formula's."""
    tags = (*card.tags, section_tag(card.section))
    if isinstance(card, ComputedCard):
        tags = (*tags, "computed", card.formula)
    return tuple(dict.fromkeys(tags))


@dataclass(frozen=True, slots=True)
class Deck:
    """A validated deck: its name, the notes it is drawn from, and its cards in file order."""

    name: str
    notes: Notes
    cards: tuple[Card, ...]
    warnings: tuple[Problem, ...] = ()

    def card_count(self) -> int:
        """Count what is reviewed: each note's sides and cloze gaps (Anki's "cards")."""
        return sum(map(count_cards, self.cards))

    def in_notes_order(self) -> tuple[Card, ...]:
        """Return the cards ordered by their section's place in the notes, then file order."""
        position: dict[str, int] = {}
        for index, section in enumerate(self.notes.sections):
            position.setdefault(section.title, index)
        return tuple(sorted(self.cards, key=lambda card: position.get(card.section, 0)))
