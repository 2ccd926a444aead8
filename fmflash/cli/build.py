"""The build command: validate the cards and write the Anki package and its record.

Apart from check, confirm and removed (``cli/package.py``), so that a build does not load
check's inspection and leech warnings, nor check the build and its --watch.
"""

from __future__ import annotations

import click

from fmflash.apkg.build import BuildResult, build
from fmflash.apkg.build_report import build_report, check_report
from fmflash.apkg.reports import LIST_LIMIT
from fmflash.cli.collector import resume_collector
from fmflash.cli.common import (
    AGREE,
    CARDS_OPTION,
    Writes,
    build_time,
    echo_wrapped,
    say,
    show_warnings,
    user_errors,
)
from fmflash.cli.options import ALL_OPTION
from fmflash.cli.rebuilds import Rebuilds, changed_warnings
from fmflash.cli.running import INTERRUPTED

WATCH_INTERRUPTED = "Interrupted; the builds above said what each wrote."


@click.command(name="build")
@CARDS_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Also write a copy of the package here (the project's own package and its build "
    "record are kept up to date as ever).",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if the package or its record is out of date.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild whenever a chapter's card file or notes change (Ctrl-C stops).",
)
@ALL_OPTION
def build_command(
    cards_path: str, output: str | None, check_only: bool, watch: bool, show_all: bool
) -> None:
    """Validate the cards and build the Anki package (.apkg).

    Notes keep their identity across builds, so re-importing the package into
    Anki updates edited notes in place and keeps your review history. The same
    input always gives a byte-identical package. The summary says what the next
    import will do: new, updated, unchanged and removed notes.

    \b
    Example:
        fmflash build
        fmflash build --watch
        fmflash build --output ~/Desktop/course.apkg
        fmflash build --check     # in CI: fail if the committed package is stale
    """
    limit = None if show_all else LIST_LIMIT
    if watch:
        if check_only:
            raise click.UsageError("--watch and --check do not go together")
        from fmflash.apkg.watch import watch_and_build

        # Ctrl-C during a build says what it wrote (Rebuilds); one outside them, as the watch
        # ends, must not say "nothing written" after builds that wrote.
        click.get_current_context().meta[INTERRUPTED] = lambda: WATCH_INTERRUPTED
        resume_collector()  # a watch runs for hours: its garbage is collected as usual
        watch_and_build(cards_path, Rebuilds(cards_path, output, limit=limit).build_once, say=say)
        raise click.exceptions.Exit(130)  # only Ctrl-C ends a watch

    action = "nothing was written" if not check_only else "the package was not checked"
    # Ctrl-C at any moment tells the truth: the package and its record are written together
    # or not at all (files.together.write_together), and the message says which.
    writes = Writes()
    writes.tell_on_interrupt(AGREE)
    with user_errors(action):
        result = build(cards_path, output=output, now=build_time(), check_only=check_only,
                       will_write=writes.watch)  # fmt: skip
    with user_errors(f"{result.package_path} and its record were written and agree"):
        show_warnings(result.project.warnings())
        if check_only:
            report_check(result)
        else:
            report_build(result, limit=limit)


def report_build(result: BuildResult, *, limit: int | None) -> None:
    """Tell what a build wrote and what the next Anki import will do."""
    echo_wrapped(build_report(result, changed_warnings(result), limit=limit))


def report_check(result: BuildResult) -> None:
    """Pass if the package and record match the cards; otherwise exit 1 saying why."""
    up_to_date, message = check_report(result)
    if not up_to_date:
        raise click.ClickException(message)
    say(message)
