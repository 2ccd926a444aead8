"""How well a memory model predicted the learner's own answers: log loss and RMSE over bins (pure).

A card's *steps* are its memory events: its first grade of each learner's day (re-drills are
not). Every step after a card's first is a *trial*: the model predicts the recall from the
steps before it and the days since the last, and the answer given says whether it was a pass
(grade 3 or more, or Hard, Good, Easy). The two scores are those of srs-benchmark and of
fsrs-rs's ``evaluate``: log loss (the mean of -ln p for a pass and -ln(1 - p) for a lapse) and
RMSE over bins (trials grouped by interval, length of history and lapses, as fsrs-rs's
``r_matrix_index``; the root of the weighted mean squared gap between the mean prediction and
the pass rate of each bin). Each card's steps are walked once (``card_history``): a trial is
the index of its scored step into them, so SM-2's replay and the bins cost a card of k steps k
steps, not k squared.

Every model is scored on the same trials: those fsrs-rs's time-series splits test (all but the
oldest sixth, in the order they were answered), so the fitted model is never scored on a
review it was fitted on, and the others are scored on the very same answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from fmflash.review.scheduling.grades import Grade, Rating, as_rating, as_sm2
from fmflash.review.scheduling.schedule import Review
from fmflash.review.scheduling.scheduler import graded_in_order, review_sm2
from fmflash.sm2 import Sm2State

SPLITS = 5  # fsrs-rs's evaluate_with_time_series_splits: 5 folds over 6 segments
SM2_RETENTION = 0.9  # the usual reading of an interval scheduler: 90% recall when due
# Predictions are kept off 0 and 1, as srs-benchmark does, so one confident miss stays finite.
CLIP = (0.0001, 0.9999)


@dataclass(frozen=True, slots=True)
class Step:
    """A memory event: a card's first grade of a learner's day."""

    day: date
    grade: Grade
    reviewed_at: datetime

    @property
    def rating(self) -> Rating:
        """Return the grade as one of FSRS's four ratings (the grade table)."""
        return as_rating(self.grade)


@dataclass(frozen=True, slots=True)
class CardHistory:
    """A card's steps, walked once: what each of its trials reads, by the index of a step."""

    steps: tuple[Step, ...]
    deltas: tuple[tuple[int, int], ...]  # (rating 1-4, days since the step before; 0 for the first)
    sm2_intervals: tuple[int, ...]  # the interval SM-2 set after each step, held as it holds it
    bins: tuple[tuple[int, int, int], ...]  # fsrs-rs's bin of each step, were it scored (bin_of)


def card_history(steps: tuple[Step, ...]) -> CardHistory:
    """Walk a card's steps once: their deltas, SM-2's intervals and bins, from running counts."""
    deltas: list[tuple[int, int]] = []
    intervals: list[int] = []
    bins: list[tuple[int, int, int]] = []
    state = Sm2State()
    after_gap = lapses = 0  # steps after a gap so far; lapses (Again after a gap) before this one
    previous: date | None = None
    for step in steps:
        gap = (step.day - previous).days if previous is not None else 0
        rating = step.rating
        deltas.append((int(rating), gap))
        after_gap += gap > 0
        bins.append(bin_at(gap, after_gap + 1, lapses))
        if rating == Rating.AGAIN and gap > 0:
            lapses += 1
        state = review_sm2(state, as_sm2(step.grade))
        intervals.append(state.interval)
        previous = step.day
    return CardHistory(steps, tuple(deltas), tuple(intervals), tuple(bins))


@dataclass(frozen=True, slots=True)
class Trial:
    """One review scored: a card's history and the index of the step whose answer is scored."""

    history: CardHistory
    end: int  # 1 or more: a card's first step is never scored

    @property
    def reviewed_at(self) -> datetime:
        """Return when the scored answer was given."""
        return self.history.steps[self.end].reviewed_at

    @property
    def passed(self) -> bool:
        """Tell whether the scored answer was a pass (Hard, Good or Easy; grade 3 or more)."""
        return self.history.deltas[self.end][0] != Rating.AGAIN

    @property
    def elapsed(self) -> int:
        """Return the days between the step before and the scored one."""
        return self.history.deltas[self.end][1]

    @property
    def deltas(self) -> tuple[tuple[int, int], ...]:
        """Return each step as (rating 1-4, days since the step before; 0 for the first)."""
        return self.history.deltas[: self.end + 1]


