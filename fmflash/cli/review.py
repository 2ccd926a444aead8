"""The review and stats commands: the terminal trainer over the review store."""

from __future__ import annotations

import os
import sys
from contextlib import closing
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

import click

from fmflash.cli.common import (
    CARDS_OPTION,
    PACKAGE_OPTION,
    echo_wrapped,
    read_clock,
    user_errors,
)
from fmflash.defaults import DEFAULT_DAY_START_HOUR

if TYPE_CHECKING:
    from fmflash.review.course import Course, ProjectStore
    from fmflash.review.items import Item
    from fmflash.review.schedulers import Scheduler


def default_db() -> str:
    """Return the review database in fmflash's folder of the platform's user settings."""
    return os.path.join(click.get_app_dir("fmflash"), "review.sqlite3")


class _DatabaseOption(click.Option):
    """The --db option, whose help names the default path as it is when the help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        path = default_db()
        home = os.path.expanduser("~")
        if home not in ("~", os.sep) and path.startswith(home + os.sep):
            path = "~" + path[len(home) :]
        self.help = f"The review database (also FMFLASH_DB).  [default: {path}]"
        return super().get_help_record(ctx)


DB_OPTION = click.option(
    "--db",
    "db_path",
    cls=_DatabaseOption,
    envvar="FMFLASH_DB",
    default=default_db,
    type=click.Path(dir_okay=False),
)
# Both commands read the clock; their help says how to set it.
CLOCK_HELP = (
    "FMFLASH_NOW sets the clock, to see a day ahead of time: an ISO 8601 time "
    "(FMFLASH_NOW=2026-03-01T09:00), or a date alone (FMFLASH_NOW=2026-03-01) for that "
    "learner day, which starts at the --day-start hour."
)
CHAPTER_OPTION = click.option(
    "--chapter",
    metavar="TEXT",
    help="Only the chapter whose deck name contains TEXT (ignoring case).",
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


class _Selection(NamedTuple):
    """The cards a review or statistics cover, and how the review database names them."""

    course: Course
    items: tuple[Item[None], ...]
    # How to name the selection in messages: `` in section 'Model Size'``.
    scope: str
    # Every review item's key in the database, by item id, in the whole project.
    keys: dict[str, str]


def _select(
    cards_path: str,
    package_path: str | None,
    chapter: str | None,
    section: str | None,
    tag: str | None,
) -> _Selection:
    """Load the course for review, keeping a chapter, a section and a tag (ignoring case)."""
    from fmflash.cards.project import identities_with_key, load_review_project
    from fmflash.review.course import choose_chapters, item_keys, make_course
    from fmflash.review.session import select_items

    project = load_review_project(cards_path, package_path=package_path)
    everything = make_course(project.chapters)
    ids = [summary.id for summary in everything.summaries]
    identities = identities_with_key(project.package_path, ids, os.urandom(8))
    every_item = everything.items()
    keys = item_keys(every_item, identities)
    course = everything
    items = every_item
    if chapter is not None:
        course = make_course(choose_chapters(project.chapters, chapter, root=cards_path))
        items = course.items()
    summaries = course.summaries
    sections = course.sections()
    if section is not None:
        titles = {s.title.lower(): s.title for s in reversed(sections)}
        if section.lower() not in titles:
            notes = course.chapters[0].deck.notes
            raise click.BadParameter(notes.not_a_heading(section), param_hint="'--section'")
        section = titles[section.lower()]
    tags_of: dict[str, tuple[str, ...]] = {}
    if tag is not None:
        tags_of = {summary.id: summary.tags for summary in summaries}
        known = sorted({t for tags in tags_of.values() for t in tags})
        by_lower = {known_tag.lower(): known_tag for known_tag in known}
        if tag.lower() not in by_lower:
            raise click.BadParameter(
                f"no card has the tag '{tag}'; tags: {', '.join(known)}", param_hint="'--tag'"
            )
        tag = by_lower[tag.lower()]
    parents_of = {s.title: s.parents for s in sections}
    chosen = select_items(items, section=section, tag=tag, tags_of=tags_of, parents_of=parents_of)
    scope = _scope(section, tag)
    if chapter is not None:
        scope = f" in chapter '{course.chapters[0].deck.name}'" + scope
    return _Selection(course, chosen, scope, keys)


def _open_store(db_path: str, keys: dict[str, str], *, read_only: bool = False) -> ProjectStore:
    """Open the review database as this project's part of it, claiming its old reviews.

    ``read_only`` only reads (for statistics), so that a read-only file or folder can be
    read; a database with reviews still to claim is opened for writing.
    """
    from fmflash.review.course import ProjectStore
    from fmflash.review.store import ReviewStore

    store = ReviewStore.open(db_path, read_only=read_only)
    try:
        if read_only and store.has_unclaimed():  # claiming writes: open it for writing
            store.close()
            store = ReviewStore.open(db_path)
        store.claim(keys)
    except BaseException:
        store.close()
        raise
    return ProjectStore(store, keys)


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


def _due(items: tuple[Item[None], ...], due_dates: dict[str, date]) -> list[date]:
    return [due for item in items if (due := due_dates.get(item.item_id)) is not None]


@click.command(epilog=CLOCK_HELP)
@CARDS_OPTION
@PACKAGE_OPTION
@DB_OPTION
@click.option("--new", "new_per_day", type=click.IntRange(0), default=20, show_default=True,
              help="New cards per day, counted across all sessions of the day.")  # fmt: skip
@click.option("--limit", "reviews_per_day", type=click.IntRange(0), default=200,
              show_default=True, help="Due reviews per day.")  # fmt: skip
@CHAPTER_OPTION
@click.option("--section", help="Only cards of this notes heading (and its subsections).")
@click.option("--tag", help="Only cards with this tag.")
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
    scheduler_name: str | None,
    day_start: int,
) -> None:
    """Review due and new cards in the terminal, scheduled by SM-2 or FSRS.

    Every chapter of the course is reviewed; --chapter keeps one. Keys: Enter shows the
    answer, 0-5 grades it (5 perfect ... 0 blackout), u undoes the last grade, q or Esc
    quits. Computed cards ask for a typed answer and propose a grade.
    Each grade is saved before the next card appears. With stdin not a terminal, each
    line is one key (or one typed answer), so a session can be scripted.

    \b
    Example:
        fmflash review --new 10
        fmflash review --section "Model Size" --tag moe
        fmflash review --chapter evaluation
        fmflash review --scheduler fsrs
    """
    from fmflash.review.markup import text_width
    from fmflash.review.outlook import outlook, why_nothing
    from fmflash.review.schedule import Kind, learning_day
    from fmflash.review.session import Limits, Session, plan
    from fmflash.review.terminal import Reviewer, Terminal, summarise

    clock_now = read_clock(day_start)
    with user_errors("nothing was reviewed"):
        scheduler = _scheduler(cards_path, scheduler_name)
        selection = _select(cards_path, package_path, chapter, section, tag)
        deck, items, scope = selection.course, selection.items, selection.scope
        store = _open_store(db_path, selection.keys)
    with user_errors("every grade before this card is saved"), closing(store):
        day = learning_day(clock_now, day_start)
        limits = Limits(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
        due_dates = store.due_dates(scheduler)
        today = store.today(day)
        planned = plan(items, due_dates, day=day, today=today, limits=limits)
        if not planned:
            reasons = why_nothing(
                items, due_dates, day=day, today=today, limits=limits, scope=scope
            )
            lines = [f"Nothing to review now{scope}.", *(f"- {reason}" for reason in reasons)]
            if items:
                lines.append(outlook(_due(items, due_dates), day=day, scope=scope))
            echo_wrapped(lines, width=text_width())
            return
        # Only the cards of today's queue are loaded whole.
        cards = {item.position: deck.card(item.position) for item, _ in planned}
        queue = tuple((item.loaded(cards[item.position]), kind) for item, kind in planned)
        no_color = bool(os.environ.get("NO_COLOR"))
        terminal = Terminal.detect(no_color=no_color)
        import time

        reviewer = Reviewer(Session(queue), store, terminal, day, lambda: read_clock(day_start),
                            scheduler=scheduler, stopwatch=time.monotonic)  # fmt: skip
        finished = reviewer.run()
        # Grades move due dates: read them again, unless the learner quit at once.
        after = store.due_dates(scheduler) if finished.steps else due_dates
        owed = len({item.item_id for item, kind in finished.queue if kind is Kind.REDRILL})
        click.echo()
        summary = summarise(finished.steps, redrills_owed=owed)
        echo_wrapped([*summary, outlook(_due(items, after), day=day, scope=scope)],
                     width=terminal.width)  # fmt: skip


def _compare(
    keys: dict[str, str],
    items: tuple[Item[None], ...],
    db_path: str,
    *,
    day: date,
    days: int,
    scheduler: Scheduler,
    as_json: bool,
) -> None:
    """Print SM-2 and FSRS simulated side by side from the learner's log."""
    from fmflash.review.compare import compare, comparison_dict, render_comparison
    from fmflash.review.schedulers import SM2, Scheduler, SchedulerName
    from fmflash.review.session import DEFAULT_LIMITS

    logs = {}
    if _exists(db_path):
        store = _open_store(db_path, keys)
        try:
            logs = store.reviews_by_item()
        finally:
            store.close()
    item_ids = [item.item_id for item in items]
    new_per_day = DEFAULT_LIMITS.new_per_day
    fsrs = Scheduler(SchedulerName.FSRS, scheduler.retention)
    simulations = compare(item_ids, logs, (SM2, fsrs), day=day, days=days,
                          new_per_day=new_per_day)  # fmt: skip
    if as_json:
        import json

        data = {"day": day.isoformat(), "days": days}
        data.update(comparison_dict(simulations, new_per_day=new_per_day))
        click.echo(json.dumps(data, indent=2))
        return
    from fmflash.review.markup import text_width

    echo_wrapped(render_comparison(simulations, new_per_day=new_per_day), width=text_width())


