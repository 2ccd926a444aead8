"""The terminal reviewer: shows cards, reads keys, records grades (the interactive shell)."""

from __future__ import annotations

import os
import stat
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import click

from fmflash.cards.model import Card, ComputedCard
from fmflash.formulas.typography import typeset_unicode
from fmflash.review.cardtext import GRADE_LABELS, back_html, front_html, grade_menu
from fmflash.review.grades import Sm2Grade
from fmflash.review.items import Item
from fmflash.review.markup import text_width, wrap_visible
from fmflash.review.schedule import Kind
from fmflash.review.schedulers import Scheduler, SchedulerName
from fmflash.review.session import Session, Step
from fmflash.review.store import ReviewStore
from fmflash.text import count_phrase, for_count

if TYPE_CHECKING:
    from fmflash.review.course import ProjectStore

QUIT, UNDO = "q", "u"
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

    @classmethod
    def detect(cls, *, no_color: bool) -> Terminal:
        """Look at the real terminal: is stdin a TTY, may we colour, how wide is it."""
        watched = output_is_watched()
        color = not no_color and sys.stdout.isatty()
        return cls(interactive=sys.stdin.isatty(), color=color, width=text_width(), watched=watched)

    def say(self, text: str = "", **style: object) -> None:
        """Print text wrapped to the terminal width, styled if colour is on."""
        room = self.width - 2
        for paragraph in text.split("\n"):
            lines = [paragraph] if len(paragraph) <= room else wrap_visible(paragraph, room)
            for line in lines or [""]:
                shown = click.style(line, **style) if self.color and style else line  # type: ignore[arg-type]
                self._pending.append(f"  {shown}\n" if line else "\n")

    def say_html(self, html: str, **style: object) -> None:
        """Print card HTML as terminal text: styled Markdown, wrapped to the terminal."""
        from fmflash.review.markup import to_terminal

        for line in to_terminal(html, width=self.width - 2, color=self.color, **style):
            self._pending.append(f"  {line}\n" if line else "\n")

    def flush(self, end: str = "") -> None:
        """Write what was said so far."""
        self._pending.append(end)
        click.echo("".join(self._pending), nl=False, color=self.color)
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
                pressed = click.getchar()
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
                pressed = click.getchar()  # one key, or a few typed or pasted at once
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

    def _read_line(self, *, default: str) -> str:
        text = sys.stdin.readline()
        if not text:
            self._pending.append("\n")
            return default
        # Echo scripted input, so that the transcript reads as the session went.
        self._pending.append(text.rstrip("\r\n") + "\n")
        return text.rstrip("\r\n")


