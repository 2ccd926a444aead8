"""Checking a typed answer to a computed card, and proposing a grade (pure).

A card whose formula rates its result (utilization: "great") asks for the rating, a word;
any other computed card asks for a number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fmflash.cards.model import ComputedCard
from fmflash.cards.practice import formula_of
from fmflash.formulas.quantities import (
    ROUNDING_TOLERANCE,
    UNIT_WORDS,
    parse_number,
    parse_quantity,
    plain,
)
from fmflash.formulas.units import Unit

# (largest relative error, proposed SM-2 grade, what to call it), best first.
GRADE_BANDS = (
    (ROUNDING_TOLERANCE, 5, "correct"),
    (0.02, 4, "close"),
    (0.10, 3, "roughly right"),
    (0.50, 2, "wrong, but in the right range"),
)
_LEADING = re.compile(r"^\s*[+-]?(\d[\d,_]*\.?\d*|\.\d+)")
# A number alone, as the answer shows it: "14", not "1.4e10", "14 GB" or "2 trillion".
_BARE = re.compile(r"^\s*[+-]?(\d[\d,_]*\.?\d*|\.\d+)\s*$")
# What each unit measures, to say that an answer is in the wrong kind of unit.
_KINDS = {
    Unit.BYTES: "a size in bytes", Unit.SECONDS: "a time",
    Unit.PARAMETERS: "a number of parameters", Unit.TOKENS: "a number of tokens",
    Unit.FLOPS: "an amount of compute in FLOPs",
    Unit.FLOPS_PER_SECOND: "a speed in FLOP/s", Unit.BITS: "a number of bits",
    Unit.BYTES_PER_PARAMETER: "bytes per parameter", Unit.FRACTION: "a fraction",
    Unit.COUNT: "a count", Unit.NUMBER: "a number",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a typed answer compares with the computed value."""

    value: float | None
    relative_error: float | None
    grade: int
    message: str
    # How far it is, as a person reads it: "4.0% off", "about 2x the answer", "" for none.
    off: str = ""


def display_scale(shown: str, unit: Unit) -> float:
    """Return what a bare number means in the shown answer: 14 GB -> 1e9, 50% -> 0.01."""
    main = shown.split(" (")[0]
    total = parse_quantity(main, unit)
    leading = _LEADING.match(main)
    if total is None or leading is None:
        return 1.0
    number = parse_number(leading.group(0))
    if not number:
        return 1.0
    return total / number


def check_card_answer(typed: str, card: ComputedCard) -> Verdict:
    """Judge a typed answer to a computed card: its rating if it asks one, else its number."""
    formula = formula_of(card)
    if formula.rate is not None:
        rating = formula.rate(card.value)
        return check_rating(typed, rating=rating, ratings=formula.ratings, unit=card.unit)
    return check_answer(typed, value=card.value, unit=card.unit, shown=card.answer)


def check_rating(typed: str, *, rating: str, ratings: Sequence[str], unit: Unit) -> Verdict:
    """Judge a typed rating word (``great``, any case): right or wrong; a number is not one."""
    word = " ".join(typed.lower().replace(".", " ").split())
    if not word:
        return Verdict(None, None, 0, "no answer")
    if word == rating:
        return Verdict(None, None, 5, "correct")
    if word in ratings:
        return Verdict(None, None, 1, f"wrong, {word} is not {rating}")
    words = f"{', '.join(ratings[:-1])} or {ratings[-1]}"
    if parse_quantity(typed, unit) is not None:
        return Verdict(None, None, 0, f"'{typed.strip()}' is a number; this card asks for its "
                       f"rating: {words}")  # fmt: skip
    return Verdict(None, None, 0, f"'{typed.strip()}' is not a rating; the ratings are {words}")


def check_answer(typed: str, *, value: float, unit: Unit, shown: str) -> Verdict:
    """Read ``14``, ``14 GB``, ``1.4e10 bytes`` or ``700M``; compare; propose a grade 0-5."""
    if not typed.strip():
        return Verdict(None, None, 0, "no answer")
    candidates = []
    parsed = parse_quantity(typed, unit)
    if parsed is not None:
        candidates.append(parsed)
        scale = display_scale(shown, unit)
        if _BARE.match(typed) and scale != 1.0:
            candidates.append(parsed * scale)  # "14" for "14 GB" means 14 GB
    if not candidates:
        return Verdict(None, None, 0, _unread(typed.strip(), unit))
    best = min(candidates, key=lambda candidate: _relative_error(candidate, value))
    error = _relative_error(best, value)
    if error > GRADE_BANDS[-1][0] and len(candidates) > 1:
        # Wrong either way: "12" for "4 GB" was 12 GB, not 12 bytes, so say how far 12 GB is.
        best = candidates[-1]
        error = _relative_error(best, value)
    off = how_far(best, value)
    for limit, grade, word in GRADE_BANDS:
        if error <= limit:
            return Verdict(best, error, grade, word, off)
    return Verdict(best, error, 1, "wrong", off)


def how_far(typed: float, value: float) -> str:
    """Say how far an answer is from the value, in words a person can read.

    Within half the value either way: ``4.0% off``. Further: ``about 2x the answer`` or
    ``about 1/3 of the answer``; ten times or more: ``off by a factor of 1,000 (too large)``.
    """
    error = _relative_error(typed, value)
    if value == 0 or error <= 0.5:
        return f"{error:.1%} off"
    ratio = typed / value
    if ratio == 0:
        return f"{error:.1%} off"
    if ratio < 0:
        return "the wrong sign"
    if 1 / 10 < ratio < 10:
        if ratio > 1:
            return f"about {plain(ratio, 2)}\u00d7 the answer"
        return f"about 1/{plain(1 / ratio, 1)} of the answer"
    factor = 10 ** round(abs(math.log10(ratio)))
    direction = "too large" if ratio > 1 else "too small"
    return f"off by a factor of {factor:,} ({direction})"


def _unread(typed: str, unit: Unit) -> str:
    """Say why a typed answer could not be read: the wrong kind of unit, or not a number."""
    for other in UNIT_WORDS:
        if other is not unit and parse_quantity(typed, other) is not None:
            expected = _KINDS.get(unit, unit.value)
            return f"'{typed}' is {_KINDS.get(other, other.value)}; the answer is {expected}"
    return f"could not read '{typed}' as a number"


def _relative_error(candidate: float, value: float) -> float:
    if value == 0:
        return abs(candidate)
    return abs(candidate - value) / abs(value)
