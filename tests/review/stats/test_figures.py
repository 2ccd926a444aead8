"""Statistics on a database with a known history."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from fmflash.cli import cli
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.grades import Rating, Sm2Grade
from fmflash.review.scheduling.scheduler import SM2
from fmflash.review.stats.figures import (
    compute_stats,
    count_schedules,
    render_stats,
)

from ...conftest import CARDS, WriteProject, review_keys
from ..log.logs import count_reviews

DAY = date(2026, 3, 10)


def history(path: str, keys: dict[str, str]) -> None:
    """Five cards graded over ten days: a known history (``keys``: each item's key)."""
    store = ReviewStore.open(path)
    start = date(2026, 3, 1)
    for card, grades in {
        "transformer-dominates": [5, 5, 5],
        "weights-memory": [4, 2],
        "mixtral-total": [3],
        "mixtral-total/reverse": [5, 5],
    }.items():
        day = start
        for grade in grades:
            store.record(
                keys[card],
                Sm2Grade(grade),
                now=datetime.combine(day, datetime.min.time()).replace(hour=9, tzinfo=UTC),
                day=day,
                scheduler=SM2,
            )
            due = store.due_dates(SM2)[keys[card]]
            day = due
    store.close()


def test_stats_of_a_known_history(write_project: WriteProject, tmp_path: Path) -> None:
    cards = write_project(CARDS)
    db = str(tmp_path / "r.db")
    history(db, review_keys(cards))
    env = {"FMFLASH_NOW": "2026-03-10T09:00", "FMFLASH_DB": db, "COLUMNS": "80"}
    result = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # transformer: 5,5,5 -> reps 3, interval 17 (young); weights: 4 then 2 -> learning;
    # mixtral: 3 once -> learning; reverse: 5,5 -> reps 2 interval 6 (young); sampling: new
    assert {k: data[k] for k in ("notes", "cards", "new", "learning", "young", "mature")} == {
        "notes": 4,
        "cards": 5,
        "new": 1,
        "learning": 2,
        "young": 2,
        "mature": 0,
    }
    assert data["reviews_30_days"] == 8
    assert data["retention_30_days"] == 7 / 8
    assert data["average_easiness"] == round((2.8 + 2.5 + 2.36 + 2.7) / 4, 2)
    # dues: transformer 03-08+17=03-25; weights 03-03 +1 = 03-04 (overdue -> today);
    # mixtral 03-02 (overdue -> today); reverse 03-02 + 6 = 03-08 (overdue -> today)
    # mixtral and its reverse are both due: one is shown, the other waits for tomorrow
    assert (data["due_today"], data["buried_today"], data["due_tomorrow"]) == (2, 1, 1)
    assert data["forecast"][15] == 1
    assert sum(data["forecast"]) == 4
    assert data["due_this_week"] == 3

    text = CliRunner().invoke(cli, ["stats", "--cards", str(cards)], env=env).stdout
    assert text.startswith(
        "Cards: 5 from 4 notes (new 1, learning 2, young 2, mature 0)\n"
        "Due: today 2 (overdue included), tomorrow 1, next 7 days 3\n"
        "Waiting: 1 buried sibling until tomorrow\n"
        "New available today: 1 (of 1 new card)\n"
        "Last 30 days: 8 reviews, retention 88% (grades 3-5)\n"
        "Average easiness: 2.59\nScheduler: SM-2\n\nDue in the next 30 days:\n"
        "Tue 10 Mar    2 " + "#" * 63 + "\n"
        "Wed 11 Mar    1 " + "#" * 32 + "\n"
        "Thu 12 Mar to Tue 24 Mar: none due\n"  # an empty stretch is one line
        "Wed 25 Mar    1 " + "#" * 32 + "\n"
        "Thu 26 Mar to Wed 08 Apr: none due\n"
        "\n"
        "Reviews per day, last 17 weeks:\n"
    )
    # The known history's reviews: 4 on Sunday 03-01, 3 on 03-02, 1 on 03-08.
    calendar = text.split("Reviews per day, last 17 weeks:\n")[1].splitlines()
    assert calendar[0] == "        Dec       Jan     Feb     Mar"
    assert [line[:4] for line in calendar[1:8]] == [
        "Mon ",
        "Tue ",
        "Wed ",
        "Thu ",
        "Fri ",
        "Sat ",
        "Sun ",
    ]
    assert calendar[8] == "    less · ░ ▒ ▓ █ more; most 4 a day"
    assert all(len(line) <= 40 for line in calendar)
    data_days = dict(data["reviews_per_day"])
    assert {day: count for day, count in data_days.items() if count} == {
        "2026-03-01": 4,
        "2026-03-02": 3,
        "2026-03-08": 1,
    }
    assert calendar[7].endswith(" █ ░")  # Sundays: 03-01 (4, the most), 03-08 (1)
    assert calendar[1].endswith(" ▓ ·")  # Mondays: 03-02 (3), 03-09 (none)


def test_stats_without_a_database_shows_all_new(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    env = {"FMFLASH_NOW": "2026-03-10T09:00", "FMFLASH_DB": str(tmp_path / "none.db")}
    result = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert json.loads(result.stdout)["new"] == 5
    assert not (tmp_path / "none.db").exists()


def test_reviews_older_than_30_days_are_left_out() -> None:
    from fmflash.review.scheduling.schedule import Review

    old = Review("a", datetime(2026, 1, 1, tzinfo=UTC), DAY - timedelta(days=30),
                 Rating.AGAIN, "sm2", None, redrill=False)  # fmt: skip
    recent = Review("a", datetime(2026, 3, 9, tzinfo=UTC), DAY - timedelta(days=29),
                    Rating.GOOD, "sm2", 2500, redrill=False)  # fmt: skip
    stats = compute_stats(1, [], count_reviews([old, recent], {"a"}), day=DAY, notes=1)
    assert (stats.reviews_30_days, stats.retention_30_days) == (1, 1.0)
    assert "retention 100%" in render_stats(stats)


def test_cram_reviews_of_the_last_30_days_are_counted_apart_from_retention_and_calendar() -> None:
    from fmflash.review.log.counts import DayCount

    counts = [
        DayCount(DAY - timedelta(days=30), Sm2Grade(5), False, 7, cram=True),  # too old
        DayCount(DAY - timedelta(days=29), Sm2Grade(1), False, 2, cram=True),
        DayCount(DAY, Sm2Grade(4), False, 1),
        DayCount(DAY, Sm2Grade(5), False, 3, cram=True),
    ]
    stats = compute_stats(1, [], counts, day=DAY, notes=1)
    assert (stats.reviews_30_days, stats.retention_30_days) == (1, 1.0)
    assert stats.cram_reviews_30_days == 5
    assert dict(stats.reviews_per_day)[DAY.isoformat()] == 1
    assert sum(count for _, count in stats.reviews_per_day) == 1
    assert "Cram: 5 reviews in the last 30 days (they move no schedule)" in render_stats(stats)


class CountingIds(tuple[str, ...]):
    """Item ids that count how often they are read whole."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountingIds.reads += 1
        return super().__iter__()


def test_item_ids_are_read_a_fixed_number_of_times_not_once_per_review() -> None:
    from fmflash.review.scheduling.schedule import Review

    recent = Review("a", datetime(2026, 3, 9, tzinfo=UTC), DAY - timedelta(days=1),
                    Sm2Grade(4), "sm2", None, redrill=False)  # fmt: skip
    ids = CountingIds(["a", "b"])
    CountingIds.reads = 0
    scheduled = count_schedules(ids, {})
    stats = compute_stats(2, scheduled, count_reviews([recent] * 100, {"a"}), day=DAY, notes=2)
    assert stats.reviews_30_days == 100
    assert CountingIds.reads < 10  # 103 when the ids are read again for each review


def test_new_available_today_is_the_days_allowance_left() -> None:
    assert compute_stats(30, [], [], day=DAY, notes=30).new_available_today == 20
    assert compute_stats(30, [], [], day=DAY, notes=30, new_done_today=18).new_available_today == 2
    assert compute_stats(1, [], [], day=DAY, notes=1).new_available_today == 1


def test_the_calendar_is_coloured_on_a_terminal_and_plain_with_no_color() -> None:
    import click

    from fmflash.review.scheduling.schedule import Review
    from fmflash.review.stats.figures import calendar_lines

    monday = Review("a", datetime(2026, 3, 9, 9, tzinfo=UTC), date(2026, 3, 9), Sm2Grade(5),
                    "sm2", None, redrill=False)  # fmt: skip
    result = compute_stats(1, [], count_reviews([monday] * 3, {"a"}), day=DAY, notes=1)
    plain = calendar_lines(result, color=False)
    coloured = calendar_lines(result, color=True)
    assert "\x1b[" not in "".join(plain)
    assert plain[2].endswith("· █")  # Mondays: 03-09 had the 3 reviews
    assert plain[3].endswith("· ·")  # Tuesdays: today, 03-10, none yet
    assert "\x1b[38;5;46m■" in coloured[2]  # the busiest day in the brightest green
    assert all(len(line) <= 40 for line in plain)
    assert [len(click.unstyle(line)) for line in coloured] == [len(line) for line in plain]
