"""Checking a typed answer to a computed card, and proposing a grade (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fmflash.formulas.quantities import ROUNDING_TOLERANCE, Unit, parse_number, parse_quantity

# (largest relative error, proposed SM-2 grade, what to call it), best first.
GRADE_BANDS = (
    (ROUNDING_TOLERANCE, 5, "correct"),
    (0.02, 4, "close"),
    (0.10, 3, "roughly right"),
    (0.50, 2, "wrong, but in the right range"),
)
_LEADING = re.compile(r"^\s*[+-]?(\d[\d,_]*\.?\d*|\.\d+)")


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a typed answer compares with the computed value."""

    value: float | None
    relative_error: float | None
    grade: int
    message: str


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


def check_answer(typed: str, *, value: float, unit: Unit, shown: str) -> Verdict:
    """Read ``14``, ``14 GB``, ``1.4e10 bytes`` or ``700M``; compare; propose a grade 0-5."""
    if not typed.strip():
        return Verdict(None, None, 0, "no answer")
    candidates = []
    parsed = parse_quantity(typed, unit)
    if parsed is not None:
        candidates.append(parsed)
        bare = parse_number(typed)
        scale = display_scale(shown, unit)
        if bare is not None and bare == parsed and scale != 1.0:
            candidates.append(bare * scale)  # "14" for "14 GB" means 14 GB
    if not candidates:
        return Verdict(None, None, 0, f"could not read '{typed.strip()}' as a number")
    best = min(candidates, key=lambda candidate: _relative_error(candidate, value))
    error = _relative_error(best, value)
    if error > GRADE_BANDS[-1][0] and len(candidates) > 1:
        # Wrong either way: "12" for "4 GB" was 12 GB, not 12 bytes, so say how far 12 GB is.
        best = candidates[-1]
        error = _relative_error(best, value)
    for limit, grade, word in GRADE_BANDS:
        if error <= limit:
            return Verdict(best, error, grade, word)
    return Verdict(best, error, 1, "wrong")


def _relative_error(candidate: float, value: float) -> float:
    if value == 0:
        return abs(candidate)
    return abs(candidate - value) / abs(value)
