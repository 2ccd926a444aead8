"""Leeches fed back to the author: ``fmflash check`` warns at each leech's line (rule leech).

A leech is a card whose lapses reached 8 (then every 4th, once unsuspended), in a session or
in reviews merged from Anki: it is suspended, and the database keeps the fingerprint of the
card's text at that moment. A card edited since (another fingerprint) is no longer
warned about: its author has rewritten it, and ``fmflash unsuspend ID`` lets it be learned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from fmflash.cards.model import text_fingerprint
from fmflash.cards.record import identities_with_key
from fmflash.errors import Problem, Severity
from fmflash.files.reasons import file_exists
from fmflash.review.log.store import ReviewStore
from fmflash.review.log.suspended import Suspension
from fmflash.review.scheduling.leech import leech_mark_between
from fmflash.review.session.course import item_keys
from fmflash.review.session.items import items_of

if TYPE_CHECKING:
    from fmflash.cards.project import Project
    from fmflash.review.scheduling.schedule import Review

LEECH_RULE = "leech"


def leech_message(item_id: str) -> str:
    """Say what to do about a leech: the same words wherever it is reported."""
    return f"learners keep failing this card: rewrite it, then `fmflash unsuspend {item_id}`"


def leech_warnings(project: Project, db_path: str) -> tuple[Problem, ...]:
    """Warn at the line of each leech not edited since it became one; read only."""
    if not file_exists(db_path):
        return ()  # no review yet, so no leech
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


def merge_marking_leeches(
    store: ReviewStore,
    reviews: Iterable[Review],
    fingerprint_of: Callable[[str], str],
    *,
    now: datetime,
) -> tuple[int, int, frozenset[str], tuple[str, ...]]:
    """Merge reviews from Anki (``ReviewStore.merge``); suspend as leeches those they made one.

    A card whose lapses passed a leech mark in the merged reviews is suspended and marked,
    with the fingerprint of its text (``fingerprint_of`` its key), as a session does at the 8th
    lapse. Returns the added, the already known, the cards touched and the new leeches' keys.
    """
    reviews = tuple(reviews)
    before = {key: store.lapses(key) for key in {review.card_key for review in reviews}}
    added, already, touched = store.merge(reviews)
    marked = [key for key in touched if leech_mark_between(before[key], store.lapses(key))]
    leeches = tuple(sorted(marked))
    for key in leeches:
        store.suspend([key], Suspension(now, leech=True, fingerprint=fingerprint_of(key)))
    return added, already, touched, leeches
