"""The card model: what a validated card file holds."""

from __future__ import annotations

from dataclasses import dataclass

from fmflash.errors import Problem
from fmflash.notes import Notes
from fmflash.quantities import Unit


@dataclass(frozen=True, slots=True)
class BasicCard:
    """A question/answer card; ``reverse`` also asks back -> front."""

    id: str
    section: str
    line: int
    front: str
    back: str
    reverse: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClozeCard:
    """A sentence with gaps written ``{{c1::answer}}``; ``extra`` is shown on the back."""

    id: str
    section: str
    line: int
    text: str
    extra: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ComputedCard:
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


Card = BasicCard | ClozeCard | ComputedCard


@dataclass(frozen=True, slots=True)
class Deck:
    """A validated deck: its name, the notes it is drawn from, and its cards in file order."""

    name: str
    notes: Notes
    cards: tuple[Card, ...]
    warnings: tuple[Problem, ...] = ()

    def in_notes_order(self) -> tuple[Card, ...]:
        """Return the cards ordered by their section's place in the notes, then file order."""
        position: dict[str, int] = {}
        for index, section in enumerate(self.notes.sections):
            position.setdefault(section.title, index)
        return tuple(sorted(self.cards, key=lambda card: position.get(card.section, 0)))
