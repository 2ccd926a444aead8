"""The review and stats commands: the terminal trainer over the review store."""

from __future__ import annotations

import os
from contextlib import closing
from datetime import date, timedelta
from typing import TYPE_CHECKING

import click

from fmflash.cli.common import CARDS_OPTION, read_clock, user_errors
from fmflash.defaults import DEFAULT_DAY_START_HOUR

if TYPE_CHECKING:
    from fmflash.cards.load import ReviewDeck
    from fmflash.review.schedulers import Scheduler
    from fmflash.review.session import Slot


def default_db() -> str:
    """Return the review database in the platform's user data folder."""
    return os.path.join(click.get_app_dir("fmflash"), "review.sqlite3")


DB_OPTION = click.option(
    "--db",
    "db_path",
    envvar="FMFLASH_DB",
    default=default_db,
    show_default="the fmflash folder in your user data directory",
    type=click.Path(dir_okay=False),
    help="The review database (also FMFLASH_DB).",
)
DAY_START_OPTION = click.option(
    "--day-start",
    envvar="FMFLASH_DAY_START",
    type=click.IntRange(0, 23),
    default=DEFAULT_DAY_START_HOUR,
    show_default=True,
    help="Hour at which a new review day starts (also FMFLASH_DAY_START).",
)


SCHEDULER_OPTION = click.option(
    "--scheduler",
    "scheduler_name",
    type=click.Choice(["sm2", "fsrs"]),
    help="The scheduler: sm2 or fsrs.  [default: the card file's review: scheduler, else sm2]",
)


def _scheduler(cards_path: str, name: str | None) -> Scheduler:
    """Choose the scheduler: the command line's, else the card file's, else SM-2."""
    from fmflash.cards.parse_settings import read_review_settings
    from fmflash.review.schedulers import Scheduler, SchedulerName

    settings = read_review_settings(cards_path)
    chosen = name or settings.scheduler or SchedulerName.SM2.value
    return Scheduler(SchedulerName(chosen), settings.retention)


def _slots(
    cards_path: str, section: str | None, tag: str | None
) -> tuple[ReviewDeck, tuple[Slot, ...], str]:
    """Load the deck for review and its slots, keeping a section and a tag (ignoring case).

    Also return how to name the selection in messages (`` in section 'Model Size'``).
    """
    from fmflash.cards.load import load_review_deck
    from fmflash.review.session import review_slots, select_slots

    deck = load_review_deck(cards_path)
    entries = deck.entries
    slots = review_slots(entries, deck.notes_order())
    if section is not None:
        titles = {s.title.lower(): s.title for s in reversed(deck.notes.sections)}
        if section.lower() not in titles:
            raise click.BadParameter(deck.notes.not_a_heading(section), param_hint="'--section'")
        section = titles[section.lower()]
    tags_of: dict[str, tuple[str, ...]] = {}
    if tag is not None:
        tags_of = {entry.id: entry.tags for entry in entries}
        known = sorted({t for tags in tags_of.values() for t in tags})
        by_lower = {known_tag.lower(): known_tag for known_tag in known}
        if tag.lower() not in by_lower:
            raise click.BadParameter(
                f"no card has the tag '{tag}'; tags: {', '.join(known)}", param_hint="'--tag'"
            )
        tag = by_lower[tag.lower()]
    parents_of = {s.title: s.parents for s in deck.notes.sections}
    chosen = select_slots(slots, section=section, tag=tag, tags_of=tags_of, parents_of=parents_of)
    return deck, chosen, _scope(section, tag)


def _exists(path: str) -> bool:
    """Tell whether a file exists; a path that cannot exist (a file in the way) is an error."""
    from fmflash.files import file_error

    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise file_error("cannot read", path, error) from None
    return True


def _scope(section: str | None, tag: str | None) -> str:
    """Name the selection a --section or --tag makes, for messages: `` in section 'X'``."""
    scope = f" in section '{section}'" if section is not None else ""
    return scope + (f" with tag '{tag}'" if tag is not None else "")


def _due(slots: tuple[Slot, ...], due_dates: dict[str, date]) -> list[date]:
    return [due for slot in slots if (due := due_dates.get(slot.item_id)) is not None]


@click.command()
@CARDS_OPTION
@DB_OPTION
@click.option("--new", "new_per_day", type=click.IntRange(0), default=20, show_default=True,
              help="New cards per day, counted across all sessions of the day.")  # fmt: skip
@click.option("--limit", "reviews_per_day", type=click.IntRange(0), default=200,
              show_default=True, help="Due reviews per day.")  # fmt: skip
