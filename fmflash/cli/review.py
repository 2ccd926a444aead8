"""The review and stats commands: the terminal trainer over the review store."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from contextlib import closing

import click

from fmflash.cards.model import Card
from fmflash.cli.common import (
    CARDS_OPTION,
    PACKAGE_OPTION,
    echo_wrapped,
    read_clock,
    say,
    user_errors,
)
from fmflash.cli.options import CLOCK_HELP, DAY_START_OPTION, DB_OPTION
from fmflash.defaults import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from fmflash.review.scheduling.schedule import learning_day
from fmflash.review.session.comparison import compare_on_log
from fmflash.review.session.daily import (
    after_review,
    course_stats,
    plan_cram,
    plan_review,
)
from fmflash.review.session.plan import Limits, Session
from fmflash.review.session.selection import Selection, choose_scheduler, open_project_store, select
from fmflash.review.stats.figures import chapter_line, render_stats
from fmflash.review.terminal.editing import Edited, edit_card
from fmflash.review.terminal.markup import text_width

CHAPTER_OPTION = click.option(
    "--chapter",
    metavar="TEXT",
    help="Only the chapter whose deck name contains TEXT (ignoring case).",
)
SCHEDULER_OPTION = click.option(
    "--scheduler",
    "scheduler_name",
    type=click.Choice(["sm2", "fsrs"]),
    help="The scheduler: sm2 or fsrs.  [default: the card file's review: scheduler, else sm2]",
)


def _editor(selection: Selection, cards_path: str) -> Callable[[Card, int], Edited]:
    """Edit a card of the selection in place: in its own card file, read again after."""

    def edit(card: Card, position: int) -> Edited:
        path = selection.card_file(position)
        return edit_card(card, path, root_path=cards_path, environ=os.environ)

    return edit


def _say_left_out(selection: Selection) -> None:
    """Say on stderr which chapters were left out for their errors (build still refuses)."""
    note = selection.left_out_note()
    if note is not None:
        echo_wrapped([note], err=True)


@click.command(epilog=CLOCK_HELP)
@CARDS_OPTION
@PACKAGE_OPTION
@DB_OPTION
@click.option("--new", "new_per_day", type=click.IntRange(0), default=DEFAULT_NEW_PER_DAY,
              show_default=True,
              help="New cards per day, counted across all sessions of the day.")  # fmt: skip
@click.option("--limit", "reviews_per_day", type=click.IntRange(0), default=DEFAULT_REVIEWS_PER_DAY,
              show_default=True, help="Due reviews per day.")  # fmt: skip
@CHAPTER_OPTION
@click.option("--section", help="Only cards of this notes heading (and its subsections).")
@click.option("--tag", help="Only cards with this tag.")
@click.option("--cram", is_flag=True,
              help="Go through the chosen cards, due or not; no schedule moves.")  # fmt: skip
@SCHEDULER_OPTION
@DAY_START_OPTION
def review(
    cards_path: str,
    package_path: str | None,
    db_path: str,
    new_per_day: int,
    reviews_per_day: int,
    chapter: str | None,
    section: str | None,
    tag: str | None,
    cram: bool,
    scheduler_name: str | None,
    day_start: int,
) -> None:
    """Review due and new cards in the terminal, scheduled by SM-2 or FSRS.

    Every chapter of the course is reviewed; --chapter keeps one. Keys: Enter shows the
    answer, 0-5 grades it (5 perfect ... 0 blackout), s suspends the card, u undoes the
    last grade or suspension, q or Esc quits. Computed cards ask for a typed answer and
    propose a grade. Each grade is saved before the next card appears. With stdin not a
    terminal, each line is one key (or one typed answer), so a session can be scripted.
    --cram goes through the chosen cards whether due or not, before an exam: its grades
    are logged as cram and move no schedule.

    \b
    Example:
        fmflash review --new 10
        fmflash review --section "Model Size" --tag moe
        fmflash review --chapter evaluation
        fmflash review --cram --chapter evaluation
        fmflash review --scheduler fsrs
    """
    clock_now = read_clock(day_start)
    with user_errors("nothing was reviewed"):
        scheduler = choose_scheduler(cards_path, scheduler_name, db_path=db_path)
        selection = select(cards_path, package_path=package_path, chapter=chapter,
                           section=section, tag=tag, random_bytes=os.urandom(8))  # fmt: skip
        _say_left_out(selection)
        store = open_project_store(db_path, selection.keys)
    with user_errors("every grade before this card is saved"), closing(store):
        day = learning_day(clock_now, day_start)
        limits = Limits(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
        if cram:
            plan = plan_cram(selection, store)
        else:
            plan = plan_review(selection, store, scheduler, day=day, limits=limits)
        if not plan.queue:
            echo_wrapped(plan.nothing, width=text_width())
            return

        # The terminal loop, card text and typed answers load only to show a card.
        from fmflash.review.terminal.console import Terminal
        from fmflash.review.terminal.reviewer import Reviewer

        terminal = Terminal.detect(no_color=bool(os.environ.get("NO_COLOR")))
        reviewer = Reviewer(Session(plan.queue), store, terminal, day,
                            lambda: read_clock(day_start), scheduler=scheduler,
                            stopwatch=time.monotonic, buried=len(plan.buried),
                            cram=cram, edit=_editor(selection, cards_path))  # fmt: skip
        finished = reviewer.run()
        say()
        lines = after_review(selection, store, scheduler, finished, plan=plan, day=day)
        echo_wrapped(lines, width=terminal.width)


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
        _say_left_out(selection)
        if compare:
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
