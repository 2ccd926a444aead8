"""Card files declaring formulas, loaded whole or to their problems, for the formulas' tests."""

from __future__ import annotations

import pytest

from fmflash.cards.model import Deck
from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.errors import FmflashError

from ..conftest import PERPLEXITY_FORMULA

NOTES = "# Evaluation\n\n## Perplexity\nPerplexity measures a model's surprise.\n"
HEADER = "deck:\n  name: Evaluation\n  notes: notes.md\ncards: []\n"
PERPLEXITY = PERPLEXITY_FORMULA
PRACTICE = """\
computed:
  - id: perplexity
    section: Perplexity
    formula: perplexity
    practice: {entropy: [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5,
                         10, 10.5]}
"""


def load(text: str) -> Deck:
    """Load a card file's deck over the notes of Perplexity."""
    return build_deck(parse_card_file(text, path="cards.yaml"), parse_notes(NOTES, path="notes.md"))


def problems(text: str) -> list[str]:
    """Return the problems a card file is refused for, as the user reads them."""
    with pytest.raises(FmflashError) as caught:
        load(text)
    return [str(problem) for problem in caught.value.problems]
