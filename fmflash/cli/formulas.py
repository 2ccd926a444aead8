"""The formula commands: list the formulas, and compute one case as a card would."""

from __future__ import annotations

import os

import click

from fmflash.cards.project import load_project
from fmflash.cards.root import NoCardFileError, nearest_card_file, project_root
from fmflash.cli.common import echo_wrapped, say, user_errors
from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.declared import formula_of_json
from fmflash.formulas.registry import Formula, check_values, evaluate, unknown_formula_message
from fmflash.formulas.typography import typeset_unicode

OPTIONAL_CARDS_OPTION = click.option(
    "--cards",
    "cards_path",
    type=click.Path(dir_okay=False),
    help="The card file whose declared formulas to add to the built-in ones.  "
    "[default: cards.yaml here or in the nearest folder above, if any]",
)


def project_formulas(cards_path: str | None) -> list[tuple[Formula, str, int]]:
    """Return the formulas the project's card files declare, each with its file and line.

    Outside a project there are none: the built-in formulas need no card file.
    """
    if cards_path is None:
        try:
            nearest = nearest_card_file(os.curdir)
        except NoCardFileError:
            return []
        cards_path = os.path.relpath(project_root(os.path.abspath(nearest)))
    project = load_project(project_root(cards_path), with_package=False)
    return [(formula_of_json(text), path, line) for text, path, line in project.formulas()]


@click.command(name="formulas")
@OPTIONAL_CARDS_OPTION
def formulas_command(cards_path: str | None) -> None:
    """List the formulas with their parameters, units and allowed ranges.

    The built-in sizing formulas come first, then those the project's card files declare
    (under formulas:), each with the file it comes from.

    \b
    Example:
        fmflash formulas
    """
    with user_errors("no formulas were listed"):
        declared = project_formulas(cards_path)
    listed = [(formula, "") for formula in all_formulas().values()]
    listed += [(formula, f" (declared in {path}, line {line})") for formula, path, line in declared]
    for formula, origin in listed:
        # A declared formula's words come from a card file: shown as text, never obeyed.
        say(f"{formula.name} -> {formula.result_unit.value}{origin}")
        say(f"  {formula.description}")
        for parameter in formula.parameters:
            say(f"  {parameter.name}: {parameter.description}")
            say(f"      {parameter.unit.value}, {parameter.allowed()}")
        say()


@click.command()
@OPTIONAL_CARDS_OPTION
@click.argument("formula")
@click.argument("assignments", nargs=-1, metavar="NAME=VALUE...")
def calc(cards_path: str | None, formula: str, assignments: tuple[str, ...]) -> None:
    """Compute one case of a formula and show the working, as a computed card would.

    The formula is a built-in one or one the project's card files declare. Values take
    the same forms as in cards.yaml: 7B, 46.7B, 900M, 2T, 7e9, 7_000_000_000, 90% or 0.9.

    \b
    Example:
        fmflash calc weights_memory params=70B bytes_per_param=0.5
        fmflash calc training_compute params=175B training_tokens=300B
        fmflash calc perplexity entropy=3
    """
    formulas = all_formulas()
    if formula not in formulas:  # the project is read only for a formula of its own
        with user_errors("nothing was computed"):
            declared = project_formulas(cards_path)
        formulas.update((found.name, found) for found, _, _ in declared)
        if formula not in formulas:
            names = [found.name for found, _, _ in declared]
            raise click.UsageError(unknown_formula_message(formula, names))
    raw: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not name.strip():
            raise click.UsageError(f"expected NAME=VALUE, found '{assignment}'")
        if name.strip() in raw:
            raise click.UsageError(f"'{name.strip()}' is given twice; give each parameter once")
        raw[name.strip()] = value.strip()
    values, problems = check_values(formulas[formula], raw)
    if problems:
        raise click.UsageError("\n".join(message for _, message in problems))

    evaluation = evaluate(formulas[formula], values)
    echo_wrapped([
        f"Q: {typeset_unicode(evaluation.question)}",
        f"A: {typeset_unicode(evaluation.answer)}",
        *(f"   {typeset_unicode(line)}" for line in evaluation.working),
    ])  # fmt: skip
