"""A card's identity (pure): its note GUID and its Anki note id, and the rules that make them.

A card's identity is its Anki note GUID. It is fixed the first time the card is built and kept
in the build record (``fmflash.cards.record``), so it survives renaming the card's deck or the
course and moving the card to another chapter. New GUIDs derive from the project's own random
key (made once, kept in the record), never from names: two projects with the same ids and deck
names never share a note in Anki, nor a schedule in the reviewer. Records of format 2 and older
knew no key: their cards keep the GUID they had, derived from the deck name and id.
"""

from __future__ import annotations

from hashlib import sha256

# Anki's digits for GUIDs, as genanki writes them.
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def note_guid(seed: str, card_id: str) -> str:
    """Return a note GUID made from a seed (the project key, or an old record's deck name).

    The same value as ``genanki.guid_for(seed, card_id)`` (a test checks it): the first eight
    bytes of a SHA-256, written in base 91.
    """
    digest = sha256(f"{seed}__{card_id}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    digits = []
    while number:
        number, digit = divmod(number, 91)
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def new_project_key(random_bytes: bytes) -> str:
    """Return a project key from random bytes (the shell draws them once, at the first build)."""
    return random_bytes.hex()


def guid_for(known: str | None, project_key: str, card_id: str) -> str:
    """The one rule: the GUID the record keeps, else the one the project key gives."""
    if known:
        return known
    if not project_key:
        raise ValueError("a new card's identity needs the project key")
    return note_guid(project_key, card_id)


# New note ids lie within this many milliseconds before the card's first build, spread by the
# project key: two projects built the same day almost never give a note the same id.
_NOTE_ID_SPREAD = 10**9


def new_note_id(project_key: str, card_id: str, *, now: int, taken: set[int]) -> int:
    """Return a note id for a new card: fixed once, so ``nid:`` finds it in Anki.

    Anki keeps an imported note's id when the collection has no note of that id (its Created
    column reads it as a time: this one lies at most twelve days before the first build).
    """
    digest = sha256(f"{project_key}__{card_id}__note".encode()).digest()
    note_id = now * 1000 - 10**6 - int.from_bytes(digest[:8], "big") % _NOTE_ID_SPREAD
    while note_id in taken:
        note_id -= 1
    return note_id
