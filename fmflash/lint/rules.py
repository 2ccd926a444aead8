"""The card linter's rules: flaws of formulation that make a card hard to learn (pure).

Each rule follows a principle of P. A. Wozniak's "20 rules of formulating knowledge" and
A. Matuschak's "How to write good prompts": one fact per card, one right answer, the question
does not give the answer away, no lists to recall at once. A rule looks at one card and says
which of its fields breaks the rule and what to do about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fmflash.cards.cloze import Gap, replace_gaps
from fmflash.cards.cloze import gaps as cloze_gaps
from fmflash.cards.markdown import problems_in
from fmflash.cards.model import BasicCard, Card, ClozeCard, ComputedCard
from fmflash.formulas.english import starts_with_vowel_sound
from fmflash.formulas.quantities import SCALE_WORDS, UNIT_WORDS, Unit, same_when_rounded

# Every rule's name and principle: fmflash.cards.model.LINT_RULES (a card's allow: names them).

LONG_ANSWER_WORDS = 25

STOP_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is",
    "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
    "and", "or", "but", "not", "no", "nor", "so", "than", "then", "too", "very", "can", "could",
    "may", "might", "must", "shall", "should", "will", "would", "do", "does", "did", "has",
    "have", "had", "about", "above", "after", "again", "against", "all", "any", "because",
    "before", "below", "between", "both", "during", "each", "few", "further", "here", "how",
    "into", "more", "most", "other", "own", "same", "some", "such", "there", "their", "them",
    "they", "what", "when", "where", "which", "while", "who", "whom", "why", "you", "your", "our",
    "we", "only", "also", "just", "over", "under", "up", "down", "out", "off", "once", "what's",
    "it's",
))  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_PUNCTUATION = re.compile(r"[^\w\s%^.]|(?<!\d)\.|\.(?!\d)")
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
_NUMBER = re.compile(
    r"(?<![A-Za-wyz0-9.])(\d+(?:[.,]\d+)*)(?:\s*x\s*10\^(-?\d+))?"
    r"\s*(%|percent\b|trillion\b|billion\b|million\b|thousand\b|[KMBT](?![A-Za-z])|"
    r"[KMGTP]B\b|GiB\b)?"
)
# What a number's scale word multiplies it by: the scales and byte units quantities.py reads.
_SCALES = {"%": 0.01, "percent": 0.01, **UNIT_WORDS[Unit.BYTES], **SCALE_WORDS}
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
_ARTICLE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))A(?=\s)|(?<![\w'-])an?(?=\s)")
_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1\s+([A-Za-z]+s)\b")
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ous|ics)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One flaw in one card: the rule, the card field it is in, and what to do."""

    rule: str
    field: str
    message: str


def words(text: str) -> list[str]:
    """Return the lowercase words of a text: ``mixture-of-experts`` is three words."""
    return _WORD.findall(text.lower())


def normalise(text: str) -> str:
    """Return text as a question is compared: lowercase, numbers as values, no punctuation."""

    def value(match: re.Match[str]) -> str:
        number = numbers_in(match.group(0))
        return f" {number[0]:.6g} " if number else match.group(0)

    text = _NUMBER.sub(value, text)
    text = _PUNCTUATION.sub(" ", text.lower())
    return " ".join(text.split())


def numbers_in(text: str) -> list[float]:
    """Return the values of the numbers in a text: ``7B`` -> 7e9, ``90%`` -> 0.9."""
    found = []
    for match in _NUMBER.finditer(text):
        digits, power, scale = match.groups()
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        if power is not None:
            value *= 10.0 ** int(power)
        found.append(value * _SCALES.get((scale or "").lower(), 1.0))
    return found


def gaps(text: str) -> dict[int, list[str]]:
    """Return each cloze number's hidden answers."""
    found: dict[int, list[str]] = {}
    for gap in cloze_gaps(text):
        found.setdefault(gap.number, []).append(gap.answer)
    return found


def shown_around(text: str, number: int) -> str:
    """Return what a cloze card shows around gap ``number``: the other gaps filled in."""
    return replace_gaps(text, lambda gap: " " if gap.number == number else gap.answer)


def filled(text: str) -> str:
    """Return a cloze text with every gap filled in."""
    return replace_gaps(text, _answer)


def _answer(gap: Gap) -> str:
    return gap.answer


def _same_word(first: str, second: str) -> bool:
    """Tell whether two words are the same, or one is the other's plural."""
    return (
        first == second
        or first in (second + "s", second + "es")
        or second in (first + "s", first + "es")
    )


def _content_words(text: str) -> list[str]:
    return [
        word
        for word in words(text)
        if len(word) >= 4 and not word.isdigit() and word not in STOP_WORDS
    ]


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
                word for word in _content_words(answer)
                if any(_same_word(word, other) for other in around_words)
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


def _items(answer: str) -> int:
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
                f"the question asks for a set ('{asked.group(0).strip()}'); ask for one item "
                "per card, or use a cloze with one gap per item",
            ))  # fmt: skip
    for field, answer in answers:
        if _items(answer) >= 3:
            found.append(Finding(
                "set", field,
                f"the answer '{answer.strip()}' lists {_items(answer)} items; "
                "ask for one item per card",
            ))  # fmt: skip
    return found


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
    """A numeric question that does not say in which unit to answer."""
    if not isinstance(card, ComputedCard) or card.unit not in _UNIT_WORDS:
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


def grammar(card: Card) -> list[Finding]:
    """An article that does not fit the sound after it, or "1" before a plural noun."""
    texts: list[tuple[str, str]] = []
    if isinstance(card, BasicCard):
        texts += [("front", card.front), ("back", card.back)]
    elif isinstance(card, ClozeCard):
        texts += [("cloze", filled(card.text)), ("extra", card.extra)]
    else:
        texts += [("question", card.question), ("answer", card.answer)]
        texts += [("question", line) for line in card.working]
    return [
        Finding("grammar", field, message)
        for field, text in texts
        for message in grammar_mistakes(text)
    ]


def grammar_mistakes(text: str) -> list[str]:
    """Say what is wrong with a text's articles and counts: ``'a 8B': write 'an 8B'``."""
    mistakes = []
    for match in _ARTICLE.finditer(text):
        following = text[match.end() :].split(maxsplit=1)
        if not following or not following[0][:1].isalnum():
            continue
        word = following[0].rstrip(".,;:!?)")
        article = match.group(0)
        wants = "an" if starts_with_vowel_sound(word) else "a"
        if article.lower() != wants:
            right = wants.capitalize() if article[0].isupper() else wants
            mistakes.append(f"'{article} {word}': write '{right} {word}'")
    for match in _ONE_PLURAL.finditer(text):
        noun = match.group(1)
        if len(noun) > 3 and not _NOT_PLURAL.search(noun):
            mistakes.append(f"'1 {noun}': one of a thing is singular, write '1 {noun[:-1]}'")
    return mistakes


def markdown(card: Card) -> list[Finding]:
    """Markdown that cannot render in a card field: a heading, an image fmflash cannot ship."""
    fields: list[tuple[str, str]] = []
    if isinstance(card, BasicCard):
        fields += [("front", card.front), ("back", card.back)]
    elif isinstance(card, ClozeCard):
        fields += [("cloze", card.text), ("extra", card.extra)]
    return [
        Finding("markdown", field, message)
        for field, text in fields
        for message in problems_in(text)
    ]
