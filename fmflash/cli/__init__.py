"""The command line: thin click commands over the library, one module per group of commands.

Each command's module is imported only when that command runs, so `fmflash --help` loads
click and this module alone, and `fmflash review` never loads the build commands.
"""

from __future__ import annotations

import importlib

import click

from fmflash import __version__

# name: (module, function, the first line of its docstring, shown by `fmflash --help`).
# A test checks that each summary is the command's own.
COMMANDS = {
    "build": ("build", "build_command",
              "Validate the cards and build the Anki package (.apkg)."),
    "calc": ("formulas", "calc",
             "Compute one case of a formula and show the working, as a computed card would."),
    "chapter": ("chapters", "chapter_group",
                "Add a chapter to the course: its notes, its card file, its line in cards.yaml."),
    "check": ("package", "check",
              "Validate the cards against the notes; show coverage, stale and removed cards."),
    "confirm": ("package", "confirm_command",
                "Confirm that cards are still right after their notes section changed."),
    "fit": ("fit", "fit",
            "Fit FSRS-6's parameters to your reviews, and score SM-2 and FSRS on your own "
            "answers."),
    "formulas": ("formulas", "formulas_command",
                 "List the formulas with their parameters, units and allowed ranges."),
    "import-anki": ("anki", "import_anki",
                    "Merge the reviews you did in Anki into the review log, for this project's "
                    "cards."),
    "pending": ("pending", "pending_command",
                "List what Anki still has to be told: renamed decks, moved cards, removed notes."),
    "preview": ("cards", "preview_command",
                "Write one self-contained HTML page of the whole deck, as Anki renders it."),
    "removed": ("package", "removed_command",
                "List cards removed from cards.yaml that Anki still has, with a search to find "
                "them."),
    "review": ("review", "review",
               "Review due and new cards in the terminal, scheduled by SM-2 or FSRS."),
    "show": ("cards", "show",
             "Print one card as the reviewer shows it: questions, answers, working, section, "
             "tags."),
    "suspend": ("suspend", "suspend_command",
                "Suspend cards: review never shows them until you unsuspend them."),
    "unsuspend": ("suspend", "unsuspend_command",
                  "Unsuspend cards (leeches too): review shows them again when they are due."),
    "stats": ("stats", "stats",
              "Show the scheduler, card states, due counts, a 30-day forecast, retention and "
              "easiness."),
}  # fmt: skip


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, function, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"fmflash.cli.{module}"), function)
        assert isinstance(command, click.Command)
        return command

    # Set by ``main``: once its command is over, the program only exits, and Ctrl-C then would
    # only print a traceback over a finished command's true report.
    ignore_interrupts_after = False

    def invoke(self, ctx: click.Context) -> object:
        # Loaded here, as a command runs: `fmflash --help` is answered before (cli/running.py).
        from fmflash.cli.running import run_command

        return run_command(
            ctx, super().invoke, ignore_interrupts_after=self.ignore_interrupts_after
        )

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = []
        for name, (_, _, summary) in sorted(COMMANDS.items()):
            short = summary if len(summary) <= limit else summary[: limit - 3].rsplit(" ", 1)[0]
            rows.append((name, short if short == summary else short + "..."))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fmflash")
def cli() -> None:
    """Flashcards for your study notes: notes in Markdown, cards in YAML.

    Validate the cards, build an Anki package, or review in the terminal. Run
    fmflash in the folder of a course (or any folder inside it).

    \b
    Example:
        fmflash check && fmflash build
    """


def main() -> None:
    """Run the fmflash command line."""
    assert isinstance(cli, LazyGroup)
    cli.ignore_interrupts_after = True
    cli()
