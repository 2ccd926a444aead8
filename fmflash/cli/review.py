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
    from fmflash.review.session import Item


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


def _items(cards_path: str, section: str | None, tag: str | None) -> tuple[Item, ...]:
    from fmflash.cards.deckfile import load_deck
    from fmflash.review.session import review_items, select_items

    deck = load_deck(cards_path)
    items = review_items(deck.in_notes_order())
    if section is not None and deck.notes.find(section) is None:
        closest = ", ".join(f"'{title}'" for title in deck.notes.closest(section))
        raise click.BadParameter(
            f"'{section}' is not a heading of {deck.notes.path}; closest: {closest}",
            param_hint="'--section'",
        )
    tags_of: dict[str, tuple[str, ...]] = {}
    if tag is not None:
        from fmflash.apkg.render import render_card

        tags_of = {card.id: render_card(card).tags for card in deck.cards}
    if tag is not None and not any(tag in tags for tags in tags_of.values()):
        known = sorted({t for tags in tags_of.values() for t in tags})
        raise click.BadParameter(
            f"no card has the tag '{tag}'; tags: {', '.join(known)}", param_hint="'--tag'"
        )
    parents_of = {s.title: s.parents for s in deck.notes.sections}
    return select_items(items, section=section, tag=tag, tags_of=tags_of, parents_of=parents_of)


def _outlook(items: tuple[Item, ...], due_dates: dict[str, date], day: date) -> str:
    from fmflash.review.terminal import outlook

    return outlook((d for item in items if (d := due_dates.get(item.item_id))), day=day)


@click.command()
@CARDS_OPTION
@DB_OPTION
@click.option("--new", "new_per_day", type=click.IntRange(0), default=20, show_default=True,
              help="New cards per day, counted across all sessions of the day.")  # fmt: skip
@click.option("--limit", "reviews_per_day", type=click.IntRange(0), default=200,
              show_default=True, help="Due reviews per day.")  # fmt: skip
@click.option("--section", help="Only cards of this notes heading (and its subsections).")
@click.option("--tag", help="Only cards with this tag.")
@DAY_START_OPTION
def review(
    cards_path: str,
    db_path: str,
    new_per_day: int,
    reviews_per_day: int,
    section: str | None,
    tag: str | None,
    day_start: int,
) -> None:
    """Review due and new cards in the terminal, scheduled by SM-2.

    Keys: Enter shows the answer, 0-5 grades it (5 perfect ... 0 blackout), u undoes the
    last grade, q quits. Computed cards ask for a typed answer and propose a grade.
    Each grade is saved before the next card appears. With stdin not a terminal, each
    line is one key (or one typed answer), so a session can be scripted.

    \b
    Example:
        fmflash review --new 10
        fmflash review --section "Model Size" --tag moe
    """
    from fmflash.review.schedule import learning_day
    from fmflash.review.session import Limits, Session, plan
    from fmflash.review.store import ReviewStore
    from fmflash.review.terminal import Reviewer, Terminal, summarise

    clock_now = read_clock()
    with user_errors("nothing was reviewed"):
        items = _items(cards_path, section, tag)
        store = ReviewStore.open(db_path)
    with user_errors("every grade given before it is saved"), closing(store):
        day = learning_day(clock_now, day_start)
        limits = Limits(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
        due_dates = store.due_dates()
        queue = plan(items, due_dates, day=day, today=store.today(day), limits=limits)
        if not queue:
            click.echo("Nothing to review now.")
            click.echo(_outlook(items, due_dates, day))
            return
        no_color = bool(os.environ.get("NO_COLOR"))
        terminal = Terminal.detect(no_color=no_color)
        reviewer = Reviewer(Session(queue), store, terminal, day, read_clock)
        finished = reviewer.run()
        # Grades move due dates: read them again, unless the learner quit at once.
        ahead = _outlook(items, store.due_dates() if finished.steps else due_dates, day)
        click.echo()
        click.echo("\n".join([*summarise(finished.steps), ahead]))


@click.command()
@CARDS_OPTION
@DB_OPTION
@DAY_START_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(cards_path: str, db_path: str, day_start: int, as_json: bool) -> None:
    """Show card states, due counts, a 30-day forecast, retention and easiness.

    \b
    Example:
        fmflash stats
        fmflash stats --json | jq .due_today
    """
    from fmflash.review.schedule import learning_day
    from fmflash.review.stats import WINDOW_DAYS, compute_stats, render_stats
    from fmflash.review.store import ReviewStore

    day = learning_day(read_clock(), day_start)
    with user_errors("no statistics"):
        items = _items(cards_path, None, None)
        if os.path.exists(db_path):
            store = ReviewStore.open(db_path)
            try:
                schedules = store.schedules()
                reviews = store.reviews_since(day - timedelta(days=WINDOW_DAYS - 1))
            finally:
                store.close()
        else:
            schedules, reviews = {}, []
    result = compute_stats([item.item_id for item in items], schedules, reviews, day=day)
    if as_json:
        import json

        click.echo(json.dumps(result.as_dict(), indent=2))
    else:
        click.echo(render_stats(result))
