"""The pending command: what Anki still has to be told, until the learner says it is done."""

from __future__ import annotations

import json
import os

import click

from fmflash.apkg.machine_state import acknowledge_pending, pending_here
from fmflash.apkg.pending import pending_json, pending_report
from fmflash.cards.project_formulas import load_in_project
from fmflash.cards.project_package import package_of
from fmflash.cards.root import project_root
from fmflash.cli.common import PACKAGE_OPTION, echo_wrapped, find_card_file, say, user_errors
from fmflash.text import count_phrase


@click.command(name="pending")
@click.option(
    "--cards",
    "cards_path",
    type=click.Path(dir_okay=False),
    help="The card file, to find the package by.  [default: as for check]",
)
@PACKAGE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the steps as JSON.")
@click.option("--acknowledge", is_flag=True, help="Forget every pending step, once done in Anki.")
def pending_command(
    cards_path: str | None, package_path: str | None, as_json: bool, acknowledge: bool
) -> None:
    """List what Anki still has to be told: renamed decks, moved cards, removed notes.

    Anki's importer never moves a card to another deck, renames a deck or deletes
    a note. Each step finds notes by their note id and works whether you import
    the package first or do the steps first. Builds print the steps until you
    acknowledge them; this is remembered on this machine only.

    \b
    Example:
        fmflash pending
        fmflash pending --json
        fmflash pending --acknowledge
    """
    with user_errors("nothing was changed"):
        if package_path is None:
            root = project_root(cards_path) if cards_path else find_card_file(os.curdir)
            package_path = package_of(root, load_in_project(root, root_path=root))
        if acknowledge:
            done = acknowledge_pending(package_path)
            parts = [
                count_phrase(len(done.renames), "rename"),
                count_phrase(sum(len(move.card_ids) for move in done.moves), "moved card"),
                count_phrase(len(done.removed), "removed card"),
            ]
            say(f"Acknowledged {', '.join(parts)}." if done.any else "Nothing pending.")
            return
        pending, record = pending_here(package_path)
    if as_json:
        # ASCII: a name with controls stays valid JSON once say() shows them as text
        say(json.dumps(pending_json(pending, record), indent=2))
    elif not pending.any:
        say("Nothing pending: Anki has been told everything.")
    else:
        echo_wrapped(pending_report(pending, record))
