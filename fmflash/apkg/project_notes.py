"""A project's notes worked out for a build, check and confirm: rendered, ordered, compared.

Each chapter's cards rendered (unchanged chunks from the cache), put in the notes' order, each
card's section and practice rule as the notes state them, and a change of a card's kind refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from fmflash.apkg.changes import SectionText, changed_kinds
from fmflash.apkg.notetypes import NoteKind
from fmflash.apkg.render import NoteContent, render_card
from fmflash.cards.cache import read_part, write_part
from fmflash.cards.model import ComputedCard, Deck
from fmflash.cards.practice import formula_of
from fmflash.cards.project import Project
from fmflash.cards.record_format import Record
from fmflash.errors import FmflashError, Problem


def decks_of(project: Project) -> list[Deck]:
    """Return the decks of a project's chapters, root first."""
    return [chapter.deck for chapter in project.chapters]


def section_texts(decks: Sequence[Deck]) -> dict[str, SectionText]:
    """Return each card's notes section as it is now, by card id, in every chapter."""
    texts: dict[str, SectionText] = {}
    for deck in decks:
        by_title: dict[str, SectionText] = {}
        for section in reversed(deck.notes.sections):  # the first of equal headings wins
            by_title[section.title] = SectionText(section.title, section.fingerprint, section.text)
        texts.update((card.id, by_title[card.section]) for card in deck.cards)
    return texts


def practice_rules(decks: Sequence[Deck]) -> dict[str, str]:
    """Return each practice card's pattern for its rule as notes state it, by card id."""
    return {
        card.id: formula_of(card).rule_in_notes
        for deck in decks
        for card in deck.cards
        if isinstance(card, ComputedCard) and card.practice
    }


# The render cache's rows: each chunk's notes as (kind, fields, tags, content hash).
NoteRows = tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...]


def _note_rows(value: Any) -> dict[str, NoteRows]:
    """Check the render cache's rows as read: every kind is a note type's."""
    kinds = {kind.value for kind in NoteKind}
    if not all(row[0] in kinds for rows in value.values() for row in rows):
        raise ValueError("an unknown note type")
    return dict(value)


def rendered_notes(cards_path: str, deck: Deck) -> tuple[NoteContent, ...]:
    """Render every card of a deck, in file order; unchanged chunks come from the cache.

    What a chunk of the card file renders to depends only on its text and fmflash's code (the
    cache's stamp): rendering keeps its own part of the card file's cache (``notes``), so that
    a rebuild after an edit renders and hashes only the edited cards.
    """
    if not deck.sources:  # parsed whole: nothing to key a cache by
        return tuple(map(render_card, deck.cards))
    stored = read_part(cards_path, "notes", _note_rows)
    cached = stored.value if stored is not None else {}
    kinds = {kind.value: kind for kind in NoteKind}
    fresh: dict[str, NoteRows] = {}
    contents: list[NoteContent] = []
    start = 0
    for source, group in groupby(deck.sources):
        cards = deck.cards[start : start + len(list(group))]
        start += len(cards)
        rows = fresh.get(source) or cached.get(source)
        if rows is None or len(rows) != len(cards):
            made = (render_card(card) for card in cards)
            rows = tuple((c.kind.value, c.fields, c.tags, c.content_hash) for c in made)
        fresh[source] = rows
        for card, (kind, fields, tags, digest) in zip(cards, rows, strict=True):
            contents.append(NoteContent(card.id, kinds[kind], fields, tags, digest))
    if fresh != cached:
        write_part(cards_path, "notes", fresh, key="")
    return tuple(contents)


KIND_NAMES = {
    "basic": "question/answer",
    "cloze": "cloze",
    "numeric": "computed",
    "practice": "practice",
}


def refuse_kind_changes(project: Project, record: Record, contents: Sequence[NoteContent]) -> None:
    """Raise a located error for each card whose kind differs from its last build's.

    ``contents`` are the project's rendered notes, in file order (``rendered_notes``).
    """
    lines = {card.id: (chapter.path, card.line) for chapter in project.chapters
             for card in chapter.deck.cards}  # fmt: skip
    problems = []
    for card_id, old, new in changed_kinds(record, contents):
        path, line = lines[card_id]
        old_name, new_name = KIND_NAMES.get(old, old), KIND_NAMES.get(new, new)
        problems.append(
            Problem(
                path,
                f"card '{card_id}' was a {old_name} card when it was last built and is now a "
                f"{new_name} card: Anki ignores an update that changes a note's type, so it "
                f"would keep the old card. Give this card a new id (its review history starts "
                "again; delete the old note in Anki with the search 'fmflash removed' prints)",
                line,
            )
        )
    if problems:
        raise FmflashError(problems)


def project_contents(
    project: Project, rendered: Sequence[tuple[NoteContent, ...]]
) -> list[tuple[str, tuple[NoteContent, ...]]]:
    """Put each chapter's rendered notes (in file order) in the notes' order, by deck name."""
    chapters = []
    for chapter, in_file_order in zip(project.chapters, rendered, strict=True):
        deck = chapter.deck
        chapters.append((deck.name, tuple(in_file_order[i] for i in deck.notes_order())))
    return chapters
