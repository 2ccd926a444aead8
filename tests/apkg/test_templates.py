"""fmflash's template renderer gives exactly what Anki shows, card for card."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from fmflash.apkg.build import build
from fmflash.apkg.render import render_deck
from fmflash.apkg.templates import render_cloze, render_note
from fmflash.cards.load import load_deck

from ..conftest import RICH_CARDS, WriteProject

Sides = dict[tuple[str, int], tuple[str, str]]


def as_anki_shows(package: Path, folder: Path) -> Sides:
    """Import a package into a new Anki collection; return each card's question and answer."""
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions()
        )
        collection.import_anki_package(request)
        shown = {}
        for card_id in collection.find_cards(""):
            card = collection.get_card(card_id)
            key = (card.note()["Id"], card.ord + 1)
            shown[key] = (card.question().split("</style>", 1)[1],
                          card.answer().split("</style>", 1)[1])  # fmt: skip
    finally:
        collection.close()
    return shown


def ours_and_anki(text: str, tmp_path: Path, write_project: WriteProject) -> tuple[Sides, Sides]:
    """Render a card file's cards with fmflash's renderer, and as Anki shows them."""
    cards = write_project(text)
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=1764115200)
    ours = {}
    for content in render_deck(load_deck(str(cards))):
        for card in render_note(content)[1]:
            ours[(content.card_id, card.ordinal)] = (card.question, card.answer)
    return ours, as_anki_shows(package, tmp_path / "anki")


def test_every_card_of_a_deck_renders_as_in_anki(
    tmp_path: Path, write_project: WriteProject
) -> None:
    ours, theirs = ours_and_anki(RICH_CARDS, tmp_path, write_project)
    assert len(ours) == len(theirs) == 16
    assert ours == theirs


def test_cloze_hint_and_attribute_encoding() -> None:
    text = "A {{c1::b c::hint}} and {{c2::50%}}"
    assert render_cloze(text, 1, question=True) == (
        'A <span class="cloze" data-cloze="b&#x20;c" data-ordinal="1">[hint]</span> and '
        '<span class="cloze-inactive" data-ordinal="2">50%</span>'
    )


MATH_CLOZE = """\
deck:
  name: Test Deck
  notes: notes.md
cards:
  - id: scaled-scores
    section: Sampling
    cloze: 'Scores: \\(\\mathrm{softmax}({{c1::QK^T}} / \\sqrt{d_k})\\),
      \\[x = {{c2::y^2::power}}\\]'
"""


def test_a_cloze_inside_math_renders_as_in_anki(
    tmp_path: Path, write_project: WriteProject
) -> None:
    ours, theirs = ours_and_anki(MATH_CLOZE, tmp_path, write_project)
    assert ours == theirs
    # Plain text inside the math, for MathJax to typeset: no markup where TeX is expected.
    assert "\\(\\mathrm{softmax}([...] / \\sqrt{d_k})\\)" in ours["scaled-scores", 1][0]
    assert "\\[x = [power]\\]" in ours["scaled-scores", 2][0]
