"""The rule across cards: a card whose question or cloze text states another card's answer (pure).

Matuschak's "the prompt does not give the answer away" holds across a deck too: a learner who
reads "Why is the token the best unit for measuring a dataset?" is told the answer of "A
dataset's size is best measured in {{tokens}}". A card states another's answer when what it
shows holds every word of that answer and most words of that answer's question: the same
fact, not just a shared word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fmflash.cards.cloze import gap_numbers
from fmflash.cards.cloze import gaps as cloze_gaps
from fmflash.cards.model import BasicCard, Card, ClozeCard
from fmflash.lint.card_text import STOP_WORDS, numbers_in, shown_around, words
from fmflash.lint.finding import Finding

# Of the words around an answer (its question), the share another card must show too.
CONTEXT_SHARE = 0.5
# An answer this long is not stated by chance: the rule looks at short answers only.
ANSWER_WORDS = 5
_ENDINGS = ("ings", "ing", "ed", "es", "s")
# Degrees of one adjective are one word: "better measured" and "the best unit" say the same.
_DEGREES = {"best": "good", "better": "good", "worst": "bad", "worse": "bad"}
# Words that answer without stating a fact: "Yes.", "No, the two are not the same."
_NOT_FACTS = frozenset((
    "yes", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
))  # fmt: skip


def stem(word: str) -> str:
    """Return a word without its ending: "measure", "measured", "measuring" -> "measur"."""
    word = word.removesuffix("'s")
    if word in _DEGREES:
        return _DEGREES[word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    # "measure" is "measur" too, as "measured" and "measuring" are.
    return word[:-1] if word.endswith("e") and len(word) > 5 else word


def _stems(text: str) -> set[str]:
    """Return the stems of the words of a text that say something (3 letters or more)."""
    return {
        stem(word)
        for word in words(text)
        if len(word) >= 3 and word not in STOP_WORDS and word not in _NOT_FACTS
    }


def _asked(card: Card) -> Iterator[tuple[str, str, str]]:
    """Yield what a card asks: (its name, the answer, the question around it)."""
    if isinstance(card, BasicCard):
        yield card.id, card.back, card.front
    elif isinstance(card, ClozeCard):
        for gap in cloze_gaps(card.text):
            yield f"{card.id} (c{gap.number})", gap.answer, shown_around(card.text, gap.number)


def _shown(card: Card) -> str:
    """Return what a card shows before its answer: the front, or the cloze text a gap leaves."""
    if isinstance(card, BasicCard):
        return card.front
    if isinstance(card, ClozeCard):
        return " ".join(shown_around(card.text, number) for number in gap_numbers(card.text))
    return ""


def states_answer(cards: Sequence[Card]) -> list[tuple[str, Finding]]:
    """Find curated cards whose question or cloze text states another card's answer."""
    curated = [card for card in cards if isinstance(card, BasicCard | ClozeCard)]
    place = {card.id: index for index, card in enumerate(curated)}
    shown = {card.id: _stems(_shown(card)) for card in curated}
    numbers = {card.id: {_key(value) for value in numbers_in(_shown(card))} for card in curated}
    # Which cards show a stem or a number: an answer's candidates are looked up, not scanned.
    showing: dict[str, set[str]] = {}
    for card_id in shown:
        for key in (*shown[card_id], *numbers[card_id]):
            showing.setdefault(key, set()).add(card_id)
    found = []
    for asking in curated:
        for name, answer, question in _asked(asking):
            keys = _stems(answer) | {_key(value) for value in numbers_in(answer)}
            if not keys or len(answer.split()) > ANSWER_WORDS:
                continue
            context = _stems(question) - keys
            candidates = set.intersection(*(showing.get(key, set()) for key in keys))
            for card_id in sorted(candidates - {asking.id}, key=place.__getitem__):
                common = context & shown[card_id]
                if len(common) >= 2 and len(common) >= CONTEXT_SHARE * len(context):
                    found.append((card_id, Finding(
                        "states-answer", _field(curated[place[card_id]]),
                        f"states the answer of '{name}' ('{answer.strip()}'), which asks "
                        "about the same fact; merge the two cards, or reword this one so "
                        "that it does not say it",
                    )))  # fmt: skip
                    break
    return found


def _key(value: float) -> str:
    """Return a number as a key: ``7B`` and ``7 billion`` are one key."""
    return f"#{value:.6g}"


def _field(card: Card) -> str:
    return "cloze" if isinstance(card, ClozeCard) else "front"
