"""YAML mistakes explained: the line where the mistake is, with a caret, and its likely cause."""

from __future__ import annotations

import pytest

from fmflash.cards.parse_cards import parse_card_file
from fmflash.errors import FmflashError

from ..conftest import CARDS

# Cards enough that a quote left open reads on for many lines until the next quote.
MANY = (
    CARDS
    + "".join(
        f"  - id: card-{number}\n    section: Sampling\n    front: Question {number}?\n"
        f"    back: Answer {number}.\n"
        for number in range(40)
    )
    + '  - id: quoted\n    section: Sampling\n    front: "A quoted question?"\n    back: b\n'
)


def error_of(text: str) -> str:
    with pytest.raises(FmflashError) as caught:
        parse_card_file(text, path="cards.yaml")
    (problem,) = caught.value.problems
    return str(problem)


def test_an_unclosed_quote_is_reported_on_the_line_it_opened() -> None:
    lines = MANY.splitlines(keepends=True)
    opened = next(n for n, line in enumerate(lines, 1) if "Question 3?" in line)
    lines[opened - 1] = lines[opened - 1].replace("front: Question", 'front: "Question')
    message = error_of("".join(lines))
    assert message.startswith(
        f"cards.yaml:{opened}:12: YAML syntax error: the quote opened on line {opened} "
        f"(column 12) is never closed on its line; YAML read on to line "
    )
    assert message.endswith(f'\n{opened:>5} |     front: "Question 3?\n      |            ^')
    noticed = int(message.split("YAML read on to line ")[1].split(",")[0])
    assert noticed > opened + 100  # PyYAML alone would have pointed there


def test_a_quoted_value_over_two_lines_is_not_blamed() -> None:
    text = CARDS.replace("front: What is sampling?", 'front: "What is\n      sampling?"')
    text = text.replace("back: How a model chooses an output.", "back: b\n      c: d")
    assert "the quote opened" not in error_of(text)


@pytest.mark.parametrize(
    ("indent", "detail", "how"),
    [
        (6, "mapping values are not allowed in this context", "deeper (6 spaces)"),
        (3, "did not find expected '-' indicator (while parsing a block collection)",
         "less (3 spaces)"),
    ],
)  # fmt: skip
def test_a_key_indented_deeper_or_less_says_so(indent: int, detail: str, how: str) -> None:
    moved = " " * indent + "back: 14 GB."
    text = CARDS.replace("    back: 14 GB.", moved)
    line = text.splitlines().index(moved) + 1
    assert error_of(text) == (
        f"cards.yaml:{line}:{indent + 1}: YAML syntax error: {detail}; line {line} is indented "
        f"{how} than line {line - 1} above it (4 spaces): keys of one card line up\n"
        f"{line:>5} | {moved}\n"
        f"      | {' ' * indent}^"
    )
