"""fmflash's template renderer gives exactly what Anki shows, card for card."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from fmflash.apkg.build import build
from fmflash.apkg.render import render_deck
from fmflash.apkg.templates import render_cloze, render_note
from fmflash.cards.load import load_deck

from ..conftest import RICH_CARDS, WriteProject


def test_every_card_of_a_deck_renders_as_in_anki(
    tmp_path: Path, write_project: WriteProject
) -> None:
    cards = write_project(RICH_CARDS)
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=1764115200)
    ours = {}
    for content in render_deck(load_deck(str(cards))):
        _, cards = render_note(content)
        for card in cards:
            ours[(content.card_id, card.ordinal)] = (card.question, card.answer)
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions()
        )
        collection.import_anki_package(request)
        theirs = {}
        for card_id in collection.find_cards(""):
            card = collection.get_card(card_id)
            key = (card.note()["Id"], card.ord + 1)
            theirs[key] = (card.question().split("</style>", 1)[1],
                           card.answer().split("</style>", 1)[1])  # fmt: skip
    finally:
        collection.close()
    assert len(ours) == len(theirs) == 16
    assert ours == theirs


def test_cloze_hint_and_attribute_encoding() -> None:
    text = "A {{c1::b c::hint}} and {{c2::50%}}"
    assert render_cloze(text, 1, question=True) == (
        'A <span class="cloze" data-cloze="b&#x20;c" data-ordinal="1">[hint]</span> and '
        '<span class="cloze-inactive" data-ordinal="2">50%</span>'
    )
