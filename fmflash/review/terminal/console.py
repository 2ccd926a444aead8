"""The terminal's input and output: single keys on a TTY, whole lines when scripted (the shell)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

if sys.platform != "win32":
    import termios
    import tty

from fmflash.review.terminal.markup import to_terminal
from fmflash.text import escape_controls, text_width, wrap_visible

QUIT = "q"
# Esc, alone (an arrow key sends Esc and more), quits at every prompt, as q does.
ESCAPE = "\x1b"
_ERASE = ("\x7f", "\b")
# Pieces of output gathered before writing when nobody watches the output.
UNWATCHED_BLOCK = 2000


def output_is_watched() -> bool:
    """Can a person or a program read our output as it comes (a TTY, a pipe, a socket)?

    A program driving the reviewer through pipes waits for each prompt before it answers,
    so only output to a file or a device like /dev/null may be held back.
    """
    try:
        mode = os.fstat(sys.stdout.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return True  # not a real file (a test runner's capture): behave as before
    return sys.stdout.isatty() or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def read_keys() -> str:
    """Read a key from the TTY (a few typed or pasted at once), keeping keys typed ahead.

    click.getchar puts the TTY in raw mode with TCSAFLUSH, which throws away the keys pressed
    while the previous answer was recorded and the next card drawn: "space, 5" typed quickly
    could lose its 5. Here raw mode starts at once (TCSANOW): keys typed before it are read.
    """
    if sys.platform == "win32":
        return click.getchar()  # no mode to switch: Windows reads keys one by one
    fd = sys.stdin.fileno()
    before = termios.tcgetattr(fd)
    try:
        tty.setraw(fd, termios.TCSANOW)
        pressed = os.read(fd, 32).decode(sys.stdin.encoding or "utf-8", "replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)
    if pressed == "\x03":  # Ctrl-C, a key like any other in raw mode
        raise KeyboardInterrupt
    if pressed == "\x04":  # Ctrl-D
        raise EOFError
    return pressed


@contextmanager
def echo_set(*, on: bool) -> Iterator[None]:
    """Set whether the TTY echoes keys for the block, and put back its own setting after.

    Off for a session: keys typed while a card is drawn are read, not shown at random places.
    On for the learner's editor. Not a TTY: nothing to set.
    """
    if sys.platform == "win32" or not sys.stdin.isatty():
        yield
        return
    fd = sys.stdin.fileno()
    before = termios.tcgetattr(fd)
    changed = list(before)
    changed[3] = before[3] | termios.ECHO if on else before[3] & ~termios.ECHO  # local modes
    termios.tcsetattr(fd, termios.TCSANOW, changed)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)


class Terminal:
    """Input and output: single keys on a TTY, whole lines when scripted.

    Output is gathered and written in one go just before each read: one write per card
    instead of dozens, which matters when a script grades a thousand cards.
    """

    def __init__(
        self, *, interactive: bool, color: bool, width: int = 80, watched: bool = True
    ) -> None:
        self.interactive = interactive
        self.color = color
        self.width = width
        # Is someone reading the output as it comes? If not (output to a file or /dev/null),
        # it is written in large blocks, which saves a system call per prompt.
        self.watched = watched
        self._pending: list[str] = []
        # Keys read together but not yet used ("space, 5" typed quickly): the next reads take them.
        self._typed_ahead = ""

    @classmethod
    def detect(cls, *, no_color: bool) -> Terminal:
        """Look at the real terminal: is stdin a TTY, may we colour, how wide is it."""
        watched = output_is_watched()
        color = not no_color and sys.stdout.isatty()
        return cls(interactive=sys.stdin.isatty(), color=color, width=text_width(), watched=watched)

    def say(self, text: str = "", **style: object) -> None:
        """Print text wrapped to the terminal width, styled if colour is on."""
        room = self.width - 2
        for paragraph in escape_controls(text).split("\n"):
            lines = [paragraph] if len(paragraph) <= room else wrap_visible(paragraph, room)
            for line in lines or [""]:
                shown = click.style(line, **style) if self.color and style else line  # type: ignore[arg-type]
                self._pending.append(f"  {shown}\n" if line else "\n")

    def say_html(self, html: str, **style: object) -> None:
        """Print card HTML as terminal text: styled Markdown, wrapped to the terminal."""
        for line in to_terminal(html, width=self.width - 2, color=self.color, **style):
            self._pending.append(f"  {line}\n" if line else "\n")

    def flush(self, end: str = "") -> None:
        """Write what was said so far."""
        self._pending.append(end)
        # Card text was escaped before it was styled; this keeps only fmflash's own styles.
        shown = escape_controls("".join(self._pending), keep_styles=True)
        click.echo(shown, nl=False, color=self.color)
        self._pending.clear()

    def _before_reading(self, prompt: str) -> None:
        """Show the prompt: now if someone watches, else with the next block of output."""
        self._pending.append(f"  {prompt} ")
        if self.interactive or self.watched or len(self._pending) > UNWATCHED_BLOCK:
            self.flush()

    def key(self, prompt: str) -> str:
        """Read one key on a TTY, or one line when scripted; end of input means quit."""
        self._before_reading(prompt)
        if self.interactive:
            try:
                pressed = self._next_key()
            except (KeyboardInterrupt, EOFError):
                pressed = QUIT
            click.echo()
            return "\n" if pressed in ("\r", "\n") else QUIT if pressed == ESCAPE else pressed
        typed = self._read_line(default=QUIT)
        return QUIT if typed == ESCAPE else typed or "\n"

    def line(self, prompt: str) -> str:
        """Read a typed answer (a whole line, also on a TTY); Esc quits at once."""
        self._before_reading(prompt)
        if not self.interactive:
            typed = self._read_line(default=QUIT)
            return QUIT if typed.strip() == ESCAPE else typed
        typed = ""
        while True:
            try:
                # Keys typed ahead first, then one key, or a few typed or pasted at once.
                pressed, self._typed_ahead = self._typed_ahead or read_keys(), ""
            except (KeyboardInterrupt, EOFError):
                pressed = ESCAPE
            if pressed.startswith(ESCAPE) and pressed != ESCAPE:
                continue  # an arrow key or another control sequence
            for key in pressed:
                if key in ("\r", "\n", ESCAPE):
                    click.echo()
                    return QUIT if key == ESCAPE else typed
                if key in _ERASE and typed:
                    typed = typed[:-1]
                    click.echo("\b \b", nl=False)
                elif key.isprintable():
                    typed += key
                    click.echo(key, nl=False)

    def _next_key(self) -> str:
        """Return the next key: one typed ahead, or one read (the rest kept for the next reads).

        A control sequence (an arrow key: Esc, then more) is one key; Ctrl-C or Ctrl-D among
        keys typed ahead ends the session as it does alone.
        """
        pressed = self._typed_ahead or read_keys()
        if not pressed:  # the terminal hung up
            raise EOFError
        if pressed.startswith(ESCAPE):
            self._typed_ahead = ""
            return pressed
        key, self._typed_ahead = pressed[0], pressed[1:]
        if key == "\x03":
            raise KeyboardInterrupt
        if key == "\x04":
            raise EOFError
        return key

    def _read_line(self, *, default: str) -> str:
        text = sys.stdin.readline()
        if not text:
            self._pending.append("\n")
            return default
        # Echo scripted input, so that the transcript reads as the session went.
        self._pending.append(text.rstrip("\r\n") + "\n")
        return text.rstrip("\r\n")
