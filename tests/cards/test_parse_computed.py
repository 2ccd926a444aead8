"""The card file's computed: list, validated at each case's own file:line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.model import ComputedCard, Deck
from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.errors import FmflashError
from fmflash.formulas.units import Unit

from ..conftest import NOTES

HEADER = "deck:\n  name: Test Deck\n  notes: notes.md\ncards: []\ncomputed:\n"
WEIGHTS = (
    "  - id: weights-memory\n"
    "    section: Model Size\n"
    "    formula: weights_memory\n"
    "    cases:\n"
    "      - {params: 7B, bytes_per_param: 2}\n"
    "      - {params: 70B, bytes_per_param: 0.5}\n"
)


def load(text: str) -> Deck:
    card_file = parse_card_file(text, path="cards.yaml")
    return build_deck(card_file, parse_notes(NOTES, path="notes.md"))


def problems(text: str) -> list[str]:
    with pytest.raises(FmflashError) as caught:
        load(text)
    return [str(problem) for problem in caught.value.problems]


def test_each_case_becomes_a_card_with_a_readable_stable_id() -> None:
    deck = load(HEADER + WEIGHTS)
    assert [card.id for card in deck.cards] == ["weights-memory-7b-2", "weights-memory-70b-0-5"]
    first = deck.cards[0]
    assert first == ComputedCard(
        id="weights-memory-7b-2",
        section="Model Size",
        line=10,
        formula="weights_memory",
        question="How much memory, in GB, do the weights of a 7B-parameter model need at 2 "
        "bytes (fp16/bf16) per parameter?",
        answer="14 GB",
        working=(
            "7 x 10^9 parameters x 2 bytes = 1.4 x 10^10 bytes = 14 GB",
            "(GB here is 10^9 bytes; that is 13 GiB of 2^30 bytes)",
        ),
        value=14e9,
        unit=Unit.BYTES,
        tags=(),
        inputs=(7e9, 2.0),
        entry="weights-memory",
    )


def test_editing_one_case_never_disturbs_the_others() -> None:
    edited = load(HEADER + WEIGHTS.replace("70B, bytes_per_param: 0.5", "13B, bytes_per_param: 2"))
    assert [card.id for card in edited.cards] == ["weights-memory-7b-2", "weights-memory-13b-2"]
    assert edited.cards[0] == load(HEADER + WEIGHTS).cards[0]


def test_unknown_formula_lists_the_known_ones() -> None:
    text = HEADER + WEIGHTS.replace("formula: weights_memory", "formula: weight_memory")
    assert problems(text) == [
        "cards.yaml:8:14: computed 'weights-memory': unknown formula 'weight_memory'; did you "
        "mean 'weights_memory'? known formulas: weights_memory, sparse_nonzero, "
        "moe_total_params, moe_active_params, moe_expert_params, moe_shared_params, "
        "moe_naive_total, training_tokens, training_compute, compute_optimal_tokens, "
        "training_time, utilization"
    ]


def test_missing_and_unknown_parameters_at_the_case_line() -> None:
    text = HEADER + WEIGHTS.replace("{params: 70B, bytes_per_param: 0.5}", "{params: 70B, byte: 1}")
    assert problems(text) == [
        "cards.yaml:11:9: case 2 of computed 'weights-memory': missing parameter "
        "'bytes_per_param' (bytes per parameter: 4 fp32, 2 fp16/bf16, 1 int8, 0.5 int4)",
        "cards.yaml:11:29: case 2 of computed 'weights-memory': unknown parameter 'byte' for "
        "weights_memory; did you mean 'bytes_per_param'?",
    ]


def test_values_that_are_not_numbers_or_out_of_range_all_at_once() -> None:
    text = HEADER + (
        "  - id: sparse\n    section: Model Size\n    formula: sparse_nonzero\n    cases:\n"
        "      - {params: seven, sparsity: 90%}\n"
        "      - {params: -7B, sparsity: 1.5}\n"
        "      - {params: [7], sparsity: 0.5}\n"
        "  - id: moe\n    section: Model Size\n    formula: moe_active_params\n    cases:\n"
        "      - {shared_params: 1B, expert_params: 1B, experts: 2, active_experts: 3}\n"
        "  - id: time\n    section: Model Size\n    formula: training_time\n    cases:\n"
        "      - {compute: 1e21, accelerators: 0, peak_flops: 312T, utilization: 50%}\n"
    )
    assert problems(text) == [
        "cards.yaml:10:18: case 1 of computed 'sparse': 'params' must be a number like 7B, "
        "46.7B, 900M, 7e9, 0.5 or 90%, found 'seven'",
        "cards.yaml:11:18: case 2 of computed 'sparse': 'params' must be more than 0 and at "
        "most 1 x 10^15, found -7 billion",
        "cards.yaml:11:33: case 2 of computed 'sparse': 'sparsity' must be at least 0% and "
        "below 100%, found 150%",
        "cards.yaml:12:18: case 3 of computed 'sparse': 'params' must be a number, found a list",
        "cards.yaml:17:9: case 1 of computed 'moe': 'active_experts' (3) cannot exceed "
        "'experts' (2)",
        "cards.yaml:22:39: case 1 of computed 'time': 'accelerators' must be a whole number "
        "more than 0 and at most 100,000,000, found 0",
    ]


def test_duplicate_generated_ids_name_both_lines() -> None:
    text = HEADER + WEIGHTS.replace(
        "{params: 70B, bytes_per_param: 0.5}", "{bytes_per_param: 2, params: 7B}"
    )
    assert problems(text) == [
        "cards.yaml:11:9: duplicate id 'weights-memory-7b-2': the card on line 10 has it too"
    ]


def test_generated_ids_clash_with_curated_ids() -> None:
    text = (
        HEADER.replace(
            "cards: []",
            "cards:\n  - id: weights-memory-7b-2\n    section: Model Size\n"
            "    front: q\n    back: a",
        )
        + WEIGHTS
    )
    assert problems(text)[0] == (
        "cards.yaml:14:9: duplicate id 'weights-memory-7b-2': the card on line 5 has it too"
    )


def test_entry_shape_problems() -> None:
    text = HEADER + (
        "  - id: a\n    section: Model Sise\n    formula: weights_memory\n    casse: []\n"
        "  - id: b\n    section: Model Size\n    formula: weights_memory\n    cases: []\n"
        "  - just text\n"
    )
    assert problems(text) == [
        "cards.yaml:6:5: computed 'a' has no 'cases' or 'practice'; add a list like "
        "cases: [{params: 7B, ...}], or practice: with the values each parameter may take",
        "cards.yaml:7:14: computed 'a': section 'Model Sise' is not a heading of notes.md; "
        "closest: 'Model Size', 'Foundation Models', 'Empty Heading'",
        "cards.yaml:9:5: unknown key 'casse' in computed 'a'; did you mean 'cases'?",
        "cards.yaml:13:12: computed 'b': 'cases' must be a non-empty list of parameter "
        "mappings, found a list",
        "cards.yaml:14:5: computed #3 must be a mapping with id, section, formula and cases; "
        "found 'just text'",
    ]


def test_computed_cards_carry_their_tags() -> None:
    deck = load(HEADER + WEIGHTS.replace("    formula:", "    tags: [memory]\n    formula:"))
    assert deck.cards[0].tags == ("memory",)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["7B", "13B", "70B", "1.5B", "405B", "900M"]),
            st.sampled_from(["0.5", "1", "2", "4", "fp16"]),
        ),
        min_size=1,
        max_size=6,
        unique=True,
    )
)
def test_generated_ids_are_stable_and_independent_of_other_cases(
    cases: list[tuple[str, str]],
) -> None:
    def text(chosen: list[tuple[str, str]]) -> str:
        lines = "".join(f"      - {{params: {p}, bytes_per_param: {b}}}\n" for p, b in chosen)
        return HEADER + WEIGHTS.split("      - ")[0] + lines

    def ids(chosen: list[tuple[str, str]]) -> list[str]:
        try:
            return [card.id for card in load(text(chosen)).cards]
        except FmflashError:  # two spellings of one value may clash; that is reported
            return []

    first = ids(cases)
    assert first == ids(cases)
    assert ids(list(reversed(cases))) == list(reversed(first))
    if first:
        assert ids(cases[:1]) == first[:1]


def test_computed_must_be_a_list_and_may_be_left_empty() -> None:
    assert problems(HEADER.replace("computed:\n", "computed: weights\n")) == [
        "cards.yaml:5:11: 'computed' must be a list of formula entries, found 'weights'"
    ]
    assert load(HEADER).cards == ()
