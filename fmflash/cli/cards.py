"""The card commands: show one card as the reviewer does, and preview the whole deck."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from fmflash.cli.common import CARDS_OPTION, beside_cards, notes_and_cards, user_errors
from fmflash.defaults import DEFAULT_PREVIEW

if TYPE_CHECKING:
    from fmflash.cards.model import Card
    from fmflash.review.items import Item


@click.command()
@CARDS_OPTION
@click.argument("card_id", metavar="ID")
@click.option("--case", "case_number", type=click.IntRange(1), metavar="N",
              help="A practice card's case at its N-th review (1 is the first).")  # fmt: skip
def show(cards_path: str, card_id: str, case_number: int | None) -> None:
    """Print one card as the reviewer shows it: questions, answers, working, section, tags.

    A practice card draws fresh numbers at every review: --case N shows the case of its
    N-th review (without it, the first).

    \b
    Example:
        fmflash show mixtral-total-params
        fmflash show weights-memory-7b-2
        fmflash show sampling-definition/reverse
        fmflash show weights-memory --case 3
    """
    from fmflash.cards.model import ComputedCard, card_tags
    from fmflash.cards.project import load_project
    from fmflash.formulas.typography import typeset_unicode
    from fmflash.review.cardtext import back_html, front_html
    from fmflash.review.items import items_of
    from fmflash.review.markup import text_width, to_terminal

    with user_errors("nothing to show"):
        project = load_project(cards_path, with_package=False)
    every = items_of(project.cards())
    # An id as the reviewer prints it (id/reverse, id/c2) shows that side or gap alone.
    items = [item for item in every if card_id in (item.card.id, item.item_id)]
    if not items:
        from fmflash.text import did_you_mean, nearest

        ids = sorted({item.item_id for item in every} | {card.id for card in project.cards()})
        hint = did_you_mean(nearest(card_id, ids, most=3), quoted=False)
        hint = f"; {hint}" if hint else ""
        raise click.BadParameter(f"no card has the id '{card_id}'{hint}", param_hint="'ID'")
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = text_width() - 2  # the text is indented by two

    def echo_html(title: str, html: str) -> None:
        click.echo(f"{title}:")
        for line in to_terminal(html, width=width, color=color):
            click.echo(f"  {line}" if line else "", color=color)

    card = items[0].card
    practice = isinstance(card, ComputedCard) and bool(card.practice)
    if case_number is not None:
        if not isinstance(card, ComputedCard) or not card.practice:
            raise click.BadParameter(
                f"'{card_id}' is not a practice card; only practice cards have cases",
                param_hint="'--case'",
            )
        from fmflash.cards.practice import practice_case

        card = practice_case(card, identity=card.id, number=case_number)
        items = [item._replace(card=card) for item in items]
    for item in items:
        question, answer = _side_labels(item)
        echo_html(question, front_html(item))
        echo_html(answer, back_html(item))
    if isinstance(card, ComputedCard):
        click.echo("Working:")
        for line in card.working:
            click.echo(f"  {typeset_unicode(line)}")
    if practice:
        assert isinstance(card, ComputedCard)
        click.echo(f"Case: {case_number or 1} (a practice card draws new numbers at each review)")
    click.echo(f"Section: {card.section}")
    click.echo(f"Tags: {' '.join(card_tags(card))}")


def _side_labels(item: Item[Card]) -> tuple[str, str]:
    """Label the two sides ``show`` prints: ``Question``, ``Reverse question``, ``Gap 2 ...``."""
    side = "Reverse " if item.reverse else f"Gap {item.gap} " if item.gap else ""
    return f"{side}question" if side else "Question", f"{side}answer" if side else "Answer"


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
    from fmflash.apkg.preview import render_preview
    from fmflash.cards.project import load_project
    from fmflash.files import write_atomically

    output = output or beside_cards(cards_path, DEFAULT_PREVIEW)
    with user_errors("nothing was written"):
        project = load_project(cards_path, with_package=False)
        decks = [chapter.deck for chapter in project.chapters]
        write_atomically(output, render_preview(decks).encode())
    click.echo(f"Wrote {output}: {notes_and_cards(project)}.")
