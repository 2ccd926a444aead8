"""``fmflash build --watch``: rebuild when a card file or a notes file of the project changes.

Every chapter is watched: the root card file, the chapter card files it lists and each one's
notes. The list is read again after each change, so chapters added or removed while watching
are watched, or no longer, from the next change on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from fmflash.cards.containment import card_file_path
from fmflash.cards.parse_cards import parse_card_file
from fmflash.errors import FmflashError
from fmflash.files.reading import read_text

# Polling twice a second costs a few stat calls: no busy loop, no extra dependency.
INTERVAL_SECONDS = 0.5


def _card_file_and_notes(root_path: str, cards_path: str) -> tuple[list[str], list[str]]:
    """Return a card file with the notes file it names, and the chapters it lists.

    Paths that lead out of the project are not watched: the build refuses them.
    """
    card_file = parse_card_file(read_text(cards_path), path=cards_path)
    paths = [cards_path]
    if card_file.notes_path is not None:
        notes, refused = card_file_path(root_path, cards_path, card_file.notes_path)
        if refused is None:
            paths.append(notes)
    chapters = []
    for listed, _, _ in card_file.chapters:
        chapter, refused = card_file_path(root_path, cards_path, listed)
        if refused is None:
            chapters.append(chapter)
    return paths, chapters


def watched_paths(cards_path: str, fallback: list[str]) -> list[str]:
    """Return every card file and notes file of the project (or, if unreadable, ``fallback``).

    A chapter that cannot be read yet (missing, or broken) is watched by its card file alone.
    """
    try:
        paths, chapters = _card_file_and_notes(cards_path, cards_path)
    except FmflashError:
        return fallback
    for chapter in chapters:
        try:
            paths += _card_file_and_notes(cards_path, chapter)[0]
        except FmflashError:
            paths.append(chapter)
    return list(dict.fromkeys(paths))


def signature(paths: list[str]) -> tuple[tuple[str, int, int] | None, ...]:
    """Return what tells a file changed: modification time and size (None if missing)."""
    result: list[tuple[str, int, int] | None] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            result.append(None)
        else:
            result.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(result)


def watch_and_build(
    cards_path: str,
    build_once: Callable[[], bool],
    *,
    say: Callable[[str], None],
    interval: float = INTERVAL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Build now, then again after every change to the watched files, until Ctrl-C.

    Between changes a poll only looks at the files' times and sizes; the project's list of
    files is read again when one of them changed.
    """
    paths = watched_paths(cards_path, [cards_path])
    seen = signature(paths)
    try:
        build_once()
        say(f"Watching {', '.join(paths)} (Ctrl-C stops).")
        while True:
            sleep(interval)
            if signature(paths) == seen:
                continue
            paths = watched_paths(cards_path, paths)
            seen = signature(paths)
            say(f"\n[{time.strftime('%H:%M:%S')}] Change seen; rebuilding.")
            build_once()
    except KeyboardInterrupt:
        say("\nStopped watching.")
