"""The package commands: check the cards, build the Anki package, stale and removed cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from fmflash.cli.common import (
    CARDS_OPTION,
    PACKAGE_OPTION,
    build_time,
    count_phrase,
    show_warnings,
    user_errors,
)
from fmflash.defaults import DEFAULT_PACKAGE

if TYPE_CHECKING:
    from fmflash.apkg.build import BuildResult
    from fmflash.cards.model import Deck


def describe_deck(deck: Deck) -> str:
    """Summarise a deck's cards in one phrase."""
    from fmflash.cards.model import BasicCard, ClozeCard

    basic = sum(isinstance(card, BasicCard) for card in deck.cards)
    cloze = sum(isinstance(card, ClozeCard) for card in deck.cards)
    computed = len(deck.cards) - basic - cloze
    sections = len({card.section for card in deck.cards})
    return (
        f"{count_phrase(len(deck.cards), 'card')} ({basic} question/answer, {cloze} cloze, "
        f"{computed} computed) from {count_phrase(sections, 'section')} of {deck.notes.path}"
    )


@click.command()
@CARDS_OPTION
@PACKAGE_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings and stale cards too (for CI).")
def check(cards_path: str, package_path: str, strict: bool) -> None:
    """Validate the cards against the notes; show coverage, stale and removed cards.

    Every problem is reported at once as FILE:LINE:COLUMN: message. Then a table
    shows each notes section with text or cards, and the cards whose section text
    changed since they were written (compared with the package's build record).

    \b
    Example:
        fmflash check
        fmflash check --strict    # in CI: uncovered sections and stale cards fail
    """
    from fmflash.apkg.build import inspect
    from fmflash.apkg.reports import coverage_table, removed_report, stale_report

    with user_errors("fix them and run 'fmflash check' again"):
        inspection = inspect(cards_path, package_path)
    deck = inspection.deck
    show_warnings(deck.warnings)
    click.echo("\n".join(coverage_table(deck)))
    for line in [*stale_report(inspection.stale_cards), *removed_report(inspection.removed)]:
        click.echo(line)
    click.echo(f"{cards_path}: OK, {describe_deck(deck)}.")
    if strict and (deck.warnings or inspection.stale_cards):
        parts = []
        if deck.warnings:
            parts.append(count_phrase(len(deck.warnings), "section") + " without cards")
        if inspection.stale_cards:
            parts.append(count_phrase(len(inspection.stale_cards), "stale card"))
        raise click.ClickException(f"--strict: {' and '.join(parts)}.")


@click.command(name="build")
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
@click.option(
    "--watch", is_flag=True, help="Rebuild whenever the cards or the notes change (Ctrl-C stops)."
)
def build_command(cards_path: str, output: str, check_only: bool, watch: bool) -> None:
    """Validate the cards and build the Anki package (.apkg).

    Notes keep their identity across builds, so re-importing the package into
    Anki updates edited notes in place and keeps your review history. The same
    input always gives a byte-identical package. The summary says what the next
    import will do: new, updated, unchanged and removed notes.

    \b
    Example:
        fmflash build
        fmflash build --watch
        fmflash build --output ~/Desktop/foundation-models.apkg
        fmflash build --check     # in CI: fail if the committed package is stale
    """
    if watch:
        if check_only:
            raise click.UsageError("--watch and --check do not go together")
        from fmflash.apkg.watch import watch_and_build

        watch_and_build(cards_path, lambda: _build_once(cards_path, output), say=click.echo)
        return
    from fmflash.apkg.build import build

    action = "nothing was written" if not check_only else "the package was not checked"
    with user_errors(action):
        result = build(cards_path, output, now=build_time(), check_only=check_only)
    show_warnings(result.deck.warnings)
    if check_only:
        report_check(result)
    else:
        report_build(result)


def _build_once(cards_path: str, output: str) -> bool:
    """Build for --watch: report, and on bad input keep the old package and say so."""
    from fmflash.apkg.build import build
    from fmflash.errors import FmflashError

    try:
        result = build(cards_path, output, now=build_time())
    except FmflashError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"Error: {count_phrase(len(error.problems), 'error')} found; "
            f"kept the previous {output}.",
            err=True,
        )
        return False
    show_warnings(result.deck.warnings)
    report_build(result)
    return True


