"""The fit command: FSRS-6 fitted to the learner's own reviews, and every model scored on them."""

from __future__ import annotations

import json
import os

import click

from fmflash.cli.common import (
    CARDS_OPTION,
    PACKAGE_OPTION,
    echo_wrapped,
    read_clock,
    say,
    user_errors,
)
from fmflash.cli.options import CLOCK_HELP, DAY_START_OPTION, DB_OPTION
from fmflash.review.scheduling.schedule import learning_day
from fmflash.review.session.fitting import (
    fit_log,
    learner_parameters,
    project_log,
    save_parameters,
    summary,
)
from fmflash.review.session.selection import saved_parameters, select
from fmflash.review.stats.evaluation import render_evaluation


@click.command(epilog=CLOCK_HELP)
@CARDS_OPTION
@PACKAGE_OPTION
@DB_OPTION
@DAY_START_OPTION
@click.option("--save", is_flag=True,
              help="Keep the parameters on this machine for review and stats (FSRS).")  # fmt: skip
@click.option("--reset", is_flag=True,
              help="Forget the saved parameters: FSRS-6's defaults again.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the fit and its scores as JSON.")
def fit(
    cards_path: str,
    package_path: str | None,
    db_path: str,
    day_start: int,
    save: bool,
    reset: bool,
    as_json: bool,
) -> None:
    """Fit FSRS-6's parameters to your reviews, and score SM-2 and FSRS on your own answers.

    Uses this project's review log (terminal and imported Anki reviews alike): each card's
    first grade of a day. Prints the reviews and cards used, the 21 parameters, and how well
    SM-2, FSRS-6 with its default parameters and FSRS-6 with yours predicted the answers you
    gave (log loss and RMSE over bins; yours scored by time-series splits, on reviews later
    than those they were fitted on). --save keeps the parameters for review --scheduler fsrs
    and stats; --reset goes back to the defaults.

    \b
    Example:
        fmflash fit
        fmflash fit --save
        fmflash fit --json | jq .evaluation
        fmflash fit --reset
    """
    if save and reset:
        raise click.UsageError("--save and --reset cannot be used together.")
    if reset:
        with user_errors("nothing was changed"):
            before = saved_parameters(db_path)
            if before is not None:
                save_parameters(db_path, None)
        say(
            f"FSRS uses its default parameters again ({before.title} forgotten)."
            if before is not None
            else "FSRS uses its default parameters: none of yours were saved."
        )
        return
    day = learning_day(read_clock(day_start), day_start)
    with user_errors("nothing was saved"):
        selection = select(cards_path, package_path=package_path, chapter=None, section=None,
                           tag=None, random_bytes=os.urandom(8))  # fmt: skip
        fitted = fit_log(project_log(selection, db_path), db_path=db_path)
        parameters = learner_parameters(fitted, day=day)
        if save:
            save_parameters(db_path, parameters)
    if as_json:
        data = {
            "reviews": fitted.data.reviews,
            "cards": fitted.data.cards,
            "parameters": list(parameters.values),
            "evaluation": fitted.evaluation.as_dict(),
            "saved": save,
        }
        say(json.dumps(data, indent=2))
        return
    values = [f"{value:.4f}" for value in parameters.values]
    lines = [summary(fitted.data), "", "Your parameters (w0-w20):"]
    lines += ["  " + " ".join(values[start : start + 7]) for start in range(0, 21, 7)]
    lines += ["", *render_evaluation(fitted.evaluation), ""]
    if save:
        lines.append(
            f"Saved: FSRS now schedules with {parameters.title}, in review and stats, and "
            "stats --compare measures with them; fmflash fit --reset goes back to the defaults."
        )
    else:
        lines.append("Not saved: fmflash fit --save keeps them for FSRS, in review and stats.")
    echo_wrapped(lines)
