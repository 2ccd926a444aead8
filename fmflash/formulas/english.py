"""Small rules of English for generated text: "a" or "an", and plural nouns after numbers.

"An" goes before a vowel *sound*, which is not always a vowel letter: an 8B model, an 11-layer
stack, an 18B model, an 80 GB card (eight, eleven, eighteen, eighty), an LLM (el), an hour;
but a 7B model, a 110-layer stack (one hundred ten), a unique case, a one-off, a GPU.
"""

from __future__ import annotations

import re

from fmflash.text import plural

_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
# Vowel letters that start with a consonant sound: "a unique", "a one-off", "a euro".
_CONSONANT_VOWELS = ("uni", "use", "usu", "uti", "one", "once", "eu", "ewe", "ur")
# Letters whose names start with a vowel sound, for acronyms read letter by letter: an LLM.
_VOWEL_LETTER_NAMES = set("AEFHILMNORSX")
_NUMBER = re.compile(r"[+-]?(\d[\d,]*)")


def starts_with_vowel_sound(word: str) -> bool:
    """Tell whether ``word`` (or number) is spoken starting with a vowel sound."""
    word = word.strip().lstrip("([\"'")
    if not word:
        return False
    number = _NUMBER.match(word)
    if number:
        digits = number.group(1).replace(",", "")
        if digits.startswith("8"):
            return True  # eight, eighty, eight hundred, eight thousand
        # Eleven and eighteen lead when the first group of three digits has two: 11, 18,000.
        return len(digits) % 3 == 2 and digits[:2] in ("11", "18")
    letters = re.match(r"[A-Za-z]+", word)
    if letters is None:
        return False
    text = letters.group(0)
    if len(text) >= 2 and text.isupper():
        return text[0] in _VOWEL_LETTER_NAMES
    lower = text.lower()
    if lower.startswith(_SILENT_H):
        return True
    if lower[0] not in "aeiou":
        return False
    return not lower.startswith(_CONSONANT_VOWELS)


def article(word: str) -> str:
    """Return "a" or "an" for the word or number that follows it."""
    return "an" if starts_with_vowel_sound(word) else "a"


def with_article(text: str) -> str:
    """Return ``text`` preceded by the right article: ``an 8B``, ``a 7B``."""
    return f"{article(text)} {text}"


def counted(count: str, value: float, noun: str) -> str:
    """Write a count and its noun, singular for exactly one: ``1 epoch``, ``2 epochs``."""
    return f"{count} {noun if value == 1 else plural(noun)}"