def change_counts(result: BuildResult) -> str:
    """Say how many notes are new, updated, unchanged, removed."""
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
    from fmflash.apkg.reports import removed_report, stale_report

    changes = result.changes
    total = count_phrase(len(result.deck.cards), "note")
    if not result.written:
        click.echo(f"{result.package_path} is up to date: {total}, no changes.")
    else:
        click.echo(f"Built {result.package_path}: {total} ({change_counts(result)}).")
        for label, ids in (("New", changes.added), ("Changed", changes.changed)):
            if ids and len(ids) <= 20:
                click.echo(f"  {label}: {', '.join(ids)}")
    if changes.schema_changed:
        click.echo(
            "WARNING: a note type's fields or card templates were renamed or changed in number."
            "\nAnki will NOT update existing notes unless you tick 'Merge note types' on import."
        )
    elif changes.note_types_changed and result.written:
        click.echo("The note types' templates or styling changed; Anki updates them on import.")
    if changes.renamed_from is not None:
        click.echo(
            f"The deck was renamed from '{changes.renamed_from}': Anki will import every "
            "card as a new note; the old notes stay in the old deck until you delete them."
        )
    for line in [*stale_report(result.stale_cards), *removed_report(result.removed)]:
        click.echo(line)
    if result.written:
        click.echo("Import it in Anki with File > Import; your review history is kept.")


def report_check(result: BuildResult) -> None:
    """Pass if the package and record match the cards; otherwise exit 1 saying why."""
    if result.out_of_date:
        reason = change_counts(result) if result.changes.any else "its bytes differ"
        raise click.ClickException(
            f"{result.package_path} is out of date ({reason}); "
            "run 'fmflash build' and commit the package and its record."
        )
    click.echo(f"{result.package_path} is up to date: {describe_deck(result.deck)}.")


@click.command(name="confirm")
@CARDS_OPTION
@PACKAGE_OPTION
@click.argument("card_ids", nargs=-1, metavar="ID...")
@click.option("--all-in", "all_in", metavar="SECTION", help="Confirm every card of a section.")
def confirm_command(
    cards_path: str, package_path: str, card_ids: tuple[str, ...], all_in: str | None
) -> None:
    """Confirm that cards are still right after their notes section changed.

    Stale cards are listed by check and build until edited or confirmed. This
    updates the build record only; commit it with the package.

    \b
    Example:
        fmflash confirm mixtral-total-params llama-13b-name
        fmflash confirm --all-in "Model Size"
    """
    from fmflash.apkg.build import confirm

    if not card_ids and all_in is None:
        raise click.UsageError("name the cards to confirm, or a section with --all-in")
    with user_errors("nothing was confirmed"):
        confirmed = confirm(cards_path, package_path, card_ids, all_in=all_in)
    click.echo(f"Confirmed {len(confirmed)} card{'s' if len(confirmed) != 1 else ''}.")


@click.command(name="removed")
@PACKAGE_OPTION
@click.argument("card_ids", nargs=-1, metavar="[ID...]")
@click.option(
    "--acknowledge",
    "forget",
    is_flag=True,
    help="Forget the removed cards (all, or the IDs given) once deleted in Anki.",
)
def removed_command(package_path: str, card_ids: tuple[str, ...], forget: bool) -> None:
    """List cards removed from cards.yaml that Anki still has, with a search to find them.

    Anki's importer never deletes notes. Delete them in Anki's browser with the
    printed search, then acknowledge them here so builds stop reminding you.

    \b
    Example:
        fmflash removed
        fmflash removed --acknowledge
    """
    from fmflash.apkg.build import acknowledge, read_record
    from fmflash.apkg.reports import removed_report

    with user_errors("nothing was changed"):
        if forget:
            forgotten = acknowledge(package_path, card_ids)
            click.echo(f"Forgot {len(forgotten)} removed card{'s' if len(forgotten) != 1 else ''}.")
            return
        removed = tuple(sorted(read_record(package_path).removed))
    click.echo("\n".join(removed_report(removed)) if removed else "No removed cards.")
