"""Review items: each side and gap of a card, named and keyed in one place."""

from __future__ import annotations

from fmflash.cards.model import BasicCard, ClozeCard, ComputedCard
from fmflash.formulas.units import Unit
from fmflash.review.session.items import card_id_of, items_of, review_key, sides


def test_a_card_is_asked_as_its_front_its_reverse_or_each_gap() -> None:
    assert sides("a", False, ()) == [("a", False, 0)]
    assert sides("a", True, ()) == [("a", False, 0), ("a/reverse", True, 0)]
    assert sides("b", False, (2, 3)) == [("b", False, 2), ("b/c3", False, 3)]


def test_an_item_id_names_its_card_and_its_key_keeps_the_side() -> None:
    for item_id, _, _ in [*sides("a", True, ()), *sides("b", False, (1, 2))]:
        card_id = card_id_of(item_id)
        assert card_id in ("a", "b")
        assert review_key("GUID", item_id) == "GUID" + item_id[len(card_id) :]
    assert review_key("Gx1", "a/reverse") == "Gx1/reverse"
    assert review_key("Gx1", "b") == "Gx1"


def test_whole_cards_give_their_items_with_the_card() -> None:
    computed = ComputedCard("n", "S", 3, "f", "Q?", "A", (), 1.0, Unit.BYTES)
    cloze = ClozeCard("c", "S", 2, "{{c1::x}} {{c2::y}}")  # gaps read from the text
    items = items_of([BasicCard("a", "S", 1, "q", "a", reverse=True), cloze, computed])
    assert [(i.item_id, i.position, i.card.id) for i in items] == [
        ("a", 0, "a"), ("a/reverse", 0, "a"), ("c", 1, "c"), ("c/c2", 1, "c"), ("n", 2, "n")
    ]  # fmt: skip
