"""The terminal's modes, on a real pseudo-terminal: keys unechoed for a session, echoed again."""

from __future__ import annotations

import io
import os
import pty
import sys
import termios
from collections.abc import Iterator

import pytest

from fmflash.review.terminal.console import echo_set


@pytest.fixture
def tty_stdin(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Make stdin a fresh pseudo-terminal (echo and line mode on, as a shell leaves it)."""
    leader, follower = pty.openpty()
    stdin = io.TextIOWrapper(io.FileIO(follower, "r", closefd=True))
    monkeypatch.setattr(sys, "stdin", stdin)
    try:
        yield follower
    finally:
        stdin.close()
        os.close(leader)


def modes(fd: int) -> tuple[bool, bool]:
    """Tell whether the TTY echoes keys and is in line mode."""
    local = termios.tcgetattr(fd)[3]
    return bool(local & termios.ECHO), bool(local & termios.ICANON)


def test_a_session_echoes_no_key_the_editor_does_and_the_tty_is_as_found_after(
    tty_stdin: int,
) -> None:
    found = termios.tcgetattr(tty_stdin)
    assert modes(tty_stdin) == (True, True)
    with echo_set(on=False):
        assert modes(tty_stdin) == (False, True)  # keys typed between reads: read, not shown
        with echo_set(on=True):
            assert modes(tty_stdin) == (True, True)  # the learner's editor
        assert modes(tty_stdin) == (False, True)
    assert termios.tcgetattr(tty_stdin) == found


def test_the_tty_is_as_found_after_an_error_in_the_session(tty_stdin: int) -> None:
    found = termios.tcgetattr(tty_stdin)
    with pytest.raises(KeyboardInterrupt), echo_set(on=False):
        raise KeyboardInterrupt
    assert termios.tcgetattr(tty_stdin) == found


def test_not_a_tty_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("5\n"))
    with echo_set(on=False):
        assert sys.stdin.read() == "5\n"
