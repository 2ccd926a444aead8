"""What the terminal reviewer shows of a card: front, back, cloze gaps, as HTML (pure).

``fmflash show`` prints the same sides through ``card_view``.

``markup.to_terminal`` turns it into terminal text; the HTML is the card's own Markdown,
rendered when the card file was parsed, so that what the terminal shows is what Anki shows.
"""

from __future__ import annotations

from functools import cache

from fmflash.cards.cloze import Gap, replace_gaps
from fmflash.cards.markdown import card_html
from fmflash.cards.model import BasicCard, Card, ClozeCard
from fmflash.formulas.typography import typeset_unicode
from fmflash.review.scheduling.grades import Sm2Grade, as_rating
from fmflash.review.session.items import Item
from fmflash.text import escape_html

GRADE_LABELS = {
    5: "perfect",
    4: "right, hesitated",
    3: "right, hard",
    2: "wrong, looked easy",
    1: "wrong, remembered",
    0: "blackout",
}


def _asked(item: Item[Card], gap: Gap) -> bool:
    """Tell whether a cloze gap is the one this item asks (every gap, if it names none)."""
    return not item.gap or gap.number == item.gap


def front_html(item: Item[Card]) -> str:
    """Return the question side as HTML: the asked cloze gap as [...] (or its hint)."""
    card = item.card
    if isinstance(card, BasicCard):
        front, back = card_html(card)
        return back if item.reverse else front
    if isinstance(card, ClozeCard):
        return replace_gaps(
            card_html(card)[0],
            lambda gap: f"[{gap.hint or '...'}]" if _asked(item, gap) else gap.answer,
        )
    return escape_html(typeset_unicode(card.question))


def back_html(item: Item[Card]) -> str:
    """Return the answer side as HTML; a cloze shows the sentence, the asked gap in <mark>."""
    card = item.card
    if isinstance(card, BasicCard):
        front, back = card_html(card)
        return front if item.reverse else back
    if isinstance(card, ClozeCard):
        text, extra = card_html(card)
        revealed = replace_gaps(
            text, lambda gap: f"<mark>{gap.answer}</mark>" if _asked(item, gap) else gap.answer
        )
        return f"<p>{revealed}</p><p>{extra}</p>" if extra else revealed
    return escape_html(typeset_unicode(card.answer))


@cache
def grade_menu(width: int = 78, *, ratings: bool = False) -> tuple[str, ...]:
    """Return the grade keys with their meanings, as many to a line as fit in ``width``.

    With ``ratings`` (under FSRS), each grade also names the rating FSRS reads it as.
    """
    cells = [
        f"{grade} {GRADE_LABELS[grade]}"
        + (f" = {as_rating(Sm2Grade(grade)).name.title()}" if ratings else "")
        for grade in range(5, -1, -1)
    ]
    cell_width = max(map(len, cells)) + 2
    per_line = max(1, min(3, width // cell_width))
    return tuple(
        "".join(f"{cell:<{cell_width}}" for cell in cells[start : start + per_line]).rstrip()
        for start in range(0, len(cells), per_line)
    )
