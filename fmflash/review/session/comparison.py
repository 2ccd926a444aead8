"""stats --compare as values: the models scored on the learner's answers, the days simulated.

It opens the review database itself (read-only when it can), as the statistics do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fmflash.files.reasons import file_exists
from fmflash.review.log.today import NOTHING_DONE
from fmflash.review.scheduling.scheduler import SM2, FsrsParameters, Scheduler, SchedulerName
from fmflash.review.session.daily import studied
from fmflash.review.session.plan import DEFAULT_LIMITS, Limits, plan_day
from fmflash.review.session.selection import Selection, open_project_store
from fmflash.review.stats.evaluation import Evaluation, render_evaluation, training_data

if TYPE_CHECKING:
    from fmflash.review.stats.compare import Simulation


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
    today's plan offers (as ``stats`` shows them: the allowance left, siblings buried).
    Suspended cards are left out.
    """
    from fmflash.review.stats.compare import compare
    from fmflash.review.stats.fsrs_optimizer import Fit, fit_or_reason

    logs = {}
    model = None
    items = selection.items
    due_dates: dict[str, date] = {}
    today = NOTHING_DONE
    if file_exists(db_path):
        store = open_project_store(db_path, selection.keys)
        try:
            logs = store.reviews_by_item()
            items = studied(selection, store)
            due_dates = store.due_dates(scheduler)
            today = store.today(day)
            model = store.store.fsrs_parameters()
        finally:
            store.close()
    fitted = fit_or_reason(training_data(logs))
    evaluation = fitted.evaluation if isinstance(fitted, Fit) else None
    no_evaluation = fitted if isinstance(fitted, str) else ""
    item_ids = [item.item_id for item in items]
    fsrs = Scheduler(SchedulerName.FSRS, scheduler.retention, model)
    new_per_day = DEFAULT_LIMITS.new_per_day
    limits = Limits(new_per_day=new_per_day, reviews_per_day=len(items))
    planned = plan_day(items, due_dates, day=day, today=today, limits=limits)
    new_today = sum(kind.value == "new" for _, kind in planned.queue)
    simulations = compare(item_ids, logs, (SM2, fsrs), day=day, days=days,
                          new_per_day=new_per_day, new_today=new_today, model=model)  # fmt: skip
    return Comparison(tuple(simulations), model, evaluation, no_evaluation, new_per_day,
                      new_today)  # fmt: skip