class Reviewer:
    """One review session: the queue, the store it records to, and the clocks it reads.

    ``clock`` gives the local wall-clock time of each grade; ``stopwatch`` gives seconds on a
    monotonic scale, to measure how long each answer took (from the card shown to the grade).
    """

    def __init__(
        self,
        session: Session,
        store: ReviewStore | ProjectStore,
        terminal: Terminal,
        day: date,
        clock: Callable[[], datetime],
        *,
        scheduler: Scheduler,
        stopwatch: Callable[[], float],
    ) -> None:
        self.session = session
        self.store = store
        self.terminal = terminal
        self.day = day
        self.clock = clock
        self.scheduler = scheduler
        self.stopwatch = stopwatch

    def run(self) -> Session:
        """Review until the queue is empty or the learner quits; return the final session."""
        try:
            while (current := self.session.current()) is not None:
                item, kind = current
                shown = self.stopwatch()
                choice = self._ask(item, kind)
                if choice == QUIT:
                    break
                if choice == UNDO:
                    self._undo()
                    continue
                grade = Sm2Grade(int(choice))
                duration_ms = max(0, round((self.stopwatch() - shown) * 1000))
                # A naive local time: astimezone reads it as this machine's local time.
                now = self.clock().astimezone(UTC)
                review_id, _ = self.store.record(
                    item.item_id, grade, now=now, day=self.day, scheduler=self.scheduler,
                    duration_ms=duration_ms,
                )  # fmt: skip
                self.session = self.session.graded(grade, review_id)
        finally:
            self.terminal.flush()
        return self.session

    def _header(self, item: Item[Card], kind: Kind) -> None:
        left = self.session.remaining()
        counts = f"new {left[Kind.NEW]} · re-drill {left[Kind.REDRILL]} · due {left[Kind.DUE]}"
        section = item.card.section + (" (reverse)" if item.reverse else "")
        if item.item_id != item.card.id and item.gap:
            section += f" (gap {item.gap})"
        room = self.terminal.width - 2
        self.terminal.say()
        if len(section) + 1 + len(counts) <= room:
            self.terminal.say(
                f"{section}{' ' * (room - len(section) - len(counts))}{counts}", dim=True
            )
        else:  # a narrow terminal: the section on its own lines, the counts under it
            self.terminal.say(section, dim=True)
            self.terminal.say(f"{' ' * max(0, room - len(counts))}{counts}", dim=True)
        self.terminal.say("-" * room, dim=True)
        if kind is Kind.REDRILL:
            self.terminal.say("(again today: graded below 4)", fg="yellow")

    def _ask(self, item: Item[Card], kind: Kind) -> str:
        """Show a card and return the learner's choice: a grade digit, undo or quit."""
        if isinstance(item.card, ComputedCard) and item.card.practice:
            item = item._replace(card=self._drawn(item.item_id, item.card))
        self._header(item, kind)
        self.terminal.say_html(front_html(item), bold=True)
        self.terminal.say()
        if isinstance(item.card, ComputedCard):
            return self._ask_computed(item.card)
        key = self.terminal.key(self._fitting("[Enter] show answer  [u] undo  [q] quit",
                                              "[Enter] answer [u] undo [q] quit"))  # fmt: skip
        if key in (QUIT, UNDO):
            return key
        self.terminal.say_html(back_html(item), fg="green")
        return self._grade(None)

    def _drawn(self, key: str, card: ComputedCard) -> ComputedCard:
        """Draw a practice card's case for this review: its number is the reviews logged + 1.

        The order of cases is seeded by the card's id, as ``fmflash show --case`` and the Anki
        note's cases are, so all three agree; the reviews counted are this project's own (the
        store keys them by the card's identity).
        """
        from fmflash.cards.practice import practice_case  # only practice cards need it

        number = self.store.review_count(key) + 1
        return practice_case(card, identity=key, number=number)

    def _ask_computed(self, card: ComputedCard) -> str:
        typed = self.terminal.line("Your answer ([u] undo, [q] quit):")
        if typed.strip() in (QUIT, UNDO):
            return typed.strip()
        from fmflash.review.answers import check_answer  # only computed cards need it

        verdict = check_answer(typed, value=card.value, unit=card.unit, shown=card.answer)
        self.terminal.say(f"Answer: {typeset_unicode(card.answer)}", fg="green", bold=True)
        if verdict.relative_error is not None:
            self.terminal.say(f"Yours is {verdict.message} ({verdict.relative_error:.1%} off).")
        else:
            self.terminal.say(f"Yours: {verdict.message}.")
        for line in card.working:
            self.terminal.say(typeset_unicode(line), dim=True)
        return self._grade(verdict.grade)

    def _grade(self, proposed: int | None) -> str:
        self.terminal.say()
        ratings = self.scheduler.name is SchedulerName.FSRS
        for line in grade_menu(self.terminal.width - 2, ratings=ratings):
            self.terminal.say(line, dim=True)
        if proposed is None:
            prompt = "Grade 0-5 ([u] undo, [q] quit):"
        else:
            prompt = self._fitting(
                f"Grade 0-5, [Enter] for {proposed} ({GRADE_LABELS[proposed]}):",
                f"Grade 0-5, [Enter] for {proposed}:",
            )
        while True:
            key = self.terminal.key(prompt).strip() or "\n"
            if key == "\n" and proposed is not None:
                return str(proposed)
            if key in ("0", "1", "2", "3", "4", "5", QUIT, UNDO):
                return key
            shown = "Enter" if key == "\n" else repr(key)
            self.terminal.say(f"{shown} is not a grade: type 0-5, u to undo or q to quit.",
                              fg="yellow")  # fmt: skip

    def _fitting(self, prompt: str, short: str) -> str:
        """Return the prompt, or its short form when the terminal is too narrow for it."""
        return prompt if len(prompt) + 3 <= self.terminal.width else short

    def _undo(self) -> None:
        undone = self.session.undone()
        if undone is None:
            self.terminal.say("Nothing to undo in this session.", fg="yellow")
            return
        session, step = undone
        if not self.store.undo(step.review_id, self.scheduler):
            self.terminal.say("Cannot undo: that card was graded elsewhere since.", fg="yellow")
            return
        self.session = session
        self.terminal.say(f"Undid grade {int(step.grade)} of {step.item.item_id}.", fg="yellow")


def summarise(steps: tuple[Step, ...], *, redrills_owed: int = 0) -> list[str]:
    """Describe a finished session: cards reviewed, their grades, re-drills still owed today."""
    lines = []
    if not steps:
        lines.append("No cards reviewed.")
    else:
        first = [step for step in steps if step.kind is not Kind.REDRILL]
        kinds = Counter(step.kind for step in first)
        grades = Counter(int(step.grade) for step in steps)
        redrills = len(steps) - len(first)
        lines += [
            f"Reviewed {count_phrase(len(first), 'card')} "
            f"({kinds[Kind.NEW]} new, {kinds[Kind.DUE]} due) and "
            f"{count_phrase(redrills, 're-drill')}.",
            "Grades: " + "  ".join(f"{q}: {grades[q]}" for q in range(5, -1, -1) if grades[q]),
        ]
    if redrills_owed:
        lines.append(
            f"You still owe {count_phrase(redrills_owed, 're-drill')} today: "
            f"run fmflash review again to finish {for_count(redrills_owed, 'it', 'them')}."
        )
    return lines
