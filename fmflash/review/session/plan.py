"""A review session as values: what to review today, in which order, and undo (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from fmflash.defaults import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from fmflash.review.log.today import NOTHING_DONE, Today
from fmflash.review.scheduling.grades import Grade
from fmflash.review.scheduling.schedule import Reason, needs_redrill
from fmflash.review.session.items import Item

if TYPE_CHECKING:
    from fmflash.cards.model import Card

# The queue holds items with their cards; planning works on items without them too.
Planned = TypeVar("Planned", bound="Item[Any]")


@dataclass(frozen=True, slots=True)
class Limits:
    """Daily limits: new cards introduced, and due reviews, per learner's day."""

    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY


DEFAULT_LIMITS = Limits()


def plan(
    items: Sequence[Planned],
    due_dates: Mapping[str, date],
    *,
    day: date,
    today: Today = NOTHING_DONE,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[tuple[Planned, Reason], ...]:
    """Queue today's work: due cards (most overdue first), new cards, then open re-drills.

    ``due_dates`` has the next due day of every card graded so far; the others are new.
    """
    due = [item for item in items if (when := due_dates.get(item.item_id)) and when <= day]
    due.sort(key=lambda item: due_dates[item.item_id])  # stable: ties keep the notes' order
    due = due[: max(0, limits.reviews_per_day - today.reviews_done)]
    new_wanted = max(0, limits.new_per_day - today.new_done)
    new = list(islice((item for item in items if item.item_id not in due_dates), new_wanted))
    redrill: list[Planned] = []
    if today.pending_redrills:
        by_id = {item.item_id: item for item in items}
        redrill = [by_id[item_id] for item_id in today.pending_redrills if item_id in by_id]
    return (
        *((item, Reason.DUE) for item in due),
        *((item, Reason.NEW) for item in new),
        *((item, Reason.REDRILL) for item in redrill),
    )


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
        queue = self.queue[1:] + (((item, Reason.REDRILL),) if requeued else ())
        step = Step(item, kind, grade, review_id, requeued)
        left = self.left.copy()
        left[kind] -= 1
        left[Reason.REDRILL] += requeued
        return Session(queue, (*self.steps, step), left)

    def undone(self) -> tuple[Session, Step] | None:
        """Return the session before the last grade and that grade, or None if none is left."""
        if not self.steps:
            return None
        step = self.steps[-1]
        queue = list(self.queue)
        if step.requeued:
            last = max(i for i, (item, kind) in enumerate(queue)
                       if item == step.item and kind is Reason.REDRILL)  # fmt: skip
            del queue[last]
        queue.insert(0, (step.item, step.kind))
        left = self.left.copy()
        left[step.kind] += 1
        left[Reason.REDRILL] -= step.requeued
        return Session(tuple(queue), self.steps[:-1], left), step


def select_items(
    items: Sequence[Planned],
    *,
    section: str | None,
    tag: str | None,
    tags_of: Mapping[str, tuple[str, ...]],
    parents_of: Mapping[str, tuple[str, ...]],
) -> tuple[Planned, ...]:
    """Keep the items of a notes section (with its subsections) and/or of cards with a tag."""
    chosen = tuple(items)
    if section is not None:
        chosen = tuple(
            item
            for item in chosen
            if item.section == section or section in parents_of.get(item.section, ())
        )
    if tag is not None:
        chosen = tuple(item for item in chosen if tag in tags_of.get(item.card_id, ()))
    return chosen
