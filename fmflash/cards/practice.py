"""Practice cards: a formula applied to a case drawn afresh at each review (pure).

A practice card holds every sound case its ``practice:`` values make. Which case a review
shows is a function of the card's identity and the review's number only: the cases are put in
an order seeded from the identity (a hash, so the same on every machine and Python version),
review 1 shows the first, review 2 the second, and after the last a new order begins. So an
undo or a replay shows the same case again, and two reviews in a row never show the same one.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from itertools import product
from typing import TYPE_CHECKING

from fmflash.cards.model import Card, ComputedCard, Deck
from fmflash.cards.notes import Notes
from fmflash.formulas.units import Unit

if TYPE_CHECKING:
    from fmflash.formulas.registry import Evaluation, Formula

# The cases an Anki note carries (its script picks one a day); a practice entry must make
# at least this many sound cases.
ANKI_CASES = 20
# More combinations than this is a typing slip, not a skill to practise.
MOST_COMBINATIONS = 5000


def sound_cases(
    formula: Formula, choices: Mapping[str, Sequence[float]]
) -> tuple[tuple[float, ...], ...]:
    """Return every combination of the values that makes a sound case, in parameter order.

    A combination that breaks one of the formula's rules (more active experts than experts),
    gives a result that is not finite (log of 0, an overflow) or a trivial answer is left out.
    """
    names = [parameter.name for parameter in formula.parameters]
    found = []
    for combination in product(*(choices[name] for name in names)):
        values = dict(zip(names, combination, strict=True))
        if any(rule(values) for rule in formula.rules):
            continue
        try:
            result = formula.compute(values)["result"]
        except (ZeroDivisionError, OverflowError):
            continue
        if math.isfinite(result.value) and not trivial(combination, result.value, result.unit):
            found.append(tuple(combination))
    return tuple(found)


def trivial(inputs: Sequence[float], value: float, unit: Unit) -> bool:
    """Tell whether an answer takes no working out: zero, a ratio of 1, or one of the inputs.

    An input counts whatever its unit: 8B parameters at 1 byte each is 8 GB, read off the
    question.
    """
    if value != value or value <= 0:  # NaN, zero or negative: no case to learn from
        return True
    if unit is Unit.FRACTION and same(value, 1.0):
        return True
    return any(same(given, value) for given in inputs)


def same(first: float, second: float) -> bool:
    """Tell whether two values are equal but for floating-point noise."""
    return abs(first - second) <= 1e-9 * max(abs(first), abs(second), 1e-300)


def case_index(identity: str, number: int, count: int) -> int:
    """Return which of ``count`` cases review ``number`` (1, 2, ...) of a card shows."""
    if number < 1:
        raise ValueError(f"review numbers start at 1, found {number}")
    cycle, place = divmod(number - 1, count)
    order = sorted(range(count), key=lambda index: _key(identity, cycle, index))
    return order[place]


def _key(identity: str, cycle: int, index: int) -> bytes:
    return hashlib.sha256(f"{identity}\n{cycle}\n{index}".encode()).digest()


def practice_case(card: ComputedCard, *, identity: str, number: int) -> ComputedCard:
    """Return the case a practice card shows at review ``number``, as a fixed computed card."""
    inputs = card.practice[case_index(identity, number, len(card.practice))]
    return evaluate_case(card, inputs)


def evaluate_case(card: ComputedCard, inputs: tuple[float, ...]) -> ComputedCard:
    """Return a practice card's case for ``inputs``: its question, answer and working."""
    from fmflash.formulas.registry import evaluate  # the numbers' reading, only to evaluate

    formula = formula_of(card)
    names = [parameter.name for parameter in formula.parameters]
    values = dict(zip(names, inputs, strict=True))
    return filled(card, evaluate(formula, values, show_rule=bool(card.show_rule)), inputs)


def state_rules(deck: Deck) -> Deck:
    """Put a declared formula's rule on the front of its cards unless their notes state it."""
    if not any(isinstance(card, ComputedCard) and card.show_rule is None for card in deck.cards):
        return deck
    return deck._replace(cards=tuple(state_rule(card, deck.notes) for card in deck.cards))


def state_rule(card: Card, notes: Notes) -> Card:
    """Put a declared formula's rule on the front of a card unless its notes state it.

    Only a computed card whose entry did not say (``show_rule`` None) changes.
    """
    if not isinstance(card, ComputedCard) or card.show_rule is not None:
        return card
    formula = formula_of(card)
    section = notes.find(card.section)
    text = section.text if section is not None else ""
    if re.search(formula.rule_in_notes, text, re.IGNORECASE):
        return card._replace(show_rule=False)
    return card._replace(show_rule=True, question=f"{formula.rule}. {card.question}")


def formula_of(card: ComputedCard) -> Formula:
    """Return the formula a computed card applies: its own declaration, or a built-in one."""
    if card.declaration:
        # The expression parser, only for a card of a formula its card file declares.
        from fmflash.formulas.declared import formula_of_json

        return formula_of_json(card.declaration)

    from fmflash.formulas.catalog import all_formulas  # the built-ins load only when drawn

    return all_formulas()[card.formula]


def filled(card: ComputedCard, evaluation: Evaluation, inputs: tuple[float, ...]) -> ComputedCard:
    """Return a computed card holding one evaluated case (a fixed card: no practice cases)."""
    return card._replace(
        question=evaluation.question,
        answer=evaluation.answer,
        working=evaluation.working,
        value=evaluation.value,
        unit=evaluation.unit,
        inputs=inputs,
        practice=(),
    )


def first_case(card: ComputedCard) -> ComputedCard:
    """Fill a practice card's question, answer and working with its first case."""
    first = case_index(card.id, 1, len(card.practice))
    return evaluate_case(card, card.practice[first])._replace(practice=card.practice)


def anki_cases(card: ComputedCard, *, identity: str) -> tuple[ComputedCard, ...]:
    """Return the cases an Anki note carries: the first reviews' cases, each once."""
    count = min(ANKI_CASES, len(card.practice))
    return tuple(
        practice_case(card, identity=identity, number=number) for number in range(1, count + 1)
    )
