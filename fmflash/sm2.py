"""SM-2, exactly as published (P. A. Wozniak, 1990; supermemo.com "Algorithm SM-2").

Easiness moves in steps of 0.02 and is kept in exact hundredths, so float noise never adds a
day: 300 days x 2.49 is 747, not 748. The same-day re-drill of items graded below 4 is the
review session's business; it never changes the schedule, so it is not here.
"""

from __future__ import annotations

from dataclasses import dataclass

INITIAL_EASINESS = 2.5
MINIMUM_EASINESS = 1.3
_MINIMUM_HUNDREDTHS = 130


@dataclass(frozen=True, slots=True)
class Sm2State:
    """An item's SM-2 state: consecutive successes, interval in whole days, easiness factor."""

    repetitions: int = 0
    interval: int = 0
    easiness: float = INITIAL_EASINESS

    def __post_init__(self) -> None:
        if isinstance(self.repetitions, bool) or not isinstance(self.repetitions, int):
            raise TypeError(f"repetitions must be a whole number, got {self.repetitions!r}")
        if isinstance(self.interval, bool) or not isinstance(self.interval, int):
            raise TypeError(f"interval must be a whole number of days, got {self.interval!r}")
        if self.repetitions < 0 or self.interval < 0:
            raise ValueError("repetitions and interval cannot be negative")
        if self.repetitions > 0 and self.interval < 1:
            raise ValueError("a state with repetitions has an interval of at least 1 day")
        hundredths = round(self.easiness * 100)
        if abs(self.easiness * 100 - hundredths) > 1e-6:
            raise ValueError(f"easiness must be a multiple of 0.01, got {self.easiness!r}")
        if hundredths < _MINIMUM_HUNDREDTHS:
            raise ValueError(f"easiness cannot be below {MINIMUM_EASINESS}, got {self.easiness!r}")

    @property
    def easiness_hundredths(self) -> int:
        """Return the easiness in exact hundredths (2.5 -> 250)."""
        return round(self.easiness * 100)


def easiness_change_hundredths(quality: int) -> int:
    """Return 100 x (0.1 - (5 - q) x (0.08 + (5 - q) x 0.02)), exactly, for q in 0..5."""
    miss = 5 - quality
    return 10 - miss * (8 + miss * 2)


def review(state: Sm2State, quality: int) -> Sm2State:
    """Return the state after one graded repetition of quality 0-5."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be a whole number from 0 to 5, got {quality!r}")
    if quality < 3:
        # "start repetitions for the item from the beginning without changing the E-Factor"
        return Sm2State(repetitions=0, interval=1, easiness=state.easiness)
    hundredths = state.easiness_hundredths
    if state.repetitions == 0:
        interval = 1
    elif state.repetitions == 1:
        interval = 6
    else:
        # I(n) = I(n-1) x EF with the EF from before this grade, rounded up: exact ceiling.
        interval = -(-state.interval * hundredths // 100)
    new_hundredths = max(_MINIMUM_HUNDREDTHS, hundredths + easiness_change_hundredths(quality))
    return Sm2State(
        repetitions=state.repetitions + 1,
        interval=interval,
        easiness=new_hundredths / 100,
    )
