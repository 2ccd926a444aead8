"""Reading Anki's files: damaged or foreign ones are named, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fmflash.errors import FmflashError
from fmflash.review.anki.collection import read_anki_history

HINT = (
    "give collection.anki2 from your Anki profile folder, or a .colpkg exported with File > Export"
)


def refused(path: Path) -> str:
    with pytest.raises(FmflashError) as caught:
        read_anki_history(str(path))
    return str(caught.value)


def test_damaged_packages_are_not_collections(tmp_path: Path) -> None:
    empty_zip = tmp_path / "empty.colpkg"
    with zipfile.ZipFile(empty_zip, "w") as package:
        package.writestr("meta", b"\x08\x03")
    assert refused(empty_zip) == (
        f"cannot import {empty_zip}: it is not an Anki collection (a zip without "
        f"collection.anki21b or .anki2); {HINT}"
    )
    garbage = tmp_path / "garbage.colpkg"
    with zipfile.ZipFile(garbage, "w") as package:
        package.writestr("collection.anki21b", b"not zstandard at all")
    assert refused(garbage).startswith(
        f"cannot import {garbage}: it is not an Anki collection (collection.anki21b is damaged"
    )
    flipped = tmp_path / "flipped.colpkg"
    with zipfile.ZipFile(flipped, "w") as package:
        package.writestr("collection.anki21", b"SQLite format 3\x00" + b"\x00" * 4000)
    data = bytearray(flipped.read_bytes())
    data[100] ^= 0xFF  # inside the member: its CRC no longer matches
    flipped.write_bytes(bytes(data))
    assert refused(flipped) == (
        f"cannot import {flipped}: it is not an Anki collection (a damaged zip: Bad CRC-32 for "
        f"file 'collection.anki21'); {HINT}"
    )
    legacy_garbage = tmp_path / "legacy.colpkg"
    with zipfile.ZipFile(legacy_garbage, "w") as package:
        package.writestr("collection.anki21", b"SQLite format 3\x00" + b"\xff" * 4000)
    assert refused(legacy_garbage).startswith(f"cannot import {legacy_garbage}: it is not an")


def test_a_folder_is_named(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"cannot import {tmp_path}: it is a folder, not a file"