@click.command(epilog=CLOCK_HELP)
@CARDS_OPTION
@PACKAGE_OPTION
@DB_OPTION
@DAY_START_OPTION
@SCHEDULER_OPTION
@CHAPTER_OPTION
@click.option("--compare", is_flag=True,
              help="Simulate the next days under SM-2 and FSRS from your log.")  # fmt: skip
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
    without changing anything. --compare replays your log under SM-2 and under FSRS and
    simulates the next days (--days, 30 by default): reviews a day and predicted recall,
    both measured with FSRS's memory model, with what the simulation assumes.

    \b
    Example:
        fmflash stats
        fmflash stats --scheduler fsrs
        fmflash stats --compare --days 60
        fmflash stats --chapter evaluation
        fmflash stats --json | jq .due_today
    """
    from fmflash.review.markup import text_width
    from fmflash.review.schedule import learning_day
    from fmflash.review.stats import calendar_start, chapter_line, compute_stats, render_stats

    day = learning_day(read_clock(day_start), day_start)
    with user_errors("no statistics"):
        scheduler = _scheduler(cards_path, scheduler_name)
        selection = _select(cards_path, package_path, chapter, None, None)
        items = selection.items
        if compare:
            _compare(selection.keys, items, db_path, day=day, days=days, scheduler=scheduler,
                     as_json=as_json)  # fmt: skip
            return
        if _exists(db_path):
            # By key, as the database has them: no review is renamed, and compute_stats
            # counts only the items it is given (this project's).
            store = _open_store(db_path, selection.keys, read_only=True).store
            try:
                schedules = store.schedules(scheduler)
                reviews = store.reviews_since(calendar_start(day))
                new_done = store.today(day, set(selection.keys.values())).new_done
            finally:
                store.close()
        else:
            schedules, reviews, new_done = {}, [], 0
    keys = selection.keys
    notes = len({item.card_id for item in items})
    item_ids = [keys[item.item_id] for item in items]
    result = compute_stats(item_ids, schedules, reviews, day=day, notes=notes,
                           scheduler=scheduler.title, new_done_today=new_done)  # fmt: skip
    if as_json:
        import json

        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    click.echo(render_stats(result, width=text_width(), color=color), color=color)
    course = selection.course
    if len(course.chapters) > 1:
        click.echo("\nBy chapter:")
        ends = (*course.starts[1:], len(course.summaries))
        for start, end, part in zip(course.starts, ends, course.chapters, strict=True):
            in_chapter = [item for item in items if start <= item.position < end]
            cards = len({item.card_id for item in in_chapter})
            chapter_stats = compute_stats(
                [keys[item.item_id] for item in in_chapter],
                schedules,
                reviews,
                day=day,
                notes=cards,
                scheduler=scheduler.title,
            )
            echo_wrapped([chapter_line(part.deck.name, chapter_stats)], width=text_width())
