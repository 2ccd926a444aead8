"""The build record's format: its types, and its JSON read and written (pure).

A record holds every card's identity (GUID, note id, note kind) and history (content hash,
change time, section fingerprint), and each chapter's deck name. Records of formats 1 and 2 are
read as they are and written in format 3 (docs/build-record.md). Where the record lives, and
reading and writing its file, is ``fmflash.cards.record``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import NamedTuple

from fmflash.cards.identity import guid_for, note_guid
from fmflash.errors import FmflashError

FORMAT = 3
READABLE_FORMATS = (1, 2, 3)


class CardRecord(NamedTuple):
    """What the record knows of one card: content hash, change time, section fingerprint.

    Also its identity (GUID), its Anki note id and note kind once fixed, and its chapter (the
    chapter card file, relative to the root card file's folder; empty for the root file).
    """

    content_hash: str
    changed: int
    section: str | None = None
    guid: str = ""
    kind: str = ""
    note_id: int = 0
    chapter: str = ""


class Record(NamedTuple):
    """The whole record of the last build."""

    deck_name: str = ""
    note_types: CardRecord | None = None
    note_schema: str | None = None
    # Never changed in place: every update makes a new record (the empty defaults are shared).
    cards: Mapping[str, CardRecord] = {}
    removed: Mapping[str, CardRecord] = {}
    sections: Mapping[str, str] = {}
    # The project's key for new GUIDs; empty until the first build of this version.
    project_key: str = ""
    # Each chapter file's deck name (the root file's is ``deck_name``).
    chapters: Mapping[str, str] = {}

    def package_time(self) -> int:
        """Return the newest change time; the package's own timestamp."""
        times = [recorded.changed for recorded in self.cards.values()]
        if self.note_types is not None:
            times.append(self.note_types.changed)
        return max(times, default=0)

    def deck_of(self, chapter: str) -> str | None:
        """Return the deck name a chapter had at the last build (None if it had none)."""
        return self.deck_name or None if not chapter else self.chapters.get(chapter)


class Identities(NamedTuple):
    """What the reviewer needs of a record: the project key and every known card's GUID."""

    project_key: str
    # Card id -> GUID, for the record's cards and removed cards.
    guids: Mapping[str, str]

    def guid(self, card_id: str) -> str:
        """Return a card's GUID, as ``card_guid`` does."""
        return guid_for(self.guids.get(card_id), self.project_key, card_id)


def card_guid(record: Record, card_id: str) -> str:
    """Return a card's GUID: the one the record keeps, else the new one its project key gives.

    A removed card that comes back keeps its old GUID: Anki still holds its note.
    """
    known = record.cards.get(card_id) or record.removed.get(card_id)
    return guid_for(known.guid if known is not None else None, record.project_key, card_id)


def read_identities(text: str, *, path: str) -> Identities:
    """Read only the identities of a record's JSON text: a review start reads nothing more.

    A record of format 2 or older gives its cards the GUIDs of deck name and id, as
    ``parse_record`` does; a damaged record is the same located error.
    """
    try:
        data = json.loads(text)
        deck_name = str(data["deck"])
        guids = {
            str(card_id): str(recorded.get("guid") or note_guid(deck_name, card_id))
            for part in ("removed", "cards")
            for card_id, recorded in data.get(part, {}).items()
        }
        return Identities(str(data.get("project", "")), guids)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        parse_record(text, path=path)  # raises the located error
        raise


def _card_record(data: Mapping[str, object]) -> CardRecord:
    section = data.get("section")
    return CardRecord(
        str(data["hash"]),
        int(str(data["changed"])),
        str(section) if section else None,
        str(data.get("guid", "")),
        str(data.get("kind", "")),
        int(str(data.get("note", 0))),
        str(data.get("chapter", "")),
    )


def _with_guids(records: Mapping[str, CardRecord], deck_name: str) -> dict[str, CardRecord]:
    """Give cards of an older record the GUID they have had: from the deck name and id."""
    return {
        key: recorded if recorded.guid else recorded._replace(guid=note_guid(deck_name, key))
        for key, recorded in records.items()
    }


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
        deck_name = str(data["deck"])
        cards = {key: _card_record(value) for key, value in data["cards"].items()}
        removed = {key: _card_record(value) for key, value in data.get("removed", {}).items()}
        return Record(
            deck_name=deck_name,
            note_types=_card_record(note_types) if note_types else None,
            note_schema=str(note_types["schema"])
            if note_types and "schema" in note_types
            else None,
            cards=_with_guids(cards, deck_name),
            removed=_with_guids(removed, deck_name),
            sections={str(key): str(value) for key, value in data.get("sections", {}).items()},
            project_key=str(data.get("project", "")),
            chapters={str(key): str(value) for key, value in data.get("chapters", {}).items()},
        )
    except json.JSONDecodeError as error:
        raise FmflashError.at(
            path,
            f"the build record is not valid JSON ({error.msg}); restore it from git (it holds "
            "every card's identity in Anki)",
            error.lineno,
            error.colno,
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FmflashError.at(
            path,
            f"the build record is damaged ({error!r}); restore it from git (it holds every "
            "card's identity in Anki)",
        ) from None


def render_record(record: Record) -> str:
    """Write a record as stable JSON with one line per card, so diffs show each change."""

    def card_json(value: CardRecord, schema: str | None = None) -> str:
        # GUIDs, hashes and fingerprints hold no quote or backslash: written directly.
        text = "{"
        if value.guid:
            text += f'"guid": "{value.guid}", "note": {value.note_id}, "kind": "{value.kind}", '
        if value.chapter:
            text += f'"chapter": {json.dumps(value.chapter, ensure_ascii=False)}, '
        text += f'"hash": "{value.content_hash}", "changed": {value.changed}'
        if schema is not None:
            text += f', "schema": "{schema}"'
        if value.section is not None:
            text += f', "section": "{value.section}"'
        return text + "}"

    def block(values: Mapping[str, str]) -> str:
        lines = ",\n".join(f"  {json.dumps(key)}: {value}" for key, value in sorted(values.items()))
        return "{\n" + lines + "\n }" if lines else "{}"

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    note_types = (
        card_json(record.note_types, schema=record.note_schema) if record.note_types else "null"
    )
    cards = block({key: card_json(value) for key, value in record.cards.items()})
    removed = block({key: card_json(value) for key, value in record.removed.items()})
    sections = block({key: text(value) for key, value in record.sections.items()})
    chapters = block({key: text(value) for key, value in record.chapters.items()})
    return (
        f'{{\n "format": {FORMAT},\n "project": "{record.project_key}",\n'
        f' "deck": {text(record.deck_name)},\n "chapters": {chapters},\n'
        f' "note_types": {note_types},\n "cards": {cards},\n "removed": {removed},\n'
        f' "sections": {sections}\n}}\n'
    )


def record_bytes(record: Record) -> bytes:
    """Return the record as its file holds it."""
    return render_record(record).encode()