@dataclass(frozen=True, slots=True)
class TrainingData:
    """The log as memory events: every trial, oldest answer first, and what they come from."""

    trials: tuple[Trial, ...]
    reviews: int  # steps: the reviews used (re-drills are not)
    cards: int  # review items with at least one step

    @property
    def held_out(self) -> tuple[Trial, ...]:
        """Return the trials the time-series splits test: all but the oldest sixth."""
        return self.trials[len(self.trials) // (SPLITS + 1) :]


def card_steps(reviews: Iterable[Review]) -> tuple[Step, ...]:
    """Return a card's steps: its graded reviews, oldest first, one a learner's day."""
    steps: list[Step] = []
    for logged in graded_in_order(reviews):
        if not steps or logged.day > steps[-1].day:
            steps.append(Step(logged.day, logged.grade, logged.reviewed_at))
    return tuple(steps)


def training_data(logs: Mapping[str, Sequence[Review]]) -> TrainingData:
    """Turn each card's logged reviews into trials, ordered by the time of the scored answer."""
    trials: list[Trial] = []
    reviews = cards = 0
    for key in sorted(logs):
        history = card_history(card_steps(logs[key]))
        reviews += len(history.steps)
        cards += bool(history.steps)
        trials += [Trial(history, end) for end in range(1, len(history.steps))]
    trials.sort(key=lambda trial: trial.reviewed_at)
    return TrainingData(tuple(trials), reviews, cards)


def sm2_recall(trial: Trial) -> float:
    """Return SM-2's predicted recall: 0.9 ** (t / I), the interval I it set, t the days passed.

    I is the interval the scheduler set, held at the longest as it holds it (``review_sm2``).
    """
    interval = trial.history.sm2_intervals[trial.end - 1]
    return float(SM2_RETENTION ** (trial.elapsed / interval))


def forgetting_curve(stability: float, elapsed_days: float, decay: float) -> float:
    """Return FSRS-6's recall after ``elapsed_days`` at a stability (days) and decay (w20)."""
    factor = 0.9 ** (1 / -decay) - 1
    return float((1 + factor * elapsed_days / stability) ** -decay)


def recency_weights(count: int) -> list[float]:
    """Return fsrs-rs's weights for ``evaluate``: 0.25 for the oldest trial, rising to 1."""
    length = max(count - 1, 1)
    return [0.25 + 0.75 * (index / length) ** 3 for index in range(count)]


def bin_of(trial: Trial) -> tuple[int, int, int]:
    """Return fsrs-rs's bin of a trial: days since the last step, steps so far, lapses before."""
    return trial.history.bins[trial.end]


def bin_at(elapsed: int, length: int, lapses: int) -> tuple[int, int, int]:
    """Return fsrs-rs's bin (``r_matrix_index``) of a step's days passed, length and lapses."""
    elapsed_bin = round(2.48 * 3.62 ** _floor_log(elapsed, 3.62) * 100) if elapsed else 0
    length_bin = round(1.99 * 1.89 ** _floor_log(length, 1.89))
    lapse_bin = round(1.65 * 1.73 ** _floor_log(lapses, 1.73)) if lapses else 0
    return elapsed_bin, length_bin, lapse_bin


def _floor_log(value: float, base: float) -> int:
    return math.floor(math.log(value) / math.log(base))


@dataclass(frozen=True, slots=True)
class Score:
    """How well a model predicted the answers: lower is better for both."""

    log_loss: float
    rmse_bins: float

    def as_dict(self) -> dict[str, float]:
        """Return the score as plain JSON-ready values."""
        return {"log_loss": self.log_loss, "rmse_bins": self.rmse_bins}


def score(
    trials: Sequence[Trial], recalls: Sequence[float], weights: Sequence[float] | None = None
) -> Score:
    """Score predicted recalls against the answers given (each trial weighing 1 by default)."""
    if weights is None:
        weights = [1.0] * len(trials)
    loss = total = 0.0
    bins: dict[tuple[int, int, int], list[float]] = {}
    for trial, predicted, weight in zip(trials, recalls, weights, strict=True):
        p = min(max(predicted, CLIP[0]), CLIP[1])
        actual = 1.0 if trial.passed else 0.0
        loss -= (math.log(p) if trial.passed else math.log(1 - p)) * weight
        total += weight
        sums = bins.setdefault(bin_of(trial), [0.0, 0.0, 0.0, 0.0])
        sums[0] += p
        sums[1] += actual
        sums[2] += 1
        sums[3] += weight
    squares = sum((p - a) ** 2 / count**2 * w for p, a, count, w in bins.values())
    return Score(loss / total, math.sqrt(squares / sum(s[3] for s in bins.values())))


MODELS = {
    "sm2": "SM-2 (0.9 ^ (days / interval))",
    "fsrs_default": "FSRS-6, default parameters",
    "fsrs_fitted": "FSRS-6, your parameters",
}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Each model's score on the same held-out answers."""

    scored: int  # trials scored: the answers every model is judged on
    sm2: Score
    fsrs_default: Score
    fsrs_fitted: Score

    def scores(self) -> dict[str, Score]:
        """Return each model's score by its key (``sm2``, ``fsrs_default``, ``fsrs_fitted``)."""
        return {"sm2": self.sm2, "fsrs_default": self.fsrs_default, "fsrs_fitted": self.fsrs_fitted}

    @property
    def best(self) -> str:
        """Name the key of the model with the lowest log loss."""
        scores = self.scores()
        return min(scores, key=lambda key: scores[key].log_loss)

    def as_dict(self) -> dict[str, dict[str, float]]:
        """Return the scores as plain JSON-ready values."""
        return {key: value.as_dict() for key, value in self.scores().items()}


def evaluation_of(
    data: TrainingData, *, default_recalls: Sequence[float], fitted: Score
) -> Evaluation:
    """Score SM-2 and FSRS-6 default on the held-out trials, beside the fitted model's score.

    ``default_recalls`` are FSRS-6's default predictions for ``data.held_out``, in order.
    """
    held_out = data.held_out
    sm2 = score(held_out, [sm2_recall(trial) for trial in held_out])
    return Evaluation(len(held_out), sm2, score(held_out, default_recalls), fitted)


def render_evaluation(evaluation: Evaluation) -> list[str]:
    """Say how well each model predicted the learner's answers, and which did best."""
    lines = [
        f"How well each model predicted your answers ({evaluation.scored:,} reviews after a "
        "card's first, the newest five sixths; lower is better):",
        "",
        f"{'model':<32} {'log loss':>8} {'RMSE (bins)':>11}",
    ]
    for key, value in evaluation.scores().items():
        lines.append(f"{MODELS[key]:<32} {value.log_loss:>8.3f} {value.rmse_bins:>11.3f}")
    scores = evaluation.scores()
    best = evaluation.best
    runner_up = min((key for key in scores if key != best), key=lambda key: scores[key].log_loss)
    gain = 1 - scores[best].log_loss / scores[runner_up].log_loss
    lines += [
        "",
        f"Best for you: {MODELS[best]}, log loss {gain:.0%} lower than the next best, "
        f"{MODELS[runner_up]} ({scores[best].log_loss:.3f} against "
        f"{scores[runner_up].log_loss:.3f}).",
        "Each model predicts the recall of a review from the reviews before it; the answer "
        "you gave (a pass: grade 3 or more) is what it is measured against. Your parameters "
        "are scored on reviews later than those they were fitted on (time-series splits).",
        "For reference, on 9,999 Anki collections (srs-benchmark, weighted by reviews), log "
        "loss / RMSE: FSRS-6 fitted by fsrs-rs 0.320 / 0.044, FSRS-6 default 0.339 / 0.072, "
        "SM-2 0.547 / 0.148.",
    ]
    return lines
