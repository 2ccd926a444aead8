"""Rules about the answer a card expects: one clear answer, not guessed from the card (pure).

``vague-answer``: an answer that is only a vague word ("a subset", "some", "unexpected") has
other answers as fair ("two", "most", "unpredictable"); Wozniak's rule of one right answer.
``list-gap``: a gap on the last item of a list the sentence shows ("CPUs, GPUs and {{TPUs}}")
is guessed from the items before it, not recalled; Matuschak's "the prompt does not give the
answer away".
"""

from __future__ import annotations

import re

from fmflash.cards.cloze import Gap, replace_gaps
from fmflash.cards.cloze import gaps as cloze_gaps
from fmflash.cards.model import BasicCard, Card, ClozeCard
from fmflash.lint.card_text import STOP_WORDS, words
from fmflash.lint.finding import Finding

# Quantity words and vague adjectives: each fits a question that has a precise answer.
VAGUE_WORDS = frozenset((
    "some", "many", "few", "several", "various", "numerous", "lots", "lot", "much", "more",
    "less", "fewer", "most", "subset", "part", "portion", "fraction", "certain", "unexpected",
    "unexpectedly", "different", "good", "bad", "better", "worse", "important", "significant",
    "interesting", "fun", "nice", "big", "small", "large", "hard", "easy", "difficult", "poor",
    "often", "sometimes", "usually", "strange", "surprising", "odd",
))  # fmt: skip


def vague_answer(card: Card) -> list[Finding]:
    """An answer made only of vague words: a quantity word or a vague adjective."""
    answers: list[tuple[str, str]] = []
    if isinstance(card, BasicCard):
        answers.append(("back", card.back))
        if card.reverse:
            answers.append(("front", card.front))
    elif isinstance(card, ClozeCard):
        answers += [("cloze", gap.answer) for gap in cloze_gaps(card.text)]
    found = []
    for field, answer in answers:
        vague = vague_words(answer)
        if vague:
            found.append(Finding(
                "vague-answer", field,
                f"the answer '{answer.strip()}' says only '{vague[0]}': other answers are as "
                "fair (a number, a synonym); ask for what the notes say precisely, or ask "
                "the other way round",
            ))  # fmt: skip
    return found


# Words that stand for the thing asked about, and say nothing of it: "various ones".
_STAND_INS = frozenset(("ones", "thing", "things", "way", "ways", "kind", "kinds"))


def vague_words(answer: str) -> list[str]:
    """Return an answer's vague words if it has no other word that says something, else []."""
    meaningful = [
        word
        for word in words(answer)
        if word in VAGUE_WORDS or (word not in STOP_WORDS and word not in _STAND_INS)
    ]
    if meaningful and all(word in VAGUE_WORDS for word in meaningful):
        return meaningful
    return []


# A list before a gap, in the same sentence: "A, B and ", "A, B, or the ".
_LIST_BEFORE = re.compile(
    r"(?P<items>[^.;:!?]*,[^.;:!?]*?),?\s+(?:and|or)\s+(?:(?:its|their|the|a|an)\s+)?$",
    re.IGNORECASE,
)
HIDDEN = "\x00"
# A comma between items, not inside a number (1,024).
_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
# An item of a list is short; a longer phrase between commas is a clause, not an item.
LIST_ITEM_WORDS = 4
# Words that start a clause or an aside rather than an item: "However, ... and {{...}}".
_NOT_ITEMS = frozenset((
    "to", "for", "with", "which", "that", "because", "so", "as", "in", "on", "by", "from",
    "when", "where", "while", "if", "than", "who", "however", "therefore", "thus", "also",
    "then", "yet", "still", "instead", "moreover", "first", "second", "finally", "but",
))  # fmt: skip


def list_gap(card: Card) -> list[Finding]:
    """A gap on the last item of a list whose other items the card shows."""
    if not isinstance(card, ClozeCard):
        return []
    every = cloze_gaps(card.text)
    found = []
    for index, gap in enumerate(every):
        before = _as_shown(card.text, every, index).split(HIDDEN)[0]
        items = _shown_items(before)
        if len(items) >= 2 and len(gap.answer.split()) <= LIST_ITEM_WORDS:
            found.append(Finding(
                "list-gap", "cloze",
                f"gap c{gap.number} '{gap.answer}' is the last item of a list the card shows "
                f"('{', '.join(items)} and ...'): it is guessed from the others; hide another "
                "item, or ask for it without the list",
            ))  # fmt: skip
    return found


def _as_shown(text: str, every: list[Gap], index: int) -> str:
    """Return a cloze text as the card of gap ``index`` shows it, that gap marked HIDDEN.

    Gaps of other numbers show their answers; those of the same number are hidden too.
    """
    places = iter(range(len(every)))

    def shown(gap: Gap) -> str:
        place = next(places)
        if place == index:
            return HIDDEN
        return "[...]" if gap.number == every[index].number else gap.answer

    return replace_gaps(text, shown)


def _shown_items(before: str) -> list[str]:
    """Return the items a list right before a gap shows (at least two, or none)."""
    match = _LIST_BEFORE.search(before)
    if match is None:
        return []
    parts = [part.strip() for part in _COMMA.split(match.group("items").rstrip(", "))]
    lead, *rest = parts
    lead_words = lead.split()
    if not lead_words or not rest:
        return []
    items = [" ".join(lead_words[-1:]), *rest]
    if any(
        not item or "[...]" in item or len(item.split()) > LIST_ITEM_WORDS
        or item.split()[0].lower() in _NOT_ITEMS
        for item in items
    ):  # fmt: skip
        return []
    return items
