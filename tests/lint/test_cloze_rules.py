"""The rules of a cloze card's gaps, on cards made in the test: exact findings."""

from __future__ import annotations

import pytest

from fmflash.cards.model import ClozeCard
from fmflash.lint.cloze_rules import cloze_leak, filler_gap
from fmflash.lint.finding import Finding


@pytest.mark.parametrize(
    ("answer", "shown"),
    [("processes", "process"), ("model", "models"), ("process", "processes")],
)
def test_a_gap_is_given_away_by_its_plural_or_singular(answer: str, shown: str) -> None:
    card = ClozeCard("a", "S", 1, f"The {{{{c1::{answer}}}}} is one of the {shown}.", "")
    assert cloze_leak(card) == [
        Finding(
            "cloze-leak",
            "cloze",
            f"gap c1 '{answer}' is given away: '{answer}' is also shown outside the gap; reword "
            "the sentence, or hide another word",
        )
    ]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("The {{c1::199}} is about 200.", True),  # within 0.5%, the limit included
        ("The {{c1::7B}} model has 7.02 billion.", True),
        ("The {{c1::7B}} model has 7.05 billion.", False),
        ("The {{c1::7B}} model is not 14B.", False),
    ],
)
def test_a_gap_hides_a_number_stated_elsewhere_within_half_a_percent(
    text: str, fires: bool
) -> None:
    found = filler_gap(ClozeCard("a", "S", 1, text, ""))
    assert [finding.rule for finding in found] == (["filler-gap"] if fires else [])
