"""Leech marks: the 8th lapse, then every 4th, however many lapses a merge adds at once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fmflash.review.scheduling.leech import leech_mark_between, makes_a_leech


def test_a_session_marks_the_8th_lapse_then_every_4th() -> None:
    assert [count for count in range(1, 21) if makes_a_leech(count)] == [8, 12, 16, 20]


def test_a_merge_that_jumps_past_a_mark_reaches_it() -> None:
    assert leech_mark_between(0, 9) == 8
    assert leech_mark_between(7, 13) == 12
    assert leech_mark_between(8, 11) is None  # marked at 8 already; the next mark is 12
    assert leech_mark_between(0, 7) is None
    assert leech_mark_between(9, 9) is None


@given(st.integers(0, 60), st.integers(0, 60))
def test_a_jump_reaches_a_mark_when_one_lapse_at_a_time_would(before: int, after: int) -> None:
    one_by_one = [count for count in range(before + 1, after + 1) if makes_a_leech(count)]
    assert leech_mark_between(before, after) == (one_by_one[-1] if one_by_one else None)
