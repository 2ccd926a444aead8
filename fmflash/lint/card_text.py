"""A card's text as the lint rules read it: words, numbers, a cloze's gaps and what they show.

Shared by every rule, so that "7B" and "7 billion" are one number and a plural one word to all.
"""

from __future__ import annotations

import re

from fmflash.cards.cloze import Gap, replace_gaps
from fmflash.cards.cloze import gaps as cloze_gaps
from fmflash.formulas.quantities import SCALE_WORDS, UNIT_WORDS
from fmflash.formulas.units import Unit

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
_NUMBER = re.compile(
    r"(?<![A-Za-wyz0-9.])(\d+(?:[.,]\d+)*)(?:\s*x\s*10\^(-?\d+))?"
    r"\s*(%|percent\b|trillion\b|billion\b|million\b|thousand\b|[KMBT](?![A-Za-z])|"
    r"[KMGTP]B\b|GiB\b)?"
)
# What a number's scale word multiplies it by: the scales and byte units quantities.py reads.
_SCALES = {"%": 0.01, "percent": 0.01, **UNIT_WORDS[Unit.BYTES], **SCALE_WORDS}


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


def same_word(first: str, second: str) -> bool:
    """Tell whether two words are the same, or one is the other's plural."""
    return (
        first == second
        or first in (second + "s", second + "es")
        or second in (first + "s", first + "es")
    )


def content_words(text: str) -> list[str]:
    """Return the words of a text that carry its content: four letters or more, no filler."""
    return [
        word
        for word in words(text)
        if len(word) >= 4 and not word.isdigit() and word not in STOP_WORDS
    ]
