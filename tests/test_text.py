"""The helpers for the text fmflash writes: counts, HTML escaping, control characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.text import count_phrase, escape_controls, escape_html, plural


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [(0, "card", "0 cards"), (1, "card", "1 card"), (2, "match", "2 matches"),
     (3, "epoch", "3 epochs"), (4, "box", "4 boxes"), (1, "box", "1 box")],
)  # fmt: skip
def test_counts_are_said_with_the_right_noun(count: int, noun: str, said: str) -> None:
    assert count_phrase(count, noun) == said


def test_regular_plurals() -> None:
    assert [plural(noun) for noun in ("gas", "dish", "church", "epoch")] == [
        "gases", "dishes", "churches", "epochs"
    ]  # fmt: skip


def test_html_special_characters_are_escaped() -> None:
    assert escape_html('a < b & c > d "e"') == 'a &lt; b &amp; c &gt; d "e"'


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("\x1b]0;PWNED\x07", "\\x1b]0;PWNED\\x07"),  # OSC 0: the window title
     ("\x1b]52;c;cm0gLXJmIH4K\x07", "\\x1b]52;c;cm0gLXJmIH4K\\x07"),  # OSC 52: the clipboard
     ("\x1b]8;;http://x\x1b\\a\x1b]8;;\x1b\\", "\\x1b]8;;http://x\\x1b\\a\\x1b]8;;\\x1b\\"),
     ("\x9b31m", "\\x9b31m"),  # the one-character CSI (C1)
     ("\u202eevil", "\\u202eevil"),  # text read backwards
     ("a\rb\x00\x7f", "a\\x0db\\x00\\x7f"),
     ("lines\nand\ttabs", "lines\nand\ttabs"),
     ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m")],
)  # fmt: skip
def test_control_characters_are_shown_as_text(raw: str, shown: str) -> None:
    assert escape_controls(raw) == shown


def test_fmflash_styles_are_kept_only_when_asked() -> None:
    styled = "\x1b[1mbold\x1b[0m \x1b]0;T\x07"
    assert escape_controls(styled, keep_styles=True) == "\x1b[1mbold\x1b[0m \\x1b]0;T\\x07"


@given(st.text())
def test_escaped_text_holds_no_control_but_newline_and_tab(text: str) -> None:
    shown = escape_controls(text)
    assert all(
        character in "\n\t" or (character.isprintable() or ord(character) > 0x9F)
        for character in shown
    )
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in shown)
