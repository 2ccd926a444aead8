"""The build record's file: kept with the project (the one owner), read and written.

The record is a JSON file committed beside the project's own package (``NAME.record.json``
beside ``deck/NAME.apkg``), whatever path a build writes a package to: the identities (GUIDs,
note ids) belong to the project. This module alone knows where it lives; it reads it, writes it
(with the package, as one change), and gives the reviewer the identities. Its format is
``fmflash.cards.record_format``; a build's comparison with the record is
``fmflash.apkg.changes``; the rule that makes a new card's identity is
``fmflash.cards.identity``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from fmflash.cards.cache import read_cache, text_hash, write_cache
from fmflash.cards.identity import new_project_key
from fmflash.cards.record_format import (
    Identities,
    Record,
    parse_record,
    read_identities,
    record_bytes,
)
from fmflash.files.atomic import Content
from fmflash.files.reading import read_text, same_bytes
from fmflash.files.together import write_together


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
    all are put in place, the record first, with Ctrl-C held off until the last is: the
    package and the record always agree (``files.together.write_together``). A process killed
    between two renames (which nothing can hold off) leaves a record with the old package, so
    no package is ever out without the record of its identities: the next build gives the
    package the record's, where a record left behind its package would have a first build
    draw a new project key, and every note a new GUID. None replaces one of
    ``inputs`` (the project's card and notes files) or a file of another kind. ``text`` is
    the record's ``record_bytes``, when the caller has them already.
    """
    files: list[tuple[str, bytes, Content | None]] = [
        (record_path(package_path), text or record_bytes(record), None)
    ]
    if package is not None:
        files.append((package_path, package, Content.PACKAGE))
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
    record = read_record(package_path)._replace(project_key=new_project_key(random_bytes))
    write_record(package_path, record)
    return identities._replace(project_key=record.project_key)


def _cached_identities(path: str) -> Identities:
    """Read a record's identities: from the cache while the record's text is the same.

    A record of 10,000 cards is 2 MB of JSON; its identities alone load several times faster.
    """
    if not os.path.exists(path):
        return Identities("", {})
    text = read_text(path)
    digest = text_hash(text)
    cached = read_cache(path, _identities_of_row)
    if cached is not None and cached[0] == digest:
        return cached[1]
    identities = read_identities(text, path=path)
    write_cache(path, (digest, identities.project_key, dict(identities.guids)))
    return identities


def _identities_of_row(row: tuple[str, str, dict[str, str]]) -> tuple[str, Identities]:
    digest, project_key, guids = row
    if not all(isinstance(value, str) for value in (digest, project_key)):
        raise ValueError("not identities")  # a miss
    if not isinstance(guids, dict):
        raise ValueError("not identities")
    return digest, Identities(project_key, guids)
