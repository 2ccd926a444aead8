"""The project a card file belongs to: its root card file, found from any folder inside it (I/O).

A project is found as git finds a repository: the nearest ``cards.yaml`` in the folder you are
in or a folder above it. That file may be a chapter of a larger course: the root card file is
then the ``cards.yaml`` further up that lists it under ``chapters:``. The search looks no higher
than a repository root (a folder with ``.git``) or the file system's root. So a chapter card
file never becomes a project of its own, wherever the learner stands.
"""

from __future__ import annotations

import os

from fmflash.defaults import DEFAULT_CARDS
from fmflash.errors import FmflashError
from fmflash.files.reading import read_text


class NoCardFileError(Exception):
    """No card file in a folder or above it: ``folder`` is where the search stopped."""

    def __init__(self, start: str, folder: str, *, at_repository: bool) -> None:
        super().__init__(start)
        self.start = start
        self.folder = folder
        self.at_repository = at_repository


def _folders_up(start: str) -> list[str]:
    """Return ``start`` and each folder above it, up to a repository root or ``/``."""
    folder = os.path.abspath(start)
    folders = [folder]
    while not os.path.exists(os.path.join(folder, ".git")):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folders.append(parent)
        folder = parent
    return folders


def nearest_card_file(start: str) -> str:
    """Return the nearest ``cards.yaml`` in ``start`` or a folder above it, as from ``start``."""
    folders = _folders_up(start)
    for folder in folders:
        candidate = os.path.join(folder, DEFAULT_CARDS)
        if os.path.isfile(candidate):
            return os.path.relpath(candidate, start)
    last = folders[-1]
    raise NoCardFileError(start, last, at_repository=os.path.exists(os.path.join(last, ".git")))


def _lists_chapter(root: str, chapter: str) -> bool:
    """Tell whether the card file ``root`` lists ``chapter`` (absolute paths) under chapters:."""
    from fmflash.cards.parse_yaml import compose, text_value, value_node  # PyYAML: only here

    text = read_text(root)
    folder = os.path.dirname(root)
    try:
        tree = compose(text, path=root)
    except FmflashError:
        # A root broken by a syntax error: it is the root if it names the chapter; loading it
        # then shows the learner where the error is.
        return os.path.relpath(chapter, folder).replace(os.sep, "/") in text
    node = value_node(tree, "chapters") if tree is not None else None
    listed = [text_value(item) for item in getattr(node, "value", None) or ()]
    same = os.path.realpath(chapter)
    return any(
        isinstance(path, str) and os.path.realpath(os.path.join(folder, path.strip())) == same
        for path in listed
    )


def project_root(cards_path: str) -> str:
    """Return the root card file of the project ``cards_path`` belongs to, as from here.

    That is ``cards_path`` itself, unless a ``cards.yaml`` in its folder or above lists it as a
    chapter: then that one.
    """
    chapter = os.path.abspath(cards_path)
    for folder in _folders_up(os.path.dirname(chapter)):
        candidate = os.path.join(folder, DEFAULT_CARDS)
        if candidate == chapter or not os.path.isfile(candidate):
            continue
        try:
            if _lists_chapter(candidate, chapter):
                return candidate if os.path.isabs(cards_path) else os.path.relpath(candidate)
        except FmflashError:
            continue  # an unreadable file above is no root of this one
    return cards_path
