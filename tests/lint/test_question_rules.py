"""The rules of what a card asks, on cards made in the test: exact findings."""

from __future__ import annotations

import pytest

from fmflash.cards.model import BasicCard, ComputedCard
from fmflash.formulas.units import Unit
from fmflash.lint.finding import Finding
from fmflash.lint.question_rules import (
    answer_in_question,
    asks_for_a_set,
    count_items,
    unit_missing,
)


def computed(question: str, unit: Unit = Unit.BYTES) -> ComputedCard:
    return ComputedCard("c", "Model Size", 1, "f", question, "14 GB", (), 14e9, unit)


def unit_finding(unit: str) -> list[Finding]:
    return [
        Finding(
            "unit-missing",
            "question",
            f'the question does not say which unit to answer in ({unit}); ask "in GB", '
            '"in days", "how many tokens" and so on',
        )
    ]


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How much memory do the weights need?", Unit.BYTES),
        ("How much, in a b c d GB?", Unit.BYTES),  # four words between: not "in GB"
        ("How much in GBs?", Unit.BYTES),
        ("How much in gigabytes?", Unit.BYTES),
        ("How many tokens?", Unit.BYTES),  # a unit, but not this card's
        ("What is the number of parameters?", Unit.BYTES),
        ("How long does it train?", Unit.SECONDS),
        ("How much compute?", Unit.FLOPS),
        ("How fast is it?", Unit.FLOPS_PER_SECOND),
        ("How large is the model?", Unit.PARAMETERS),
        ("How much data?", Unit.TOKENS),
        ("How much of it is used?", Unit.FRACTION),
    ],
)
def test_unit_missing_fires_when_the_question_names_no_unit_of_the_answer(
    question: str, unit: Unit
) -> None:
    assert unit_missing(computed(question, unit)) == unit_finding(unit.value)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How much memory, in GB?", Unit.BYTES),
        ("How much, in whole usable GB?", Unit.BYTES),
        ("How much, IN GB?", Unit.BYTES),
        ("What GB figure?", Unit.BYTES),
        ("How much memory in bytes?", Unit.BYTES),
        ("How long, in days?", Unit.SECONDS),
        ("How many FLOPs?", Unit.FLOPS),
        ("How many FLOP?", Unit.FLOPS),
        ("Speed in FLOP/s?", Unit.FLOPS_PER_SECOND),
        ("What is the number of parameters?", Unit.PARAMETERS),
        ("How many tokens?", Unit.TOKENS),
        ("What percentage is used?", Unit.FRACTION),
        ("How many accelerators?", Unit.COUNT),  # a count needs no unit word
    ],
)
def test_unit_missing_stays_quiet_when_the_question_names_the_unit(
    question: str, unit: Unit
) -> None:
    assert unit_missing(computed(question, unit)) == []


def test_unit_missing_looks_only_at_computed_cards() -> None:
    assert unit_missing(BasicCard("a", "S", 1, "How much memory?", "14 GB.")) == []


@pytest.mark.parametrize(
    ("answer", "count"),
    [
        ("CPUs, GPUs and TPUs.", 3),
        ("CPUs, GPUs or TPUs", 3),
        ("a, b, c, d", 4),
        ("and a, b, c", 3),
        ("CPUs and GPUs", 2),
        ("CPUs", 1),
        ("", 1),
        ("a, to b, c", 1),  # a clause, not an item
        ("one two three four five, b, c", 1),  # a long phrase, not an item
        ("one two three four, b, c", 3),
    ],
)
def test_items_of_an_answer(answer: str, count: int) -> None:
    assert count_items(answer) == count


def test_a_listed_answer_is_found_on_the_back() -> None:
    card = BasicCard("a", "S", 1, "What hardware provides compute?", "CPUs, GPUs and TPUs.")
    assert asks_for_a_set(card) == [
        Finding(
            "set",
            "back",
            "the answer 'CPUs, GPUs and TPUs.' lists 3 items; ask for one item per card",
        )
    ]


def test_set_findings_name_their_field_on_a_reverse_card() -> None:
    card = BasicCard("a", "S", 1, "CPUs, GPUs and TPUs.", "Name two chips.", reverse=True)
    assert asks_for_a_set(card) == [
        Finding(
            "set",
            "back",
            "the question asks for a set ('Name two'); ask for one item per card, or use a "
            "cloze with one gap per item",
        ),
        Finding(
            "set",
            "front",
            "the answer 'CPUs, GPUs and TPUs.' lists 3 items; ask for one item per card",
        ),
    ]


@pytest.mark.parametrize(
    ("front", "back", "fires"),
    [
        ("What is attention?", "The attention.", True),  # the article is not part of it
        ("Is it the big red dog?", "The big red dog.", True),  # three words
        ("Is it the big red old dog?", "The big red old dog.", False),  # four: an explanation
    ],
)
def test_answer_in_question_limits(front: str, back: str, fires: bool) -> None:
    found = answer_in_question(BasicCard("a", "S", 1, front, back))
    assert found == (
        [
            Finding(
                "answer-in-question",
                "back",
                f"the answer '{back}' is in the question; ask for something the question "
                "does not say",
            )
        ]
        if fires
        else []
    )


@pytest.mark.parametrize(
    ("question", "advice"),
    [
        ("Name two chips.", "ask for one item per card, or use a cloze with one gap per item"),
        ("Which 2 chips?", "ask for one item per card, or use a cloze with one gap per item"),
        (
            "Name three chips.",
            "ask for one item per card (a cloze with a gap per item of a longer list shows the "
            "other items, and its last gap is guessed from them)",
        ),
    ],
)
def test_a_cloze_per_item_is_advised_for_two_items_only(question: str, advice: str) -> None:
    """From three items on, each gap's card shows the others: list-gap would warn of the cloze."""
    (finding,) = asks_for_a_set(BasicCard("a", "S", 1, question, "CPUs."))
    assert finding.message.endswith(f"; {advice}")
