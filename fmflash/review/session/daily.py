"""A day's review and statistics of a course, as values: what ``review`` and ``stats`` print.

Each function takes what the command read (the selection, the store or the database's path, the
day) and returns the values the command shows; the statistics and the comparison open the
review database themselves (read-only when they can). Only the terminal loop is left to the
command.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fmflash.files import file_exists
from fmflash.review.log.counts import DayCount, ScheduleCount
from fmflash.review.scheduling.schedule import Reason, Schedule
from fmflash.review.scheduling.scheduler import SM2, FsrsParameters, Scheduler, SchedulerName
from fmflash.review.session.outlook import outlook, why_nothing
from fmflash.review.session.plan import DEFAULT_LIMITS, Limits, Session, plan
from fmflash.review.session.selection import Selection, open_project_store
from fmflash.review.session.summary import summarise
from fmflash.review.stats.evaluation import Evaluation, render_evaluation, training_data
from fmflash.review.stats.figures import Stats, calendar_start, compute_stats, count_schedules

if TYPE_CHECKING:
    from fmflash.cards.model import Card
    from fmflash.review.session.course import ProjectStore
    from fmflash.review.session.items import Item
    from fmflash.review.stats.compare import Simulation


def _due(items: tuple[Item[None], ...], due_dates: dict[str, date]) -> list[date]:
    return [due for item in items if (due := due_dates.get(item.item_id)) is not None]


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """Today's queue, each card loaded; or, when it is empty, what to say instead."""

    queue: tuple[tuple[Item[Card], Reason], ...]
    nothing: tuple[str, ...]
    # Every graded item's due day before the session, by item id.
    due_dates: dict[str, date]


def plan_review(
    selection: Selection,
    store: ProjectStore,
    scheduler: Scheduler,
    *,
    day: date,
    limits: Limits = DEFAULT_LIMITS,
) -> ReviewPlan:
    """Plan today's review of the selection; only the cards of its queue are loaded whole."""
    items, scope = selection.items, selection.scope
    due_dates = store.due_dates(scheduler)
    today = store.today(day)
    planned = plan(items, due_dates, day=day, today=today, limits=limits)
    if not planned:
        reasons = why_nothing(items, due_dates, day=day, today=today, limits=limits, scope=scope)
        lines = [f"Nothing to review now{scope}.", *(f"- {reason}" for reason in reasons)]
        if items:
            lines.append(outlook(_due(items, due_dates), day=day, scope=scope))
        return ReviewPlan((), tuple(lines), due_dates)
    cards = {item.position: selection.course.card(item.position) for item, _ in planned}
    queue = tuple((item.loaded(cards[item.position]), kind) for item, kind in planned)
    return ReviewPlan(queue, (), due_dates)


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
    # Grades move due dates: read them again, unless the learner quit at once.
    after = store.due_dates(scheduler) if finished.steps else plan.due_dates
    owed = len({item.item_id for item, kind in finished.queue if kind is Reason.REDRILL})
    summary = summarise(finished.steps, redrills_owed=owed)
    lines = [*summary, outlook(_due(selection.items, after), day=day, scope=selection.scope)]
    if scheduler.parameters is not None:  # say whose memory the due dates are fitted to
        lines.append(f"Scheduled by {scheduler.title}.")
    return lines


@dataclass(frozen=True, slots=True)
class CourseStats:
    """The statistics of the selection, and of each chapter when the course has several."""

    whole: Stats
    chapters: tuple[tuple[str, Stats], ...]


