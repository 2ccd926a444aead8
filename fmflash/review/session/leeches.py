"""Leeches fed back to the author: ``fmflash check`` warns at each leech's line (rule leech).

A leech is a card whose lapses reached 8 (then every 4th, once unsuspended), in a session or
in reviews merged from Anki: it is suspended, and the database keeps the fingerprint of the
card's text at that moment. A card edited since (another fingerprint) is no longer
warned about: its author has rewritten it, and ``fmflash unsuspend ID`` lets it be learned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fmflash.cards.model import text_fingerprint
from fmflash.cards.record import identities_with_key
from fmflash.errors import Problem, Severity
from fmflash.files.reasons import file_exists
from fmflash.review.session.course import item_keys
from fmflash.review.session.items import items_of

if TYPE_CHECKING:
    from fmflash.cards.project import Project

LEECH_RULE = "leech"


def leech_message(item_id: str) -> str:
    """Say what to do about a leech: the same words wherever it is reported."""
    return f"learners keep failing this card: rewrite it, then `fmflash unsuspend {item_id}`"


def leech_warnings(project: Project, db_path: str) -> tuple[Problem, ...]:
    """Warn at the line of each leech not edited since it became one; read only."""
    if not file_exists(db_path):
        return ()  # no review yet, so no leech
    # The review log's store (sqlite3 and the log's modules) only with a review database:
    # `fmflash check` of a project no one reviewed on this machine (CI's) never needs it.
    from fmflash.review.log.store import ReviewStore

    store = ReviewStore.open(db_path, read_only=True)
    try:
        suspended = store.suspended()
    finally:
        store.close()
    leeches = {key: why for key, why in suspended.items() if why.leech}
    if not leeches:
        return ()
    identities = identities_with_key(project.package_path, (), b"")  # reads, never writes
    warnings = []
    for chapter in project.chapters:
        items = items_of(chapter.deck.cards)
        keys = item_keys(items, identities)
        for item in items:
            why = leeches.get(keys[item.item_id])
            if why is not None and why.fingerprint == text_fingerprint(item.card):
                warnings.append(Problem(chapter.path, leech_message(item.item_id), item.card.line,
                                        severity=Severity.WARNING, rule=LEECH_RULE))  # fmt: skip
    return tuple(warnings)
