"""Turning cards into Anki note contents: escaped fields, tags and a content hash."""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from json.encoder import encode_basestring
from typing import NamedTuple

from fmflash.apkg.notetypes import NoteKind
from fmflash.cards.model import BasicCard, Card, ClozeCard, Deck, card_html, card_tags
from fmflash.formulas.typography import typeset_html


class NoteContent(NamedTuple):
    """What Anki stores for one card: its note type, field values (HTML), tags and GUID.

    A named tuple: a rebuild of a large deck makes one per card, most from the render cache.
    """

    card_id: str
    kind: NoteKind
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    # A hash of everything Anki would store, so any visible change is a change.
    content_hash: str
    # The note's identity in Anki, from the deck name and the card id (empty until known).
    guid: str = ""


def note_content(
    card_id: str, kind: NoteKind, fields: tuple[str, ...], tags: tuple[str, ...], guid: str = ""
) -> NoteContent:
    """Make a note's content, with the hash of everything Anki would store of it."""
    # The text of json.dumps([kind, fields, tags], ensure_ascii=False), built directly:
    # this runs for every note a build renders.
    field_text = ", ".join(map(encode_basestring, fields))
    tag_text = ", ".join(map(encode_basestring, tags))
    payload = f'["{kind.value}", [{field_text}], [{tag_text}]]'
    digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
    return NoteContent(card_id, kind, fields, tags, digest, guid)


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
# Two base-91 digits at once: half the divisions of the one-digit loop.
_BASE91_PAIRS = [a + b for a in _BASE91 for b in _BASE91]


def note_guid(deck_name: str, card_id: str) -> str:
    """Return the note GUID: from the deck name and card id only, never from the text.

    The same value as ``genanki.guid_for(deck_name, card_id)`` (a test checks it), computed
    without its per-byte loops: it is worked out for every new or edited note.
    """
    digest = hashlib.sha256(f"{deck_name}__{card_id}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    pairs = []
    while number >= 91 * 91:
        number, remainder = divmod(number, 91 * 91)
        pairs.append(_BASE91_PAIRS[remainder])
    head = _BASE91_PAIRS[number] if number >= 91 else _BASE91[number] if number else ""
    return head + "".join(reversed(pairs))


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
    working = "<br>".join(map(typeset_html, card.working))
    question, answer = typeset_html(card.question), typeset_html(card.answer)
    return NoteKind.NUMERIC, (question, answer, working, section, card.id), tags


def render_card(card: Card) -> NoteContent:
    """Render one card's fields and tags, with its content hash (its GUID left out)."""
    return note_content(card.id, *note_fields(card))


def render_deck(deck: Deck) -> tuple[NoteContent, ...]:
    """Render every card, in the order new cards should be learned (the notes' order)."""
    return tuple(render_card(card) for card in deck.in_notes_order())
