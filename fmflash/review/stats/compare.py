"""SM-2 and FSRS side by side on the learner's own log: the next days simulated (pure).

Both schedulers replay the same log; then the next N days are simulated under each, and every
simulated review is measured with one memory model, FSRS-6's (with the learner's parameters
when saved, else the defaults), so the figures of the two are comparable. What the simulation
assumes is said by ``assumptions``, and printed with the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fmflash.review.scheduling.fsrs_replay import (
    PARAMETERS,
    at_day,
    memory_after,
    recall,
    review_memory,
)
from fmflash.review.scheduling.grades import Sm2Grade
from fmflash.review.scheduling.schedule import FsrsMemory, Review
from fmflash.review.scheduling.scheduler import (
    FsrsParameters,
    Scheduler,
    SchedulerName,
    graded_in_order,
    review_sm2,
)
from fmflash.sm2 import Sm2State
from fmflash.text import count_phrase

SIMULATED_GRADE = Sm2Grade.RIGHT_HESITATED  # 4, which FSRS reads as Good


def model_title(model: FsrsParameters | None) -> str:
    """Name the memory model: FSRS-6 with its default parameters, or with the learner's."""
    return f"FSRS-6 with {model.title if model is not None else 'its default parameters'}"


def assumptions(
    new_per_day: int, new_today: int | None = None, model: FsrsParameters | None = None
) -> tuple[str, ...]:
    """Say plainly what the simulation assumes."""
    first = "" if new_today is None else f" (today {new_today}, as stats says)"
    return (
        "Both schedulers start from the same review log, each with the schedule it derives.",
        "Every card due on a day is reviewed that day (no daily review limit), at noon UTC.",
        f"New cards are introduced {new_per_day} a day{first}, in the notes' order, under both.",
        "Every simulated review is answered right, graded 4 (FSRS's Good): the simulation "
        "counts the work each scheduler asks for, it does not invent forgetting.",
        f"Recall at each review is the prediction of {model_title(model)}, the same memory "
        "model for both schedulers, from the card's reviews so far; a new card's first "
        "review has none.",
        "Re-drills of the same day are not simulated, and siblings are not buried.",
    )


@dataclass(frozen=True, slots=True)
class SimulatedDay:
    """One simulated day: reviews of cards seen before, new cards, and their mean recall."""

    day: date
    reviews: int
    new: int
    recall: float | None  # mean predicted recall of the day's reviews (None: no review)


@dataclass(frozen=True, slots=True)
class Simulation:
    """The next days under one scheduler."""

    scheduler: Scheduler
    days: tuple[SimulatedDay, ...]

    @property
    def reviews(self) -> int:
        """Count every simulated review of a card seen before."""
        return sum(day.reviews for day in self.days)

    @property
    def mean_recall(self) -> float | None:
        """Return the mean predicted recall over every simulated review."""
        weighted = [(d.recall, d.reviews) for d in self.days if d.recall is not None]
        total = sum(count for _, count in weighted)
        return sum(r * count for r, count in weighted) / total if total else None


@dataclass(slots=True)
class _Card:
    due: date | None
    sm2: Sm2State
    memory: FsrsMemory | None  # the memory model's, since the card's last review (None: new)
    last_review: datetime | None


def compare(
    item_ids: Sequence[str],
    logs: Mapping[str, Sequence[Review]],
    schedulers: Sequence[Scheduler],
    *,
    day: date,
    days: int,
    new_per_day: int,
    new_today: int | None = None,
    model: FsrsParameters | None = None,
) -> list[Simulation]:
    """Simulate the same days under each scheduler, from one replay of each card's log.

    ``new_today`` is the new cards still allowed on ``day`` itself (``new_per_day`` if None).
    ``model`` is the memory model's parameters (None: FSRS-6's defaults). FSRS's memory of a
    card does not depend on the desired retention, so one FSRS replay with the model's
    parameters gives the memory model's starting point and the FSRS schedule.
    """
    if any(s.name is SchedulerName.FSRS and s.parameters != model for s in schedulers):
        raise ValueError("FSRS is simulated with the memory model's own parameters")
    values = model.values if model is not None else None
    starts: dict[Scheduler, dict[str, _Card]] = {scheduler: {} for scheduler in schedulers}
    for item_id in item_ids:
        graded = graded_in_order(logs.get(item_id, ()))
        schedules = {scheduler: scheduler.replay(graded) for scheduler in schedulers}
        memory = None
        if graded:
            fsrs = next((s.memory for scheduler, s in schedules.items()
                         if isinstance(s.memory, FsrsMemory) and scheduler.parameters == model),
                        None)  # fmt: skip
            memory = fsrs if fsrs is not None else memory_after(graded, values)
        last_review = at_day(graded[-1].day) if graded else None
        for scheduler, schedule in schedules.items():
            sm2 = schedule.memory if isinstance(schedule.memory, Sm2State) else Sm2State()
            starts[scheduler][item_id] = _Card(schedule.due, sm2, memory, last_review)
    return [
        _simulate(item_ids, starts[scheduler], scheduler, day=day, days=days,
                  new_per_day=new_per_day, new_today=new_today, model=values)
        for scheduler in schedulers
    ]  # fmt: skip


