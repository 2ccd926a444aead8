"""The terminal reviewer: shows cards, reads keys, records grades (the interactive shell)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from fmflash.cards.model import Card, ComputedCard, text_fingerprint
from fmflash.cards.practice import practice_case
from fmflash.formulas.typography import typeset_unicode
from fmflash.review.log.store import ReviewStore
from fmflash.review.log.suspended import Suspension
from fmflash.review.scheduling.grades import Sm2Grade, as_sm2
from fmflash.review.scheduling.leech import PASS_FROM, makes_a_leech
from fmflash.review.scheduling.schedule import Reason
from fmflash.review.scheduling.scheduler import Scheduler, SchedulerName
from fmflash.review.session.items import Item
from fmflash.review.session.queue import Session
from fmflash.review.terminal.cardtext import GRADE_LABELS, back_html, front_html, grade_menu
from fmflash.review.terminal.console import QUIT, Terminal
from fmflash.text import count_phrase

if TYPE_CHECKING:
    from fmflash.review.session.course import ProjectStore
    from fmflash.review.terminal.editing import Edited

UNDO, SUSPEND, EDIT = "u", "s", "e"


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
        buried: int = 0,
        cram: bool = False,
        edit: Callable[[Card, int], Edited] | None = None,
    ) -> None:
        self.session = session
        self.store = store
        self.terminal = terminal
        self.day = day
        self.clock = clock
        self.scheduler = scheduler
        self.stopwatch = stopwatch
        # Siblings that wait for tomorrow, counted apart in the header.
        self.buried = buried
        # A cram session: its grades are logged as cram and move no schedule.
        self.cram = cram
        # Opens the editor at a card (its place in the course given) and reads it again.
        self.edit = edit
        # What u undoes, last first: a grade (None), or a suspension with the session before it.
        self.actions: list[tuple[str, Session] | None] = []

    def run(self) -> Session:
        """Review until the queue is empty or the learner quits; return the final session."""
        try:
            while (current := self.session.current()) is not None:
                item, kind = current
                shown = self.stopwatch()
                choice = self._ask(item, kind)
                if choice == QUIT and not self._redrills_instead():
                    break
                if choice == QUIT:
                    continue
                if choice == UNDO:
                    self._undo()
                    continue
                if choice == SUSPEND:
                    self._suspend(item.item_id)
                    continue
                if choice == EDIT:
                    self._edit(item)
                    continue
                grade = Sm2Grade(int(choice))
                duration_ms = max(0, round((self.stopwatch() - shown) * 1000))
                # A naive local time: astimezone reads it as this machine's local time.
                now = self.clock().astimezone(UTC)
                review_id, review = self.store.record(
                    item.item_id, grade, now=now, day=self.day, scheduler=self.scheduler,
                    duration_ms=duration_ms, cram=self.cram,
                )  # fmt: skip
                self.session = self.session.graded(grade, review_id)
                self.actions.append(None)
                if not (review.redrill or review.cram) and as_sm2(grade) < PASS_FROM:
                    self._maybe_leech(item, now)
        finally:
            self.terminal.flush()
        return self.session

    def _header(self, item: Item[Card], kind: Reason) -> None:
        left = self.session.remaining()
        counts = (
            f"new {left[Reason.NEW]} · re-drill {left[Reason.REDRILL]} · due {left[Reason.DUE]}"
        )
        if self.cram:
            counts = f"cram {left[Reason.CRAM]} (no schedule moves)"
        if self.buried:
            counts += f" · buried {self.buried}"
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
        if kind is Reason.REDRILL:
            self.terminal.say("(again today: graded below 4)", fg="yellow")

    def _ask(self, item: Item[Card], kind: Reason) -> str:
        """Show a card and return the learner's choice: a grade digit, undo or quit."""
        if isinstance(item.card, ComputedCard) and item.card.practice:
            item = item._replace(card=self._drawn(item.item_id, item.card))
        self._header(item, kind)
        self.terminal.say_html(front_html(item), bold=True)
        self.terminal.say()
        if isinstance(item.card, ComputedCard):
            return self._ask_computed(item.card)
        key = self.terminal.key(
            self._fitting("[Enter] show answer  [s] suspend  [e] edit  [u] undo  [q] quit",
                          "[Enter] answer [s] [e] [u] [q]")
        )  # fmt: skip
        if key in (QUIT, UNDO, SUSPEND, EDIT):
            return key
        self.terminal.say_html(back_html(item), fg="green")
        return self._grade(None)

    def _drawn(self, key: str, card: ComputedCard) -> ComputedCard:
        """Draw a practice card's case for this review: its number is the reviews logged + 1.

        The order of cases is seeded by the card's id, as ``fmflash show --case`` and the Anki
        note's cases are, so all three agree; the reviews counted are this project's own (the
        store keys them by the card's identity).
        """
        number = self.store.review_count(key) + 1
        return practice_case(card, identity=key, number=number)

    def _ask_computed(self, card: ComputedCard) -> str:
        typed = self.terminal.line("Your answer ([s] suspend, [u] undo, [q] quit):")
        if typed.strip() in (QUIT, UNDO, SUSPEND):
            return typed.strip()
        # Typed answers (the numbers' reading), only for a computed card.
        from fmflash.review.session.answers import check_card_answer

        verdict = check_card_answer(typed, card)
        self.terminal.say(f"Answer: {typeset_unicode(card.answer)}", fg="green", bold=True)
        if verdict.relative_error is not None:
            self.terminal.say(f"Yours is {verdict.message} ({verdict.off}).")
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
            if key in ("0", "1", "2", "3", "4", "5", QUIT, UNDO, SUSPEND, EDIT):
                return key
            shown = "Enter" if key == "\n" else repr(key)
            self.terminal.say(
                f"{shown} is not a grade: type 0-5, s to suspend, u to undo or q to quit.",
                fg="yellow",
            )

    def _fitting(self, prompt: str, short: str) -> str:
        """Return the prompt, or its short form when the terminal is too narrow for it."""
        return prompt if len(prompt) + 3 <= self.terminal.width else short

    def _edit(self, item: Item[Card]) -> None:
        """Open the card in the learner's editor; show it again as edited (the log is untouched)."""
        if self.edit is None:
            self.terminal.say("Editing is not available here.", fg="yellow")
            return
        self.terminal.flush()
        edited = self.edit(item.card, item.position)
        if edited.card is not None:
            self.session = self.session.with_card(edited.card)
        self.terminal.say(edited.message, fg="yellow")

    def _redrills_instead(self) -> bool:
        """Before quitting with re-drills owed, offer them; True if the learner takes them."""
        owed = {item.item_id for item, kind in self.session.queue if kind is Reason.REDRILL}
        if not owed or self.cram:
            return False
        self.terminal.say()
        self.terminal.say(
            f"You owe {count_phrase(len(owed), 're-drill')} today (cards graded below 4).",
            fg="yellow",
        )
        key = self.terminal.key("[Enter] re-drill now  [q] quit anyway")
        if key != "\n":
            return False
        self.session = self.session.redrills_only()
        return True

    def _maybe_leech(self, item: Item[Card], now: datetime) -> None:
        """Suspend and mark the card a leech at its 8th lapse (then every 4th), as Anki does."""
        lapses = self.store.lapses(item.item_id)
        if not makes_a_leech(lapses):
            return
        leech = Suspension(now, leech=True, fingerprint=text_fingerprint(item.card))
        self.store.suspend([item.item_id], leech)
        self.actions.append((item.item_id, self.session))
        self.session = self.session.without(item.item_id)
        self.terminal.say(
            f"{item.item_id} has lapsed {lapses} times: it is a leech, and is suspended. "
            f"Rewrite the card, then fmflash unsuspend {item.item_id} (u undoes this now).",
            fg="yellow",
        )

    def _suspend(self, item_id: str) -> None:
        """Suspend the card on screen: it leaves the queue, and review never shows it again."""
        self.store.suspend([item_id], Suspension(self.clock().astimezone(UTC), leech=False))
        self.actions.append((item_id, self.session))
        self.session = self.session.without(item_id)
        self.terminal.say(
            f"Suspended {item_id}: review will not show it until fmflash unsuspend {item_id} "
            "(u undoes this now).",
            fg="yellow",
        )

    def _undo(self) -> None:
        last = self.actions[-1] if self.actions else None
        if last is not None:  # a suspension: the card comes back where it was
            item_id, before = last
            self.store.unsuspend([item_id])
            self.actions.pop()
            self.session = before
            self.terminal.say(f"Unsuspended {item_id}.", fg="yellow")
            return
        undone = self.session.undone()
        if undone is None:
            self.terminal.say("Nothing to undo in this session.", fg="yellow")
            return
        session, step = undone
        if not self.store.undo(step.review_id, self.scheduler):
            self.terminal.say("Cannot undo: that card was graded elsewhere since.", fg="yellow")
            return
        self.session = session
        if self.actions:
            self.actions.pop()
        self.terminal.say(f"Undid grade {int(step.grade)} of {step.item.item_id}.", fg="yellow")
