"""Anki's reviews of this project's cards, as reviews of fmflash's log (pure).

The one rule for Anki's review log: a row that carries a grade (a button, ease 1-4) is a
review, whatever Anki was doing (learning step, review, relearning step, filtered deck); a
row without one (ease 0: Set Due Date, Forget, Reschedule) is not a review. A review counts
only if it is sound: a whole ease 1-4, an id that is a time in milliseconds from 2006 (Anki's
first year) to a day after now; a time taken that is not a whole number of milliseconds, or is
negative, is unknown. Any other row of this project's cards is skipped and counted, never
guessed at (a damaged or edited collection may hold 2.5, 'abc' or a year-2058 id). Each grade keeps
Anki's button as a rating (Again/Hard/Good/Easy, read by SM-2 through the grade table), its
time, the time the answer took, and Anki's id for it. As in the terminal, only a card's first
grade of a learner's day moves its schedule; the store marks the later ones as re-drills.
The sound reviews of this project's notes whose cards were left out for errors are counted
apart, never returned: fixing the cards and importing again adds them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeGuard

from fmflash.review.anki.collection import AnkiHistory
from fmflash.review.scheduling.grades import Rating
from fmflash.review.scheduling.schedule import Review
from fmflash.review.session.items import review_key, sides

ANKI = "anki"  # the scheduler a review imported from Anki was given under
# Anki's first release was in 2006: an earlier review time is not a time (0, -5, seconds).
FIRST_ANKI_MS = int(datetime(2006, 1, 1, tzinfo=UTC).timestamp() * 1000)


@dataclass(frozen=True, slots=True)
class AnkiReviews:
    """The sound reviews of this project's cards, oldest first, and how many rows were not.

    ``left_out`` counts the sound reviews of the notes left out for errors, not returned;
    ``removed``, those of the notes of cards that left the card files (the record's removed).
    """

    reviews: tuple[Review, ...]
    skipped: int
    left_out: int = 0
    removed: int = 0


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
    left_out_notes: Collection[str] = (),
    removed_notes: Collection[str] = (),
    day_of: Callable[[datetime], date],
    now: datetime,
) -> AnkiReviews:
    """Return the sound graded reviews of this project's cards, and the rows skipped.

    ``left_out_notes`` are the GUIDs of this project's notes whose cards were left out for
    errors: their sound reviews are counted, not returned (a later import adds them).
    ``removed_notes`` are those of the cards removed from the card files (a renamed id is a
    removed card and a new one): their sound reviews are counted, not returned.
    ``day_of`` gives the learner's day of a UTC time (the shell knows the local time zone);
    ``now`` (UTC) bounds the review times: a review from after tomorrow is not one.
    Every review is returned as a graded one; the store decides which are re-drills.
    """
    latest_ms = int((now + timedelta(days=1)).timestamp() * 1000)
    reviews = []
    skipped = left_out = removed = 0
    for logged in history.reviews:
        key = keys.get((logged.note_guid, logged.template))  # type: ignore[arg-type]
        ours = logged.note_guid in left_out_notes or logged.note_guid in removed_notes
        if key is None and not ours:  # another project's card
            continue
        if logged.ease == 0:  # no grade
            continue
        ease, moment = logged.ease, logged.revlog_id
        if not (_whole(ease) and 1 <= ease <= 4):
            skipped += 1
            continue
        if not (_whole(moment) and FIRST_ANKI_MS <= moment <= latest_ms):
            skipped += 1
            continue
        if key is None:  # sound, so that fixing the card adds as many as are counted here
            if logged.note_guid in left_out_notes:
                left_out += 1
            else:
                removed += 1
            continue
        when = datetime.fromtimestamp(moment / 1000, UTC)
        taken = logged.taken_ms
        duration = taken if _whole(taken) and taken > 0 else None
        reviews.append(
            Review(key, when, day_of(when), Rating(ease), ANKI, duration, False, anki_id=moment)
        )
    return AnkiReviews(tuple(reviews), skipped, left_out, removed)


def _whole(value: object) -> TypeGuard[int]:
    """Tell whether a stored value is a whole number (SQLite may hold 2.5, 'abc', a blob)."""
    return type(value) is int


def has_project_notes(history: AnkiHistory, notes: Iterable[str]) -> bool:
    """Tell whether the collection holds any of this project's notes (by GUID)."""
    return not history.guids.isdisjoint(notes)
