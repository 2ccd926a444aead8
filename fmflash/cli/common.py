"""What every command shares: the card-file option, user-error reporting and the clock."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import click

from fmflash.defaults import DEFAULT_CARDS, DEFAULT_PACKAGE

if TYPE_CHECKING:
    from fmflash.errors import Problem

CARDS_OPTION = click.option(
    "--cards",
    "cards_path",
    default=DEFAULT_CARDS,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The card file.",
)


@contextmanager
def user_errors(action: str) -> Iterator[None]:
    """Print a user error's located problems and a summary line, then exit 1."""
    from fmflash.errors import FmflashError

    try:
        yield
    except FmflashError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        summary = error.summary or f"{count_phrase(len(error.problems), 'error')} found"
        raise click.ClickException(f"{summary}; {action}.") from None


def show_warnings(warnings: tuple[Problem, ...]) -> None:
    """Print warnings to stderr, one per line."""
    for warning in warnings:
        click.echo(str(warning), err=True)


def read_clock() -> datetime:
    """Return the local time now, or FMFLASH_NOW (ISO 8601) when set: time travel for tests."""
    now = os.environ.get("FMFLASH_NOW")
    if now:
        try:
            return datetime.fromisoformat(now).replace(tzinfo=None)
        except ValueError:
            raise click.UsageError(
                f"FMFLASH_NOW must be an ISO 8601 time like 2026-03-01T09:00, not {now!r}"
            ) from None
    return datetime.now().replace(microsecond=0)


def build_time() -> int:
    """Return the time to stamp new changes with: SOURCE_DATE_EPOCH, FMFLASH_NOW or the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return int(epoch)
        except ValueError:
            message = f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}"
            raise click.UsageError(message) from None
    if os.environ.get("FMFLASH_NOW"):
        return int(read_clock().timestamp())
    return int(time.time())


def count_phrase(count: int, noun: str) -> str:
    """Say ``1 error`` or ``3 errors``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


PACKAGE_OPTION = click.option(
    "--package",
    "package_path",
    default=DEFAULT_PACKAGE,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The Anki package whose build record to compare with.",
)
