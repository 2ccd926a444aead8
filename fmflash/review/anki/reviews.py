"""Anki's reviews of this project's cards, as reviews of fmflash's log (pure).

The one rule for Anki's review log: a row that carries a grade (a button, ease 1-4) is a
review, whatever Anki was doing (learning step, review, relearning step, filtered deck); an
row without one (ease 0: Set Due Date, Forget, Reschedule) is skipped. Each grade keeps
Anki's button as a rating (Again/Hard/Good/Easy, read by SM-2 through the grade table), its
time, the time the answer took, and Anki's id for it. As in the terminal, only a card's first
grade of a learner's day moves its schedule; the store marks the later ones as re-drills.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime

from fmflash.review.anki.collection import AnkiHistory
from fmflash.review.scheduling.grades import Rating
from fmflash.review.scheduling.schedule import Review
from fmflash.review.session.items import review_key, sides

ANKI = "anki"  # the scheduler a review imported from Anki was given under


def card_keys(
    notes: Iterable[tuple[str, str, bool, tuple[int, ...]]],
) -> dict[tuple[str, int], str]:
    """Map (note GUID, Anki card ordinal) to the review key of each reviewed side or gap.

    ``notes`` gives each note's GUID, its card id, whether it has a reverse, and its cloze gaps.
    A question/answer note's card 0 is its front and card 1 its reverse; a cloze note's card
    N - 1 is gap cN; the first gap is reviewed as the card itself, the others as ``id/cN``,
    and each is keyed by its identity as ``fmflash review`` keys it (``GUID``, ``GUID/c2``).
    """
    keys: dict[tuple[str, int], str] = {}
    for guid, card_id, reverse, gaps in notes:
        for ordinal, (item_id, _, gap) in enumerate(sides(card_id, reverse, gaps)):
            # A cloze note's cards are numbered by gap; the others front, then reverse.
            keys[(guid, gap - 1 if gap else ordinal)] = review_key(guid, item_id)
    return keys


def anki_reviews(
    history: AnkiHistory,
    keys: Mapping[tuple[str, int], str],
    *,
    day_of: Callable[[datetime], date],
) -> list[Review]:
    """Return the graded reviews of this project's cards, oldest first.

    ``day_of`` gives the learner's day of a UTC time (the shell knows the local time zone).
    Every review is returned as a graded one; the store decides which are re-drills.
    """
    reviews = []
    for logged in history.reviews:
        key = keys.get((logged.note_guid, logged.template))
        if key is None or not 1 <= logged.ease <= 4:
            continue
        when = datetime.fromtimestamp(logged.revlog_id / 1000, UTC)
        duration = logged.taken_ms if logged.taken_ms > 0 else None
        reviews.append(
            Review(key, when, day_of(when), Rating(logged.ease), ANKI, duration, False,
                   anki_id=logged.revlog_id)
        )  # fmt: skip
    return reviews


def has_project_notes(history: AnkiHistory, keys: Mapping[tuple[str, int], str]) -> bool:
    """Tell whether the collection holds any note of this project."""
    return any(guid in history.guids for guid, _ in keys)
