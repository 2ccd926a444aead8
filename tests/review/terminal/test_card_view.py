"""What ``fmflash show`` shows of a card, as values."""

from __future__ import annotations

import pytest

from fmflash.cards.model import BasicCard
from fmflash.errors import FmflashError
from fmflash.review.terminal.card_view import card_view

CARDS = [BasicCard("mixtral", "Model Size", 1, "How many?", "46.7B.", reverse=True, tags=("moe",))]


def test_a_card_shows_each_side_titled_then_its_section_and_tags() -> None:
    view = card_view(CARDS, "mixtral", case_number=None)
    assert [title for title, _ in view.sides] == [
        "Question", "Answer", "Reverse question", "Reverse answer"
    ]  # fmt: skip
    assert (view.working, view.case, view.section) == (None, None, "Model Size")
    assert view.tags == ("moe", "section::model-size")
    assert [title for title, _ in card_view(CARDS, "mixtral/reverse", case_number=None).sides] == [
        "Reverse question", "Reverse answer"
    ]  # fmt: skip


def test_an_unknown_id_or_a_case_of_a_plain_card_is_an_error_of_its_option() -> None:
    with pytest.raises(FmflashError) as unknown:
        card_view(CARDS, "mixtrl", case_number=None)
    assert (unknown.value.option, unknown.value.problems[0].message) == (
        "ID", "no card has the id 'mixtrl'; did you mean mixtral?"
    )  # fmt: skip
    with pytest.raises(FmflashError) as case:
        card_view(CARDS, "mixtral", case_number=2)
    assert case.value.option == "--case"
