"""The card commands: show one card as the reviewer does, and preview the whole deck."""

from __future__ import annotations

import json
import os
import sys

import click

from fmflash.apkg.build_report import notes_and_cards
from fmflash.apkg.preview import render_preview
from fmflash.cards.project import load_project
from fmflash.cli.common import CARDS_OPTION, Writes, beside_cards, say, user_errors
from fmflash.defaults import DEFAULT_PREVIEW
from fmflash.files.atomic import Content, write_atomically
from fmflash.review.terminal.card_view import card_view
from fmflash.review.terminal.markup import to_terminal
from fmflash.text import text_width


@click.command()
@CARDS_OPTION
@click.argument("card_id", metavar="ID")
@click.option("--case", "case_number", type=click.IntRange(1), metavar="N",
              help="A practice card's case at its N-th review (1 is the first).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True,
              help="Print the card as JSON: id, kind, front, back; for a computed card also "
                   "case, inputs and answer (numbers in base units; a rating card's answer "
                   "is its rating, with the number rated as value).")  # fmt: skip
def show(cards_path: str, card_id: str, case_number: int | None, as_json: bool) -> None:
    """Print one card as the reviewer shows it: questions, answers, working, section, tags.

    A practice card draws fresh numbers at every review: --case N shows the case of its
    N-th review (without it, the first). --json prints it for a script.

    \b
    Example:
        fmflash show mixtral-total-params
        fmflash show weights-memory-7b-2
        fmflash show sampling-definition/reverse
        fmflash show weights-memory --case 3
        fmflash show weights-memory --case 3 --json
    """
    with user_errors("nothing to show"):
        project = load_project(cards_path, with_package=False)
        view = card_view(project.cards(), card_id, case_number=case_number)
    if as_json:
        # ASCII only: no character of a card file reaches the terminal raw.
        click.echo(json.dumps(view.as_json(card_id)))
        return
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = text_width() - 2  # the text is indented by two
    for title, html in view.sides:
        say(f"{title}:")
        for line in to_terminal(html, width=width, color=color):
            say(f"  {line}" if line else "", color=color)
    if view.working is not None:
        say("Working:")
        for line in view.working:
            say(f"  {line}")
    if view.case is not None:
        say(f"Case: {view.case} (a practice card draws new numbers at each review)")
    say(f"Section: {view.section}")
    say(f"Tags: {' '.join(view.tags)}")


@click.command(name="preview")
@CARDS_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help=f"Where to write the HTML page.  [default: {DEFAULT_PREVIEW} beside the card file]",
)
def preview_command(cards_path: str, output: str | None) -> None:
    """Write one self-contained HTML page of the whole deck, as Anki renders it.

    Cards are grouped by notes section, with a filter box; click a card to see its
    answer, or a cloze gap to reveal it. No network is needed to open the page.

    \b
    Example:
        fmflash preview && xdg-open deck/preview.html
    """
    writes = Writes()
    writes.tell_on_interrupt()
    with user_errors("nothing was written"):
        output = output or beside_cards(cards_path, DEFAULT_PREVIEW)
        writes.watch([output])
        project = load_project(cards_path, with_package=False)
        decks = [chapter.deck for chapter in project.chapters]
        page = render_preview(decks).encode()
        write_atomically(output, page, content=Content.PAGE, inputs=project.inputs())
        say(f"Wrote {output}: {notes_and_cards(project)}.")
