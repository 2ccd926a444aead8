"""A review session as values: the queue still to review, the grades given, and undo (pure).

What the queue starts with is today's plan (``plan.py``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fmflash.review.scheduling.grades import Grade
from fmflash.review.scheduling.schedule import Reason, needs_redrill
from fmflash.review.session.items import Item

if TYPE_CHECKING:
    from fmflash.cards.model import Card


def _again(kind: Reason) -> Reason:
    """Say how a card graded below 4 comes back: crammed again, or as a re-drill."""
    return Reason.CRAM if kind is Reason.CRAM else Reason.REDRILL


@dataclass(frozen=True, slots=True)
class Step:
    """A grade given in this session, kept so it can be undone."""

    item: Item[Card]
    kind: Reason
    grade: Grade
    review_id: int
    requeued: bool


@dataclass(frozen=True, slots=True)
class Session:
    """The queue still to review and the grades given so far."""

    queue: tuple[tuple[Item[Card], Reason], ...]
    steps: tuple[Step, ...] = ()
    # How many of each kind the queue holds, kept up to date rather than counted per card.
    left: Counter[Reason] = field(default_factory=Counter, compare=False)

    def __post_init__(self) -> None:
        if not self.left and self.queue:
            object.__setattr__(self, "left", Counter(kind for _, kind in self.queue))

    def current(self) -> tuple[Item[Card], Reason] | None:
        """Return the card to show now, or None when the session is done."""
        return self.queue[0] if self.queue else None

    def remaining(self) -> Counter[Reason]:
        """Count what is left by kind (new / re-drill / due)."""
        return self.left

    def graded(self, grade: Grade, review_id: int) -> Session:
        """Return the session after grading the current card; below 4 it comes back later."""
        item, kind = self.queue[0]
        requeued = needs_redrill(grade)
        again = _again(kind)
        queue = self.queue[1:] + (((item, again),) if requeued else ())
        step = Step(item, kind, grade, review_id, requeued)
        left = self.left.copy()
        left[kind] -= 1
        left[again] += requeued
        return Session(queue, (*self.steps, step), left)

    def without(self, item_id: str) -> Session:
        """Return the session with an item taken out of its queue (suspended), re-drills too."""
        queue = tuple((item, kind) for item, kind in self.queue if item.item_id != item_id)
        return Session(queue, self.steps)

    def with_card(self, card: Card) -> Session:
        """Return the session with a card read again (edited) wherever its items are queued."""
        queue = tuple(
            (item.loaded(card) if item.card_id == card.id else item, reason)
            for item, reason in self.queue
        )
        return Session(queue, self.steps, self.left)

    def redrills_only(self) -> Session:
        """Return the session with only its re-drills left (the learner asked to finish them)."""
        return Session(
            tuple(entry for entry in self.queue if entry[1] is Reason.REDRILL), self.steps
        )

    def undone(self) -> tuple[Session, Step] | None:
        """Return the session before the last grade and that grade, or None if none is left."""
        if not self.steps:
            return None
        step = self.steps[-1]
        queue = list(self.queue)
        again = _again(step.kind)
        if step.requeued:
            last = max(i for i, (item, kind) in enumerate(queue)
                       if item == step.item and kind is again)  # fmt: skip
            del queue[last]
        queue.insert(0, (step.item, step.kind))
        left = self.left.copy()
        left[step.kind] += 1
        left[again] -= step.requeued
        return Session(tuple(queue), self.steps[:-1], left), step
