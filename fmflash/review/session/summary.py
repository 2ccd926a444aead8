"""A finished session in words: cards reviewed, their grades, re-drills still owed (pure)."""

from __future__ import annotations

from collections import Counter

from fmflash.review.scheduling.schedule import Reason
from fmflash.review.session.queue import Step
from fmflash.text import count_phrase, for_count


def summarise(steps: tuple[Step, ...], *, redrills_owed: int = 0) -> list[str]:
    """Describe a finished session: cards reviewed, their grades, re-drills still owed today."""
    lines = []
    if not steps:
        lines.append("No cards reviewed.")
    elif steps[0].kind is Reason.CRAM:
        crammed = len({step.item.item_id for step in steps})
        lines.append(
            f"Crammed {count_phrase(crammed, 'card')} and "
            f"{count_phrase(len(steps) - crammed, 'repeat')}: logged as cram, no schedule moved."
        )
    else:
        first = [step for step in steps if step.kind is not Reason.REDRILL]
        kinds = Counter(step.kind for step in first)
        redrills = len(steps) - len(first)
        lines.append(
            f"Reviewed {count_phrase(len(first), 'card')} "
            f"({kinds[Reason.NEW]} new, {kinds[Reason.DUE]} due) and "
            f"{count_phrase(redrills, 're-drill')}."
        )
    if steps:
        grades = Counter(int(step.grade) for step in steps)
        lines.append(
            "Grades: " + "  ".join(f"{q}: {grades[q]}" for q in range(5, -1, -1) if grades[q])
        )
    if redrills_owed:
        lines.append(
            f"You still owe {count_phrase(redrills_owed, 're-drill')} today: "
            f"run fmflash review again to finish {for_count(redrills_owed, 'it', 'them')}."
        )
    return lines
