"""A card's text as the rules read it: words, numbers and their values, the text compared."""

from __future__ import annotations

import pytest

from fmflash.lint.card_text import normalise, numbers_in, words


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("7B, 90% and 1,000", [7e9, 0.9, 1000]),
        ("3 x 10^23 FLOPs and 2.5 x 10^-3", [3e23, 2.5e-3]),
        ("14 GB, 2 GiB, 3 MB, 2 TB, 1 PB, 1 KB", [14e9, 2 * 2**30, 3e6, 2e12, 1e15, 1e3]),
        ("5 thousand, 2.5 million, 7 billion, 4 trillion", [5e3, 2.5e6, 7e9, 4e12]),
        ("1.5K, 3M, 3T, 12 percent", [1500, 3e6, 3e12, 0.12]),
        ("8x7B", [8, 7e9]),  # the x of a name such as 8x7B is not a letter before a number
        ("v2 and GPT4", []),
        ("7 Bytes", [7]),  # a scale is a whole word
    ],
)
def test_numbers_in(text: str, values: list[float]) -> None:
    assert numbers_in(text) == values


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        (
            "How much memory do 7B parameters, at 2 bytes, need? It is 1,000 GB!",
            "how much memory do 7e 09 parameters at 2 bytes need it is 1e 12",
        ),
        ("Version 2.5 of v1.0: 3 x 10^23 FLOPs.", "version 2.5 of v1.0 3e 23 flops"),
        ("  Spaces   and\ttabs  ", "spaces and tabs"),
    ],
)
def test_normalise(text: str, normal: str) -> None:
    assert normalise(text) == normal


def test_words() -> None:
    assert words("Mixture-of-experts it's GPT-4's 7B") == [
        "mixture",
        "of",
        "experts",
        "it's",
        "gpt",
        "4's",
        "7b",
    ]


def test_a_number_that_is_not_one_is_passed_over() -> None:
    assert numbers_in("1.2.3 and 7B") == [7e9]
    assert normalise("Version 1.2.3 B") == "version 1.2.3 b"
