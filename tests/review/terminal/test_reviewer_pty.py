"""The real fmflash review in a pseudo-terminal: single keys, undo, restart, SIGKILL."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import sys
import termios
import time
from pathlib import Path

import pexpect
import pytest

from ...conftest import CARDS, NOTES, WriteProject, by_item
from .test_reviewer import COMPUTED

REVEAL = "show answer"
GRADE = r"Grade 0-5 \(\[u\] undo, \[q\] quit\):"


class Keyboard(pexpect.spawn):  # type: ignore[misc]
    """fmflash in a pseudo-terminal, with keys typed as a person at its prompt types them."""

    def send(self, s: str) -> int:
        """Type ``s`` at the prompt just expected, once fmflash reads keys there.

        fmflash puts its TTY in raw mode (line mode off) only while it reads a key, and back
        before it shows the next prompt. pexpect's own guess is a 50 ms sleep before every
        key: a key that came sooner, in the TTY's line mode, could be edited there
        (Backspace) rather than read by fmflash.
        """
        deadline = time.monotonic() + self.timeout  # bounds a hang only, as timeout does
        while self.line_mode():
            assert time.monotonic() < deadline, "fmflash never read a key"
            time.sleep(0.001)
        return self.type_ahead(s)

    def line_mode(self) -> bool:
        """Tell whether the TTY is in line mode (ICANON): fmflash reads no key then."""
        return bool(termios.tcgetattr(self.child_fd)[3] & termios.ICANON)

    def echoes(self) -> bool:
        """Tell whether the TTY echoes the keys typed."""
        return bool(termios.tcgetattr(self.child_fd)[3] & termios.ECHO)

    def type_ahead(self, s: str) -> int:
        """Type ``s`` now, whether or not fmflash reads keys yet."""
        return int(super().send(s))


@pytest.fixture
def spawn(write_project: WriteProject, tmp_path: Path):  # type: ignore[no-untyped-def]
    cards = write_project(CARDS)
    db = tmp_path / "review.db"
    children: list[Keyboard] = []

    def start(
        now: str = "2026-03-01T09:00",
        color: bool = False,
        text: str | None = None,
        editor: str | None = None,
    ) -> Keyboard:
        if text is not None:
            write_project(text)
        env = {**os.environ, "FMFLASH_NOW": now, "FMFLASH_DB": str(db), "TERM": "xterm"}
        env.pop("VISUAL", None)
        if editor is not None:
            env["EDITOR"] = editor
        env.pop("NO_COLOR", None)
        if not color:
            env["NO_COLOR"] = "1"
        child = Keyboard(
            sys.executable,
            ["-m", "fmflash", "review", "--cards", str(cards)],
            env=env,
            encoding="utf-8",
            timeout=60,  # bounds a hang only: a busy machine may take seconds to start
            dimensions=(24, 80),
        )
        child.delaybeforesend = None  # Keyboard.send waits for the prompt's raw mode instead
        # An ended child is reaped at once (pexpect sleeps 0.1 s first); one still running
        # gets terminate's signals 10 ms apart, not 100.
        child.ptyproc.delayafterclose = 0
        child.ptyproc.delayafterterminate = 0.01
        children.append(child)
        return child

    start.db = db  # type: ignore[attr-defined]
    yield start
    for child in children:
        child.close(force=True)


def grades(db: Path) -> list[tuple[object, ...]]:
    """Return the logged grades, each review item named by its id in the project."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT card_key, grade, redrill FROM review_log ORDER BY id")
        return by_item(db.parent / "cards.yaml", rows.fetchall())


def answer(child: pexpect.spawn, key: str) -> None:
    child.expect(REVEAL)
    child.send(" ")
    child.expect(GRADE)
    child.send(key)


