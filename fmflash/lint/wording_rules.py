"""The lint rules of how a card is written: grammar and markdown (pure).

An article that does not fit the sound after it ("a 8B model"), "1" before a plural, or markdown
a card field cannot render is a flaw the learner reads on every review.
"""

from __future__ import annotations

import re

from fmflash.cards.markdown import problems_in
from fmflash.cards.model import BasicCard, Card, ClozeCard
from fmflash.formulas.english import starts_with_vowel_sound
from fmflash.lint.card_text import filled
from fmflash.lint.finding import Finding

_ARTICLE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))A(?=\s)|(?<![\w'-])an?(?=\s)")
_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1\s+([A-Za-z]+s)\b")
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ous|ics)$", re.IGNORECASE)


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
