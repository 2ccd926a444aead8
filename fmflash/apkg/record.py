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

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from fmflash.apkg.notetypes import NoteKind
from fmflash.apkg.render import NoteContent
from fmflash.errors import FmflashError

FORMAT = 2
READABLE_FORMATS = (1, 2)


class Entry(NamedTuple):
    """What the record knows of one card: content hash, change time, section fingerprint."""

    content_hash: str
    changed: int
    section: str | None = None


class Record(NamedTuple):
    """The whole record of the last build."""

    deck_name: str = ""
    note_types: Entry | None = None
    note_schema: str | None = None
    # Never changed in place: every update makes a new record.
    cards: Mapping[str, Entry] = {}
    removed: Mapping[str, Entry] = {}
    sections: Mapping[str, str] = {}

    def package_time(self) -> int:
        """Return the newest change time; the package's own timestamp."""
        times = [entry.changed for entry in self.cards.values()]
        if self.note_types is not None:
            times.append(self.note_types.changed)
        return max(times, default=0)


class Changes(NamedTuple):
    """What a build changes compared with the previous record."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    note_types_changed: bool = False
    schema_changed: bool = False
    renamed_from: str | None = None

    @property
    def any(self) -> bool:
        """Tell whether anything differs from the record."""
        return bool(
            self.added
            or self.changed
            or self.removed
            or self.note_types_changed
            or self.renamed_from is not None
        )


class SectionText(NamedTuple):
    """A notes section as a card sees it: its heading, fingerprint and text."""

    title: str
    fingerprint: str
    text: str


def _entry(data: Mapping[str, object]) -> Entry:
    section = data.get("section")
    return Entry(str(data["hash"]), int(str(data["changed"])), str(section) if section else None)


def parse_record(text: str, *, path: str) -> Record:
    """Read a record from its JSON text; raise a located error if it is damaged."""
    try:
        data = json.loads(text)
        if data.get("format") not in READABLE_FORMATS:
            raise FmflashError.at(
                path,
                f"unsupported record format {data.get('format')!r}; this fmflash reads formats "
                f"{', '.join(map(str, READABLE_FORMATS))}",
            )
        note_types = data.get("note_types")
        return Record(
            deck_name=str(data["deck"]),
            note_types=_entry(note_types) if note_types else None,
            note_schema=str(note_types["schema"])
            if note_types and "schema" in note_types
            else None,
            cards={key: _entry(value) for key, value in data["cards"].items()},
            removed={key: _entry(value) for key, value in data.get("removed", {}).items()},
            sections={str(key): str(value) for key, value in data.get("sections", {}).items()},
        )
    except json.JSONDecodeError as error:
        raise FmflashError.at(
            path,
            f"the build record is not valid JSON ({error.msg}); restore "
            "it from git, or delete it to rebuild every note",
            error.lineno,
            error.colno,
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FmflashError.at(
            path,
            f"the build record is damaged ({error!r}); restore it from "
            "git, or delete it to rebuild every note",
        ) from None


def render_record(record: Record) -> str:
    """Write a record as stable JSON with one line per card, so diffs show each change."""

    def entry(value: Entry, schema: str | None = None) -> str:
        # Hashes and fingerprints are hex digits: written directly, thousands of times faster.
        text = f'{{"hash": "{value.content_hash}", "changed": {value.changed}'
        if schema is not None:
            text += f', "schema": "{schema}"'
        if value.section is not None:
            text += f', "section": "{value.section}"'
        return text + "}"

    def block(values: Mapping[str, str]) -> str:
        lines = ",\n".join(f"  {json.dumps(key)}: {value}" for key, value in sorted(values.items()))
        return "{\n" + lines + "\n }" if lines else "{}"

    note_types = (
        entry(record.note_types, schema=record.note_schema) if record.note_types else "null"
    )
    cards = block({key: entry(value) for key, value in record.cards.items()})
    removed = block({key: entry(value) for key, value in record.removed.items()})
    sections = block(
        {key: json.dumps(text, ensure_ascii=False) for key, text in record.sections.items()}
    )
    return (
        f'{{\n "format": {FORMAT},\n "deck": {json.dumps(record.deck_name, ensure_ascii=False)},\n'
        f' "note_types": {note_types},\n "cards": {cards},\n "removed": {removed},\n'
        f' "sections": {sections}\n}}\n'
    )


def _next(previous: Entry | None, content_hash: str, now: int, section: str) -> Entry:
    if previous is not None and previous.content_hash == content_hash:
        # Unchanged: keep the section as the card last saw it (None: a format 1 record).
        return previous if previous.section else previous._replace(section=section)
    # Strictly newer than the last time, even if the clock (or SOURCE_DATE_EPOCH) is behind.
    floor = previous.changed + 1 if previous is not None else 0
    return Entry(content_hash, max(now, floor), section)


def update_record(
    record: Record,
    contents: Sequence[NoteContent],
    *,
    deck_name: str,
    note_types_hash: str,
    note_schema: str,
    sections: Mapping[str, SectionText],
    now: int,
) -> tuple[Record, Changes]:
    """Compare rendered notes with the record; return the new record and what changed.

    ``sections`` gives each card id's notes section as it is now.
    """
    renamed_from = None
    previous_cards = record.cards
    if record.deck_name and record.deck_name != deck_name:
        # Note GUIDs derive from the deck name: after a rename Anki sees only new notes.
        renamed_from, previous_cards = record.deck_name, {}
    cards: dict[str, Entry] = {}
    added, changed, unchanged = [], [], []
    for content in contents:
        old = previous_cards.get(content.card_id)
        # A card added back continues from its old entry, so its time still moves forward.
        previous = old if old is not None or renamed_from else record.removed.get(content.card_id)
        section = sections[content.card_id].fingerprint
        cards[content.card_id] = _next(previous, content.content_hash, now, section)
        if old is None:
            added.append(content.card_id)
        elif old.content_hash != content.content_hash:
            changed.append(content.card_id)
        else:
            unchanged.append(content.card_id)
    gone = set(record.cards) - set(cards) if renamed_from is None else set(record.cards)
    removed = {
        **{key: entry for key, entry in record.removed.items() if key not in cards},
        **{key: record.cards[key]._replace(section=None) for key in gone},
    }
    note_types = _next(record.note_types, note_types_hash, now, "")
    note_types = note_types._replace(section=None)
    texts = {s.fingerprint: s.text for s in sections.values()}
    texts.update(record.sections)
    new = Record(deck_name, note_types, note_schema, cards, removed, texts)
    changes = Changes(
        added=tuple(added),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        removed=tuple(sorted(gone)),
        note_types_changed=record.note_types is not None and note_types != record.note_types,
        schema_changed=record.note_schema is not None and record.note_schema != note_schema,
        renamed_from=renamed_from,
    )
    return _prune_sections(new), changes


def _prune_sections(record: Record) -> Record:
    """Keep only the section texts some card still refers to."""
    used = {entry.section for entry in record.cards.values()}
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


def acknowledge_removed(record: Record, card_ids: Iterable[str]) -> Record:
    """Forget removed cards the user has deleted in Anki."""
    gone = set(card_ids)
    return record._replace(removed={k: v for k, v in record.removed.items() if k not in gone})


class StaleCard(NamedTuple):
    """A card whose notes section changed since the card was last written or confirmed."""

    card_id: str
    section: str
    old_text: str | None
    new_text: str


def stale_cards(
    record: Record, contents: Sequence[NoteContent], sections: Mapping[str, SectionText]
) -> tuple[StaleCard, ...]:
    """List cards, unedited since the record, whose section text has changed since.

    Computed cards are never stale: their answers come from formulas, not from the prose of
    their section, and an edit of their formula or case already makes them new cards.
    """
    stale = []
    for content in contents:
        if content.kind is NoteKind.NUMERIC:
            continue
        entry = record.cards.get(content.card_id)
        current = sections[content.card_id]
        if (
            entry is not None
            and entry.section is not None
            and entry.content_hash == content.content_hash
            and entry.section != current.fingerprint
        ):
            old = record.sections.get(entry.section)
            stale.append(StaleCard(content.card_id, current.title, old, current.text))
    return tuple(stale)
