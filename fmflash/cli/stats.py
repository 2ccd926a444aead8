"""The stats command: the schedule, card states, forecast and retention from the review log."""

from __future__ import annotations

import json
import os
import sys

import click

from fmflash.cli.common import (
    CARDS_OPTION,
    PACKAGE_OPTION,
    echo_wrapped,
    read_clock,
    say,
    say_left_out,
    user_errors,
)
from fmflash.cli.options import (
    CHAPTER_OPTION,
    CLOCK_HELP,
    DAY_START_OPTION,
    DB_OPTION,
    SCHEDULER_OPTION,
)
from fmflash.review.scheduling.schedule import learning_day
from fmflash.review.session.course_stats import course_stats
from fmflash.review.session.selection import choose_scheduler, select
from fmflash.review.stats.figures import chapter_line, render_stats
from fmflash.text import text_width


@click.command(epilog=CLOCK_HELP)
@CARDS_OPTION
@PACKAGE_OPTION
@DB_OPTION
@DAY_START_OPTION
@SCHEDULER_OPTION
@CHAPTER_OPTION
@click.option("--compare", is_flag=True,
              help="Score SM-2 and FSRS on your answers, then simulate the next days.")  # fmt: skip
@click.option("--days", type=click.IntRange(1, 365), default=30, show_default=True,
              help="How many days --compare simulates.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(
    cards_path: str,
    package_path: str | None,
    db_path: str,
    day_start: int,
    scheduler_name: str | None,
    chapter: str | None,
    compare: bool,
    days: int,
    as_json: bool,
) -> None:
    """Show the scheduler, card states, due counts, a 30-day forecast, retention and easiness.

    A course of several chapters also gets a line per chapter: new, due and retention.

    --scheduler shows the schedule another scheduler derives from the same review log,
    without changing anything. --compare first scores SM-2, FSRS and FSRS with your fitted
    parameters by how well each predicted the answers you gave (as fmflash fit does), then
    replays your log under SM-2 and under FSRS (with your parameters once saved) and simulates
    the next days (--days, 30 by default): reviews a day and predicted recall, both measured
    with FSRS's memory model, with what the simulation assumes.

    \b
    Example:
        fmflash stats
        fmflash stats --scheduler fsrs
        fmflash stats --compare --days 60
        fmflash stats --chapter evaluation
        fmflash stats --json | jq .due_today
    """
    day = learning_day(read_clock(day_start), day_start)
    with user_errors("no statistics"):
        scheduler = choose_scheduler(cards_path, scheduler_name, db_path=db_path)
        selection = select(cards_path, package_path=package_path, chapter=chapter,
                           section=None, tag=None, random_bytes=os.urandom(8))  # fmt: skip
        say_left_out(selection)
        if compare:
            # The evaluation and the simulation (stats --compare, as fit) load only for it.
            from fmflash.review.session.comparison import compare_on_log

            comparison = compare_on_log(selection, db_path, scheduler, day=day, days=days)
        else:
            found = course_stats(selection, db_path, scheduler, day=day)
    if compare:
        if as_json:
            data: dict[str, object] = {"day": day.isoformat(), "days": days}
            data.update(comparison.as_dict())
            say(json.dumps(data, indent=2))
        else:
            echo_wrapped(comparison.lines(), width=text_width())
        return
    if as_json:
        say(json.dumps(found.whole.as_dict(), indent=2))
        return
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    say(render_stats(found.whole, width=text_width(), color=color), color=color)
    if found.chapters:
        say("\nBy chapter:")
        for name, chapter_stats in found.chapters:
            echo_wrapped([chapter_line(name, chapter_stats)], width=text_width())
