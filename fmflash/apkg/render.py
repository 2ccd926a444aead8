"""Turning cards into Anki note contents: escaped fields, tags and a content hash."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from json.encoder import encode_basestring
from typing import NamedTuple

from fmflash.apkg.notetypes import NoteKind
from fmflash.cards.markdown import card_html
from fmflash.cards.model import (
    BasicCard,
    Card,
    ClozeCard,
    ComputedCard,
    Deck,
    card_tags,
)
from fmflash.cards.practice import anki_cases
from fmflash.formulas.typography import typeset_html


class NoteContent(NamedTuple):
    """What Anki stores for one card: its note type, field values (HTML) and tags.

    A named tuple: a rebuild of a large deck makes one per card, most from the card file's cache.
    """

    card_id: str
    kind: NoteKind
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    # A hash of everything Anki would store, so any visible change is a change.
    content_hash: str


def note_content(
    card_id: str, kind: NoteKind, fields: tuple[str, ...], tags: tuple[str, ...]
) -> NoteContent:
    """Make a note's content, with the hash of everything Anki would store of it."""
    # The text of json.dumps([kind, fields, tags], ensure_ascii=False), built directly:
    # this runs for every note a build renders.
    field_text = ", ".join(map(encode_basestring, fields))
    tag_text = ", ".join(map(encode_basestring, tags))
    payload = f'["{kind.value}", [{field_text}], [{tag_text}]]'
    digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
    return NoteContent(card_id, kind, fields, tags, digest)


_SPECIAL = re.compile(r"[&<>\r\n]")


@lru_cache(maxsize=1024)
def to_html(text: str) -> str:
    """Escape text for an Anki field, keeping line breaks; MathJax ``\\(...\\)`` passes through."""
    if not _SPECIAL.search(text):
        return text  # most card text: nothing to escape
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def note_fields(card: Card) -> tuple[NoteKind, tuple[str, ...], tuple[str, ...]]:
    """Return what Anki stores of a card: its note type, fields (HTML) and tags.

    Curated text is Markdown, rendered when the card file was parsed; computed text is
    typeset (a multiplication sign, superscript powers of ten).
    """
    tags = card_tags(card)
    section = to_html(card.section)
    if isinstance(card, BasicCard):
        front, back = card_html(card)
        return NoteKind.BASIC, (front, back, section, card.id, "y" if card.reverse else ""), tags
    if isinstance(card, ClozeCard):
        text, extra = card_html(card)
        return NoteKind.CLOZE, (text, extra, section, card.id), tags
    question, answer, working = computed_html(card)
    if card.practice:
        cases = cases_json([computed_html(case) for case in anki_cases(card, identity=card.id)])
        return NoteKind.PRACTICE, (question, answer, working, cases, section, card.id), tags
    return NoteKind.NUMERIC, (question, answer, working, section, card.id), tags


def computed_html(card: ComputedCard) -> tuple[str, str, str]:
    """Return a computed card's question, answer and working as typeset HTML."""
    working = "<br>".join(map(typeset_html, card.working))
    return typeset_html(card.question), typeset_html(card.answer), working


# In JSON inside a <script> element: "<" could close the element ("</script>"), "&" and ">"
# are escaped too, so that the data reads the same to an HTML parser and to JSON.parse.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def cases_json(cases: Sequence[tuple[str, str, str]]) -> str:
    """Return practice cases (question, answer, working HTML) as JSON safe inside a script."""
    return json.dumps([list(case) for case in cases], ensure_ascii=False).translate(_SCRIPT_SAFE)


def render_card(card: Card) -> NoteContent:
    """Render one card's fields and tags, with its content hash."""
    return note_content(card.id, *note_fields(card))


def render_deck(deck: Deck) -> tuple[NoteContent, ...]:
    """Render every card, in the order new cards should be learned (the notes' order)."""
    return tuple(render_card(card) for card in deck.in_notes_order())
