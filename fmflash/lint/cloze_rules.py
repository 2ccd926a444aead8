"""The lint rules of a cloze card's gaps: cloze-leak and filler-gap (pure).

A gap must hide the fact the sentence teaches (Wozniak's cloze deletion): not a word shown
elsewhere on the card, not a filler word, not a number the sentence states anyway.
"""

from __future__ import annotations

from fmflash.cards.model import Card, ClozeCard
from fmflash.formulas.quantities import same_when_rounded
from fmflash.lint.card_text import (
    STOP_WORDS,
    content_words,
    gaps,
    numbers_in,
    same_word,
    shown_around,
    words,
)
from fmflash.lint.finding import Finding


def cloze_leak(card: Card) -> list[Finding]:
    """A gap's answer, or a content word of it, is shown elsewhere on the same card."""
    if not isinstance(card, ClozeCard):
        return []
    found = []
    for number, answers in gaps(card.text).items():
        around = shown_around(card.text, number)
        around_words = words(around)
        for answer in answers:
            leaked = [
                word for word in content_words(answer)
                if any(same_word(word, other) for other in around_words)
            ]  # fmt: skip
            if leaked:
                found.append(Finding(
                    "cloze-leak", "cloze",
                    f"gap c{number} '{answer}' is given away: '{leaked[0]}' is also shown "
                    "outside the gap; reword the sentence, or hide another word",
                ))  # fmt: skip
    return found


def filler_gap(card: Card) -> list[Finding]:
    """A gap hides a filler word, a single letter, or a number the text states elsewhere."""
    if not isinstance(card, ClozeCard):
        return []
    found = []
    for number, answers in gaps(card.text).items():
        around = shown_around(card.text, number)
        for answer in answers:
            answer_words = words(answer)
            why = None
            if len(answer.strip()) == 1 and answer.strip().isalpha():
                why = "a single letter"
            elif answer_words and all(word in STOP_WORDS for word in answer_words):
                why = "only filler words"
            elif (values := numbers_in(answer)) and any(
                same_when_rounded(value, other) for value in values for other in numbers_in(around)
            ):
                why = "a number the sentence states elsewhere"
            if why:
                found.append(Finding(
                    "filler-gap", "cloze",
                    f"gap c{number} '{answer}' hides {why}; hide the fact the sentence teaches",
                ))  # fmt: skip
    return found
