"""The build record: per card, a content hash and the time its content last changed.

Anki updates an existing note on import only when the incoming note's modification time is
newer than its own. genanki stamps every note with one time, so fmflash keeps this record
(committed beside the package) and gives each note the time its own content last changed:
an edit updates exactly that note, and an unchanged build is byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fmflash.errors import FmflashError
from fmflash.render import NoteContent

FORMAT = 1


@dataclass(frozen=True, slots=True)
class Entry:
    """What the record knows of one card (or of the note types)."""

    content_hash: str
    changed: int


@dataclass(frozen=True, slots=True)
class Record:
    """The whole record: deck name, note types entry and one entry per card id."""

    deck_name: str = ""
    note_types: Entry | None = None
    cards: Mapping[str, Entry] = field(default_factory=dict)

    def package_time(self) -> int:
        """Return the newest change time; the package's own timestamp."""
        times = [entry.changed for entry in self.cards.values()]
        if self.note_types is not None:
            times.append(self.note_types.changed)
        return max(times, default=0)


@dataclass(frozen=True, slots=True)
class Changes:
    """What a build changes compared with the previous record."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    note_types_changed: bool = False
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


def parse_record(text: str, *, path: str) -> Record:
    """Read a record from its JSON text; raise a located error if it is damaged."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise FmflashError.at(
                path,
                f"unsupported record format {data.get('format')!r}; "
                f"this fmflash reads format {FORMAT}",
            )
        note_types = data.get("note_types")
        return Record(
            deck_name=str(data["deck"]),
            note_types=Entry(note_types["hash"], int(note_types["changed"]))
            if note_types
            else None,
            cards={
                key: Entry(str(value["hash"]), int(value["changed"]))
                for key, value in data["cards"].items()
            },
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

    def entry(value: Entry) -> str:
        return json.dumps({"hash": value.content_hash, "changed": value.changed})

    note_types = entry(record.note_types) if record.note_types else "null"
    cards = ",\n".join(
        f"  {json.dumps(key)}: {entry(value)}" for key, value in sorted(record.cards.items())
    )
    return (
        f'{{\n "format": {FORMAT},\n "deck": {json.dumps(record.deck_name, ensure_ascii=False)},\n'
        f' "note_types": {note_types},\n "cards": {{\n{cards}\n }}\n}}\n'
    )


def _next(previous: Entry | None, content_hash: str, now: int) -> Entry:
    if previous is not None and previous.content_hash == content_hash:
        return previous
    # Strictly newer than the last time, even if the clock (or SOURCE_DATE_EPOCH) is behind.
    floor = previous.changed + 1 if previous is not None else 0
    return Entry(content_hash, max(now, floor))


def update_record(
    record: Record,
    contents: Sequence[NoteContent],
    *,
    deck_name: str,
    note_types_hash: str,
    now: int,
) -> tuple[Record, Changes]:
    """Compare rendered notes with the record; return the new record and what changed."""
    renamed_from = None
    previous_cards = record.cards
    if record.deck_name and record.deck_name != deck_name:
        # Note GUIDs derive from the deck name: after a rename Anki sees only new notes.
        renamed_from, previous_cards = record.deck_name, {}
    cards: dict[str, Entry] = {}
    added, changed, unchanged = [], [], []
    for content in contents:
        old = previous_cards.get(content.card_id)
        cards[content.card_id] = _next(old, content.content_hash, now)
        if old is None:
            added.append(content.card_id)
        elif old.content_hash != content.content_hash:
            changed.append(content.card_id)
        else:
            unchanged.append(content.card_id)
    removed = (
        sorted(set(record.cards) - set(cards)) if renamed_from is None else sorted(record.cards)
    )
    note_types = _next(record.note_types, note_types_hash, now)
    changes = Changes(
        added=tuple(added),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        note_types_changed=note_types != record.note_types,
        renamed_from=renamed_from,
    )
    return Record(deck_name, note_types, cards), changes
