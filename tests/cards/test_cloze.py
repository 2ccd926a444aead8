"""Cloze gaps read once, as Anki reads them: numbers, answers, hints."""

from __future__ import annotations

from fmflash.cards.cloze import Gap, gap_numbers, gaps, has_gap, replace_gaps

TEXT = "{{c2::Sampling::how}} picks {{c1::a token}}, then {{c2::again}}."


def test_gaps_are_read_in_order_with_their_hints() -> None:
    assert gaps(TEXT) == [Gap(2, "Sampling", "how"), Gap(1, "a token", ""), Gap(2, "again", "")]


def test_each_gap_number_counts_once_in_order() -> None:
    assert gap_numbers(TEXT) == (1, 2)
    assert gap_numbers("{{c1::a}} and {{c3::b") == (1,)  # an unclosed gap is text, as in Anki


def test_a_text_has_a_gap_only_if_a_gap_hides_words() -> None:
    assert has_gap("{{c1::word}}")
    assert has_gap("line one\n{{c1::two\nlines}}")
    assert not has_gap("{{c1::}}")
    assert not has_gap("no gap here, c1::x")


def test_gaps_are_replaced_by_what_the_caller_makes_of_them() -> None:
    shown = replace_gaps(
        TEXT, lambda gap: f"[{gap.hint or '...'}]" if gap.number == 2 else gap.answer
    )
    assert shown == "[how] picks a token, then [...]."