def course_stats(
    selection: Selection, db_path: str, scheduler: Scheduler, *, day: date
) -> CourseStats:
    """Compute the statistics of the selection from the review database (if there is one)."""
    keys, items, course = selection.keys, selection.items, selection.course
    # Each chosen item's key in the database, and the chapter it is in: reviews are counted
    # by chapter, and only this selection's (no review is renamed).
    chapter_of = {keys[item.item_id]: bisect_right(course.starts, item.position) - 1
                  for item in items}  # fmt: skip
    counts: dict[int, list[DayCount]] = {}
    scheduled: list[ScheduleCount] | None = None
    schedules: dict[str, Schedule] = {}
    new_done = 0
    if file_exists(db_path):
        store = open_project_store(db_path, keys, read_only=True, caching=scheduler).store
        try:
            if len(course.chapters) == 1:  # counted in the cache, unless it is out of date
                scheduled = store.schedule_counts(scheduler, chapter_of)
            if scheduled is None:
                schedules = store.schedules(scheduler)
            counts = store.day_counts(calendar_start(day), chapter_of)
            new_done = store.today(day, set(keys.values())).new_done
        finally:
            store.close()
    notes = len({item.card_id for item in items})
    every_count = [count for part in counts.values() for count in part]
    if scheduled is None:
        scheduled = count_schedules(chapter_of, schedules)
    whole = compute_stats(len(chapter_of), scheduled, every_count, day=day, notes=notes,
                          scheduler=scheduler.title, new_done_today=new_done)  # fmt: skip
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


@dataclass(frozen=True, slots=True)
class Comparison:
    """What stats --compare shows: every model scored on the learner's answers, then the days
    ahead simulated under SM-2 and FSRS (with the learner's parameters when saved)."""

    simulations: tuple[Simulation, ...]
    model: FsrsParameters | None  # the learner's saved parameters; None: FSRS-6's defaults
    evaluation: Evaluation | None
    no_evaluation: str  # why there is no evaluation yet ("" when there is one)
    new_per_day: int
    new_today: int  # the new cards still allowed today, which the first simulated day takes

    def lines(self) -> list[str]:
        """Render the scores (or why there are none yet), then the simulation."""
        from fmflash.review.stats.compare import render_comparison

        if self.evaluation is not None:
            scores = render_evaluation(self.evaluation)
        else:
            scores = [f"No scores on your answers yet: {self.no_evaluation}."]
        simulated = render_comparison(self.simulations, new_per_day=self.new_per_day,
                                      new_today=self.new_today, model=self.model)  # fmt: skip
        return [*scores, "", *simulated]

    def as_dict(self) -> dict[str, object]:
        """Return the comparison as plain JSON-ready values."""
        from fmflash.review.stats.compare import comparison_dict

        evaluation = self.evaluation.as_dict() if self.evaluation is not None else None
        data: dict[str, object] = {"evaluation": evaluation}
        if self.evaluation is None:
            data["no_evaluation"] = self.no_evaluation
        data.update(comparison_dict(self.simulations, new_per_day=self.new_per_day,
                                    new_today=self.new_today, model=self.model))  # fmt: skip
        return data


def compare_on_log(
    selection: Selection, db_path: str, scheduler: Scheduler, *, day: date, days: int
) -> Comparison:
    """Score the models on the learner's log, then simulate SM-2 and FSRS side by side.

    FSRS, and the memory model that measures both, take the learner's saved parameters.
    New cards come at the review default; the first simulated day introduces the new cards
    still allowed today (the day's real allowance, as ``stats`` shows it).
    """
    from fmflash.review.stats.compare import compare
    from fmflash.review.stats.fsrs_optimizer import Fit, fit_or_reason

    logs = {}
    new_done = 0
    model = None
    if file_exists(db_path):
        store = open_project_store(db_path, selection.keys)
        try:
            logs = store.reviews_by_item()
            new_done = store.today(day).new_done
            model = store.store.fsrs_parameters()
        finally:
            store.close()
    fitted = fit_or_reason(training_data(logs))
    evaluation = fitted.evaluation if isinstance(fitted, Fit) else None
    no_evaluation = fitted if isinstance(fitted, str) else ""
    item_ids = [item.item_id for item in selection.items]
    fsrs = Scheduler(SchedulerName.FSRS, scheduler.retention, model)
    new_per_day = DEFAULT_LIMITS.new_per_day
    new_today = max(0, new_per_day - new_done)
    simulations = compare(item_ids, logs, (SM2, fsrs), day=day, days=days,
                          new_per_day=new_per_day, new_today=new_today, model=model)  # fmt: skip
    return Comparison(tuple(simulations), model, evaluation, no_evaluation, new_per_day,
                      new_today)  # fmt: skip
