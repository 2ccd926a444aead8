"""This project's cards as Anki has them, despite errors: review keys, notes left out (I/O).

``fmflash import-anki`` imports the reviews of every card that loads, as ``fmflash review``
studies them (``cards.project_partial``). A note the build record has whose card did not load
(left out for an error) is known, not matched: its reviews are counted apart and not imported,
until the card file is fixed and the import is run again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from fmflash.cards.model import text_fingerprint
from fmflash.cards.project_partial import load_what_loads_of
from fmflash.cards.record import read_record
from fmflash.review.anki.reviews import card_keys
from fmflash.review.session.items import review_key, sides
from fmflash.review.session.left_out import LeftOut
from fmflash.text import for_count

if TYPE_CHECKING:
    from fmflash.cards.model import Deck
    from fmflash.errors import Problem


class ProjectCards(NamedTuple):
    """The project's cards as Anki has them: their review keys, and what each key names."""

    # Each Anki card of the project (note GUID, card ordinal) to its review key.
    keys: dict[tuple[str, int], str]
    # Each review key to its item id and its card's deck and place there.
    items: dict[str, tuple[str, Deck, int]]
    # The GUIDs of the notes the build record has whose cards were left out for errors.
    left_out_notes: frozenset[str] = frozenset()
    left_out: LeftOut = LeftOut()
    # The project's errors, located.
    problems: tuple[Problem, ...] = ()
    # The GUIDs of the notes of the record's removed cards: Anki may still have their reviews.
    removed_notes: frozenset[str] = frozenset()

    def fingerprint(self, key: str) -> str:
        """Return the fingerprint of the text of the card a review key names."""
        _, deck, position = self.items[key]
        return text_fingerprint(deck.cards[position])

    def notes(self) -> frozenset[str]:
        """Return the GUIDs of every note of the project Anki may have, left out or not."""
        return frozenset(guid for guid, _ in self.keys) | self.left_out_notes


def project_cards(cards_path: str) -> ProjectCards:
    """Find each Anki card of the project that loads: its review key, its item id, its card.

    With errors, the notes of the cards left out are found in the build record; with no card
    that loads, the errors are raised.
    """
    project = load_what_loads_of(cards_path)
    record = read_record(project.package_path)
    notes = []
    items: dict[str, tuple[str, Deck, int]] = {}
    for chapter in project.chapters:
        for position, summary in enumerate(chapter.deck.summaries()):
            known = record.cards.get(summary.id)
            if known is not None and known.guid:  # built at least once: Anki may have it
                notes.append((known.guid, summary.id, summary.reverse, summary.gaps))
                for item_id, _, _ in sides(summary.id, summary.reverse, summary.gaps):
                    items[review_key(known.guid, item_id)] = (item_id, chapter.deck, position)
    left_out_notes: frozenset[str] = frozenset()
    if project.problems:  # without errors, a built card that is gone was removed: not ours
        loaded = {guid for guid, _, _, _ in notes}
        built = {known.guid for known in record.cards.values() if known.guid}
        left_out_notes = frozenset(built - loaded)
    removed_notes = frozenset(known.guid for known in record.removed.values() if known.guid)
    return ProjectCards(card_keys(notes), items, left_out_notes, LeftOut.of(project),
                        project.problems, removed_notes)  # fmt: skip


def left_out_note(left_out: LeftOut, *, reviews: int) -> str | None:
    """Say what the project's errors left out of the import, and what to do; None if none.

    ``reviews`` counts the reviews in Anki of the cards left out (the counts line says it).
    """
    if not left_out.errors:
        return None
    errors = left_out.errors_phrase()
    if not left_out.any_card():
        return f"Found {errors}: no card was left out."
    cards = f"Left out {left_out.cards_phrase()} for {errors}"
    if not reviews:
        return f"{cards}: Anki has no review of {left_out.agreeing('it', 'them')}."
    return (
        f"{cards}: {left_out.agreeing('its', 'their')} reviews in Anki are not imported. Fix "
        f"{for_count(left_out.errors, 'the error', 'the errors')}, then run import-anki again "
        "to add them."
    )
