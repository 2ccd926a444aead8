"""Suggestions for a mistyped name: the closest known names, offered in words."""

from __future__ import annotations

from fmflash.suggestions import did_you_mean, nearest, no_such_id


def test_the_nearest_names_come_closest_first_and_only_if_close() -> None:
    known = ["weights-memory", "weights-memory-7b", "sampling"]
    assert nearest("weights-memroy", known) == ["weights-memory"]
    assert nearest("weights-memroy", known, most=3) == ["weights-memory", "weights-memory-7b"]
    assert nearest("xyz", known) == []


def test_did_you_mean_names_one_quoted_or_several_bare() -> None:
    assert did_you_mean(["front"]) == "did you mean 'front'?"
    assert did_you_mean(["a-b", "a-c"], quoted=False) == "did you mean a-b, a-c?"
    assert did_you_mean([]) == ""


def test_an_unknown_id_is_said_with_the_closest_known_ones() -> None:
    assert no_such_id("weights-memroy", ["sampling", "weights-memory"]) == (
        "no card has the id 'weights-memroy'; did you mean weights-memory?"
    )
    assert no_such_id("xyz", ["sampling"]) == "no card has the id 'xyz'"
