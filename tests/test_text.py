"""The helpers for the text fmflash writes: counts, suggestions, HTML escaping."""

from __future__ import annotations

import pytest

from fmflash.text import count_phrase, did_you_mean, escape_html, nearest, plural


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


def test_the_nearest_names_come_closest_first_and_only_if_close() -> None:
    known = ["weights-memory", "weights-memory-7b", "sampling"]
    assert nearest("weights-memroy", known) == ["weights-memory"]
    assert nearest("weights-memroy", known, most=3) == ["weights-memory", "weights-memory-7b"]
    assert nearest("xyz", known) == []


def test_did_you_mean_names_one_quoted_or_several_bare() -> None:
    assert did_you_mean(["front"]) == "did you mean 'front'?"
    assert did_you_mean(["a-b", "a-c"], quoted=False) == "did you mean a-b, a-c?"
    assert did_you_mean([]) == ""


def test_html_special_characters_are_escaped() -> None:
    assert escape_html('a < b & c > d "e"') == 'a &lt; b &amp; c &gt; d "e"'
