"""The statistics of a course, as values: what ``stats`` prints, from the review database.

The statistics open the review database themselves (read-only when they can); today's plan, as
``review`` would make it, says what waits and is owed.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from fmflash.defaults import DEFAULT_NEW_PER_DAY
from fmflash.files.reasons import file_exists
from fmflash.review.log.counts import DayCount, ScheduleCounts
from fmflash.review.log.suspended import Suspension
from fmflash.review.log.today import Today
from fmflash.review.scheduling.schedule import Schedule
from fmflash.review.scheduling.scheduler import Scheduler
from fmflash.review.session.plan import Limits, plan_day
from fmflash.review.session.selection import Selection, open_project_store
from fmflash.review.stats.figures import (
    NOTHING_WAITS,
    Day,
    Stats,
    calendar_start,
    compute_stats,
    count_schedules,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from fmflash.review.session.items import Item


class CourseStats(NamedTuple):
    """The statistics of the selection, and of each chapter when the course has several."""

    whole: Stats
    chapters: tuple[tuple[str, Stats], ...]


def course_stats(
    selection: Selection, db_path: str, scheduler: Scheduler, *, day: date
) -> CourseStats:
    """Compute the statistics of the selection from the review database (if there is one).

    Suspended items are counted apart, in no state; today's plan says what waits and is owed.
    """
    keys, items, course = selection.keys, selection.items, selection.course
    counts: dict[int, list[DayCount]] = {}
    cached: ScheduleCounts | None = None
    schedules: dict[str, Schedule] = {}
    new_done = 0
    waits = NOTHING_WAITS
    # What was done counts whole, suspended cards' reviews too; states and dues leave them out.
    history = chapter_of = _chapters_of(selection, items)
    if file_exists(db_path):
        project = open_project_store(db_path, keys, read_only=True, caching=scheduler)
        store = project.store
        try:
            suspended = project.suspended()
            if suspended:
                items = tuple(item for item in items if item.item_id not in suspended)
                chapter_of = _chapters_of(selection, items)
            if len(course.chapters) == 1:  # counted in the cache, unless it is out of date
                cached = store.schedule_counts(scheduler, chapter_of)
            if cached is None:
                schedules = store.schedules(scheduler)
                graded: Iterable[str] = [
                    key for key, s in schedules.items() if key in chapter_of and s.due is not None
                ]
            else:
                graded = cached.graded
            counts = store.day_counts(calendar_start(day), history)
            today = project.today(day)
            new_done = today.new_done
            # The plan needs the dates of the cards due today only; of the others, that they
            # were graded (not new).
            due_today = project.due_dates(
                scheduler, by=day, schedules=schedules if cached is None else None
            )
            graded_items = {project.items[key] for key in graded}
            waits = _waits(selection, items, due_today, graded_items, today, day=day,
                           suspended=suspended)  # fmt: skip
        finally:
            store.close()
    notes = len({item.card_id for item in selection.items})
    every_count = [count for part in counts.values() for count in part]
    scheduled = cached.counts if cached is not None else count_schedules(chapter_of, schedules)
    whole = compute_stats(len(chapter_of), scheduled, every_count, day=day, notes=notes,
                          scheduler=scheduler.title, new_done_today=new_done,
                          today=waits)  # fmt: skip
    chapters: list[tuple[str, Stats]] = []
    if len(course.chapters) > 1:
        for index, part in enumerate(course.chapters):
            in_chapter = [keys[item.item_id] for item in items
                          if chapter_of[keys[item.item_id]] == index]  # fmt: skip
            cards = len({item.card_id for item in items
                         if chapter_of[keys[item.item_id]] == index})  # fmt: skip
            chapter_stats = compute_stats(
                len(in_chapter),
                count_schedules(in_chapter, schedules),
                counts.get(index, []),
                day=day,
                notes=cards,
                scheduler=scheduler.title,
            )
            chapters.append((part.deck.name, chapter_stats))
    return CourseStats(whole, tuple(chapters))


def _chapters_of(selection: Selection, items: tuple[Item[None], ...]) -> dict[str, int]:
    """Return each item's key in the database, and the chapter it is in.

    Reviews are counted by chapter, and only this selection's (no review is renamed).
    """
    keys, starts = selection.keys, selection.course.starts
    return {keys[item.item_id]: bisect_right(starts, item.position) - 1 for item in items}


def _waits(
    selection: Selection,
    items: tuple[Item[None], ...],
    due_today: dict[str, date],
    graded: set[str],
    today: Today,
    *,
    day: date,
    suspended: Mapping[str, Suspension],
) -> Day:
    """Say what today's plan holds back or owes: buried siblings, owed re-drills, suspended."""
    # As a review with the default new cards and no review limit would plan today.
    limits = Limits(new_per_day=DEFAULT_NEW_PER_DAY, reviews_per_day=len(items))
    planned = plan_day(items, due_today, day=day, today=today, limits=limits, graded=graded)
    buried_due = sum(item.item_id in due_today for item in planned.buried)
    chosen = {item.item_id for item in selection.items}
    return Day(
        buried_due=buried_due,
        buried=len(planned.buried),
        redrills_owed=sum(item_id in chosen for item_id in today.pending_redrills),
        new_available=sum(kind.value == "new" for _, kind in planned.queue),
        suspended=sum(item_id in chosen for item_id in suspended),
        leeches=tuple(
            item_id for item_id, why in suspended.items() if why.leech and item_id in chosen
        ),
    )
