"""Reviews merged from Anki into the review log, suspending the leeches they make (I/O).

A card whose lapses passed a leech mark (``scheduling.leech``) in the merged reviews is a leech
as one that lapsed in a session: suspended, with the fingerprint of its text, for ``fmflash
check`` to warn about (``session.leeches``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from fmflash.review.log.suspended import Suspension
from fmflash.review.scheduling.leech import leech_mark_between

if TYPE_CHECKING:
    from fmflash.review.log.store import ReviewStore
    from fmflash.review.scheduling.schedule import Review


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
