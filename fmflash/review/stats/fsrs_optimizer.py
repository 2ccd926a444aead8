"""FSRS-6 fitted to the learner's reviews with fsrs-rs, Anki's own optimizer (``fsrs_rs_python``).

The one module that imports fsrs_rs_python. It fits the 21 parameters, scores fitted
parameters by fsrs-rs's time-series splits, and predicts recall with given parameters; the
trials come from ``fmflash.review.stats.evaluation``. fsrs-rs trains with a fixed seed: the same
trials give the same parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fsrs_rs_python import (
    DEFAULT_PARAMETERS,
    FSRS,
    FSRSItem,
    FSRSReview,
    evaluate_with_time_series_splits,
)

from fmflash.errors import FmflashError, Problem
from fmflash.review.stats.evaluation import (
    Evaluation,
    Score,
    TrainingData,
    Trial,
    evaluation_of,
    forgetting_curve,
)

DEFAULTS = tuple(float(value) for value in DEFAULT_PARAMETERS)
# fsrs-rs fits all 21 parameters only from 64 trials on (fewer: the defaults, or only the four
# first-day stabilities); fmflash asks for as many before it calls the result yours.
MINIMUM_TRIALS = 64


def fsrs_item(trial: Trial) -> FSRSItem:
    """Return a trial as fsrs-rs's item: each step's rating and the days since the one before."""
    return FSRSItem([FSRSReview(rating, gap) for rating, gap in trial.deltas])


def recalls(trials: Sequence[Trial], parameters: Sequence[float]) -> list[float]:
    """Return the recall FSRS-6 predicts for each trial from the steps before it."""
    if not trials:
        return []
    model = FSRS(list(parameters))
    histories = [FSRSItem([FSRSReview(r, gap) for r, gap in trial.deltas[:-1]]) for trial in trials]
    states = model.memory_state_batch(histories)
    return [
        forgetting_curve(state.stability, trial.elapsed, parameters[20])
        for state, trial in zip(states, trials, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class Fit:
    """The learner's parameters, and every model scored on the learner's own answers."""

    data: TrainingData
    parameters: tuple[float, ...]
    evaluation: Evaluation


def too_few(data: TrainingData) -> str | None:
    """Say why the log is too small to fit, or None when it is large enough."""
    if len(data.trials) >= MINIMUM_TRIALS:
        return None
    return (
        f"it takes at least {MINIMUM_TRIALS} reviews of cards already reviewed on an earlier "
        f"day; this project's log has {len(data.trials)} (of {data.reviews:,} reviews of "
        f"{data.cards:,} cards)"
    )


def fit_or_reason(data: TrainingData) -> Fit | str:
    """Fit FSRS-6 to the trials and score it, with SM-2 and the defaults, on held-out answers.

    Return why not instead when fsrs-rs cannot fit all of its parameters to them: too few
    trials, or too few left after its own outlier filter (it then returns the defaults beyond
    the four first-day stabilities, which are not the learner's parameters).
    """
    reason = too_few(data)
    if reason is not None:
        return reason
    items = [fsrs_item(trial) for trial in data.trials]
    try:
        parameters = tuple(float(value) for value in FSRS(list(DEFAULTS)).compute_parameters(items))
        fitted = evaluate_with_time_series_splits(items)
    except ValueError as error:  # fsrs-rs: not enough data it can use, after its own filters
        return f"fsrs-rs could not use these reviews ({error})"
    if parameters[4:] == DEFAULTS[4:]:
        return (
            f"fsrs-rs kept too few of the {len(data.trials)} reviews after its outlier filter "
            "to fit more than the first-day stabilities"
        )
    default_recalls = recalls(data.held_out, DEFAULTS)
    evaluation = evaluation_of(
        data, default_recalls=default_recalls, fitted=Score(fitted.log_loss, fitted.rmse_bins)
    )
    return Fit(data, parameters, evaluation)


def fit(data: TrainingData, *, path: str) -> Fit:
    """Fit FSRS-6 to the trials and score every model; ``path`` names the log in the error."""
    result = fit_or_reason(data)
    if isinstance(result, str):
        message = f"{result}. Review for a few more days, then fit again"
        raise FmflashError([Problem(path, message, verb="cannot fit")])
    return result
