"""Edit in place: e opens $VISUAL or $EDITOR at the card's line, then reads the card again.

The editor is the learner's own, given its usual ``+LINE FILE`` arguments (vi, nano, emacs and
most others understand them). When it closes, the card file is read again: the card is shown
as edited, or, if the file now has an error, the old text stays and the first error is said.
Nothing is written to the review database.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Mapping
from typing import NamedTuple

from fmflash.cards.model import Card
from fmflash.cards.project_formulas import load_in_project
from fmflash.errors import FmflashError
from fmflash.review.terminal.console import echo_set
from fmflash.text import count_phrase


class Edited(NamedTuple):
    """The card read again after the editor closed (None: the old text stays), and why."""

    card: Card | None
    message: str


def editor_of(environ: Mapping[str, str]) -> list[str] | None:
    """Return the learner's editor command (VISUAL, else EDITOR), split as a shell would."""
    command = environ.get("VISUAL") or environ.get("EDITOR")
    if not command or not command.strip():
        return None
    try:
        return shlex.split(command)
    except ValueError:
        return None


def edit_card(card: Card, path: str, *, root_path: str, environ: Mapping[str, str]) -> Edited:
    """Open the editor at the card's line in its card file, then read the card again."""
    editor = editor_of(environ)
    if editor is None:
        return Edited(None, "Set VISUAL or EDITOR to your editor to edit a card from the review.")
    try:
        with echo_set(on=True):  # the session's keys are unechoed; the editor's are not
            subprocess.run([*editor, f"+{card.line}", path], check=False)
    except OSError as error:
        return Edited(None, f"Could not run the editor {editor[0]}: {error.strerror or error}.")
    try:
        deck = load_in_project(path, use_cache=False, root_path=root_path)
    except FmflashError as error:
        more = len(error.problems) - 1
        also = f" (and {count_phrase(more, 'more error')}: run fmflash check)" if more else ""
        return Edited(None, f"Kept the old text: {error.problems[0]}{also}")
    found = next((each for each in deck.cards if each.id == card.id), None)
    if found is None:
        return Edited(None, f"Kept the old text: {path} has no card '{card.id}' now.")
    return Edited(found, f"Read {card.id} again from {path}.")
