from __future__ import annotations

import pytest

from fmflash.review.anki.project_cards import left_out_note
from fmflash.review.session.left_out import LeftOut

FAULTY = ("ch4/cards.yaml", "ch5/cards.yaml")


@pytest.mark.parametrize(
    ("left_out", "reviews", "note"),
    [
        (LeftOut(), 0, None),
        (LeftOut(errors=1, faulty=FAULTY[:1]), 0,
         "Found 1 error (ch4/cards.yaml): no card was left out."),
        (LeftOut(cards=1, errors=2, faulty=FAULTY[:1]), 0,
         "Left out 1 card for 2 errors (ch4/cards.yaml): Anki has no review of it."),
        (LeftOut(cards=1, errors=1, faulty=FAULTY[:1]), 3,
         "Left out 1 card for 1 error (ch4/cards.yaml): its reviews in Anki are not imported. "
         "Fix the error, then run import-anki again to add them."),
        (LeftOut(cards=2, card_files=FAULTY[1:], errors=3, faulty=FAULTY), 1,
         "Left out 2 cards and every card of ch5/cards.yaml for 3 errors (ch4/cards.yaml, "
         "ch5/cards.yaml): their reviews in Anki are not imported. Fix the errors, then run "
         "import-anki again to add them."),
        (LeftOut(card_files=FAULTY[1:], errors=1, faulty=FAULTY[1:]), 0,
         "Left out every card of ch5/cards.yaml for 1 error (ch5/cards.yaml): Anki has no "
         "review of them."),
    ],
)  # fmt: skip
def test_the_note_says_what_errors_left_out_of_the_import(
    left_out: LeftOut, reviews: int, note: str | None
) -> None:
    assert left_out_note(left_out, reviews=reviews) == note
