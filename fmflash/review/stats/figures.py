"""Statistics over the review state: card states, due counts, forecast, retention (pure)."""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from fmflash.defaults import DEFAULT_NEW_PER_DAY
from fmflash.review.log.counts import DayCount, ScheduleCount
from fmflash.review.scheduling.grades import as_sm2
from fmflash.review.scheduling.schedule import Schedule, state_of
from fmflash.sm2 import Sm2State
from fmflash.text import count_phrase

FORECAST_DAYS = 30
WINDOW_DAYS = 30
CALENDAR_WEEKS = 17  # what fits 40 columns, two per week: four months


class Stats(NamedTuple):
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
    # New cards a review would introduce today: the day's allowance, less those seen today.
    new_available_today: int = 0
    # Reviews graded on each of the last CALENDAR_WEEKS weeks' days, oldest first.
    reviews_per_day: tuple[tuple[str, int], ...] = ()
    # Today's re-drills still owed (counted in due_today), siblings buried until tomorrow.
    redrills_owed: int = 0
    buried_today: int = 0
    # Suspended items (counted in no state), and which of them are leeches.
    suspended: int = 0
    leeches: tuple[str, ...] = ()
    # Cram reviews of the last 30 days: logged, but they move no schedule.
    cram_reviews_30_days: int = 0

    def as_dict(self) -> dict[str, object]:
        """Return the statistics as plain JSON-ready values."""
        data: dict[str, object] = self._asdict()
        data["forecast"] = list(self.forecast)
        data["reviews_per_day"] = dict(self.reviews_per_day)
        data["leeches"] = list(self.leeches)
        return data


class Day(NamedTuple):
    """What today's plan says beside the schedules: what waits, what is owed, what is out."""

    # Graded items due today that wait for tomorrow (a sibling was shown), and all buried.
    buried_due: int = 0
    buried: int = 0
    redrills_owed: int = 0
    # The new cards a review would introduce today (None: the allowance less those done).
    new_available: int | None = None
    suspended: int = 0
    leeches: tuple[str, ...] = ()


NOTHING_WAITS = Day()


def count_schedules(
    item_ids: Iterable[str], schedules: Mapping[str, Schedule]
) -> list[ScheduleCount]:
    """Count the graded schedules of the given items by due day, state and easiness."""
    counts = Counter(
        (
            s.due,
            state_of(s),
            s.memory.easiness_hundredths if isinstance(s.memory, Sm2State) else None,
        )
        for i in item_ids
        if (s := schedules.get(i)) is not None and s.due is not None
    )
    return [ScheduleCount(*group, count) for group, count in counts.items()]


def compute_stats(
    cards: int,
    scheduled: Sequence[ScheduleCount],
    counts: Sequence[DayCount],
    *,
    day: date,
    notes: int,
    scheduler: str = "SM-2",
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    new_done_today: int = 0,
    today: Day = NOTHING_WAITS,
) -> Stats:
    """Compute statistics for ``cards`` review items from ``notes`` notes.

    ``scheduled`` counts their graded schedules (``count_schedules``); ``counts`` are their
    reviews by day, grade, re-drill and cram, over at least the calendar's weeks; the retention
    and the cram reviews count the last 30 days. Owed re-drills count as due today; buried
    siblings as due tomorrow.
    """
    states = Counter[str]()
    forecast_counts = Counter[int]()
    for each in scheduled:
        states[each.state] += each.cards
        forecast_counts[max(0, (each.due - day).days)] += each.cards
    forecast_counts[0] += today.redrills_owed - today.buried_due
    forecast_counts[1] += today.buried_due
    new = cards - sum(states.values())
    available = min(new, max(0, new_per_day - new_done_today))
    forecast = tuple(forecast_counts[offset] for offset in range(FORECAST_DAYS))
    start = day - timedelta(days=WINDOW_DAYS - 1)
    recent = [c for c in counts if c.day >= start]
    graded = [c for c in recent if not c.redrill and not c.cram]
    reviewed = sum(c.reviews for c in graded)
    passed = sum(c.reviews for c in graded if as_sm2(c.grade) >= 3)
    sm2 = [each for each in scheduled if each.easiness_hundredths is not None]
    sm2_cards = sum(each.cards for each in sm2)
    hundredths = sum(each.cards * (each.easiness_hundredths or 0) for each in sm2)
    return Stats(
        day=day.isoformat(),
        scheduler=scheduler,
        notes=notes,
        cards=cards,
        new=new,
        learning=states["learning"],
        young=states["young"],
        mature=states["mature"],
        due_today=forecast[0],
        due_tomorrow=forecast[1],
        due_this_week=sum(forecast[:7]),
        forecast=forecast,
        reviews_30_days=reviewed,
        retention_30_days=passed / reviewed if reviewed else None,
        average_easiness=round(hundredths / sm2_cards / 100, 2) if sm2_cards else None,
        new_available_today=available if today.new_available is None else today.new_available,
        reviews_per_day=reviews_per_day(counts, day=day),
        redrills_owed=today.redrills_owed,
        buried_today=today.buried,
        suspended=today.suspended,
        leeches=today.leeches,
        cram_reviews_30_days=sum(c.reviews for c in recent if c.cram),
    )


def calendar_start(day: date) -> date:
    """Return the first day the calendar shows: the Monday CALENDAR_WEEKS - 1 weeks back."""
    return day - timedelta(days=day.weekday() + 7 * (CALENDAR_WEEKS - 1))


def reviews_per_day(counts: Sequence[DayCount], *, day: date) -> tuple[tuple[str, int], ...]:
    """Count the graded reviews (re-drills too, not cram) of each calendar day up to ``day``."""
    start = calendar_start(day)
    per_day: Counter[date] = Counter()
    for each in counts:
        if start <= each.day <= day and not each.cram:
            per_day[each.day] += each.reviews
    days = (start + timedelta(days=offset) for offset in range((day - start).days + 1))
    return tuple((each.isoformat(), per_day[each]) for each in days)


