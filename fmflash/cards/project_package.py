"""A project's one package: the path the root card file names, else one from its deck's name.

``package:`` in the root card file names the package; without it, the package is
``deck/NAME.apkg``, NAME from the root deck's name. Either stays inside the project, and so
does its build record beside it; a default path that moved away from an existing record (the
root deck renamed) is refused, so no card loses its identity in Anki.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from fmflash.cards.containment import card_file_path
from fmflash.cards.notes import slugify
from fmflash.cards.record import record_path
from fmflash.errors import FmflashError

if TYPE_CHECKING:
    from fmflash.cards.model import Deck


_LEADING_NUMBER = re.compile(r"^[\d.\s]+")


def default_package(deck_name: str) -> str:
    """Return the package path a root file that names none gets: ``deck/NAME.apkg``.

    NAME is the root deck's own name (after the last ``::``) without a leading chapter number,
    as a slug: ``AI Engineering::2 Understanding Foundation Models`` gives
    ``deck/understanding-foundation-models.apkg``.
    """
    own = deck_name.split("::")[-1]
    slug = slugify(_LEADING_NUMBER.sub("", own)) or slugify(own) or "cards"
    return f"deck/{slug}.apkg"


def package_of(root_path: str, deck: Deck) -> str:
    """Return the project's package path, as the user would type it from here.

    It stays inside the project, as every path a card file gives, and so does its build
    record: a path leading out is a located error.
    """
    if deck.package is not None:
        return named_package(root_path, deck.package)
    path = _inside(root_path, default_package(deck.name), "the package")
    _refuse_stray_record(root_path, path)
    return path


def named_package(root_path: str, package: tuple[str, int, int]) -> str:
    """Return the package path the root card file names, if it stays inside the project."""
    written, line, column = package
    return _inside(root_path, written, "package", line, column)


def _inside(root_path: str, written: str, what: str, *at: int) -> str:
    """Return a package path given in the root card file, if it and its record stay inside."""
    path, refused = card_file_path(root_path, root_path, written)
    if refused is None:  # the record beside it may be a link leading out
        _, refused = card_file_path(root_path, root_path, record_path(written))
        what += "'s build record"
    if refused is not None:
        raise FmflashError.at(root_path, f"{what} {refused}", *at)
    return path


def _refuse_stray_record(root_path: str, package_path: str) -> None:
    """Refuse to start a new record when the default path moved away from an existing one.

    The default package path follows the root deck's name: after a rename, the old record
    (every card's identity) would be left behind and every card would become new in Anki.
    """
    record = record_path(package_path)
    folder = os.path.dirname(record) or os.curdir
    if os.path.exists(record) or not os.path.isdir(folder):
        return
    others = sorted(name for name in os.listdir(folder) if name.endswith(".record.json"))
    if others:
        old = os.path.join(os.path.dirname(package_path), others[0])[: -len(".record.json")]
        raise FmflashError.at(
            root_path,
            f"the card file names no package, and the default one ({package_path}) has no build "
            f"record while {old}.record.json exists: it holds every card's identity in Anki. "
            f"Keep it by naming its package in this file: package: "
            f"{os.path.relpath(old + '.apkg', os.path.dirname(root_path) or os.curdir)}",
        )
