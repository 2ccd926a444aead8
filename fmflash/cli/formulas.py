"""The formula commands: list the formulas, and compute one case as a card would."""

from __future__ import annotations

import click


@click.command(name="formulas")
def formulas_command() -> None:
    """List the sizing formulas with their parameters, units and allowed ranges.

    \b
    Example:
        fmflash formulas
    """
    from fmflash.formulas.catalog import all_formulas

    for formula in all_formulas().values():
        click.echo(f"{formula.name} -> {formula.result_unit.value}")
        click.echo(f"  {formula.description}")
        for parameter in formula.parameters:
            click.echo(f"  {parameter.name}: {parameter.description}")
            click.echo(f"      {parameter.unit.value}, {parameter.allowed()}")
        click.echo("")


@click.command()
@click.argument("formula")
@click.argument("assignments", nargs=-1, metavar="NAME=VALUE...")
def calc(formula: str, assignments: tuple[str, ...]) -> None:
    """Compute one case of a formula and show the working, as a computed card would.

    Values take the same forms as in cards.yaml: 7B, 46.7B, 900M, 2T, 7e9,
    7_000_000_000, 90% or 0.9.

    \b
    Example:
        fmflash calc weights_memory params=70B bytes_per_param=0.5
        fmflash calc training_compute params=175B training_tokens=300B
    """
    from fmflash.formulas.catalog import all_formulas
    from fmflash.formulas.registry import check_values, evaluate, unknown_formula_message

    formulas = all_formulas()
    if formula not in formulas:
        raise click.UsageError(unknown_formula_message(formula))
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
    from fmflash.cli.common import echo_wrapped
    from fmflash.formulas.typography import typeset_unicode

    evaluation = evaluate(formulas[formula], values)
    echo_wrapped([
        f"Q: {typeset_unicode(evaluation.question)}",
        f"A: {typeset_unicode(evaluation.answer)}",
        *(f"   {typeset_unicode(line)}" for line in evaluation.working),
    ])  # fmt: skip
