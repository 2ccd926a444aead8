"""A review session as values: what to review today, in which order, and undo (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from fmflash.cards import BasicCard, Card
from fmflash.schedule import Kind, Schedule, needs_redrill

REVERSE_SUFFIX = "/reverse"


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to review: a card, or the reverse side of a card with ``reverse: true``."""

    item_id: str
    card: Card
    reverse: bool = False


def review_items(cards: Sequence[Card]) -> tuple[Item, ...]:
    """List review items in the order given (the notes' order), each reverse after its card."""
    items: list[Item] = []
    for card in cards:
        items.append(Item(card.id, card))
        if isinstance(card, BasicCard) and card.reverse:
            items.append(Item(card.id + REVERSE_SUFFIX, card, reverse=True))
    return tuple(items)


@dataclass(frozen=True, slots=True)
class Limits:
    """Daily limits: new cards introduced, and due reviews, per learner's day."""

    new_per_day: int = 20
    reviews_per_day: int = 200


@dataclass(frozen=True, slots=True)
class Today:
    """What earlier sessions of the same day did: counts, and cards still to re-drill."""

    new_done: int = 0
    reviews_done: int = 0
    pending_redrills: tuple[str, ...] = ()


def plan(
    items: Sequence[Item],
    schedules: Mapping[str, Schedule],
    *,
    day: date,
    today: Today = Today(),
    limits: Limits = Limits(),
) -> tuple[tuple[Item, Kind], ...]:
    """Queue today's work: due cards (most overdue first), new cards, then open re-drills."""
    order = {item.item_id: index for index, item in enumerate(items)}
    due = [
        item
        for item in items
        if (schedule := schedules.get(item.item_id)) is not None
        and schedule.due is not None
        and schedule.due <= day
    ]
    due.sort(key=lambda item: (schedules[item.item_id].due, order[item.item_id]))
    due = due[: max(0, limits.reviews_per_day - today.reviews_done)]
    new = [item for item in items if schedules.get(item.item_id, Schedule()).is_new]
    new = new[: max(0, limits.new_per_day - today.new_done)]
    by_id = {item.item_id: item for item in items}
    redrill = [by_id[item_id] for item_id in today.pending_redrills if item_id in by_id]
    return (
        *((item, Kind.DUE) for item in due),
        *((item, Kind.NEW) for item in new),
        *((item, Kind.REDRILL) for item in redrill),
    )


@dataclass(frozen=True, slots=True)
class Step:
    """A grade given in this session, kept so it can be undone."""

    item: Item
    kind: Kind
    quality: int
    review_id: int
    requeued: bool


@dataclass(frozen=True, slots=True)
class Session:
    """The queue still to review and the grades given so far."""

    queue: tuple[tuple[Item, Kind], ...]
    steps: tuple[Step, ...] = ()

    def current(self) -> tuple[Item, Kind] | None:
        """Return the card to show now, or None when the session is done."""
        return self.queue[0] if self.queue else None

    def remaining(self) -> Counter[Kind]:
        """Count what is left by kind (new / re-drill / due)."""
        return Counter(kind for _, kind in self.queue)

    def graded(self, quality: int, review_id: int) -> Session:
        """Return the session after grading the current card; below 4 it comes back later."""
        item, kind = self.queue[0]
        requeued = needs_redrill(quality)
        queue = self.queue[1:] + (((item, Kind.REDRILL),) if requeued else ())
        step = Step(item, kind, quality, review_id, requeued)
        return replace(self, queue=queue, steps=(*self.steps, step))

    def undone(self) -> tuple[Session, Step] | None:
        """Return the session before the last grade and that grade, or None if none is left."""
        if not self.steps:
            return None
        step = self.steps[-1]
        queue = list(self.queue)
        if step.requeued:
            last = max(i for i, (item, kind) in enumerate(queue)
                       if item == step.item and kind is Kind.REDRILL)  # fmt: skip
            del queue[last]
        queue.insert(0, (step.item, step.kind))
        return replace(self, queue=tuple(queue), steps=self.steps[:-1]), step


def select_items(
    items: Sequence[Item],
    *,
    section: str | None,
    tag: str | None,
    tags_of: Mapping[str, tuple[str, ...]],
    parents_of: Mapping[str, tuple[str, ...]],
) -> tuple[Item, ...]:
    """Keep items of a notes section (with its subsections) and/or with a tag."""
    chosen = tuple(items)
    if section is not None:
        chosen = tuple(
            item
            for item in chosen
            if item.card.section == section or section in parents_of.get(item.card.section, ())
        )
    if tag is not None:
        chosen = tuple(item for item in chosen if tag in tags_of.get(item.card.id, ()))
    return chosen
