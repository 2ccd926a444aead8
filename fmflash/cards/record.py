"""The build record: every card's identity and history, kept with the project (the one owner).

The record is a JSON file committed beside the project's own package (``NAME.record.json``
beside ``deck/NAME.apkg``), whatever path a build writes a package to: the identities (GUIDs,
note ids) belong to the project. This module alone knows where it lives and its format; it
reads it, writes it (with the package, as one change), and gives the reviewer the identities.
A build's comparison with the record is ``fmflash.apkg.changes``; the rule that makes a new
card's identity is ``fmflash.cards.identity``. Records of formats 1 and 2 are read as they are
and written in format 3 at the next build (docs/build-record.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from fmflash.cards.cache import read_part, signature_of, trusted, write_part
from fmflash.cards.identity import guid_for, new_project_key, note_guid
from fmflash.errors import FmflashError
from fmflash.files import Content, read_text, same_bytes, write_together

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


@dataclass(frozen=True, slots=True)
class Record:
    """The whole record of the last build."""

    deck_name: str = ""
    note_types: CardRecord | None = None
    note_schema: str | None = None
    # Never changed in place: every update makes a new record.
    cards: Mapping[str, CardRecord] = field(default_factory=dict)
    removed: Mapping[str, CardRecord] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)
    # The project's key for new GUIDs; empty until the first build of this version.
    project_key: str = ""
    # Each chapter file's deck name (the root file's is ``deck_name``).
    chapters: Mapping[str, str] = field(default_factory=dict)

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


def record_path(package_path: str) -> str:
    """Return where the build record of a package lives: beside it, ``NAME.record.json``."""
    root, _ = os.path.splitext(package_path)
    return root + ".record.json"


def read_record(package_path: str) -> Record:
    """Read the project's build record (an empty record if there is none yet)."""
    path = record_path(package_path)
    return parse_record(read_text(path), path=path) if os.path.exists(path) else Record()


def adopted_record(package_path: str, output: str | None) -> str | None:
    """Return the record an older fmflash kept beside ``build -o OUTPUT``, if the project has none.

    Before identities belonged to the project, ``build -o PATH`` kept the record beside PATH.
    A project without a record of its own takes that one (it is read, never changed): its
    cards keep their identities, and the record lives with the project from then on.
    """
    if output is None or os.path.lexists(record_path(package_path)):
        return None
    old = record_path(output)
    return old if os.path.isfile(old) else None


def record_bytes(record: Record) -> bytes:
    """Return the record as its file holds it."""
    return render_record(record).encode()


def is_stored(package_path: str, text: bytes) -> bool:
    """Tell whether the project's record file holds exactly this text (``record_bytes``)."""
    return same_bytes(record_path(package_path), text)


def write_record(
    package_path: str,
    record: Record,
    *,
    package: bytes | None = None,
    copies: Iterable[str] = (),
    inputs: Mapping[str, str] | None = None,
    text: bytes | None = None,
) -> None:
    """Write the project's record, with its package (and copies of it) as one change.

    This is the record's one writer. Every file is written whole beside its target first; then
    all are put in place, the package first, with Ctrl-C held off until the last is: the
    package and the record always agree (``files.write_together``). None replaces one of
    ``inputs`` (the project's card and notes files) or a file of another kind. ``text`` is
    the record's ``record_bytes``, when the caller has them already.
    """
    files: list[tuple[str, bytes, Content | None]] = [
        (record_path(package_path), text or record_bytes(record), None)
    ]
    if package is not None:
        files.insert(0, (package_path, package, Content.PACKAGE))
        files += [(copy, package, Content.PACKAGE) for copy in copies]
    write_together(files, inputs=inputs)


def identities_with_key(
    package_path: str, card_ids: Iterable[str], random_bytes: bytes
) -> Identities:
    """Read the record's identities; give the project its key first if a card needs one.

    The reviewer calls this: a card never built gets its identity from the project key, so
    the key must be the one the build will find (it is written into the record, once). A
    record that already knows every card (or has a key) is not written.
    """
    path = record_path(package_path)
    identities = _cached_identities(path)
    if identities.project_key or all(card_id in identities.guids for card_id in card_ids):
        return identities
    record = replace(read_record(package_path), project_key=new_project_key(random_bytes))
    write_record(package_path, record)
    return identities._replace(project_key=record.project_key)


def _cached_identities(path: str) -> Identities:
    """Read a record's identities: from the cache while the record file is unchanged.

    A record of 10,000 cards is 2 MB of JSON; its identities alone load several times faster.
    The record is recognised as the card files are (time, size and inode; see ``cache``).
    """
    signature = signature_of(path)
    if signature is None:
        return Identities("", {})
    cached = read_part(path, "identities", _identities_of_row)
    if cached is not None and cached.signature == signature:
        return cached.value
    identities = read_identities(read_text(path), path=path)
    row = (identities.project_key, dict(identities.guids))
    write_part(path, "identities", row, key="", signature=trusted(signature))
    return identities


def _identities_of_row(row: tuple[str, dict[str, str]]) -> Identities:
    project_key, guids = row
    if not isinstance(project_key, str) or not isinstance(guids, dict):
        raise ValueError("not identities")  # a miss
    return Identities(project_key, guids)
