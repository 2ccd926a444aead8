"""What every command shares: the card-file option, user-error reporting and the clock."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from datetime import time as dt_time
from typing import TYPE_CHECKING

import click

from fmflash.cards.containment import beside, leads_out
from fmflash.cards.root import NoCardFileError, nearest_card_file, project_root
from fmflash.cli.running import INTERRUPTED
from fmflash.defaults import (
    CACHE_ENV,
    DEFAULT_CARDS,
    DEFAULT_DAY_START_HOUR,
    DEFAULT_PACKAGE,
    FIRST_CLOCK_DAY,
    LAST_CLOCK_DAY,
    STATE_ENV,
    cache_folder,
    state_folder,
)
from fmflash.errors import FmflashError, Problem
from fmflash.files.reasons import folder_problem
from fmflash.text import (
    count_phrase,
    escape_controls,
    for_count,
    is_search,
    text_width,
    wrap_visible,
)

if TYPE_CHECKING:
    from fmflash.review.session.selection import Selection


def find_card_file(start: str) -> str:
    """Find the project's root card file from ``start``, as git finds its repository.

    The nearest ``cards.yaml`` here or in a folder above, or the card file further up that
    lists it as a chapter (``fmflash.cards.root``). The path is returned relative to ``start``
    so that messages name it the way the user would type it.
    """
    try:
        nearest = nearest_card_file(start)
    except NoCardFileError as missing:
        where = "the repository root" if missing.at_repository else "the file system's root"
        raise click.ClickException(
            f"no {DEFAULT_CARDS} in {os.path.abspath(start)} or any folder above it "
            f"(looked up to {missing.folder}, {where}). Run fmflash inside a project, or name "
            "the card file: --cards PATH"
        ) from None
    return os.path.relpath(project_root(os.path.abspath(os.path.join(start, nearest))), start)


def _locate_cards(context: click.Context, parameter: click.Parameter, value: str | None) -> str:
    if value is None:
        return find_card_file(os.curdir)

    return project_root(value)  # a chapter's card file stands for its whole course


CARDS_OPTION = click.option(
    "--cards",
    "cards_path",
    callback=_locate_cards,
    type=click.Path(dir_okay=False),
    help="The card file (a chapter's stands for its whole course).  "
    f"[default: {DEFAULT_CARDS} here or in the nearest folder above]",
)


def beside_cards(cards_path: str, relative: str) -> str:
    """Return a project path given relative to the card file's folder (deck/x.apkg).

    A default output stays inside the project: a folder linked out of it is a user error.
    """
    path = beside(cards_path, relative)
    way_out = leads_out(cards_path, path)
    if way_out is not None:
        raise FmflashError([Problem(path, f"it {way_out}", verb="cannot write")])
    return path


def say(text: str = "", *, err: bool = False, nl: bool = True, color: bool | None = None) -> None:
    """Print a line as text only: control characters from files are shown, never sent raw.

    Card files, notes, Anki collections and paths may hold any character; a terminal acts on
    some (a title, the clipboard, a link, text read backwards). ``color`` says the caller
    styled the text itself, after escaping: its colours are kept.
    """
    click.echo(escape_controls(text, keep_styles=color is not None), err=err, nl=nl, color=color)


@contextmanager
def user_errors(action: str) -> Iterator[None]:
    """Check the environment, then run the block: a user error's problems are printed, exit 1.

    ``{them}`` in ``action`` becomes "it" or "them", agreeing with the number of problems.
    Every command does its work inside this block, so the folders the environment names are
    checked before anything is written.
    """
    try:
        check_environment()
        yield
    except FmflashError as error:
        problems = error.problems
        if error.option:  # a wrong option value: click's usage error, as for its own checks
            hint = f"'{error.option}'"
            raise click.BadParameter(problems[0].message, param_hint=hint) from None
        action = action.replace("{them}", for_count(len(problems), "it", "them"))
        if len(problems) == 1 and problems[0].verb:
            # The file system said no: one line says what, where, and what was kept.
            raise click.ClickException(f"{problems[0]}; {action}.") from None
        for problem in problems:
            say(str(problem), err=True)
        summary = error.summary or f"{count_phrase(len(problems), 'error')} found"
        raise click.ClickException(f"{summary}; {action}.") from None


def check_environment() -> None:
    """Refuse a state, cache or temporary folder that cannot be used, before any work.

    The state and cache folders are checked where they are, moved by the environment or
    not (HOME or XDG_DATA_HOME may put them under a file); TMPDIR when it is set.
    """
    folders = (
        (STATE_ENV, state_folder(), "the state folder"),
        (CACHE_ENV, cache_folder(), "the cache folder"),
        ("TMPDIR", os.environ.get("TMPDIR"), "the temporary folder"),
    )
    problems = []
    for name, path, what in folders:
        why = folder_problem(path) if path else None
        if path is None or why is None:
            continue
        if os.environ.get(name):
            problems.append(Problem(f"{name}={path}", why, verb="cannot use"))
        else:
            problems.append(
                Problem(path, f"{why} (set {name} to use another)", verb=f"cannot use {what}")
            )
    if problems:
        raise FmflashError(problems)


def output_width(*, err: bool = False) -> int | None:
    """Return the width to wrap text at: a terminal's (or COLUMNS); None into a pipe or file."""
    stream = sys.stderr if err else sys.stdout
    if "COLUMNS" not in os.environ and not stream.isatty():
        return None  # like git and ls: a program reading the output gets whole lines
    return text_width()