def _simulate(
    item_ids: Sequence[str],
    cards: dict[str, _Card],
    scheduler: Scheduler,
    *,
    day: date,
    days: int,
    new_per_day: int,
    new_today: int | None,
    model: tuple[float, ...] | None,
) -> Simulation:
    unseen = [item_id for item_id in item_ids if cards[item_id].due is None]
    simulated = []
    for offset in range(days):
        today = day + timedelta(days=offset)
        at = at_day(today)
        due = [c for c in cards.values() if c.due is not None and c.due <= today]
        recalls = [
            recall(card.memory, at, last_review=card.last_review, parameters=model)
            for card in due
            if card.memory is not None and card.last_review is not None
        ]
        allowed = new_per_day if offset or new_today is None else new_today
        new = [cards[item_id] for item_id in unseen[:allowed]]
        del unseen[:allowed]
        for card in (*due, *new):
            _review(card, scheduler, today, at, model)
        mean = sum(recalls) / len(recalls) if recalls else None
        simulated.append(SimulatedDay(today, len(due), len(new), mean))
    return Simulation(scheduler, tuple(simulated))


def _review(
    card: _Card, scheduler: Scheduler, today: date, at: datetime, model: tuple[float, ...] | None
) -> None:
    card.memory, model_interval = review_memory(
        card.memory, SIMULATED_GRADE, at, last_review=card.last_review,
        retention=scheduler.retention, parameters=model,
    )  # fmt: skip
    card.last_review = at
    if scheduler.name is SchedulerName.FSRS:  # FSRS schedules with the model's parameters
        card.due = today + timedelta(days=model_interval)
        return
    card.sm2 = review_sm2(card.sm2, SIMULATED_GRADE)
    card.due = today + timedelta(days=card.sm2.interval)


def _day_dict(simulated: SimulatedDay) -> dict[str, object]:
    return {
        "day": simulated.day.isoformat(),
        "reviews": simulated.reviews,
        "new": simulated.new,
        "recall": simulated.recall,
    }


def comparison_dict(
    simulations: Sequence[Simulation],
    *,
    new_per_day: int,
    new_today: int | None = None,
    model: FsrsParameters | None = None,
) -> dict[str, object]:
    """Return the comparison as plain JSON-ready values."""
    parameters = list(model.values) if model is not None else list(PARAMETERS)
    return {
        "memory_model": {"name": "FSRS-6", "title": model_title(model), "parameters": parameters},
        "assumptions": list(assumptions(new_per_day, new_today, model)),
        "schedulers": {
            s.scheduler.name.value: {
                "title": s.scheduler.title,
                "reviews": s.reviews,
                "mean_recall": s.mean_recall,
                "daily": [_day_dict(d) for d in s.days],
            }
            for s in simulations
        },
    }


def render_comparison(
    simulations: Sequence[Simulation],
    *,
    new_per_day: int,
    new_today: int | None = None,
    model: FsrsParameters | None = None,
) -> list[str]:
    """Render the comparison as lines: a table, one line a day, then totals and assumptions."""
    first, second = simulations
    lines = [
        f"The next {len(first.days)} days under {first.scheduler.title} and "
        f"{second.scheduler.title} (reviews of cards seen before, and their mean predicted "
        "recall):",
        "",
        f"{'day':<10} {'SM-2':>7} {'recall':>6}  {'FSRS':>7} {'recall':>6}  new",
    ]

    def cell(simulated: SimulatedDay) -> str:
        shown = f"{simulated.recall:.0%}" if simulated.recall is not None else "-"
        return f"{simulated.reviews:>7} {shown:>6}"

    for one, other in zip(first.days, second.days, strict=True):
        lines.append(f"{one.day.strftime('%a %d %b')} {cell(one)}  {cell(other)}  {one.new:>3}")
    for simulation in simulations:
        mean = simulation.mean_recall
        recall_text = f", mean predicted recall {mean:.1%}" if mean is not None else ""
        reviews = count_phrase(simulation.reviews, "review")
        lines.append(f"{simulation.scheduler.title}: {reviews}{recall_text}.")
    lines += ["", "What the simulation assumes:"]
    lines += [f"- {text}" for text in assumptions(new_per_day, new_today, model)]
    return lines
