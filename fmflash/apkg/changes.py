"""The build record: per card, a content hash, the time its content last changed, and the
fingerprint of its notes section as it was when the card was last written or confirmed.

Anki updates an existing note on import only when the incoming note's modification time is
newer than its own. genanki stamps every note with one time, so fmflash keeps this record
(committed beside the package) and gives each note the time its own content last changed:
an edit updates exactly that note, and an unchanged build is byte-identical. The section
fingerprints (with the section texts they stand for) tell which cards an edit of the notes
may have made outdated; removed cards are remembered until the user says they are gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from fmflash.apkg.notetypes import NoteKind
from fmflash.apkg.render import NoteContent
from fmflash.cards.identity import new_note_id
from fmflash.cards.record_format import CardRecord, Record, card_guid
from fmflash.formulas.statement import rule_statement


class Changes(NamedTuple):
    """What a build changes compared with the previous record."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    note_types_changed: bool = False
    schema_changed: bool = False
    # Decks renamed since the last build: (old name, new name).
    renamed: tuple[tuple[str, str], ...] = ()
    # Cards now in another chapter's deck: (card id, old deck, new deck).
    moved: tuple[tuple[str, str, str], ...] = ()

    @property
    def any(self) -> bool:
        """Tell whether anything differs from the record."""
        return bool(
            self.added
            or self.changed
            or self.removed
            or self.note_types_changed
            or self.renamed
            or self.moved
        )


class SectionText(NamedTuple):
    """A notes section as a card sees it: its heading, fingerprint and text."""

    title: str
    fingerprint: str
    text: str


def _next(previous: CardRecord | None, content_hash: str, now: int, section: str) -> CardRecord:
    if previous is not None and previous.content_hash == content_hash:
        # Unchanged: keep the section as the card last saw it (None: a format 1 record).
        return previous if previous.section else previous._replace(section=section)
    # Strictly newer than the last time, even if the clock (or SOURCE_DATE_EPOCH) is behind.
    floor = previous.changed + 1 if previous is not None else 0
    if previous is None:
        return CardRecord(content_hash, max(now, floor), section)
    return previous._replace(content_hash=content_hash, changed=max(now, floor), section=section)


class Placement(NamedTuple):
    """Where the cards sit now: each card's chapter, and each chapter's deck name."""

    # Card id -> chapter (its card file relative to the root's folder; "" for the root).
    chapter_of: Mapping[str, str]
    # Chapter -> its deck name.
    decks: Mapping[str, str]


def update_record(
    record: Record,
    contents: Sequence[NoteContent],
    *,
    placement: Placement,
    note_types_hash: str,
    note_schema: str,
    sections: Mapping[str, SectionText],
    now: int,
) -> tuple[Record, Changes]:
    """Compare rendered notes with the record; return the new record and what changed.

    ``sections`` gives each card id's notes section as it is now. Every card keeps the
    identity (GUID, note id) the record holds for it; a new card gets one from the project
    key (the record must have one). A card's kind is never changed here: see ``kind_changes``.
    """
    cards: dict[str, CardRecord] = {}
    added, changed, unchanged, moved = [], [], [], []
    taken = {e.note_id for e in (*record.cards.values(), *record.removed.values()) if e.note_id}
    for content in contents:
        card_id = content.card_id
        old = record.cards.get(card_id)
        # A card added back continues from its old record, so its time still moves forward.
        previous = old if old is not None else record.removed.get(card_id)
        section = sections[card_id].fingerprint
        recorded = _next(previous, content.content_hash, now, section)
        chapter = placement.chapter_of[card_id]
        if not recorded.guid:
            note_id = new_note_id(record.project_key, card_id, now=now, taken=taken)
            taken.add(note_id)
            recorded = recorded._replace(guid=card_guid(record, card_id), note_id=note_id)
        if old is not None and old.chapter != chapter:
            before, after = record.deck_of(old.chapter), placement.decks[chapter]
            if before is not None and before != after:
                moved.append((card_id, before, after))
        cards[card_id] = recorded._replace(kind=content.kind.value, chapter=chapter)
        if old is None:
            added.append(card_id)
        elif old.content_hash != content.content_hash:
            changed.append(card_id)
        else:
            unchanged.append(card_id)
    gone = set(record.cards) - set(cards)
    removed = {
        **{key: recorded for key, recorded in record.removed.items() if key not in cards},
        **{key: record.cards[key]._replace(section=None) for key in gone},
    }
    note_types = _next(record.note_types, note_types_hash, now, "")
    note_types = note_types._replace(section=None)
    texts = {s.fingerprint: s.text for s in sections.values()}
    texts.update(record.sections)
    renamed = tuple(
        (before, name)
        for chapter, name in placement.decks.items()
        if (before := record.deck_of(chapter)) is not None and before != name
    )
    new = record._replace(
        deck_name=placement.decks[""],
        note_types=note_types,
        note_schema=note_schema,
        cards=cards,
        removed=removed,
        sections=texts,
        chapters={chapter: name for chapter, name in placement.decks.items() if chapter},
    )
    changes = Changes(
        added=tuple(added),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        removed=tuple(sorted(gone)),
        note_types_changed=record.note_types is not None and note_types != record.note_types,
        schema_changed=record.note_schema is not None and record.note_schema != note_schema,
        renamed=renamed,
        moved=tuple(moved),
    )
    return _prune_sections(new), changes