def echo_wrapped(lines: Iterable[str], *, width: int | None = None, err: bool = False) -> None:
    """Print lines wrapped at spaces to the terminal's width, continued lines indented.

    An Anki search stays whole on its line, so that it can be copied. Into a pipe or a file
    (no terminal, no COLUMNS) lines are printed whole.
    """
    width = width or output_width(err=err)
    for line in map(escape_controls, lines):
        if width is None or len(line) <= width or is_search(line):
            click.echo(line, err=err)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        for part in wrap_visible(line.strip(), width - len(lead), indent="  "):
            click.echo(lead + part, err=err)


def say_left_out(selection: Selection) -> None:
    """Say on stderr the first errors, as check does, and what they left out (build refuses)."""
    note = selection.left_out_note()
    if note is not None:
        for problem in selection.shown_problems():
            say(str(problem), err=True)  # as check shows it: its line, a caret
        echo_wrapped([note], err=True)


def show_warnings(warnings: tuple[Problem, ...]) -> None:
    """Print warnings to stderr, each wrapped to the terminal's width."""
    echo_wrapped((str(warning) for warning in warnings), err=True)


def read_clock(day_start: int = DEFAULT_DAY_START_HOUR) -> datetime:
    """Return the local time now, or FMFLASH_NOW (ISO 8601) when set: time travel.

    A date without a time means that learner day: its day-start hour, not midnight (which
    belongs to the day before).
    """
    now = os.environ.get("FMFLASH_NOW")
    if now:
        try:
            if len(now.strip()) == len("2026-03-01"):
                moment = datetime.combine(date.fromisoformat(now.strip()), dt_time(day_start))
            else:
                moment = datetime.fromisoformat(now).replace(tzinfo=None)
        except ValueError:
            raise click.UsageError(
                f"FMFLASH_NOW must be an ISO 8601 time like 2026-03-01T09:00, not {now!r}"
            ) from None
        _check_clock("FMFLASH_NOW", now, moment.date())
        return moment
    return datetime.now().replace(microsecond=0)


def _check_clock(name: str, value: str, day: date) -> None:
    """Refuse a clock outside the days fmflash can schedule in: an error, before any work."""
    if not FIRST_CLOCK_DAY <= day <= LAST_CLOCK_DAY:
        raise click.ClickException(
            f"{name} must be a time between {FIRST_CLOCK_DAY} and {LAST_CLOCK_DAY} (the days "
            f"fmflash can schedule in, with room for the longest interval), not {value!r}; "
            "nothing was done."
        )


def build_time() -> int:
    """Return the time to stamp new changes with: SOURCE_DATE_EPOCH, FMFLASH_NOW or the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            message = f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}"
            raise click.UsageError(message) from None
        try:
            day = datetime.fromtimestamp(seconds, UTC).date()
        except (OverflowError, OSError, ValueError):
            day = date.max
        _check_clock("SOURCE_DATE_EPOCH", epoch, day)
        return seconds
    if os.environ.get("FMFLASH_NOW"):
        return int(read_clock().timestamp())
    return int(time.time())


PACKAGE_OPTION = click.option(
    "--package",
    "package_path",
    type=click.Path(dir_okay=False),
    help="The Anki package whose build record to use (it holds every card's identity).  "
    f"[default: {DEFAULT_PACKAGE} beside the card file]",
)


# What a package and record written before Ctrl-C mean: build --check finds them up to date.
AGREE = "; the package and its record agree ('fmflash build --check' says up to date)"


class Writes:
    """The files a command may write, as they were before it: what Ctrl-C tells the truth by.

    ``watch`` names them once known (before anything is written); ``tell_on_interrupt`` has
    Ctrl-C say which of them were written (each whole, as every write is), or that nothing was.
    """

    def __init__(self, *paths: str) -> None:
        self.before: dict[str, tuple[int, int, int] | None] = {}
        self.watch(paths)

    def watch(self, paths: Iterable[str]) -> None:
        """Remember how these files are now, to tell later whether they were written."""
        for path in paths:
            self.before.setdefault(path, _stamp(path))

    def written(self) -> list[str]:
        """Return the watched files that were written since."""
        return [path for path, stamp in self.before.items() if _stamp(path) != stamp]

    def message(self, what: str = "") -> str:
        """Say what Ctrl-C left: nothing written, or which files were, whole."""
        written = self.written()
        if not written:
            return "Interrupted; nothing written."
        return f"Interrupted after writing {', '.join(written)}, each whole{what}."

    def tell_on_interrupt(self, what: str = "") -> None:
        """Have Ctrl-C from now on say what was written (``what`` adds what that means).

        The command group says it and exits 130 (``fmflash.cli.LazyGroup``), wherever Ctrl-C
        lands: while the files are written, or once they are and the command is ending.
        """
        click.get_current_context().meta[INTERRUPTED] = lambda: self.message(what)


def _stamp(path: str) -> tuple[int, int, int] | None:
    """Return what changes when a file is replaced: its inode, time and size (None if none)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size
