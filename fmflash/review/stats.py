"""Statistics over the review state: card states, due counts, forecast, retention (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from fmflash.review.grades import as_sm2
from fmflash.review.schedule import Review, Schedule
from fmflash.sm2 import Sm2State
from fmflash.text import count_phrase

MATURE_DAYS = 21  # as in Anki: an interval of 21 days or more is mature
FORECAST_DAYS = 30
WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything ``fmflash stats`` shows."""

    day: str
    scheduler: str
    notes: int
    cards: int
    new: int
    learning: int
    young: int
    mature: int
    due_today: int
    due_tomorrow: int
    due_this_week: int
    forecast: tuple[int, ...]
    reviews_30_days: int
    retention_30_days: float | None
    average_easiness: float | None

    def as_dict(self) -> dict[str, object]:
        """Return the statistics as plain JSON-ready values."""
        data = asdict(self)
        data["forecast"] = list(self.forecast)
        return data


def state_of(schedule: Schedule | None) -> str:
    """Name a card's state: new, learning (under 2 passes since a lapse), young or mature."""
    if schedule is None or schedule.is_new:
        return "new"
    if schedule.streak < 2:
        return "learning"
    return "mature" if schedule.interval >= MATURE_DAYS else "young"


def compute_stats(
    item_ids: Sequence[str],
    schedules: Mapping[str, Schedule],
    reviews: Sequence[Review],
    *,
    day: date,
    notes: int,
    scheduler: str = "SM-2",
) -> Stats:
    """Compute statistics for the given review items (``notes`` of them); reviews: 30 days."""
    states = [state_of(schedules.get(item_id)) for item_id in item_ids]
    scheduled = [s for i in item_ids if (s := schedules.get(i)) is not None and s.due is not None]
    offsets = [max(0, (s.due - day).days) for s in scheduled if s.due is not None]
    forecast = tuple(offsets.count(offset) for offset in range(FORECAST_DAYS))
    start = day - timedelta(days=WINDOW_DAYS - 1)
    known = set(item_ids)
    graded = [r for r in reviews if not r.redrill and r.day >= start and r.card_key in known]
    passed = sum(as_sm2(r.grade) >= 3 for r in graded)
    easiness = [s.memory.easiness for s in scheduled if isinstance(s.memory, Sm2State)]
    return Stats(
        day=day.isoformat(),
        scheduler=scheduler,
        notes=notes,
        cards=len(item_ids),
        new=states.count("new"),
        learning=states.count("learning"),
        young=states.count("young"),
        mature=states.count("mature"),
        due_today=forecast[0],
        due_tomorrow=forecast[1],
        due_this_week=sum(forecast[:7]),
        forecast=forecast,
        reviews_30_days=len(graded),
        retention_30_days=passed / len(graded) if graded else None,
        average_easiness=round(sum(easiness) / len(easiness), 2) if easiness else None,
    )


def _retention(stats: Stats) -> str:
    if stats.retention_30_days is None:
        return "no reviews"
    return f"{stats.retention_30_days:.0%}"


def chapter_line(name: str, stats: Stats) -> str:
    """Summarise one chapter in a line: new cards, due today, retention."""
    retention = _retention(stats)
    return f"  {name}: new {stats.new}, due today {stats.due_today}, retention {retention}"


def render_stats(stats: Stats, *, width: int = 80) -> str:
    """Render statistics as text with a 30-day due forecast, fitting ``width`` columns."""
    import textwrap

    retention = _retention(stats)
    easiness = f"{stats.average_easiness:.2f}" if stats.average_easiness is not None else "-"
    texts = [
        f"Cards: {stats.cards} from {count_phrase(stats.notes, 'note')} (new {stats.new}, learning "
        f"{stats.learning}, young {stats.young}, mature {stats.mature})",
        f"Due: today {stats.due_today} (overdue included), tomorrow {stats.due_tomorrow}, "
        f"next 7 days {stats.due_this_week}",
        f"Last 30 days: {count_phrase(stats.reviews_30_days, 'review')}, retention {retention} "
        "(grades 3-5)",
    ]
    if stats.average_easiness is not None or stats.scheduler == "SM-2":
        texts.append(f"Average easiness: {easiness}")
    texts.append(f"Scheduler: {stats.scheduler}")
    lines = [
        wrapped
        for text in texts
        for wrapped in textwrap.wrap(text, width, subsequent_indent="  ", break_long_words=False)
    ]
    lines += ["", "Due in the next 30 days:"]
    today = date.fromisoformat(stats.day)
    most = max(stats.forecast, default=0)
    # "Thu 26 Nov" and the count take 16 columns; the bar gets the rest.
    room = max(10, width - 17)
    for offset, count in enumerate(stats.forecast):
        label = (today + timedelta(days=offset)).strftime("%a %d %b")
        bar = "#" * (round(count / most * room) if most else 0)
        lines.append(f"{label} {count:>4} {bar}".rstrip())
    return "\n".join(lines)
