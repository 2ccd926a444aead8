"""Practice cards: the practice: format, and cases drawn from (identity, review number) alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.model import ComputedCard
from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.cards.practice import (
    ANKI_CASES,
    anki_cases,
    case_index,
    practice_case,
    sound_cases,
    trivial,
)
from fmflash.errors import FmflashError
from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.units import Unit

from ..conftest import NOTES

HEADER = "deck:\n  name: Test Deck\n  notes: notes.md\ncards: []\ncomputed:\n"
PRACTICE = (
    "  - id: weights-memory\n"
    "    section: Model Size\n"
    "    formula: weights_memory\n"
    "    practice:\n"
    "      params: [1B, 3B, 7B, 8B, 13B, 70B, 405B]\n"
    "      bytes_per_param: [fp32, fp16, int8, int4]\n"
)


def load_card(text: str = HEADER + PRACTICE) -> ComputedCard:
    deck = build_deck(parse_card_file(text, path="cards.yaml"), parse_notes(NOTES, path="n.md"))
    (card,) = deck.cards
    assert isinstance(card, ComputedCard)
    return card


def problems(text: str) -> list[str]:
    with pytest.raises(FmflashError) as caught:
        load_card(text)
    return [str(problem) for problem in caught.value.problems]


def test_a_practice_entry_is_one_note_holding_every_sound_case() -> None:
    card = load_card()
    assert card.id == "weights-memory"
    assert card.entry == "weights-memory"
    # 7 sizes x 4 widths, less the 7 at 1 byte: "8B at int8 is 8 GB" reads off the question.
    assert len(card.practice) == 21
    assert all(width != 1 for _, width in card.practice)
    first = practice_case(card, identity=card.id, number=1)
    assert (card.question, card.answer, card.working) == (
        first.question, first.answer, first.working,
    )  # fmt: skip
    assert card.inputs == first.inputs
    assert first.practice == ()


def test_a_draw_depends_on_the_identity_and_the_review_number_only() -> None:
    card = load_card()
    again = [practice_case(card, identity="k", number=n).question for n in range(1, 22)]
    assert again == [practice_case(card, identity="k", number=n).question for n in range(1, 22)]
    assert len(set(again)) == 21  # one pass shows every case once
    other = [practice_case(card, identity="other", number=n).question for n in range(1, 22)]
    assert other != again
    assert sorted(other) == sorted(again)
    # Pinned: the order comes from a hash, the same on every machine and Python version.
    assert [case_index("k", n, 5) for n in range(1, 11)] == [3, 1, 0, 2, 4, 1, 4, 3, 2, 0]


@given(st.text(max_size=20), st.integers(min_value=1, max_value=500), st.integers(1, 60))
def test_case_index_is_a_place_in_the_list(identity: str, number: int, count: int) -> None:
    index = case_index(identity, number, count)
    assert 0 <= index < count
    assert index == case_index(identity, number, count)


def test_review_numbers_start_at_one() -> None:
    with pytest.raises(ValueError, match="review numbers start at 1, found 0"):
        case_index("k", 0, 3)


def test_trivial_cases_are_never_drawn() -> None:
    formula = all_formulas()["utilization"]
    sound = sound_cases(formula, {"achieved_flops": [100e12, 200e12, 300e12],
                                  "peak_flops": [200e12, 400e12]})  # fmt: skip
    # 200T of 200T is a ratio of 1, 300T of 200T breaks the rule achieved <= peak.
    assert sound == ((100e12, 200e12), (100e12, 400e12), (200e12, 400e12), (300e12, 400e12))
    assert trivial((500e9, 1.0), 500e9, Unit.TOKENS)
    assert trivial((500e9, 2.0), 0.0, Unit.TOKENS)
    assert not trivial((500e9, 2.0), 1e12, Unit.TOKENS)


def test_anki_gets_the_first_twenty_reviews_cases_each_once() -> None:
    card = load_card()
    cases = anki_cases(card, identity=card.id)
    assert len(cases) == ANKI_CASES == 20
    assert len({case.question for case in cases}) == 20
    assert cases[0].question == card.question


def test_show_rule_states_the_rule_in_every_case() -> None:
    text = HEADER + PRACTICE.replace("    practice:", "    show_rule: true\n    practice:")
    card = load_card(text)
    for number in (1, 2, 3):
        question = practice_case(card, identity="k", number=number).question
        assert question.startswith("Weights memory = parameters x bytes per parameter. How much")


def test_practice_problems_are_located() -> None:
    sizes = ", ".join(f"{size}B" for size in range(1, 101))
    widths = ", ".join(f"{tenths / 10}" for tenths in range(1, 52))
    text = HEADER + (
        "  - id: a\n    section: Model Size\n    formula: weights_memory\n"
        "    practice:\n      params: [7B, lots, -1B]\n      byte_per_param: [2]\n"
        "  - id: b\n    section: Model Size\n    formula: weights_memory\n"
        "    practice: {params: [7B, 70B], bytes_per_param: [2, 4]}\n"
        "  - id: c\n    section: Model Size\n    formula: weights_memory\n    practice: [7B]\n"
        "  - id: d\n    section: Model Size\n    formula: weights_memory\n    show_rule: maybe\n"
        f"    practice: {{params: [{sizes}], bytes_per_param: [{widths}]}}\n"
    )
    assert problems(text) == [
        "cards.yaml:10:7: computed 'a': 'practice': missing parameter 'bytes_per_param' "
        "(bytes per parameter: 4 fp32, 2 fp16/bf16, 1 int8, 0.5 int4)",
        "cards.yaml:10:20: computed 'a': 'practice': 'params' must be a list of numbers like "
        "[7B, 70B], found 'lots'",
        "cards.yaml:10:26: computed 'a': 'practice': 'params' must be more than 0 and at most "
        "1 x 10^15, found -1 billion",
        "cards.yaml:11:7: computed 'a': 'practice': unknown parameter 'byte_per_param' for "
        "weights_memory; did you mean 'bytes_per_param'?",
        "cards.yaml:15:15: computed 'b': 'practice' makes 4 sound cases (trivial ones and those "
        "that break the formula's rules are left out); add values for at least 20, the cases an "
        "Anki note carries",
        "cards.yaml:19:15: computed 'c': 'practice' must be a mapping like {params: [...], "
        "bytes_per_param: [...]}, found a list",
        "cards.yaml:23:16: computed 'd': 'show_rule' must be true or false, found 'maybe'",
        "cards.yaml:24:15: computed 'd': 'practice' makes 5100 combinations; give at most 5000, "
        "a few realistic values per parameter",
    ]
