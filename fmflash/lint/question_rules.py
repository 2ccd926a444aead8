"""The lint rules of what a card asks: answer-in-question, set, long-answer, unit-missing (pure).

One fact per card and one right answer (Wozniak's minimum information principle, Matuschak's
focused prompts): the question does not give the answer away, asks for no set of items, wants
no long answer, and says in which unit a number is answered.
"""

from __future__ import annotations

import re

from fmflash.cards.model import BasicCard, Card, ClozeCard, ComputedCard
from fmflash.formulas.units import Unit
from fmflash.lint.card_text import gaps, normalise, numbers_in
from fmflash.lint.finding import Finding

LONG_ANSWER_WORDS = 25

_SET_QUESTION = re.compile(
    r"\b(?:name|list|give|which|what(?:\s+are)?)\s+(?:the\s+)?"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+)\b"
    r"|^\s*(?:list|enumerate)\b|\blist\s+(?:the|all|every)\b",
    re.IGNORECASE,
)
_FINAL_CONJUNCTION = re.compile(r"^\s*(?:and|or)\s+|\s+(?:and|or)\s+")
# Words that start a clause or a phrase, not an item of a list.
_CLAUSE_STARTS = frozenset((
    "to", "for", "with", "which", "that", "because", "so", "as", "in", "on", "by", "from",
    "when", "where", "while", "if", "than", "who",
))  # fmt: skip
# Words that name a computed answer's unit when the question asks for it: "in GB", "how many
# tokens", "what percentage".
_UNIT_WORDS = {
    Unit.BYTES: r"(?:GB|TB|MB|PB|GiB|bytes)",
    Unit.PARAMETERS: r"parameters",
    Unit.TOKENS: r"tokens",
    Unit.FLOPS: r"FLOPs?",
    Unit.FLOPS_PER_SECOND: r"FLOP/s",
    Unit.SECONDS: r"(?:seconds|minutes|hours|days|weeks|years)",
    Unit.FRACTION: r"(?:%|percent|percentage)",
    Unit.BITS: r"bits?",
}


def _strip_answer(text: str) -> str:
    text = normalise(text)
    return re.sub(r"^(?:a|an|the)\s+", "", text)


def answer_in_question(card: Card) -> list[Finding]:
    """A short answer (up to 3 words) of a question/answer card appears in its question."""
    if not isinstance(card, BasicCard):
        return []
    sides = [("back", card.back, card.front)]
    if card.reverse:
        sides.append(("front", card.front, card.back))
    found = []
    for field, answer, question in sides:
        short = _strip_answer(answer)
        if short and len(short.split()) <= 3 and f" {short} " in f" {normalise(question)} ":
            found.append(Finding(
                "answer-in-question", field,
                f"the answer '{answer.strip()}' is in the question; ask for something the "
                "question does not say",
            ))  # fmt: skip
    return found


def count_items(answer: str) -> int:
    """Count the items of an answer that is an enumeration ("CPUs, GPUs and TPUs"), else 1.

    Items are short and parallel: a clause such as ", to detect failures and ..." or a long
    phrase with a comma is not a list to recall.
    """
    text = answer.strip().rstrip(".")
    commas = text.split(",")
    last = _FINAL_CONJUNCTION.split(commas[-1])
    parts = [part.strip() for part in [*commas[:-1], *last] if part.strip()]
    if len(parts) < 3:
        return len(parts) or 1
    if any(len(part.split()) > 4 or part.split()[0].lower() in _CLAUSE_STARTS for part in parts):
        return 1
    return len(parts)


def asks_for_a_set(card: Card) -> list[Finding]:
    """The question asks for several items, or an answer lists three or more."""
    found = []
    questions = []
    answers: list[tuple[str, str]] = []
    if isinstance(card, BasicCard):
        questions.append(("front", card.front))
        answers.append(("back", card.back))
        if card.reverse:
            questions.append(("back", card.back))
            answers.append(("front", card.front))
    elif isinstance(card, ClozeCard):
        answers += [("cloze", answer) for group in gaps(card.text).values() for answer in group]
    for field, question in questions:
        asked = _SET_QUESTION.search(question)
        if asked:
            found.append(Finding(
                "set", field,
                f"the question asks for a set ('{asked.group(0).strip()}'); {_set_advice(asked)}",
            ))  # fmt: skip
    for field, answer in answers:
        if count_items(answer) >= 3:
            found.append(Finding(
                "set", field,
                f"the answer '{answer.strip()}' lists {count_items(answer)} items; "
                "ask for one item per card",
            ))  # fmt: skip
    return found


def _set_advice(asked: re.Match[str]) -> str:
    """Advise on a set: a cloze with a gap per item suits two items, not three or more.

    From three items on, each gap's card shows the others, and the last one is guessed from
    them: the advice must not lead to a ``list-gap`` warning.
    """
    if re.search(r"\b(?:two|2)\b", asked.group(0), re.IGNORECASE):
        return "ask for one item per card, or use a cloze with one gap per item"
    return (
        "ask for one item per card (a cloze with a gap per item of a longer list shows the "
        "other items, and its last gap is guessed from them)"
    )


def long_answer(card: Card) -> list[Finding]:
    """An answer of more than 25 words: too much to recall as one fact."""
    answers: list[tuple[str, str]] = []
    if isinstance(card, BasicCard):
        answers.append(("back", card.back))
    elif isinstance(card, ClozeCard):
        answers += [("cloze", answer) for group in gaps(card.text).values() for answer in group]
    return [
        Finding(
            "long-answer", field,
            f"the answer has {len(answer.split())} words (more than {LONG_ANSWER_WORDS}); "
            "keep the one fact to recall and move the rest to another card",
        )
        for field, answer in answers
        if len(answer.split()) > LONG_ANSWER_WORDS
    ]  # fmt: skip


def unit_missing(card: Card) -> list[Finding]:
    """A numeric question that does not say in which unit to answer.

    A computed card whose answer holds no number asks for a word (a rating): it has no unit.
    """
    if not isinstance(card, ComputedCard) or card.unit not in _UNIT_WORDS:
        return []
    if not numbers_in(card.answer):
        return []
    unit = _UNIT_WORDS[card.unit]
    asks = re.compile(
        rf"\b(?:in|how many|number of)\s+(?:[^\s?.]+\s+){{0,3}}{unit}(?!\w)|what {unit}",
        re.IGNORECASE,
    )
    if asks.search(card.question):
        return []
    return [Finding(
        "unit-missing", "question",
        f"the question does not say which unit to answer in ({card.unit.value}); ask "
        "\"in GB\", \"in days\", \"how many tokens\" and so on",
    )]  # fmt: skip
