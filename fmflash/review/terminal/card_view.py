"""What ``fmflash show`` prints of a card: its sides as the reviewer shows them (pure).

Apart from ``cardtext`` (the sides themselves), which the reviewer loads to show a card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fmflash.cards.model import Card, ClozeCard, ComputedCard, card_tags
from fmflash.cards.practice import formula_of, practice_case
from fmflash.errors import FmflashError
from fmflash.formulas.typography import typeset_unicode
from fmflash.review.session.items import Item, items_of
from fmflash.review.terminal.cardtext import back_html, front_html
from fmflash.review.terminal.markup import to_terminal
from fmflash.suggestions import no_such_id


@dataclass(frozen=True, slots=True)
class CardView:
    """What ``fmflash show`` prints of a card, as the reviewer shows it."""

    # Each side or gap asked: its question and answer, titled, as HTML.
    sides: tuple[tuple[str, str], ...]
    # A computed card's working, typeset; None for other cards.
    working: tuple[str, ...] | None
    # The case shown of a practice card; None for other cards.
    case: int | None
    section: str
    tags: tuple[str, ...]
    # What ``show --json`` says: the kind (basic, cloze, computed or practice), the front
    # and back as HTML (a whole cloze, every gap hidden, when asked by the card's id), and
    # for a computed card its inputs by name and its answer, as numbers in base units (a
    # card that asks for a rating: the rating, and the number rated as its value).
    kind: str = "basic"
    front: str = ""
    back: str = ""
    inputs: tuple[tuple[str, float], ...] = ()
    answer: float | str | None = None
    value: float | None = None

    def as_json(self, card_id: str) -> dict[str, object]:
        """Return what ``show --json`` prints: id, kind, front, back (and a computed card's
        case, inputs and answer), the front and back as plain text."""

        def plain(html: str) -> str:
            return "\n".join(to_terminal(html, width=_UNWRAPPED, color=False))

        shown: dict[str, object] = {
            "id": card_id, "kind": self.kind, "front": plain(self.front), "back": plain(self.back),
        }  # fmt: skip
        if self.kind in ("computed", "practice"):
            shown.update(case=self.case, inputs=dict(self.inputs), answer=self.answer)
            if self.value is not None:
                shown.update(value=self.value)
        return shown


# Plain text for a script: no line is wrapped.
_UNWRAPPED = 1_000_000


def _side_labels(item: Item[Card]) -> tuple[str, str]:
    """Label the two sides ``show`` prints: ``Question``, ``Reverse question``, ``Gap 2 ...``."""
    side = "Reverse " if item.reverse else f"Gap {item.gap} " if item.gap else ""
    return f"{side}question" if side else "Question", f"{side}answer" if side else "Answer"


def card_view(cards: Sequence[Card], card_id: str, *, case_number: int | None) -> CardView:
    """Show a card, or one side or gap of it (``id/reverse``, ``id/c2``), as the reviewer does.

    ``case_number`` picks a practice card's case at its N-th review (the first without it).
    """
    every = items_of(cards)
    items = [item for item in every if card_id in (item.card.id, item.item_id)]
    if not items:
        ids = {item.item_id for item in every} | {card.id for card in cards}
        raise FmflashError.of_option("ID", no_such_id(card_id, ids))
    card = items[0].card
    practice = isinstance(card, ComputedCard) and bool(card.practice)
    if case_number is not None:
        if not isinstance(card, ComputedCard) or not card.practice:
            message = f"'{card_id}' is not a practice card; only practice cards have cases"
            raise FmflashError.of_option("--case", message)

        card = practice_case(card, identity=card.id, number=case_number)
        items = [item._replace(card=card) for item in items]
    sides: list[tuple[str, str]] = []
    for item in items:
        question, answer = _side_labels(item)
        sides += [(question, front_html(item)), (answer, back_html(item))]
    working = None
    if isinstance(card, ComputedCard):
        working = tuple(map(typeset_unicode, card.working))
    case = (case_number or 1) if practice else None
    whole = items[0]
    if isinstance(card, ClozeCard) and card_id == card.id:
        whole = whole._replace(gap=0)  # the whole sentence, every gap hidden
    kind = "cloze" if isinstance(card, ClozeCard) else "basic"
    inputs: tuple[tuple[str, float], ...] = ()
    expected: float | str | None = None
    value = None
    if isinstance(card, ComputedCard):
        kind = "practice" if practice else "computed"
        formula = formula_of(card)
        names = [parameter.name for parameter in formula.parameters]
        inputs, expected = tuple(zip(names, card.inputs, strict=True)), card.value
        if formula.rate is not None:
            expected, value = formula.rate(card.value), card.value
    return CardView(
        tuple(sides), working, case, card.section, card_tags(card),
        kind, front_html(whole), back_html(whole), inputs, expected, value,
    )  # fmt: skip
