"""Suspending cards from the shell: ``fmflash suspend ID...`` and ``unsuspend ID...``.

An ID is an item id (``x``, ``x/reverse``, ``x/c2``) or a card id, which names all its items.
Suspending is kept in the review database by identity; the log is not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fmflash.errors import FmflashError
from fmflash.review.log.suspended import Suspension
from fmflash.review.session.items import card_id_of
from fmflash.review.session.selection import Selection, open_project_store
from fmflash.suggestions import no_such_id
from fmflash.text import for_count


def items_named(item_ids: Sequence[str], names: Sequence[str]) -> list[str]:
    """Return the items the names mean, in the course's order; an unknown name is an error."""
    known = set(item_ids) | {card_id_of(item_id) for item_id in item_ids}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise FmflashError.of_option("ID", no_such_id(unknown[0], known))
    wanted = set(names)
    return [item_id for item_id in item_ids if item_id in wanted or card_id_of(item_id) in wanted]


def change_suspension(
    selection: Selection, db_path: str, names: Sequence[str], *, suspend: bool, now: datetime
) -> list[str]:
    """Suspend (or unsuspend) the named items; say what changed and what already was so."""
    chosen = items_named([item.item_id for item in selection.items], names)
    store = open_project_store(db_path, selection.keys)
    try:
        if suspend:
            changed = store.suspend(chosen, Suspension(now, leech=False))
        else:
            changed = store.unsuspend(chosen)
    finally:
        store.close()
    lines = []
    if changed:
        them = for_count(len(changed), "it", "them")
        lines.append(
            f"Suspended {', '.join(changed)}: review will not show {them} until you unsuspend "
            f"{them}." if suspend else
            f"Unsuspended {', '.join(changed)}: review shows {them} again."
        )  # fmt: skip
    unchanged = [item_id for item_id in chosen if item_id not in changed]
    if unchanged:
        lines.append(
            f"{', '.join(unchanged)}: {'suspended already' if suspend else 'not suspended'}."
        )
    return lines
