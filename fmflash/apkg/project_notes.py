"""A project's notes worked out for a build, check and confirm: rendered, ordered, compared.

Each chapter's cards rendered (unchanged entries from the cache), put in the notes' order, each
card's section and practice rule as the notes state them, and a change of a card's kind refused.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence

from fmflash.apkg.changes import SectionText, changed_kinds
from fmflash.apkg.notetypes import NoteKind
from fmflash.apkg.render import NoteContent, render_card
from fmflash.cards.card_cache import CardFileCaches
from fmflash.cards.model import Card, ComputedCard, Deck
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


# An entry's rendered notes as the card file's cache keeps them: each card's kind, fields, tags
# and content hash, with the cards' ``show_rule`` they were rendered for (notes may state a rule).
NoteRows = tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...]
Rules = tuple[bool | None, ...]
_KINDS = {kind.value: kind for kind in NoteKind}


def _kept_notes(encoded: bytes, rules: Rules) -> NoteRows | None:
    """Decode an entry's notes as the card file's cache keeps them, if rendered for ``rules``.

    None if they are not (or on any doubt): the entry is rendered again.
    """
    try:
        kept_rules, rows = marshal.loads(encoded)  # b"" (none kept) raises EOFError
        if kept_rules != rules or len(rows) != len(rules):
            return None
        for kind, _, _, _ in rows:
            if kind not in _KINDS:
                return None
        return rows  # type: ignore[no-any-return]
    except Exception:  # any doubt is a miss: the entry is rendered again
        return None


def _rules(cards: Sequence[Card]) -> Rules:
    """Return what the notes say of the cards' rules (``show_rule``): part of their notes."""
    if not cards or not isinstance(cards[0], ComputedCard):  # no rule in a card entry
        return (None,) * len(cards)
    return tuple(card.show_rule if isinstance(card, ComputedCard) else None for card in cards)


def rendered_notes(cards_path: str, deck: Deck, caches: CardFileCaches) -> tuple[NoteContent, ...]:
    """Render every card of a deck, in file order; entries rendered before come from the cache.

    What an entry renders to depends on its text, fmflash's code (the cache's stamp) and the
    rules its notes state: the card file's cache (``caches``, the command's, which saves it)
    keeps each entry's notes, so a rebuild renders and hashes only the edited cards.
    """
    cache = caches.now(cards_path)
    entries = cache.entries if cache is not None else None
    if cache is None or entries is None:  # parsed whole: no entries to keep notes with
        return tuple(map(render_card, deck.cards))
    kept = entries.notes or (b"",) * len(entries.keys)
    fresh: list[bytes] = []
    contents: list[NoteContent] = []
    start = 0
    for encoded, count in zip(kept, entries.counts, strict=True):
        cards = deck.cards[start : start + count]
        start += count
        rules = _rules(cards)
        rows = _kept_notes(encoded, rules)
        if rows is None:
            made = (render_card(card) for card in cards)
            rows = tuple((c.kind.value, c.fields, c.tags, c.content_hash) for c in made)
            encoded = marshal.dumps((rules, rows))
        fresh.append(encoded)
        for card, (kind, fields, tags, digest) in zip(cards, rows, strict=True):
            contents.append(NoteContent(card.id, _KINDS[kind], fields, tags, digest))
    if fresh != list(kept):  # new notes, or notes of entries now gone
        caches.keep(cards_path, cache._replace(entries=entries._replace(notes=tuple(fresh))))
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
