"""Today's plan as values: what to review today, in which order, siblings buried (pure).

The session that works through it (its queue, the grades given, undo) is ``queue.py``.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, Generic, NamedTuple, TypeVar

from fmflash.defaults import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from fmflash.review.log.today import NOTHING_DONE, Today
from fmflash.review.scheduling.schedule import Reason
from fmflash.review.session.items import Item, card_id_of

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
