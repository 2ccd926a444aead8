"""What this machine remembers of a project, outside the repository: whose removed cards are whose.

A clone comes with a build record that lists every card removed since the project began. Cards
removed before the learner's first build on this machine were never in a package they built,
so fmflash says nothing of them; cards removed since are theirs to delete in Anki, until they
acknowledge them. Both facts are this learner's, not the project's: they live in the user's
data folder (``FMFLASH_STATE_DIR`` moves it), one small JSON file per project, so that
acknowledging never changes a committed file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from fmflash.apkg.pending import Pending, pending_of
from fmflash.cards.record import read_record, record_path
from fmflash.cards.record_format import Record
from fmflash.defaults import state_folder
from fmflash.files.atomic import write_atomically
from fmflash.files.reading import read_text


class MachineState(NamedTuple):
    """The removed cards that are not this learner's: gone before their first build, or done.

    Also what Anki has still to be told since builds here: the decks renamed (old name ->
    the chapter, by its key in the record) and the cards that may sit in another chapter's deck.
    """

    removed_before: frozenset[str] = frozenset()
    acknowledged: frozenset[str] = frozenset()
    renamed: Mapping[str, str] = {}  # never changed in place: shared when empty
    moved: frozenset[str] = frozenset()

    def theirs(self, removed: Iterable[str]) -> tuple[str, ...]:
        """Keep the removed cards this learner may still have in Anki."""
        hidden = self.removed_before | self.acknowledged
        return tuple(card_id for card_id in removed if card_id not in hidden)


def learners_removed(state: MachineState | None, removed: Iterable[str]) -> tuple[str, ...]:
    """Keep the removed cards this learner may have in Anki: none before a first build here."""
    return () if state is None else state.theirs(removed)


def state_file(package_path: str) -> str:
    """Return the state file of the project whose package is ``package_path``."""
    record = os.path.abspath(record_path(package_path))
    name = hashlib.sha256(record.encode()).hexdigest()[:16]
    return os.path.join(state_folder(), f"{name}.json")


def read_state(package_path: str) -> MachineState | None:
    """Return what this machine remembers of the project; None before its first build here."""
    path = state_file(package_path)
    if not os.path.exists(path):
        return None
    try:
        data = json.loads(read_text(path))
        return MachineState(
            frozenset(map(str, data["removed_before"])),
            frozenset(map(str, data["acknowledged"])),
            # Files written before renames and moves were remembered have neither: none pending.
            {str(old): str(chapter) for old, chapter in data.get("renamed", {}).items()},
            frozenset(map(str, data.get("moved", []))),
        )
    except (ValueError, KeyError, TypeError):
        return None  # a damaged file: as on a first run, nothing is claimed for the learner


def _write(package_path: str, state: MachineState) -> None:
    data = {
        "record": os.path.abspath(record_path(package_path)),
        "removed_before": sorted(state.removed_before),
        "acknowledged": sorted(state.acknowledged),
        "renamed": dict(sorted(state.renamed.items())),
        "moved": sorted(state.moved),
    }
    path = state_file(package_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_atomically(path, (json.dumps(data, indent=2) + "\n").encode())


def first_build(package_path: str, removed_before: Iterable[str]) -> MachineState:
    """Remember, at the learner's first build here, the cards removed before it; return state."""
    state = read_state(package_path)
    if state is None:
        state = MachineState(removed_before=frozenset(removed_before))
        _write(package_path, state)
    return state


def remember_build(
    package_path: str,
    *,
    removed_before: Iterable[str],
    renamed: Mapping[str, str],
    moved: Iterable[str],
) -> MachineState:
    """Remember what a build leaves for Anki: renamed decks and moved cards; return the state.

    At the learner's first build here nothing is theirs yet: only the cards removed before it
    are remembered (as not theirs).
    """
    state = read_state(package_path)
    if state is None:
        return first_build(package_path, removed_before)
    updated = state._replace(
        renamed={**state.renamed, **renamed}, moved=state.moved | frozenset(moved)
    )
    if updated != state:
        _write(package_path, updated)
    return updated


def acknowledge_here(
    package_path: str, card_ids: Iterable[str], *, renames_and_moves: bool = False
) -> None:
    """Remember that the learner deleted these removed cards in Anki (or never had them).

    With ``renames_and_moves``, also that they did what renames and moves asked.
    """
    state = read_state(package_path) or MachineState()
    state = state._replace(acknowledged=state.acknowledged | set(card_ids))
    if renames_and_moves:
        state = state._replace(renamed={}, moved=frozenset())
    _write(package_path, state)


def pending_here(package_path: str) -> tuple[Pending, Record]:
    """Return what Anki still has to be told on this machine, and the record it refers to."""
    record = read_record(package_path)
    state = read_state(package_path)
    if state is None:
        return Pending(), record
    removed = state.theirs(sorted(record.removed))
    return pending_of(record, renamed=state.renamed, moved=state.moved, removed=removed), record


def acknowledge_pending(package_path: str) -> Pending:
    """Forget everything pending here once done in Anki; return what was forgotten."""
    pending, _ = pending_here(package_path)
    if pending.any:
        acknowledge_here(package_path, pending.removed, renames_and_moves=True)
    return pending
