"""The card model: what a validated card file holds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from hashlib import sha256
from typing import TYPE_CHECKING, NamedTuple, overload

from fmflash.cards.cloze import gap_numbers
from fmflash.cards.notes import Notes, slugify

if TYPE_CHECKING:
    from fmflash.errors import Problem
    from fmflash.formulas.units import Unit

# The three card types are named tuples rather than frozen dataclasses: a rebuild or a review
# of a 10,000-card deck loads every card from the cache, and a named tuple is made from the
# cache's rows (rows.py) several times faster; it is as immutable. Equality is by value, and
# two different kinds of card never have equal values (they differ in length or field types).


class BasicCard(NamedTuple):
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


class ClozeCard(NamedTuple):
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
    # The gap numbers, each once, in order: each is a card of its own.
    gaps: tuple[int, ...] = ()


class ComputedCard(NamedTuple):
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
    # The question starts with the rule the formula applies (``show_rule: true``). None until
    # the notes are read, for a declared formula whose entry does not say: its rule then goes
    # on the front unless the notes section states it (``practice.state_rules``).
    show_rule: bool | None = False
    # A practice card: every sound case it may draw, as inputs in parameter order (empty for
    # a fixed case). The fields above then hold its first case.
    practice: tuple[tuple[float, ...], ...] = ()
    # The formula as its card file declares it (JSON), for a formula of the learner's own;
    # empty for a built-in one. It lets a card drawn from the cache compute its cases.
    declaration: str = ""


Card = BasicCard | ClozeCard | ComputedCard

# Every lint rule (fmflash/lint/*_rules.py), with the principle it keeps: the names a card's
# `allow:` may hold, checked when the card file is read.
LINT_RULES = {
    "cloze-leak": "the question does not give the answer away",
    "answer-in-question": "the question does not give the answer away",
    "set": "no lists to recall at once",
    "duplicate": "one card per fact",
    "long-answer": "minimum information: a short answer",
    "filler-gap": "the gap hides the fact, not a filler word",
    "unit-missing": "one right answer: say the unit you want",
    "trivial-case": "each card teaches something",
    "repeat": "one card per fact: a formula is practised, not repeated",
    "unstated-rule": "the card asks for what the learner wrote down",
    "grammar": "cards read as a person writes",
    "markdown": "the card shows what you wrote",
    "vague-answer": "one right answer: not a vague word that other answers fit as well",
    "states-answer": "no card gives another card's answer away",
    "list-gap": "the gap is recalled, not guessed from the list around it",
    "unused-allow": "an allow silences a rule that fires",
}


def count_cards(card: Card) -> int:
    """Count the cards Anki makes of a note, and the reviewer asks: sides and cloze gaps."""
    if isinstance(card, ClozeCard):
        return len(card.gaps or gap_numbers(card.text))
    if isinstance(card, BasicCard) and card.reverse:
        return 2
    return 1


@lru_cache(maxsize=4096)
def text_fingerprint(card: Card) -> str:
    """Hash what the author wrote of a card (not its place in the file): it changes on an edit."""
    if isinstance(card, BasicCard):
        written: tuple[object, ...] = ("basic", card.front, card.back, card.reverse)
    elif isinstance(card, ClozeCard):
        written = ("cloze", card.text, card.extra)
    else:
        written = ("computed", card.formula, card.entry, card.inputs, card.practice)
    return sha256(repr(written).encode()).hexdigest()[:16]


def section_tag(title: str) -> str:
    """Return the Anki tag that marks a card's notes section."""
    return f"section::{slugify(title) or 'untitled'}"


def card_tags(card: Card) -> tuple[str, ...]:
    """Return a card's tags: its own, its section's, and for computed cards their formula's."""
    tags = (*card.tags, section_tag(card.section))
    if isinstance(card, ComputedCard):
        tags = (*tags, "computed", card.formula)
    return tuple(dict.fromkeys(tags))


