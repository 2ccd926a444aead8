"""A day's review of a course, as values: the plan ``review`` follows and the summary it prints.

Each function takes what the command read (the selection, the store, the day) and returns the
values the command shows. Only the terminal loop is left to the command; ``course_stats.py``
holds what ``stats`` prints and ``comparison.py`` stats --compare, so that a review start loads
neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from fmflash.review.scheduling.schedule import Reason
from fmflash.review.scheduling.scheduler import Scheduler
from fmflash.review.session.outlook import outlook, why_nothing
from fmflash.review.session.plan import DEFAULT_LIMITS, Limits, plan_day
from fmflash.review.session.queue import Session
from fmflash.review.session.selection import Selection
from fmflash.review.session.summary import summarise

if TYPE_CHECKING:
    from fmflash.cards.model import Card
    from fmflash.review.session.course import ProjectStore
    from fmflash.review.session.items import Item


def _due(
    items: tuple[Item[None], ...], due_dates: dict[str, date], *, buried: frozenset[str], day: date
) -> list[date]:
    """Return the due days of the graded items; a buried sibling's is moved to tomorrow."""
    tomorrow = day + timedelta(days=1)
    return [
        max(due, tomorrow) if item.item_id in buried else due
        for item in items
        if (due := due_dates.get(item.item_id)) is not None
    ]


def studied(selection: Selection, store: ProjectStore) -> tuple[Item[None], ...]:
    """Return the selection's items less the suspended ones: they are never shown."""
    suspended = store.suspended()
    if not suspended:
        return selection.items
    return tuple(item for item in selection.items if item.item_id not in suspended)


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """Today's queue, each card loaded; or, when it is empty, what to say instead."""

    queue: tuple[tuple[Item[Card], Reason], ...]
    nothing: tuple[str, ...]
    # Every graded item's due day before the session, by item id.
    due_dates: dict[str, date]
    # The items buried today: a sibling of theirs was graded or is queued today.
    buried: frozenset[str] = frozenset()


def plan_review(
    selection: Selection,
    store: ProjectStore,
    scheduler: Scheduler,
    *,
    day: date,
    limits: Limits = DEFAULT_LIMITS,
) -> ReviewPlan:
    """Plan today's review of the selection; only the cards of its queue are loaded whole."""
    items, scope = studied(selection, store), selection.scope
    due_dates = store.due_dates(scheduler)
    today = store.today(day)
    day_plan = plan_day(items, due_dates, day=day, today=today, limits=limits)
    planned = day_plan.queue
    buried = frozenset(item.item_id for item in day_plan.buried)
    if not planned:
        reasons = why_nothing(items, due_dates, day=day, today=today, limits=limits, scope=scope,
                              buried=buried)  # fmt: skip
        lines = [f"Nothing to review now{scope}.", *(f"- {reason}" for reason in reasons)]
        if items:
            due = _due(items, due_dates, buried=buried, day=day)
            lines.append(outlook(due, day=day, scope=scope))
        return ReviewPlan((), tuple(lines), due_dates, buried)
    cards = {item.position: selection.course.card(item.position) for item, _ in planned}
    queue = tuple((item.loaded(cards[item.position]), kind) for item, kind in planned)
    return ReviewPlan(queue, (), due_dates, buried)


def plan_cram(selection: Selection, store: ProjectStore) -> ReviewPlan:
    """Plan a cram: every card of the selection, due or not, in the notes' order (not suspended)."""
    items = studied(selection, store)
    if not items:
        return ReviewPlan((), (f"Nothing to cram{selection.scope}: no card to review.",), {})
    course = selection.course
    queue = tuple((item.loaded(course.card(item.position)), Reason.CRAM) for item in items)
    return ReviewPlan(queue, (), {})


def after_review(
    selection: Selection,
    store: ProjectStore,
    scheduler: Scheduler,
    finished: Session,
    *,
    plan: ReviewPlan,
    day: date,
) -> list[str]:
    """Sum up a finished session: its grades, re-drills still owed, and what lies ahead."""
    # Grades move due dates and bury siblings: read them again, unless nothing was graded.
    after, buried = plan.due_dates, plan.buried
    items = studied(selection, store)
    if finished.steps or not after:
        after = store.due_dates(scheduler)
        later = plan_day(items, after, day=day, today=store.today(day))
        buried = frozenset(item.item_id for item in later.buried)
    owed = len({item.item_id for item, kind in finished.queue if kind is Reason.REDRILL})
    summary = summarise(finished.steps, redrills_owed=owed)
    due = _due(items, after, buried=buried, day=day)
    lines = [*summary, outlook(due, day=day, scope=selection.scope)]
    if scheduler.parameters is not None:  # say whose memory the due dates are fitted to
        lines.append(f"Scheduled by {scheduler.title}.")
    return lines
