"""The review command: the terminal trainer over the review store."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import closing
from typing import TYPE_CHECKING

import click

from fmflash.cards.model import Card
from fmflash.cli.collector import resume_collector
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
from fmflash.defaults import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from fmflash.review.scheduling.schedule import learning_day
from fmflash.review.session.daily import after_review, plan_cram, plan_review
from fmflash.review.session.plan import Limits
from fmflash.review.session.queue import Session
from fmflash.review.session.selection import Selection, choose_scheduler, open_project_store, select
from fmflash.text import text_width

if TYPE_CHECKING:
    from fmflash.review.terminal.editing import Edited


def _editor(selection: Selection, cards_path: str) -> Callable[[Card, int], Edited]:
    """Edit a card of the selection in place: in its own card file, read again after."""

    def edit(card: Card, position: int) -> Edited:
        # The editor (subprocess, shlex) loads only when the learner presses e.
        from fmflash.review.terminal.editing import edit_card

        path = selection.card_file(position)
        return edit_card(card, path, root_path=cards_path, environ=os.environ)

    return edit


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
        say_left_out(selection)
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
        from fmflash.review.terminal.console import Terminal, echo_set
        from fmflash.review.terminal.reviewer import Reviewer

        terminal = Terminal.detect(no_color=bool(os.environ.get("NO_COLOR")))
        resume_collector()  # a session lasts minutes: its garbage is collected as usual
        reviewer = Reviewer(Session(plan.queue), store, terminal, day,
                            lambda: read_clock(day_start), scheduler=scheduler,
                            stopwatch=time.monotonic, buried=len(plan.buried),
                            cram=cram, edit=_editor(selection, cards_path))  # fmt: skip
        with echo_set(on=False):  # a key typed between two reads is read, never echoed
            finished = reviewer.run()
        say()
        lines = after_review(selection, store, scheduler, finished, plan=plan, day=day)
        echo_wrapped(lines, width=terminal.width)
