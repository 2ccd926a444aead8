"""A simulated learner whose memory follows FSRS-6 with parameters far from the defaults.

The learner reviews each card when FSRS with its default parameters (desired retention 90%)
says it is due, as an Anki user with the defaults would, sometimes a day or two late. Whether
an answer is a pass is drawn from the learner's own memory: first memories four times weaker
than the defaults', stability that grows half as fast, and steeper forgetting (w20 0.5).
fsrs-rs computes both memories, so the history is FSRS-6 as Anki's optimizer knows it.
"""

from __future__ import annotations

import random

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, MemoryState

DEFAULTS = [float(value) for value in DEFAULT_PARAMETERS]
TRUE_PARAMETERS = [0.05, 0.3, 0.6, 2.0, *DEFAULTS[4:8], 0.9, *DEFAULTS[9:20], 0.5]
AGAIN, HARD, GOOD = 1, 2, 3


def _recall(memory: MemoryState, days: int) -> float:
    decay = TRUE_PARAMETERS[20]
    factor = 0.9 ** (1 / -decay) - 1
    return float((1 + factor * days / memory.stability) ** -decay)


def _after(
    model: FSRS, memory: MemoryState | None, days: int, rating: int
) -> tuple[MemoryState, float]:
    states = model.next_states(memory, 0.9, days)
    state = (states.again, states.hard, states.good, states.easy)[rating - 1]
    return state.memory, state.interval


def learner_history(
    cards: int = 70, *, days: int = 180, seed: int = 7
) -> list[list[tuple[int, int]]]:
    """Return each card's reviews as (day number, rating 1-4): ten new cards every third day."""
    rng = random.Random(seed)
    learner, scheduler = FSRS(TRUE_PARAMETERS), FSRS(DEFAULTS)
    histories = []
    for card in range(cards):
        history: list[tuple[int, int]] = []
        memory: MemoryState | None = None
        scheduled: MemoryState | None = None
        day, last = card // 10 * 3, None
        while day < days:
            if memory is None or last is None:
                rating = rng.choice([AGAIN, GOOD, GOOD, GOOD])
            elif rng.random() < _recall(memory, day - last):
                rating = GOOD if rng.random() < 0.8 else HARD
            else:
                rating = AGAIN
            elapsed = 0 if last is None else day - last
            memory, _ = _after(learner, memory, elapsed, rating)
            scheduled, interval = _after(scheduler, scheduled, elapsed, rating)
            history.append((day, rating))
            last = day
            day += max(1, round(interval)) + rng.choice([0, 0, 0, 1, 2])
        histories.append(history)
    return histories
