"""Turning cards into Anki note contents: escaped fields, tags and a content hash."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from json.encoder import encode_basestring

from fmflash.apkg.notetypes import NoteKind
from fmflash.cards.model import BasicCard, Card, ClozeCard, Deck, card_html, card_tags
from fmflash.formulas.typography import typeset_html


@dataclass(frozen=True, slots=True)
class NoteContent:
    """What Anki stores for one card: its note type, field values (HTML) and tags."""

    card_id: str
    kind: NoteKind
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    # A hash of everything Anki would store, so any visible change is a change.
    content_hash: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # The text of json.dumps([kind, fields, tags], ensure_ascii=False), built directly:
        # this runs for every note of every build.
        fields = ", ".join(map(encode_basestring, self.fields))
        tags = ", ".join(map(encode_basestring, self.tags))
        payload = f'["{self.kind.value}", [{fields}], [{tags}]]'
        digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
        object.__setattr__(self, "content_hash", digest)


_SPECIAL = re.compile(r"[&<>\r\n]")


def to_html(text: str) -> str:
    """Escape text for an Anki field, keeping line breaks; MathJax ``\\(...\\)`` passes through."""
    if not _SPECIAL.search(text):
        return text  # most card text: nothing to escape
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def render_card(card: Card) -> NoteContent:
    """Render one card's fields and tags; computed cards are also tagged with their formula.

    Curated text is Markdown, rendered when the card file was parsed; computed text is
    typeset (a multiplication sign, superscript powers of ten).
    """
    tags = card_tags(card)
    section = to_html(card.section)
    if isinstance(card, BasicCard):
        front, back = card_html(card)
        fields = (front, back, section, card.id, "y" if card.reverse else "")
        return NoteContent(card.id, NoteKind.BASIC, fields, tags)
    if isinstance(card, ClozeCard):
        text, extra = card_html(card)
        return NoteContent(card.id, NoteKind.CLOZE, (text, extra, section, card.id), tags)
    working = "<br>".join(map(typeset_html, card.working))
    question, answer = typeset_html(card.question), typeset_html(card.answer)
    numeric_fields = (question, answer, working, section, card.id)
    return NoteContent(card.id, NoteKind.NUMERIC, numeric_fields, tags)


def render_deck(deck: Deck) -> tuple[NoteContent, ...]:
    """Render every card, in the order new cards should be learned (the notes' order)."""
    return tuple(render_card(card) for card in deck.in_notes_order())
