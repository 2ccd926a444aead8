"""The chapter commands: add a chapter to the course."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from fmflash.cli.common import CARDS_OPTION, Writes, say, user_errors

if TYPE_CHECKING:
    from fmflash.cards.chapters import NewChapter


@click.group(name="chapter")
def chapter_group() -> None:
    """Add a chapter to the course: its notes, its card file, its line in cards.yaml.

    \b
    Example:
        fmflash chapter add "3 Evaluation Methodology" --notes chapters/03/notes.md
    """


@chapter_group.command(name="add")
@CARDS_OPTION
@click.argument("name")
@click.option(
    "--notes",
    "notes_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="The chapter's notes file (created with NAME as its heading if missing); the "
    "chapter's card file goes beside it.",
)
def add_command(cards_path: str, name: str, notes_path: str) -> None:
    """Add a chapter: its notes file, its card file beside it, its line in chapters:.

    The new chapter's deck sits beside the root card file's deck (AI Engineering::NAME).
    The root card file gets one line in its chapters: list; the rest of it is kept as it
    is, comments included. Nothing that exists is overwritten.

    \b
    Example:
        fmflash chapter add "3 Evaluation Methodology" --notes chapters/03/notes.md
    """
    from fmflash.cards.chapters import add_chapter

    writes = Writes()
    writes.tell_on_interrupt(CHAPTER_WRITTEN)
    with user_errors("nothing was written"):
        added = add_chapter(cards_path, name, notes_path, will_write=writes.watch)
        tell_added(added, name, cards_path)


# What the files written before Ctrl-C mean: they are written together, or not at all.
CHAPTER_WRITTEN = "; the chapter is added (fmflash check shows it)"


def tell_added(added: NewChapter, name: str, cards_path: str) -> None:
    """Say what adding a chapter wrote, and what to do next."""
    if added.notes_created:
        say(f"Created {added.notes_path}, with the heading '# {name.strip()}'.")
    else:
        say(f"Kept {added.notes_path} as it is.")
    say(f"Created {added.cards_path}: deck '{added.deck_name}', no cards yet.")
    say(f"Listed it in {cards_path}: chapters: - {added.listed_as}")
    say(
        f"Next: write the notes, add cards to {added.cards_path}, then fmflash check and "
        "fmflash build."
    )