def test_grade_undo_quit_restart_sees_the_right_cards(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn()
    child.expect("new 4 · re-drill 0 · due 0 · buried 1")  # mixtral-total/reverse waits
    answer(child, "5")  # transformer-dominates
    answer(child, "4")  # weights-memory
    answer(child, "1")  # mixtral-total: comes back as a re-drill
    child.expect(REVEAL)
    child.send("u")  # undo the 1
    child.expect("Undid grade 1 of mixtral-total.")
    child.expect("new 2 · re-drill 0 · due 0 · buried 1")
    answer(child, "5")  # mixtral-total again, now a 5
    child.expect(REVEAL)
    child.send("q")
    child.expect("Reviewed 3 cards \\(3 new, 0 due\\) and 0 re-drills.")
    child.expect(pexpect.EOF)
    assert grades(spawn.db) == [
        ("transformer-dominates", 5, 0),
        ("weights-memory", 4, 0),
        ("mixtral-total", 5, 0),
    ]

    again = spawn()
    # the reverse of mixtral-total waits for tomorrow: its card was shown today
    again.expect("Sampling +new 1 · re-drill 0 · due 0 · buried 1")
    again.expect("What is sampling?")
    again.send("q")
    again.expect(pexpect.EOF)

    tomorrow = spawn(now="2026-03-02T10:00")
    tomorrow.expect("new 1 · re-drill 0 · due 3 · buried 1")
    tomorrow.send("q")
    tomorrow.expect(pexpect.EOF)


def test_sigkill_loses_no_graded_answer_and_leaves_the_database_intact(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn()
    for key in "5432":
        answer(child, key)
    child.expect(REVEAL)  # the grade of the 4th card is in; the 5th card is on screen
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    with sqlite3.connect(spawn.db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [row[:2] for row in grades(spawn.db)] == [
        ("transformer-dominates", 5),
        ("weights-memory", 4),
        ("mixtral-total", 3),
        ("sampling-definition", 2),
    ]

    # the next session resumes: the re-drills still owed today come back (the reverse is buried)
    resumed = spawn()
    resumed.expect("new 0 · re-drill 2 · due 0 · buried 1")
    resumed.send("q")
    resumed.expect("\\[Enter\\] re-drill now  \\[q\\] quit anyway")
    resumed.send("q")
    resumed.expect(pexpect.EOF)


def test_colour_on_a_tty_and_none_with_no_color(spawn) -> None:  # type: ignore[no-untyped-def]
    coloured = spawn(color=True)
    coloured.expect(REVEAL)
    assert "\x1b[" in coloured.before
    coloured.send("q")
    coloured.expect(pexpect.EOF)
    plain = spawn()
    plain.expect(REVEAL)
    assert "\x1b[" not in plain.before
    plain.send("q")
    plain.expect(pexpect.EOF)


MARKDOWN = CARDS.replace(
    "    cloze: The {{c1::transformer}} architecture dominates.\n",
    "    cloze: |\n"
    "      The **{{c1::transformer}}** uses `attention`:\n"
    "      - *scaled* scores \\(QK^T\\)\n"
    "      - a [paper](https://arxiv.org/abs/1706.03762)\n",
)


def test_markdown_is_styled_on_a_tty_and_plain_with_no_color(spawn) -> None:  # type: ignore[no-untyped-def]
    coloured = spawn(color=True, text=MARKDOWN)
    coloured.expect(REVEAL)
    front = coloured.before
    assert "\x1b[1m" in front  # bold
    assert "\x1b[36m\x1b[1mattention" in front  # code in colour (on the bold front)
    assert "\x1b[1m\x1b[3mscaled" in front  # italic
    assert "\u2022" in front  # a bullet
    assert "**" not in front
    assert "`" not in front
    coloured.send(" ")
    coloured.expect(GRADE)
    assert "\x1b[4m" in coloured.before  # the revealed gap, underlined
    coloured.send("q")
    coloured.expect(pexpect.EOF)

    plain = spawn(text=MARKDOWN)
    plain.expect(REVEAL)
    front = plain.before.replace("\r\n", "\n")
    assert "\x1b[" not in front
    assert "  The [...] uses attention:\n" in front
    assert "  \u2022 scaled scores QK^T\n" in front
    assert "  \u2022 a paper (https://arxiv.org/abs/1706.03762)\n" in front
    plain.send(" ")
    plain.expect(GRADE)
    assert "  The [transformer] uses attention:" in plain.before
    plain.send("q")
    plain.expect(pexpect.EOF)


# The computed card of test_reviewer alone, so that it comes first.
ONLY_COMPUTED = CARDS.split("cards:\n")[0] + "cards: []\n" + COMPUTED.removeprefix(CARDS)
TYPED = r"Your answer \(\[s\] suspend, \[u\] undo, \[q\] quit\): "


def test_esc_quits_at_every_prompt_and_grades_nothing(spawn) -> None:  # type: ignore[no-untyped-def]
    typed = spawn(text=ONLY_COMPUTED)
    typed.expect(TYPED)  # the typed-answer prompt says how to quit
    typed.send("14 G")
    typed.send("\x1b")  # Esc while typing: quit, not "could not read"
    typed.expect("No cards reviewed.")
    typed.expect(pexpect.EOF)
    assert "could not read" not in typed.before

    proposed = spawn(text=ONLY_COMPUTED)
    proposed.expect(TYPED)
    proposed.send("14 GBX\x7f\r")  # a typing mistake erased before Enter
    proposed.expect(r"Yours is .*\(0\.0% off\)")
    proposed.expect(r"Grade 0-5, \[Enter\] for 5")
    proposed.send("\x1b")
    proposed.expect("No cards reviewed.")
    proposed.expect(pexpect.EOF)

    basic = spawn(text=CARDS)
    basic.expect(REVEAL)
    basic.send("\x1b")
    basic.expect("No cards reviewed.")
    basic.expect(pexpect.EOF)
    graded = spawn()
    graded.expect(REVEAL)
    graded.send(" ")
    graded.expect(GRADE)
    graded.send("\x1b")
    graded.expect("No cards reviewed.")
    graded.expect(pexpect.EOF)
    assert grades(spawn.db) == []


HOSTILE = CARDS.replace(
    "    cloze: The {{c1::transformer}} architecture dominates.\n",
    '    cloze: "The **{{c1::transformer}}** \\e]0;PWNED\\a \\e]52;c;cm0gLXJmIH4K\\a '
    '\\e]8;;http://x\\e\\\\link\\e]8;;\\e\\\\ \\x9b31m \\u202Eevil `\\e]0;T\\a`"\n',
).replace("section: Sampling", 'section: "Sampling \\e]0;PWNED\\a"')
HOSTILE_NOTES_HEADING = ("## Sampling\n", "## Sampling \x1b]0;PWNED\x07\n")


def test_a_card_and_heading_put_no_control_on_the_terminal(  # type: ignore[no-untyped-def]
    spawn, write_project: WriteProject
) -> None:
    write_project(HOSTILE, notes=NOTES.replace(*HOSTILE_NOTES_HEADING))
    coloured = spawn(color=True)
    seen = ""
    for _ in range(4):  # every card shown today: the hostile one, the one under the heading
        coloured.expect(REVEAL)
        seen += coloured.before
        coloured.send(" ")
        coloured.expect(GRADE)
        seen += coloured.before
        coloured.send("5")
    coloured.type_ahead("q")  # the session ends after these four cards, asking nothing more
    coloured.expect(pexpect.EOF)
    seen += coloured.before
    assert "\x1b[1m" in seen  # fmflash's own styles stay
    without_styles = re.sub("\x1b\\[[0-9;]*m", "", seen)
    assert re.findall("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202e]", without_styles) == []
    assert "\\x1b]52;c;cm0gLXJmIH4K\\x07" in without_styles
    assert "Sampling \\x1b]0;PWNED\\x07" in without_styles
    assert "\\x9b31m \\u202eevil" in without_styles


def answer_then_quit(child: pexpect.spawn, key: str) -> None:
    """Answer the card on screen, then quit at the next one."""
    answer(child, key)
    child.expect(REVEAL)
    child.send("q")
    child.expect(pexpect.EOF)


def test_s_suspends_the_card_on_screen_and_u_brings_it_back(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn()
    child.expect(REVEAL)  # transformer-dominates
    child.send("s")
    child.expect("Suspended transformer-dominates: review will not show it")
    child.expect("How much memory")  # the next card
    child.expect(REVEAL)
    child.send("u")
    child.expect("Unsuspended transformer-dominates.")
    child.expect("The \\[\\.\\.\\.\\] architecture dominates.")
    child.expect(REVEAL)
    child.send("s")  # suspended for good this time
    child.expect("How much memory")
    answer_then_quit(child, "5")
    assert grades(spawn.db) == [("weights-memory", 5, 0)]

    again = spawn(now="2026-03-05T10:00")
    again.expect("new 2 · re-drill 0 · due 1 · buried 1")  # transformer-dominates is not there
    again.send("q")
    again.expect(pexpect.EOF)
    assert "architecture dominates" not in again.before


def test_e_edits_the_card_on_screen_in_the_editor_and_shows_the_new_text(  # type: ignore[no-untyped-def]
    spawn, tmp_path: Path
) -> None:
    script = tmp_path / "edit.py"
    script.write_text(
        "import pathlib, sys, termios\n"
        "path = pathlib.Path(sys.argv[2])\n"
        "path.write_text(path.read_text().replace('architecture dominates', 'design rules'))\n"
        "echoes = termios.tcgetattr(sys.stdin.fileno())[3] & termios.ECHO\n"
        "pathlib.Path(sys.argv[0] + '.echo').write_text('on' if echoes else 'off')\n",
        encoding="utf-8",
    )
    child = spawn(editor=f"{sys.executable} {script}")
    child.expect("The \\[\\.\\.\\.\\] architecture dominates.")
    child.expect(REVEAL)
    child.send("e")
    child.expect("Read transformer-dominates again from")
    assert (tmp_path / "edit.py.echo").read_text() == "on"  # the editor shows what is typed
    child.expect("The \\[\\.\\.\\.\\] design rules.")
    answer_then_quit(child, "5")
    assert grades(spawn.db) == [("transformer-dominates", 5, 0)]


def test_a_key_pressed_before_its_prompt_is_shown_is_not_lost(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn()
    child.type_ahead(" ")  # typed ahead, while fmflash starts: it reveals the first card's answer
    child.expect(GRADE)
    child.send("5")
    child.expect(REVEAL)  # the next card
    child.send("q")
    child.expect(pexpect.EOF)
    assert grades(spawn.db) == [("transformer-dominates", 5, 0)]


def test_keys_typed_ahead_together_are_each_used(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn()
    child.type_ahead(" 5")  # in one write: read together, the space reveals and the 5 grades
    child.expect(GRADE)
    child.expect(REVEAL)  # the next card, with no key pressed again
    child.send("q")
    child.expect(pexpect.EOF)
    assert grades(spawn.db) == [("transformer-dominates", 5, 0)]
