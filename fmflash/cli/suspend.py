"""The suspend and unsuspend commands: keep cards out of review, or bring them back."""

from __future__ import annotations

import os
from datetime import UTC

import click

from fmflash.cli.common import CARDS_OPTION, PACKAGE_OPTION, echo_wrapped, read_clock, user_errors
from fmflash.cli.options import DB_OPTION
from fmflash.review.session.selection import select
from fmflash.review.session.suspending import change_suspension

SUSPEND_HELP = """Suspend cards: review never shows them until you unsuspend them.

    An ID is a card id (all its sides and gaps) or one side or gap (ID/reverse, ID/c2), as
    the reviewer names them. Nothing is removed from your review history; stats counts
    suspended cards apart. In a review, s suspends the card on screen.

    \b
    Example:
        fmflash suspend mixtral-total
        fmflash suspend mixtral-total/reverse sampling-definition
    """
UNSUSPEND_HELP = """Unsuspend cards (leeches too): review shows them again when they are due.

    An ID is a card id (all its sides and gaps) or one side or gap (ID/reverse, ID/c2).
    Unsuspending a leech also clears its mark, so fmflash check stops warning about it.

    \b
    Example:
        fmflash unsuspend mixtral-total
    """


def _suspension_command(name: str, *, suspend: bool, help_text: str) -> click.Command:
    """Make the command that suspends (or unsuspends) the cards it names."""

    @click.command(name=name, help=help_text)
    @CARDS_OPTION
    @PACKAGE_OPTION
    @DB_OPTION
    @click.argument("ids", metavar="ID...", nargs=-1, required=True)
    def command(
        cards_path: str, package_path: str | None, db_path: str, ids: tuple[str, ...]
    ) -> None:
        with user_errors("nothing was changed"):
            selection = select(cards_path, package_path=package_path, chapter=None, section=None,
                               tag=None, random_bytes=os.urandom(8))  # fmt: skip
            now = read_clock().astimezone(UTC)
            lines = change_suspension(selection, db_path, ids, suspend=suspend, now=now)
        echo_wrapped(lines)

    return command


suspend_command = _suspension_command("suspend", suspend=True, help_text=SUSPEND_HELP)
unsuspend_command = _suspension_command("unsuspend", suspend=False, help_text=UNSUSPEND_HELP)
