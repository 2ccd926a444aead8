"""Options of the commands that read the review database: --db, --day-start, the clock's help.

Apart from the review command so that ``check`` and ``build`` (which read the database for
leeches) do not load the review session, the statistics and the terminal with it.
"""

from __future__ import annotations

import os

import click

from fmflash.defaults import DEFAULT_DAY_START_HOUR, review_database


class _DatabaseOption(click.Option):
    """The --db option, whose help names the default path as it is when the help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        path = review_database()
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
    default=review_database,
    type=click.Path(dir_okay=False),
)
# The commands that read the clock say in their help how to set it.
CLOCK_HELP = (
    "FMFLASH_NOW sets the clock, to see a day ahead of time: an ISO 8601 time "
    "(FMFLASH_NOW=2026-03-01T09:00), or a date alone (FMFLASH_NOW=2026-03-01) for that "
    "learner day, which starts at the --day-start hour."
)
DAY_START_OPTION = click.option(
    "--day-start",
    envvar="FMFLASH_DAY_START",
    type=click.IntRange(0, 23),
    default=DEFAULT_DAY_START_HOUR,
    show_default=True,
    help="Hour at which a new review day starts (also FMFLASH_DAY_START).",
)
# The review commands' choice of scheduler and of chapter.
SCHEDULER_OPTION = click.option(
    "--scheduler",
    "scheduler_name",
    type=click.Choice(["sm2", "fsrs"]),
    help="The scheduler: sm2 or fsrs.  [default: the card file's review: scheduler, else sm2]",
)
CHAPTER_OPTION = click.option(
    "--chapter",
    metavar="TEXT",
    help="Only the chapter whose deck name contains TEXT (ignoring case).",
)
# The commands that list stale and removed cards: the whole list, or the first few.
ALL_OPTION = click.option(
    "--all", "show_all", is_flag=True, help="List every stale and removed card, however many."
)
