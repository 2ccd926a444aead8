"""Why there is nothing to review, and what lies ahead, as pure functions of the schedule."""

from __future__ import annotations

from datetime import date

from fmflash.cards.model import BasicCard
from fmflash.review.log.today import Today
from fmflash.review.session.items import items_of
from fmflash.review.session.outlook import outlook, why_nothing
from fmflash.review.session.plan import Limits

DAY = date(2026, 3, 10)
ITEMS = items_of([BasicCard(f"c{n}", "S", n, "Q?", "A.") for n in range(3)])


def test_the_review_limit_is_named_with_what_is_still_due() -> None:
    due = {"c0": date(2026, 3, 9), "c1": DAY, "c2": date(2026, 3, 12)}
    reasons = why_nothing(
        ITEMS, due, day=DAY, today=Today(reviews_done=5), limits=Limits(reviews_per_day=5)
    )
    assert reasons == ["Review limit reached: 5 of 5 today, 2 still due (--limit N raises it)."]


def test_nothing_due_names_the_first_day_and_its_cards() -> None:
    due = {"c0": date(2026, 3, 12), "c1": date(2026, 3, 12), "c2": date(2026, 3, 20)}
    assert why_nothing(ITEMS, due, day=DAY, today=Today(), limits=Limits()) == [
        "Nothing is due until 2026-03-12 (2 cards then)."
    ]


def test_outlook_counts_tomorrow_as_stats_does() -> None:
    assert outlook([], day=DAY) == "No card is scheduled yet."
    assert outlook([date(2026, 3, 11)] * 2, day=DAY) == (
        "Next due: tomorrow (2026-03-11). Tomorrow: 2 cards due."
    )
    assert outlook([date(2026, 3, 1), date(2026, 3, 11)], day=DAY) == (
        "Still due today: 1 card. Tomorrow: 1 card due."
    )
    assert outlook([date(2026, 3, 15)], day=DAY, scope=" with tag 'moe'") == (
        "Next due: 2026-03-15. Tomorrow: 0 cards due."
    )
