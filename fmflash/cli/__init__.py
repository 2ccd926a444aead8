"""The command line: thin click commands over the library, one module per group of commands."""

from __future__ import annotations

import click

from fmflash import __version__
from fmflash.cli.cards import preview_command, show
from fmflash.cli.formulas import calc, formulas_command
from fmflash.cli.package import build_command, check, confirm_command, removed_command
from fmflash.cli.review import review, stats

# Commands import what they need when they run: `fmflash --help` loads only click.


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fmflash")
def cli() -> None:
    """Flashcards for notes on Understanding Foundation Models.

    Validate the cards, build an Anki package, or review in the terminal.

    \b
    Example:
        fmflash check && fmflash build
    """


for command in (check, build_command, formulas_command, calc, review, stats, confirm_command,
                removed_command, show, preview_command):  # fmt: skip
    cli.add_command(command)


def main() -> None:
    """Run the fmflash command line."""
    cli()
