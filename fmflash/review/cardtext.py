"""What the terminal reviewer shows of a card: front, back, cloze gaps (pure text)."""

from __future__ import annotations

import re
from collections.abc import Callable

from fmflash.cards.model import BasicCard, ClozeCard
from fmflash.review.session import Item

CLOZE = re.compile(r"\{\{c(\d+)::(.+?)(?:::(.+?))?\}\}", re.DOTALL)

GRADE_LABELS = {
    5: "perfect",
    4: "right, hesitated",
    3: "right, hard",
    2: "wrong, looked easy",
    1: "wrong, remembered",
    0: "blackout",
}


def _asked(item: Item, match: re.Match[str]) -> bool:
    """Tell whether a cloze gap is the one this item asks (every gap, if it names none)."""
    return not item.gap or int(match.group(1)) == item.gap


def front_text(item: Item) -> str:
    """Return the question side: the asked cloze gap as [...] (or its hint), others filled."""
    card = item.card
    if isinstance(card, BasicCard):
        return card.back if item.reverse else card.front
    if isinstance(card, ClozeCard):
        return CLOZE.sub(
            lambda m: f"[{m.group(3) or '...'}]" if _asked(item, m) else m.group(2), card.text
        )
    return card.question


def back_text(item: Item, highlight: Callable[[str], str]) -> str:
    """Return the answer side; a cloze shows the whole sentence, the asked gap highlighted."""
    card = item.card
    if isinstance(card, BasicCard):
        return card.front if item.reverse else card.back
    if isinstance(card, ClozeCard):
        revealed = CLOZE.sub(
            lambda m: highlight(m.group(2)) if _asked(item, m) else m.group(2), card.text
        )
        return f"{revealed}\n\n{card.extra}" if card.extra else revealed
    return card.answer


def grade_menu(width: int = 78) -> list[str]:
    """Return the grade keys with their meanings, as many to a line as fit in ``width``."""
    cells = [f"{grade} {GRADE_LABELS[grade]}" for grade in range(5, -1, -1)]
    cell_width = max(map(len, cells)) + 2
    per_line = max(1, min(3, width // cell_width))
    return [
        "".join(f"{cell:<{cell_width}}" for cell in cells[start : start + per_line]).rstrip()
        for start in range(0, len(cells), per_line)
    ]
