"""states-answer: a card that tells another card's answer is caught; a shared word is not."""

from __future__ import annotations

import pytest

from fmflash.cards.model import BasicCard, ClozeCard, ComputedCard
from fmflash.formulas.units import Unit
from fmflash.lint.finding import Finding
from fmflash.lint.states_answer import states_answer, stem

from .fixture_decks import planted, warnings_by_card


def test_the_rule_catches_every_planted_flaw_and_nothing_else() -> None:
    flagged = [card for card, rule in warnings_by_card("planted.yaml") if rule == "states-answer"]
    assert flagged == planted("states-answer")
    assert len(flagged) >= 3


def test_the_warning_names_the_card_whose_answer_it_states() -> None:
    asked = ClozeCard("size", "S", 1, "A dataset's size is better measured in {{c1::tokens}}.")
    telling = BasicCard("why", "S", 5, "Why is the token the best unit to measure a dataset?", "-")
    assert states_answer([asked, telling]) == [
        (
            "why",
            Finding(
                "states-answer",
                "front",
                "states the answer of 'size (c1)' ('tokens'), which asks about the same fact; "
                "merge the two cards, or reword this one so that it does not say it",
            ),
        )
    ]
    # A card that tells two cards' answers is warned about for each; a cloze hides its own.
    question = BasicCard("q", "S", 1, "What unit best measures a dataset's size?", "Tokens.")
    assert [card for card, _ in states_answer([question, telling, asked])] == ["why", "why"]


@pytest.mark.parametrize(
    "other",
    [
        "Why can two models count a different number of tokens in the same dataset?",  # a word
        "What does a model operate on?",  # the answer, not its question
        "Why is the best unit to measure a dataset not the letter?",  # the question, not tokens
    ],
)
def test_sharing_a_word_or_the_question_alone_is_not_stating(other: str) -> None:
    asked = ClozeCard("size", "S", 1, "A dataset's size is better measured in {{c1::tokens}}.")
    assert states_answer([asked, BasicCard("b", "S", 5, other, "-")]) == []


def test_numbers_are_answers_too_and_computed_cards_are_left_out() -> None:
    total = BasicCard("total", "S", 1, "How many parameters does Mixtral 8x7B have?", "46.7B.")
    why = BasicCard("why", "S", 5, "Why has Mixtral 8x7B 46.7 billion parameters, not 56?", "-")
    assert [card for card, _ in states_answer([total, why])] == ["why"]
    other = why._replace(front="Why has Mixtral 8x7B 12.9 billion active parameters, not 56?")
    assert states_answer([total, other]) == []
    case = ComputedCard("mem-7b-2", "S", 9, "weights_memory", total.front, "46.7 billion", (),
                        46.7e9, Unit.PARAMETERS)  # fmt: skip
    assert states_answer([total, case]) == []
    # An answer that states no fact: "No, the two are not the same."
    no = BasicCard("no", "S", 1, "Are a dataset's tokens its training tokens?", "No, the two.")
    assert (
        states_answer([no, BasicCard("b", "S", 5, "Two tokens of a dataset are two?", "-")]) == []
    )


def test_stems_join_forms_of_a_word() -> None:
    assert {stem("measure"), stem("measured"), stem("measuring")} == {"measur"}
    assert (stem("tokens"), stem("token"), stem("model's")) == ("token", "token", "model")
    assert stem("best") == stem("better") == "good"
    assert stem("sees") == "sees"  # too short a stem to strip