def changed_kinds(record: Record, contents: Sequence[NoteContent]) -> list[tuple[str, str, str]]:
    """List cards whose kind differs from the one the record holds: (id, old, new)."""
    found = []
    for content in contents:
        known = record.cards.get(content.card_id) or record.removed.get(content.card_id)
        if known is not None and known.kind and known.kind != content.kind.value:
            found.append((content.card_id, known.kind, content.kind.value))
    return found


def _prune_sections(record: Record) -> Record:
    """Keep only the section texts some card still refers to."""
    used = {recorded.section for recorded in record.cards.values()}
    return record._replace(sections={k: v for k, v in record.sections.items() if k in used})


def confirm_cards(
    record: Record, card_ids: Iterable[str], sections: Mapping[str, SectionText]
) -> Record:
    """Mark cards as checked against their section's current text."""
    cards = dict(record.cards)
    texts = dict(record.sections)
    for card_id in card_ids:
        current = sections[card_id]
        cards[card_id] = cards[card_id]._replace(section=current.fingerprint)
        texts[current.fingerprint] = current.text
    return _prune_sections(record._replace(cards=cards, sections=texts))


class StaleCard(NamedTuple):
    """A card whose notes section changed since the card was last written or confirmed."""

    card_id: str
    section: str
    old_text: str | None
    new_text: str


def stale_cards(
    record: Record,
    contents: Sequence[NoteContent],
    sections: Mapping[str, SectionText],
    *,
    rules: Mapping[str, str] | None = None,
) -> tuple[StaleCard, ...]:
    """List cards, unedited since the record, whose section text has changed since.

    A curated card or a fixed case (its answer is a fact of the notes) is stale after any
    edit of its section. A practice card is not: its text comes from its formula, not from
    the prose. It is stale only when the notes' statement of its rule changed: ``rules``
    gives each practice card's pattern for that statement (``Formula.rule_in_notes``).
    """
    rules = rules or {}
    stale = []
    for content in contents:
        recorded = record.cards.get(content.card_id)
        current = sections[content.card_id]
        if (
            recorded is None
            or recorded.section is None
            or recorded.content_hash != content.content_hash
            or recorded.section == current.fingerprint
        ):
            continue
        old = record.sections.get(recorded.section)
        if content.kind is NoteKind.PRACTICE and not _rule_restated(
            rules.get(content.card_id, ""), old, current.text
        ):
            continue
        stale.append(StaleCard(content.card_id, current.title, old, current.text))
    return tuple(stale)


def _rule_restated(pattern: str, old: str | None, new: str) -> bool:
    """Tell whether an edit changed the words that state a rule (numbers aside)."""
    return old is not None and rule_statement(pattern, old) != rule_statement(pattern, new)
