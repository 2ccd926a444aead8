"""How a command runs: the collector paused, Ctrl-C told truly, and errors shown as text.

Loaded when a command runs, not for ``fmflash --help`` or ``--version``, which click answers
before any command does (``signal``'s enums and ``text``'s patterns are about 5% of a help's
instructions: docs/speed.md).
"""

from __future__ import annotations

import signal
from collections.abc import Callable

import click

from fmflash.cli.collector import collector_paused
from fmflash.text import escape_controls

# Commands that write the project's files, each telling what Ctrl-C left (cli.common.Writes):
# from its ``tell_on_interrupt`` on, the message it leaves in the context's meta under this key.
WRITERS = {"build", "chapter", "preview"}
INTERRUPTED = "fmflash.interrupted"


def run_command(
    ctx: click.Context, invoke: Callable[[click.Context], object], *, ignore_interrupts_after: bool
) -> object:
    """Invoke a command; turn Ctrl-C into its exit 130 and escape the controls of its errors."""
    try:
        try:
            with collector_paused():
                return invoke(ctx)
        finally:
            # Ctrl-C that lands here, before it is ignored, is told as any other below.
            if ignore_interrupts_after:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:
        # A writing command says what Ctrl-C left, even as it ends after its writes; before
        # it can tell, nothing was written.
        told = ctx.meta.get(INTERRUPTED)
        if told is not None:
            message = told()
        else:
            nothing = "; nothing written" if ctx.invoked_subcommand in WRITERS else ""
            message = f"Interrupted{nothing}."
        click.echo(escape_controls(f"\n{message}"), err=True)  # paths shown as text
        raise click.exceptions.Exit(130) from None
    except click.ClickException as error:
        # An error names paths and values from files: shown as text, like every output.
        message = error.format_message()
        shown = escape_controls(message)
        if shown == message:
            raise
        if isinstance(error, click.UsageError):
            raise click.UsageError(shown, error.ctx) from None
        raise click.ClickException(shown) from None
