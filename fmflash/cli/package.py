"""The package's inspection commands: check the cards, confirm stale cards, list removed cards."""

from __future__ import annotations

import os

import click

from fmflash.apkg.build_report import describe_project
from fmflash.apkg.confirm import acknowledge, confirm, inspect
from fmflash.apkg.machine_state import learners_removed, read_state
from fmflash.apkg.reports import LIST_LIMIT, coverage_table, removed_report, stale_report
from fmflash.cards.project_formulas import load_in_project
from fmflash.cards.project_package import package_of
from fmflash.cards.record import read_record
from fmflash.cards.root import project_root
from fmflash.cli.common import (
    CARDS_OPTION,
    PACKAGE_OPTION,
    echo_wrapped,
    find_card_file,
    output_width,
    say,
    show_warnings,
    user_errors,
)
from fmflash.cli.options import ALL_OPTION, DB_OPTION
from fmflash.lint.project import lint_chapter
from fmflash.review.session.items import card_id_of
from fmflash.review.session.leeches import leech_warnings
from fmflash.text import count_phrase


@click.command()
@CARDS_OPTION
@PACKAGE_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings and stale cards too (for CI).")
@ALL_OPTION
@DB_OPTION
def check(
    cards_path: str, package_path: str | None, strict: bool, show_all: bool, db_path: str
) -> None:
    """Validate the cards against the notes; show coverage, stale and removed cards.

    Every problem is reported at once as FILE:LINE:COLUMN: message. Then a table
    shows each notes section with text or cards, and the cards whose section text
    changed since they were written (compared with the package's build record).
    Leeches (cards learners keep failing, from the review database) are warnings
    at their line until the card is edited.

    \b
    Example:
        fmflash check
        fmflash check --strict    # in CI: uncovered sections and stale cards fail
    """
    with user_errors("fix {them} and run 'fmflash check' again"):
        inspection = inspect(cards_path, package_path)
    project = inspection.project
    with user_errors("fix {them} and run 'fmflash check' again"):
        warnings = tuple(
            problem
            for chapter in project.chapters
            for problem in (*chapter.deck.warnings, *lint_chapter(chapter.deck, chapter.path))
        ) + leech_warnings(project, db_path)
    show_warnings(tuple(sorted(warnings, key=lambda problem: problem.sort_key())))
    for chapter in project.chapters:
        if len(project.chapters) > 1:
            say(f"{chapter.deck.name} ({chapter.path}):")
        echo_wrapped(coverage_table(chapter.deck, width=output_width() or 1000))
    limit = None if show_all else LIST_LIMIT

    removed = learners_removed(read_state(project.package_path), inspection.removed)
    echo_wrapped([
        *stale_report(inspection.stale_cards, limit=limit),
        *removed_report(removed, inspection.record, limit=limit),
    ])  # fmt: skip
    echo_wrapped([f"{cards_path}: OK, {describe_project(project)}."])
    if strict and (warnings or inspection.stale_cards):
        parts = []
        if warnings:
            parts.append(count_phrase(len(warnings), "warning"))
        if inspection.stale_cards:
            parts.append(count_phrase(len(inspection.stale_cards), "stale card"))
        raise click.ClickException(f"--strict: {' and '.join(parts)}.")


@click.command(name="confirm")
@CARDS_OPTION
@PACKAGE_OPTION
@click.argument("card_ids", nargs=-1, metavar="ID...")
@click.option("--all-in", "all_in", metavar="SECTION", help="Confirm every card of a section.")
def confirm_command(
    cards_path: str, package_path: str | None, card_ids: tuple[str, ...], all_in: str | None
) -> None:
    """Confirm that cards are still right after their notes section changed.

    Stale cards are listed by check and build until edited or confirmed. This
    updates the build record only; commit it with the package.

    \b
    Example:
        fmflash confirm mixtral-total-params llama-13b-name
        fmflash confirm --all-in "Model Size"
    """
    if not card_ids and all_in is None:
        raise click.UsageError("name the cards to confirm, or a section with --all-in")
    # The reviewer's ids name a side or a gap of a card: confirm the card.
    named = tuple(dict.fromkeys(map(card_id_of, card_ids)))
    with user_errors("nothing was confirmed"):
        done = confirm(cards_path, package_path, named, all_in=all_in)
    for card_id in done.not_stale:
        say(f"{card_id} is not stale: its section has not changed since it was written.")
    if done.confirmed:
        say(f"Confirmed {count_phrase(len(done.confirmed), 'card')}.")
    elif all_in is not None:
        say(f"No stale cards in '{all_in}': nothing to confirm.")


@click.command(name="removed")
@click.option(
    "--cards",
    "cards_path",
    type=click.Path(dir_okay=False),
    help="The card file, to find the package by.  [default: as for check]",
)
@PACKAGE_OPTION
@click.argument("card_ids", nargs=-1, metavar="[ID...]")
@click.option(
    "--acknowledge",
    "forget",
    is_flag=True,
    help="Forget the removed cards (all, or the IDs given) once deleted in Anki.",
)
@ALL_OPTION
def removed_command(
    cards_path: str | None,
    package_path: str | None,
    card_ids: tuple[str, ...],
    forget: bool,
    show_all: bool,
) -> None:
    """List cards removed from cards.yaml that Anki still has, with a search to find them.

    Anki's importer never deletes notes. Delete them in Anki's browser with the
    printed search, then acknowledge them here so builds stop reminding you.
    Cards removed before your first build on this machine are not yours to delete:
    only --all lists them. Acknowledging is remembered on this machine only; it
    changes no file of the project.

    \b
    Example:
        fmflash removed
        fmflash removed --acknowledge
    """
    with user_errors("nothing was changed"):
        if package_path is None:
            root = project_root(cards_path) if cards_path else find_card_file(os.curdir)
            package_path = package_of(root, load_in_project(root, root_path=root))
        if forget:
            forgotten = acknowledge(package_path, card_ids)
            if forgotten:
                say(f"Forgot {count_phrase(len(forgotten), 'removed card')}.")
            else:
                say("No removed cards to forget.")
            return
        record = read_record(package_path)

    every = tuple(sorted(record.removed))
    removed = every if show_all else learners_removed(read_state(package_path), every)
    lines = removed_report(removed, record, limit=None if show_all else LIST_LIMIT)
    hidden = len(every) - len(removed)
    if not removed:
        lines = ["No removed cards."]
    if hidden:
        lines.append(
            f"Not shown: {count_phrase(hidden, 'card')} removed before your first build here "
            "or acknowledged (--all lists every one)."
        )
    echo_wrapped(lines)
