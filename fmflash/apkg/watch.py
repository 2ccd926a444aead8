"""``fmflash build --watch``: rebuild when the card file or the notes change."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from fmflash.cards.parse_cards import parse_card_file
from fmflash.errors import FmflashError
from fmflash.files import beside, read_text

# Polling twice a second costs a few stat calls: no busy loop, no extra dependency.
INTERVAL_SECONDS = 0.5


def watched_paths(cards_path: str, fallback: list[str]) -> list[str]:
    """Return the card file and the notes file it names (or the last known ones)."""
    try:
        card_file = parse_card_file(read_text(cards_path), path=cards_path)
    except FmflashError:
        return fallback
    if card_file.notes_path is None:
        return [cards_path]
    notes = beside(cards_path, card_file.notes_path)
    return [cards_path, notes]


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
    """Build now, then again after every change to the watched files, until Ctrl-C."""
    paths = watched_paths(cards_path, [cards_path])
    seen = signature(paths)
    try:
        build_once()
        say(f"Watching {', '.join(paths)} (Ctrl-C stops).")
        while True:
            sleep(interval)
            paths = watched_paths(cards_path, paths)
            now = signature(paths)
            if now != seen:
                seen = now
                say(f"\n[{time.strftime('%H:%M:%S')}] Change seen; rebuilding.")
                build_once()
    except KeyboardInterrupt:
        say("\nStopped watching.")
