"""Commands for the notes-to-deck loop: confirm stale cards, removed cards, show, preview."""

from __future__ import annotations

import click

from fmflash.cli_common import CARDS_OPTION, PACKAGE_OPTION, user_errors
from fmflash.defaults import DEFAULT_PREVIEW


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
    from fmflash.project import confirm

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
    from fmflash.project import acknowledge, read_record
    from fmflash.reports import removed_report

    with user_errors("nothing was changed"):
        if forget:
            forgotten = acknowledge(package_path, card_ids)
            click.echo(f"Forgot {len(forgotten)} removed card{'s' if len(forgotten) != 1 else ''}.")
            return
        removed = tuple(sorted(read_record(package_path).removed))
    click.echo("\n".join(removed_report(removed)) if removed else "No removed cards.")


@click.command()
@CARDS_OPTION
@click.argument("card_id", metavar="ID")
def show(cards_path: str, card_id: str) -> None:
    """Print one card as the reviewer shows it: front, back, working, section, tags.

    \b
    Example:
        fmflash show mixtral-total-params
        fmflash show weights-memory-7b-2
    """
    from fmflash.cards import ComputedCard
    from fmflash.cardtext import back_text, front_text
    from fmflash.deckfile import load_deck
    from fmflash.render import render_card
    from fmflash.session import review_items

    with user_errors("nothing to show"):
        deck = load_deck(cards_path)
    items = [item for item in review_items(deck.cards) if item.card.id == card_id]
    if not items:
        import difflib

        ids = sorted(card.id for card in deck.cards)
        close = difflib.get_close_matches(card_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise click.BadParameter(f"no card has the id '{card_id}'{hint}", param_hint="'ID'")
    card = items[0].card
    for item in items:
        title = "Reverse" if item.reverse else "Front"
        click.echo(f"{title}:\n  {front_text(item)}")
        click.echo(f"Back:\n  {back_text(item, lambda text: f'[{text}]')}")
    if isinstance(card, ComputedCard):
        click.echo("Working:")
        for line in card.working:
            click.echo(f"  {line}")
    click.echo(f"Section: {card.section}")
    click.echo(f"Tags: {' '.join(render_card(card).tags)}")


@click.command(name="preview")
@CARDS_OPTION
@click.option(
    "-o",
    "--output",
    default=DEFAULT_PREVIEW,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to write the HTML page.",
)
def preview_command(cards_path: str, output: str) -> None:
    """Write one self-contained HTML page of the whole deck, as Anki renders it.

    Cards are grouped by notes section, with a filter box; click a card to see its
    answer, or a cloze gap to reveal it. No network is needed to open the page.

    \b
    Example:
        fmflash preview && xdg-open deck/preview.html
    """
    from fmflash.deckfile import load_deck
    from fmflash.preview import render_preview
    from fmflash.project import write_atomically

    with user_errors("nothing was written"):
        deck = load_deck(cards_path)
    write_atomically(output, render_preview(deck).encode())
    click.echo(f"Wrote {output}: {len(deck.cards)} cards.")
