"""What lies ahead: why there is nothing to review now, when cards are next due (pure).

"Tomorrow" means one thing everywhere, here and in ``fmflash stats``: the cards whose due day
is tomorrow. Cards still due today are counted as today's, not tomorrow's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from fmflash.review.log.today import Today
from fmflash.review.session.items import Item
from fmflash.review.session.plan import Limits
from fmflash.text import count_phrase, for_count


def _cards(count: int) -> str:
    return count_phrase(count, "card")


def outlook(due_dates: Collection[date], *, day: date, scope: str = "") -> str:
    """Say when cards are next due and how many are due tomorrow.

    ``scope`` names a selection (`` of section 'Model Size'``) when not the whole deck.
    """
    if not due_dates:
        return f"No card{scope} is scheduled yet."
    tomorrow = day + timedelta(days=1)
    due_now = sum(due <= day for due in due_dates)
    parts = []
    if due_now:
        parts.append(f"Still due today: {_cards(due_now)}.")
    else:
        next_due = min(due_dates)
        when = (
            f"tomorrow ({next_due.isoformat()})" if next_due == tomorrow else next_due.isoformat()
        )
        parts.append(f"Next due: {when}.")
    parts.append(f"Tomorrow: {_cards(sum(due == tomorrow for due in due_dates))} due.")
    return " ".join(parts)


def why_nothing(
    items: Sequence[Item[Any]],
    due_dates: Mapping[str, date],
    *,
    day: date,
    today: Today,
    limits: Limits,
    scope: str = "",
    buried: Collection[str] = (),
) -> list[str]:
    """Explain an empty queue: a daily limit is reached, nothing is due yet, or no card matched.

    ``buried`` names the items that wait for tomorrow because a sibling was shown today.
    """
    if not items:
        return [f"No card{scope}: nothing to review." if scope else "The deck has no cards."]
    waiting = [item for item in items if item.item_id in buried]
    items = [item for item in items if item.item_id not in buried]
    new = sum(item.item_id not in due_dates for item in items)
    scheduled = [due for item in items if (due := due_dates.get(item.item_id)) is not None]
    due_now = sum(due <= day for due in scheduled)
    reasons = []
    if waiting:
        reasons.append(
            f"{_cards(len(waiting))} {for_count(len(waiting), 'waits', 'wait')} for tomorrow "
            f"(buried): another side of {for_count(len(waiting), 'its', 'their')} card was "
            "shown today."
        )
    if due_now:
        reasons.append(
            f"Review limit reached: {today.reviews_done} of {limits.reviews_per_day} today, "
            f"{due_now} still due (--limit N raises it)."
        )
    if new:
        reasons.append(
            f"New-card limit reached: {today.new_done} of {limits.new_per_day} today, "
            f"{new} unseen (--new N raises it)."
        )
    later = [due for due in scheduled if due > day]
    if later and not (due_now or new):
        first = min(later)
        reasons.append(
            f"Nothing{scope} is due until {first.isoformat()} ({_cards(later.count(first))} then)."
        )
    return reasons