@click.option("--section", help="Only cards of this notes heading (and its subsections).")
@click.option("--tag", help="Only cards with this tag.")
@SCHEDULER_OPTION
@DAY_START_OPTION
def review(
    cards_path: str,
    db_path: str,
    new_per_day: int,
    reviews_per_day: int,
    section: str | None,
    tag: str | None,
    scheduler_name: str | None,
    day_start: int,
) -> None:
    """Review due and new cards in the terminal, scheduled by SM-2 or FSRS.

    Keys: Enter shows the answer, 0-5 grades it (5 perfect ... 0 blackout), u undoes the
    last grade, q quits. Computed cards ask for a typed answer and propose a grade.
    Each grade is saved before the next card appears. With stdin not a terminal, each
    line is one key (or one typed answer), so a session can be scripted.

    \b
    Example:
        fmflash review --new 10
        fmflash review --section "Model Size" --tag moe
        fmflash review --scheduler fsrs
    """
    from fmflash.review.markup import text_width
    from fmflash.review.outlook import outlook, why_nothing
    from fmflash.review.schedule import Kind, learning_day
    from fmflash.review.session import Item, Limits, Session, plan
    from fmflash.review.store import ReviewStore
    from fmflash.review.terminal import Reviewer, Terminal, summarise

    clock_now = read_clock()
    with user_errors("nothing was reviewed"):
        scheduler = _scheduler(cards_path, scheduler_name)
        deck, slots, scope = _slots(cards_path, section, tag)
        store = ReviewStore.open(db_path)
    with user_errors("every grade before this card is saved"), closing(store):
        day = learning_day(clock_now, day_start)
        limits = Limits(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
        due_dates = store.due_dates(scheduler)
        today = store.today(day)
        planned = plan(slots, due_dates, day=day, today=today, limits=limits)
        if not planned:
            reasons = why_nothing(
                slots, due_dates, day=day, today=today, limits=limits, scope=scope
            )
            lines = [f"Nothing to review now{scope}.", *(f"- {reason}" for reason in reasons)]
            if slots:
                lines.append(outlook(_due(slots, due_dates), day=day, scope=scope))
            _echo_wrapped(lines, width=text_width())
            return
        # Only the cards of today's queue are loaded whole.
        cards = {slot.position: deck.card(slot.position) for slot, _ in planned}
        queue = tuple(
            (Item(slot.item_id, cards[slot.position], slot.reverse, slot.gap), kind)
            for slot, kind in planned
        )
        no_color = bool(os.environ.get("NO_COLOR"))
        terminal = Terminal.detect(no_color=no_color)
        import time

        reviewer = Reviewer(Session(queue), store, terminal, day, read_clock,
                            scheduler=scheduler, stopwatch=time.monotonic)  # fmt: skip
        finished = reviewer.run()
        # Grades move due dates: read them again, unless the learner quit at once.
        after = store.due_dates(scheduler) if finished.steps else due_dates
        owed = len({item.item_id for item, kind in finished.queue if kind is Kind.REDRILL})
        click.echo()
        summary = summarise(finished.steps, redrills_owed=owed)
        _echo_wrapped([*summary, outlook(_due(slots, after), day=day, scope=scope)], terminal.width)


def _echo_wrapped(lines: list[str], width: int) -> None:
    """Print lines wrapped at spaces to ``width`` columns, continued lines indented."""
    from fmflash.review.markup import wrap_visible

    for line in lines:
        for part in [line] if len(line) <= width else wrap_visible(line, width, indent="  "):
            click.echo(part)


@click.command()
@CARDS_OPTION
@DB_OPTION
@DAY_START_OPTION
@SCHEDULER_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(
    cards_path: str, db_path: str, day_start: int, scheduler_name: str | None, as_json: bool
) -> None:
    """Show the scheduler, card states, due counts, a 30-day forecast, retention and easiness.

    --scheduler shows the schedule another scheduler derives from the same review log,
    without changing anything.

    \b
    Example:
        fmflash stats
        fmflash stats --scheduler fsrs
        fmflash stats --json | jq .due_today
    """
    from fmflash.review.markup import text_width
    from fmflash.review.schedule import learning_day
    from fmflash.review.stats import WINDOW_DAYS, compute_stats, render_stats
    from fmflash.review.store import ReviewStore

    day = learning_day(read_clock(), day_start)
    with user_errors("no statistics"):
        scheduler = _scheduler(cards_path, scheduler_name)
        _, slots, _ = _slots(cards_path, None, None)
        if _exists(db_path):
            store = ReviewStore.open(db_path)
            try:
                schedules = store.schedules(scheduler)
                reviews = store.reviews_since(day - timedelta(days=WINDOW_DAYS - 1))
            finally:
                store.close()
        else:
            schedules, reviews = {}, []
    notes = len({slot.card_id for slot in slots})
    item_ids = [slot.item_id for slot in slots]
    result = compute_stats(
        item_ids, schedules, reviews, day=day, notes=notes, scheduler=scheduler.title
    )
    if as_json:
        import json

        click.echo(json.dumps(result.as_dict(), indent=2))
    else:
        click.echo(render_stats(result, width=text_width()))
