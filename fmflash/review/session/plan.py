"""A review session as values: what to review today, in which order, and undo (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from fmflash.defaults import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from fmflash.review.log.today import NOTHING_DONE, Today
from fmflash.review.scheduling.grades import Grade
from fmflash.review.scheduling.schedule import Reason, needs_redrill
from fmflash.review.session.items import Item, card_id_of

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


class DayPlan(NamedTuple, Generic[Planned]):
    """Today's queue, and the items buried today: a sibling of theirs is shown today."""

    queue: tuple[tuple[Planned, Reason], ...]
    buried: tuple[Planned, ...]


def plan_day(
    items: Sequence[Planned],
    due_dates: Mapping[str, date],
    *,
    day: date,
    today: Today = NOTHING_DONE,
    limits: Limits = DEFAULT_LIMITS,
    graded: Container[str] | None = None,
) -> DayPlan[Planned]:
    """Plan today's work: due cards (most overdue first), new cards, then open re-drills.

    ``due_dates`` has the next due day of every card graded so far; the others are new. With
    ``graded`` (every card graded so far), ``due_dates`` needs only the cards due by ``day``.
    Siblings (the items of one card) are buried as in Anki: once one of them is graded or
    queued today, the others wait for the next day; a card's own re-drills still come.
    """
    shown = {card_id_of(item_id) for item_id in today.graded}
    buried: list[Planned] = []

    def first_of_its_card(item: Planned) -> bool:
        if item.card_id in shown:
            buried.append(item)
            return False
        shown.add(item.card_id)
        return True

    due = [item for item in items if (when := due_dates.get(item.item_id)) and when <= day]
    due.sort(key=lambda item: due_dates[item.item_id])  # stable: ties keep the notes' order
    due_room = max(0, limits.reviews_per_day - today.reviews_done)
    chosen_due: list[Planned] = []
    for item in due:
        if len(chosen_due) == due_room:
            break
        if first_of_its_card(item):
            chosen_due.append(item)
    new_wanted = max(0, limits.new_per_day - today.new_done)
    seen = due_dates if graded is None else graded
    unseen = (item for item in items if item.item_id not in seen)
    new = list(islice((item for item in unseen if first_of_its_card(item)), new_wanted))
    redrill: list[Planned] = []
    if today.pending_redrills:
        by_id = {item.item_id: item for item in items}
        redrill = [by_id[item_id] for item_id in today.pending_redrills if item_id in by_id]
    queue = (
        *((item, Reason.DUE) for item in chosen_due),
        *((item, Reason.NEW) for item in new),
        *((item, Reason.REDRILL) for item in redrill),
    )
    return DayPlan(queue, tuple(buried))


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
