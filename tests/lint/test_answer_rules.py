"""vague-answer and list-gap: each catches its planted flaws and no good card."""

from __future__ import annotations

import pytest

from fmflash.cards.model import BasicCard, ClozeCard
from fmflash.lint.answer_rules import list_gap, vague_answer, vague_words
from fmflash.lint.finding import Finding

from .fixture_decks import planted, warnings_by_card


def basic(back: str, *, front: str = "Q?", reverse: bool = False) -> BasicCard:
    return BasicCard("a", "S", 1, front, back, reverse=reverse)


def cloze(text: str) -> ClozeCard:
    return ClozeCard("a", "S", 1, text)


@pytest.mark.parametrize("rule", ["vague-answer", "list-gap"])
def test_the_rule_catches_every_planted_flaw_and_nothing_else(rule: str) -> None:
    flagged = [card for card, fired in warnings_by_card("planted.yaml") if fired == rule]
    assert flagged == planted(rule)
    assert len(flagged) >= 3


@pytest.mark.parametrize("deck", ["deck.yaml", "quiet.yaml"])
def test_good_cards_stay_quiet(deck: str) -> None:
    # deck.yaml: every card of this repository's deck; quiet.yaml: cards close to each flaw.
    assert warnings_by_card(deck) == []


def test_a_vague_answer_is_named_in_the_warning() -> None:
    assert vague_answer(basic("Only a subset of them.")) == [
        Finding(
            "vague-answer",
            "back",
            "the answer 'Only a subset of them.' says only 'subset': other answers are as fair "
            "(a number, a synonym); ask for what the notes say precisely, or ask the other "
            "way round",
        )
    ]
    assert [f.field for f in vague_answer(cloze("It is {{c1::fun}}, {{c2::two}}."))] == ["cloze"]
    assert [f.field for f in vague_answer(basic("Q?", front="Some.", reverse=True))] == ["front"]


@pytest.mark.parametrize(
    ("answer", "vague"),
    [
        ("Only a subset of them.", ["subset"]),
        ("some", ["some"]),
        ("Many.", ["many"]),
        ("unexpected", ["unexpected"]),
        ("Often not much.", ["often", "much"]),
        ("Various ones.", ["various"]),
        ("Two per layer.", []),
        ("Low quality.", []),
        ("Only a subset of its experts, chosen for that token.", []),
        ("It is larger in non-English languages.", []),
        ("No.", []),
        ("", []),
    ],
)
def test_vague_words_are_an_answer_with_nothing_precise(answer: str, vague: list[str]) -> None:
    assert vague_words(answer) == vague


def test_a_list_gap_names_the_gap_and_the_items_shown() -> None:
    assert list_gap(cloze("Chips such as CPUs, GPUs and {{c1::TPUs}}.")) == [
        Finding(
            "list-gap",
            "cloze",
            "gap c1 'TPUs' is the last item of a list the card shows ('CPUs, GPUs and ...'): "
            "it is guessed from the others; hide another item, or ask for it without the list",
        )
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Chips such as CPUs, GPUs, and {{c1::TPUs}}.", ["TPUs"]),  # the serial comma
        ("Stored as fp32, fp16 or the {{c1::int4}} type.", ["int4"]),
        ("Its {{c1::parameters}}, its {{c2::tokens}} and its {{c3::FLOPs}}.", ["FLOPs"]),
        ("Chips such as CPUs, {{c1::GPUs}} and TPUs.", []),  # not the last item
        ("Chips: {{c1::CPUs}}, {{c1::GPUs}} and {{c1::TPUs}}.", []),  # the others hidden too
        ("Chips: {{c1::CPUs, GPUs and TPUs}}.", []),  # one gap for the list: the set rule's
        ("It causes {{c1::inconsistency}} and {{c2::hallucinations}}.", []),  # two items
        ("However, quality and {{c1::quantity}} matter.", []),  # an aside, not an item
        ("In 2020, the model was trained on web pages and {{c1::books}}.", []),  # a clause
        ("It used 1,024 GPUs and {{c1::4,096}} CPUs.", []),  # a number, not a list
        ("CPUs, GPUs. Then {{c1::TPUs}} and more.", []),  # another sentence
        ("CPUs, GPUs and {{c1::a very long answer of many words}}.", []),  # not an item
    ],
)
def test_list_gap_fires_only_on_a_shown_lists_last_item(text: str, flagged: list[str]) -> None:
    assert [finding.message.split("'")[1] for finding in list_gap(cloze(text))] == flagged
    assert list_gap(basic("CPUs, GPUs and TPUs.")) == []  # a question/answer card has no gap
