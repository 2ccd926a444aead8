"""The command line: thin click commands over the library."""

from __future__ import annotations

from collections.abc import Callable

import click

from fmflash import __version__
from fmflash.cards import BasicCard, ClozeCard, Deck
from fmflash.cli_common import CARDS_OPTION, build_time, show_warnings, user_errors
from fmflash.cli_review import review, stats
from fmflash.errors import count_phrase
from fmflash.project import DEFAULT_PACKAGE, BuildResult, build, load_deck


def describe_deck(deck: Deck) -> str:
    """Summarise a deck's cards in one phrase."""
    basic = sum(isinstance(card, BasicCard) for card in deck.cards)
    cloze = sum(isinstance(card, ClozeCard) for card in deck.cards)
    computed = len(deck.cards) - basic - cloze
    sections = len({card.section for card in deck.cards})
    return (
        f"{count_phrase(len(deck.cards), 'card')} ({basic} question/answer, {cloze} cloze, "
        f"{computed} computed) from {count_phrase(sections, 'section')} of {deck.notes.path}"
    )


def removed_search(removed: tuple[str, ...]) -> str:
    """Return an Anki browser search that finds exactly the notes of removed card ids."""
    ids = " OR ".join(f"Id:{card_id}" for card_id in removed)
    return f"note:fmflash* ({ids})"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fmflash")
def cli() -> None:
    """Flashcards for notes on Understanding Foundation Models.

    Validate the cards, build an Anki package, or review in the terminal.

    \b
    Example:
        fmflash check && fmflash build
    """


@cli.command()
@CARDS_OPTION
def check(cards_path: str) -> None:
    """Validate the card file against the notes; report every problem at once.

    \b
    Example:
        fmflash check --cards cards.yaml
    """
    with user_errors("fix them and run 'fmflash check' again"):
        deck = load_deck(cards_path)
    show_warnings(deck.warnings)
    click.echo(f"{cards_path}: OK, {describe_deck(deck)}.")


@cli.command(name="build")
@CARDS_OPTION
@click.option(
    "-o",
    "--output",
    default=DEFAULT_PACKAGE,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to write the Anki package; its build record goes beside it.",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if the package or its record is out of date.",
)
def build_command(cards_path: str, output: str, check_only: bool) -> None:
    """Validate the cards and build the Anki package (.apkg).

    Notes keep their identity across builds, so re-importing the package into
    Anki updates edited notes in place and keeps your review history. The same
    input always gives a byte-identical package.

    \b
    Example:
        fmflash build
        fmflash build --output ~/Desktop/foundation-models.apkg
        fmflash build --check     # in CI: fail if the committed package is stale
    """
    action = "nothing was written" if not check_only else "the package was not checked"
    with user_errors(action):
        result = build(cards_path, output, now=build_time(), check_only=check_only)
    show_warnings(result.deck.warnings)
    report: Callable[[BuildResult], None] = report_check if check_only else report_build
    report(result)


def change_counts(result: BuildResult) -> str:
    """Say how many notes are new, changed, unchanged."""
    changes = result.changes
    parts = [
        f"{len(changes.added)} new",
        f"{len(changes.changed)} changed",
        f"{len(changes.unchanged)} unchanged",
    ]
    if changes.removed:
        parts.append(f"{len(changes.removed)} removed")
    return ", ".join(parts)


def report_build(result: BuildResult) -> None:
    """Tell what a build wrote and what the next Anki import will do."""
    changes = result.changes
    total = count_phrase(len(result.deck.cards), "note")
    if not result.written:
        click.echo(f"{result.package_path} is up to date: {total}, no changes.")
        return
    click.echo(f"Built {result.package_path}: {total} ({change_counts(result)}).")
    for label, ids in (("New", changes.added), ("Changed", changes.changed)):
        if ids and len(ids) <= 20:
            click.echo(f"  {label}: {', '.join(ids)}")
    if changes.renamed_from is not None:
        click.echo(
            f"The deck was renamed from '{changes.renamed_from}': Anki will import every "
            "card as a new note; the old notes stay in the old deck until you delete them."
        )
    if changes.removed:
        click.echo(
            f"Removed since the last build: {', '.join(changes.removed)}.\n"
            "Anki never deletes notes on import. To delete them, search in Anki's browser for:\n"
            f"  {removed_search(changes.removed)}"
        )
    click.echo("Import it in Anki with File > Import; your review history is kept.")


def report_check(result: BuildResult) -> None:
    """Pass if the package and record match the cards; otherwise exit 1 saying why."""
    if result.stale:
        reason = change_counts(result) if result.changes.any else "its bytes differ"
        raise click.ClickException(
            f"{result.package_path} is out of date ({reason}); "
            "run 'fmflash build' and commit the package and its record."
        )
    click.echo(f"{result.package_path} is up to date: {describe_deck(result.deck)}.")


@cli.command(name="formulas")
def formulas_command() -> None:
    """List the sizing formulas with their parameters, units and allowed ranges.

    \b
    Example:
        fmflash formulas
    """
    from fmflash.catalog import all_formulas

    for formula in all_formulas().values():
        click.echo(f"{formula.name} -> {formula.result_unit.value}")
        click.echo(f"  {formula.description}")
        for parameter in formula.parameters:
            click.echo(f"  {parameter.name}: {parameter.description}")
            click.echo(f"      {parameter.unit.value}, {parameter.allowed()}")
        click.echo("")


@cli.command()
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
    from fmflash.catalog import all_formulas
    from fmflash.formulas import check_values, evaluate, unknown_formula_message

    formulas = all_formulas()
    if formula not in formulas:
        raise click.UsageError(unknown_formula_message(formula))
    raw: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not name.strip():
            raise click.UsageError(f"expected NAME=VALUE, found '{assignment}'")
        raw[name.strip()] = value.strip()
    values, problems = check_values(formulas[formula], raw)
    if problems:
        raise click.UsageError("\n".join(message for _, message in problems))
    evaluation = evaluate(formulas[formula], values)
    click.echo(f"Q: {evaluation.question}")
    click.echo(f"A: {evaluation.answer}")
    for line in evaluation.working:
        click.echo(f"   {line}")


cli.add_command(review)
cli.add_command(stats)


def main() -> None:
    """Run the fmflash command line."""
    cli()
