"""The card file's formulas: list, each problem located where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from fmflash.cards.model import ComputedCard
from fmflash.cards.practice import practice_case

from ..conftest import KV_CACHE_FORMULA
from .formula_files import HEADER, NOTES, PERPLEXITY, PRACTICE, load, problems


def test_a_declared_formula_makes_practice_cards_like_a_built_in() -> None:
    deck = load(HEADER + PERPLEXITY + PRACTICE)
    (card,) = deck.cards
    assert isinstance(card, ComputedCard)
    assert (card.formula, len(card.practice)) == ("perplexity", 20)
    case = practice_case(card, identity="perplexity", number=1)
    (entropy,) = case.inputs
    assert case.value == 2**entropy
    bits = "1 bit" if entropy == 1 else f"{entropy:g} bits"
    assert case.question == (
        "Perplexity = 2 to the power of the entropy in bits per token. "  # the notes do not say
        f"What is the perplexity of a language model whose entropy is {bits} per token?"
    )
    assert case.working == (f"2 ** {entropy:g} = {case.answer}",)
    assert [(line, column) for _, line, column in deck.formulas] == [(6, 5)]


def test_a_fixed_case_shows_its_answer_and_the_rule_when_asked() -> None:
    text = (
        HEADER
        + PERPLEXITY
        + (
            "computed:\n  - id: perplexity\n    section: Perplexity\n    formula: perplexity\n"
            "    show_rule: true\n    cases: [{entropy: 3}]\n"
        )
    )
    (card,) = load(text).cards
    assert isinstance(card, ComputedCard)
    assert (card.id, card.answer, card.value, card.inputs) == ("perplexity-3", "8", 8.0, (3.0,))
    assert card.question.startswith("Perplexity = 2 to the power of the entropy in bits per "
                                     "token. What is the perplexity")  # fmt: skip


STATED = NOTES.replace(
    "measures", "is 2 to the power of the entropy in bits per token; it measures"
)


@pytest.mark.parametrize(
    ("notes", "show_rule", "on_the_front"),
    [
        (NOTES, "", True),
        (STATED, "", False),
        (NOTES, "    show_rule: false\n", False),
        (STATED, "    show_rule: true\n", True),
    ],
)
def test_the_rule_is_on_the_front_unless_the_notes_state_it_or_the_entry_says(
    tmp_path: Path, notes: str, show_rule: str, on_the_front: bool
) -> None:
    from fmflash.cards.load import load_deck

    (tmp_path / "notes.md").write_text(notes)
    cards = tmp_path / "cards.yaml"
    cards.write_text(
        HEADER + PERPLEXITY + PRACTICE.replace("    practice:", show_rule + "    practice:")
    )
    for _ in range(2):  # parsed, then from the cache
        (card,) = load_deck(str(cards)).cards
        assert isinstance(card, ComputedCard)
        assert card.show_rule is on_the_front
        assert card.question.startswith("Perplexity = 2") is on_the_front
        case = practice_case(card, identity=card.id, number=2)
        assert case.question.startswith("Perplexity = 2") is on_the_front


def test_a_formula_in_bytes_answers_in_gb() -> None:
    text = (
        HEADER
        + KV_CACHE_FORMULA
        + """\
computed:
  - id: kv
    section: Perplexity
    formula: kv_cache
    cases: [{layers: 32, hidden: 4096, context: 4096, bytes_per_value: 2}]
"""
    )
    (card,) = load(text).cards
    assert isinstance(card, ComputedCard)
    assert (card.answer, card.value) == ("2.15 GB", 2147483648.0)


def test_every_declaration_problem_is_located_where_it_is_written() -> None:
    text = (
        HEADER
        + """\
formulas:
  - name: perplexity
    rule: r
    inputs:
      entropy: {unit: nats, example: 3}
      base: {unit: number, min: 3, max: 2, example: 2}
      spare: {unit: number, min: 0, max: 10, example: 11}
      unused: {unit: number, example: 1}
    result: {expression: "base ** entropy * spare * entropi", unit: number}
    question: What is {entropy} in {bits}?
  - name: perplexity
    rule: r
    inputs: {x: {unit: number, example: 1}}
    result: {expression: "x * 2", unit: number}
    question: Twice {x}?
    working: ["{x.real} = {result}"]
  - name: weights_memory
    rule: r
    inputs: {x: {unit: number, example: 1}}
    result: {expression: "x * 2", unit: number}
    question: Twice {x}?
"""
    )
    assert problems(text) == [
        "cards.yaml:9:23: formula 'perplexity': input 'entropy': unknown unit 'nats'; the units "
        "are parameters, tokens, bytes, bytes per parameter, fraction, FLOPs, FLOP/s, seconds, "
        "count, bits, number",
        "cards.yaml:10:33: formula 'perplexity': input 'base': 'min' (3) is above 'max' (2)",
        "cards.yaml:11:55: formula 'perplexity': input 'spare': the example must be at least 0 "
        "and at most 10, found '11'",
        "cards.yaml:12:7: formula 'perplexity': 'result': the expression does not use the input "
        "'unused'; use it or remove it from inputs",
        "cards.yaml:13:53: formula 'perplexity': 'result': unknown input 'entropi' in the "
        "expression; did you mean 'entropy'?",
        "cards.yaml:14:15: formula 'perplexity': the question: unknown name '{bits}'; the names "
        "are entropy, base, spare, unused",
        "cards.yaml:20:15: formula 'perplexity': the working: '{x.real}' is not a template "
        "field; name one of x, result, like {x}",
        "cards.yaml:21:11: formula 'weights_memory' is a built-in formula; give yours another name",
    ]


def test_a_name_declared_twice_names_the_first_line() -> None:
    twice = PERPLEXITY + PERPLEXITY.removeprefix("formulas:\n")
    assert problems(HEADER + twice) == [
        "cards.yaml:12:11: formula 'perplexity' is declared twice (first on line 6); give each "
        "formula its own name"
    ]


def test_an_example_with_no_finite_result_is_refused() -> None:
    text = HEADER + PERPLEXITY.replace('"2 ** entropy"', '"2 ** (entropy * 1000)"')
    assert problems(text) == [
        "cards.yaml:6:5: formula 'perplexity': the inputs' examples give a result that is not "
        "finite"
    ]


def test_practice_cases_that_are_not_finite_are_left_out() -> None:
    text = (
        HEADER
        + PERPLEXITY.replace("max: 20", "max: 2000")
        + PRACTICE.replace("10, 10.5]", "10, 2000]")
    )
    assert problems(text) == [
        "cards.yaml:16:15: computed 'perplexity': 'practice' makes 19 sound cases (trivial ones "
        "and those that break the formula's rules are left out); add values for at least 20, "
        "the cases an Anki note carries"
    ]


def test_an_edited_declaration_recomputes_the_cached_cards(tmp_path: Path) -> None:
    from fmflash.cards.load import load_deck

    (tmp_path / "notes.md").write_text(NOTES)
    cards = tmp_path / "cards.yaml"
    cards.write_text(HEADER + PERPLEXITY + PRACTICE)
    first = load_deck(str(cards)).cards[0]
    cards.write_text(HEADER + PERPLEXITY.replace('"2 ** entropy"', '"3 ** entropy"') + PRACTICE)
    again = load_deck(str(cards))
    assert isinstance(first, ComputedCard)
    assert isinstance(again.cards[0], ComputedCard)
    assert (first.value, again.cards[0].value) == (2 ** first.inputs[0], 3 ** first.inputs[0])
    assert [line for _, line, _ in again.formulas] == [6]
