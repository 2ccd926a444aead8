"""Articles before numbers and words by their sound, and nouns after a count."""

from __future__ import annotations

import pytest

from fmflash.formulas.english import article, counted, plural


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("8B", "an"), ("80", "an"), ("800", "an"), ("8.4", "an"), ("11", "an"), ("11,000", "an"),
        ("18B", "an"), ("7B", "a"), ("110", "a"), ("1,100", "a"), ("180", "a"), ("1", "a"),
        ("LLM", "an"), ("MoE", "a"), ("GPU", "a"), ("hour", "an"), ("unique", "a"),
        ("one-off", "a"), ("expert", "an"), ("model", "a"),
    ],
)  # fmt: skip
def test_article_follows_the_sound(word: str, expected: str) -> None:
    assert article(word) == expected


def test_counts_take_the_singular_for_exactly_one() -> None:
    assert counted("1", 1, "epoch") == "1 epoch"
    assert counted("0.5", 0.5, "epoch") == "0.5 epochs"
    assert counted("2", 2, "byte") == "2 bytes"
    assert [plural(noun) for noun in ("expert", "epoch", "batch", "box")] == [
        "experts", "epochs", "batches", "boxes",
    ]  # fmt: skip