class Deck(NamedTuple):
    """A validated deck: its name, the notes it is drawn from, and its cards in file order."""

    name: str
    notes: Notes
    # Whole cards when parsed; ``StoredCards`` when loaded for review (each decoded when shown).
    cards: Sequence[Card]
    warnings: tuple[Problem, ...] = ()
    # The chapter card files a root card file lists (path as written, line, column), and the
    # package it names: read by the project (cards/project.py), empty in a chapter's file.
    chapters: tuple[tuple[str, int, int], ...] = ()
    package: tuple[str, int, int] | None = None
    # The formulas the card file declares: each as JSON (``Declaration.to_json``), with its
    # line and column.
    formulas: tuple[tuple[str, int, int], ...] = ()

    def summaries(self) -> tuple[CardSummary, ...]:
        """Return what choosing and planning a review need of each card: no text decoded."""
        if isinstance(self.cards, StoredCards):
            return self.cards.summaries
        return tuple(map(card_summary, self.cards))

    def tags(self) -> Tags:
        """Return each card's tags (``card_tags``), in file order."""
        if isinstance(self.cards, StoredCards):
            return self.cards.tags()
        return tuple(map(card_tags, self.cards))

    def card_count(self) -> int:
        """Count what is reviewed: each note's sides and cloze gaps (Anki's "cards")."""
        return sum(map(count_cards, self.cards))

    def in_notes_order(self) -> tuple[Card, ...]:
        """Return the cards ordered by their section's place in the notes, then file order."""
        return tuple(self.cards[index] for index in self.notes_order())

    def notes_order(self) -> list[int]:
        """Return the cards' positions ordered by their section's place in the notes."""
        stored = self.cards.summaries if isinstance(self.cards, StoredCards) else self.cards
        return self.notes.order_of([card.section for card in stored])


class CardSummary(NamedTuple):
    """What choosing and planning a review need of a card: no text, so thousands load fast.

    Its tags are apart (``Deck.tags``): only a review of one tag reads them.
    """

    id: str
    section: str
    reverse: bool
    gaps: tuple[int, ...]


def card_summary(card: Card) -> CardSummary:
    """Return what choosing and planning a review need of a card."""
    reverse = isinstance(card, BasicCard) and card.reverse
    gaps = (card.gaps or gap_numbers(card.text)) if isinstance(card, ClozeCard) else ()
    return CardSummary(card.id, card.section, reverse, gaps)


Tags = tuple[tuple[str, ...], ...]  # each card's tags, in order


class StoredCards(Sequence[Card]):
    """A deck's cards as the cache keeps them for review: each decoded when first asked for.

    A review shows a few dozen cards of a deck that may hold thousands: their summaries are
    read at once, each card's text when the session reaches it, and their tags (``tags``, a
    function that reads them) only for a review of one tag.
    """

    __slots__ = ("_bodies", "_decode", "_decoded", "_tags", "summaries")

    def __init__(
        self,
        summaries: tuple[CardSummary, ...],
        bodies: tuple[bytes, ...],
        decode: Callable[[bytes], Card],
        tags: Callable[[], Tags],
    ) -> None:
        self.summaries = summaries
        self._bodies = bodies
        self._decode = decode
        self._tags = tags
        self._decoded: dict[int, Card] = {}

    def __len__(self) -> int:
        return len(self._bodies)

    def tags(self) -> Tags:
        """Return every card's tags (``card_tags``), in order."""
        return self._tags()

    def keeping(self, positions: Sequence[int]) -> StoredCards:
        """Return only the cards at these positions, in this order (none decoded yet)."""
        summaries = tuple(self.summaries[position] for position in positions)

        def tags() -> Tags:
            every = self._tags()
            return tuple(every[position] for position in positions)

        bodies = tuple(self._bodies[position] for position in positions)
        return StoredCards(summaries, bodies, self._decode, tags)

    @overload
    def __getitem__(self, index: int) -> Card: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Card, ...]: ...

    def __getitem__(self, index: int | slice) -> Card | tuple[Card, ...]:
        if isinstance(index, slice):
            return tuple(self[position] for position in range(len(self))[index])
        position = range(len(self))[index]
        card = self._decoded.get(position)
        if card is None:
            card = self._decoded[position] = self._decode(self._bodies[position])
        return card