def _retention(stats: Stats) -> str:
    if stats.retention_30_days is None:
        return "no reviews"
    return f"{stats.retention_30_days:.0%}"


def chapter_line(name: str, stats: Stats) -> str:
    """Summarise one chapter in a line: new cards, due today, retention."""
    retention = _retention(stats)
    return f"  {name}: new {stats.new}, due today {stats.due_today}, retention {retention}"


def _waiting(stats: Stats) -> list[str]:
    """Say what is held back: siblings buried until tomorrow, suspended cards and leeches."""
    held = []
    if stats.buried_today:
        held.append(f"{count_phrase(stats.buried_today, 'buried sibling')} until tomorrow")
    if stats.suspended:
        held.append(f"{stats.suspended} suspended")
    lines = [f"Waiting: {', '.join(held)}"] if held else []
    if stats.leeches:
        lines.append(f"Leeches (suspended; rewrite each, then fmflash unsuspend ID): "
                     f"{', '.join(stats.leeches)}")  # fmt: skip
    return lines


def render_stats(stats: Stats, *, width: int = 80, color: bool = False) -> str:
    """Render statistics as text: a 30-day due forecast and a calendar, fitting ``width``."""
    retention = _retention(stats)
    easiness = f"{stats.average_easiness:.2f}" if stats.average_easiness is not None else "-"
    owed = (
        f" and {count_phrase(stats.redrills_owed, 're-drill')} owed" if stats.redrills_owed else ""
    )
    texts = [
        f"Cards: {stats.cards} from {count_phrase(stats.notes, 'note')} (new {stats.new}, learning "
        f"{stats.learning}, young {stats.young}, mature {stats.mature})",
        f"Due: today {stats.due_today} (overdue{owed} included), tomorrow {stats.due_tomorrow}, "
        f"next 7 days {stats.due_this_week}",
        *_waiting(stats),
        f"New available today: {stats.new_available_today} (of "
        f"{count_phrase(stats.new, 'new card')})",
        f"Last 30 days: {count_phrase(stats.reviews_30_days, 'review')}, retention {retention} "
        "(grades 3-5)",
    ]
    if stats.cram_reviews_30_days:
        texts.append(f"Cram: {count_phrase(stats.cram_reviews_30_days, 'review')} in the last 30 "
                     "days (they move no schedule)")  # fmt: skip
    if stats.average_easiness is not None or stats.scheduler == "SM-2":
        texts.append(f"Average easiness: {easiness}")
    texts.append(f"Scheduler: {stats.scheduler}")
    lines = [
        wrapped
        for text in texts
        for wrapped in textwrap.wrap(
            text, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
        )
    ]
    lines += ["", "Due in the next 30 days:", *forecast_lines(stats, width=width)]
    lines += ["", *calendar_lines(stats, color=color)]
    return "\n".join(lines)


def forecast_lines(stats: Stats, *, width: int) -> list[str]:
    """Draw the forecast, a bar a day; two or more days in a row with nothing due are one line."""
    today = date.fromisoformat(stats.day)
    most = max(stats.forecast, default=0)
    # "Thu 26 Nov" and the count take 16 columns; the bar gets the rest.
    room = max(10, width - 17)
    lines: list[str] = []
    offset = 0
    while offset < len(stats.forecast):
        label = (today + timedelta(days=offset)).strftime("%a %d %b")
        empty = offset
        while empty < len(stats.forecast) and stats.forecast[empty] == 0 and empty > 0:
            empty += 1
        if empty - offset >= 2:
            last = (today + timedelta(days=empty - 1)).strftime("%a %d %b")
            lines.append(f"{label} to {last}: none due")
            offset = empty
            continue
        count = stats.forecast[offset]
        bar = "#" * (round(count / most * room) if most else 0)
        lines.append(f"{label} {count:>4} {bar}".rstrip())
        offset += 1
    return lines


# A day's cell by how many reviews it had, from none to the most: plain, and coloured.
_LEVELS = "·░▒▓█"
_GREENS = (0, 22, 28, 34, 46)  # 256-colour greens, as other review calendars use


def calendar_lines(stats: Stats, *, color: bool = False) -> list[str]:
    """Draw reviews per day as a calendar: a row per weekday, a column per week (37 columns)."""
    if not stats.reviews_per_day:
        return []
    days = [(date.fromisoformat(day), count) for day, count in stats.reviews_per_day]
    most = max(count for _, count in days)
    weeks = (len(days) + 6) // 7

    def cell(level: int) -> str:
        if not color:
            return _LEVELS[level]
        return f"\x1b[38;5;{_GREENS[level]}m■\x1b[0m" if level else "\x1b[2m·\x1b[0m"

    def level(count: int) -> int:
        return math.ceil(4 * count / most) if count else 0

    months = ""
    for week in range(weeks):
        first = days[week * 7][0]
        if first.day <= 7 and len(months) <= week * 2:
            months = months.ljust(week * 2) + first.strftime("%b")
    lines = [f"Reviews per day, last {weeks} weeks:", f"    {months}".rstrip()]
    for weekday in range(7):
        row = [cell(level(days[week * 7 + weekday][1])) for week in range(weeks)
               if week * 7 + weekday < len(days)]  # fmt: skip
        name = days[weekday][0].strftime("%a")
        lines.append(f"{name} {' '.join(row)}")
    legend = " ".join(cell(each) for each in range(len(_LEVELS)))
    lines.append(f"    less {legend} more; most {most} a day")
    return lines
