"""Reading Anki's files: damaged or foreign ones are named, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from anki.collection import Collection

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


def test_a_folder_without_a_collection_is_named(tmp_path: Path) -> None:
    assert refused(tmp_path) == (
        f"cannot import {tmp_path}: it is a folder without collection.anki2; give your Anki "
        "profile folder (~/.local/share/Anki2/User 1 on Linux) or the collection.anki2 in it"
    )


def test_a_profile_folder_is_read_through_its_collection(tmp_path: Path) -> None:
    Collection(str(tmp_path / "collection.anki2")).close()
    assert read_anki_history(str(tmp_path)).reviews == ()


def test_a_deck_package_is_not_a_collection(tmp_path: Path) -> None:
    package = tmp_path / "deck.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("collection.anki2", Path(empty_collection(tmp_path)).read_bytes())
    assert refused(package) == (
        f"cannot import {package}: it is a deck package (.apkg), which holds cards, not your "
        "reviews; give collection.anki2 from your Anki profile folder, or a .colpkg exported "
        "with File > Export (Anki Collection Package)"
    )


def empty_collection(tmp_path: Path) -> str:
    path = tmp_path / "empty" / "collection.anki2"
    path.parent.mkdir(exist_ok=True)
    Collection(str(path)).close()
    return str(path)


# How much the bombs may write: far less than they unpack to (256 MB and more).
WRITE_LIMIT = 100_000_000
ZEROS = bytes(1 << 24)


def zstd_bomb(path: Path, start: bytes, megabytes: int) -> None:
    """A current .colpkg whose collection.anki21b unpacks to ``start`` and then zeros."""
    import zstandard

    with (
        zipfile.ZipFile(path, "w") as package,
        package.open("collection.anki21b", "w") as member,
        zstandard.ZstdCompressor().stream_writer(member, closefd=False) as writer,
    ):
        writer.write(start)
        for _ in range(megabytes // 16):
            writer.write(ZEROS)


def deflate_bomb(path: Path, start: bytes, megabytes: int) -> None:
    """A legacy .colpkg whose collection.anki21 unpacks to ``start`` and then zeros."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package,
        package.open("collection.anki21", "w", force_zip64=True) as writer,
    ):
        writer.write(start)
        for _ in range(megabytes // 16):
            writer.write(ZEROS)


def refused_within_write_limit(path: Path) -> str:
    """Import in a process that may write no file larger than WRITE_LIMIT; its error."""
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({WRITE_LIMIT}, {WRITE_LIMIT}))\n"
        "from fmflash.errors import FmflashError\n"
        "from fmflash.review.anki.collection import read_anki_history\n"
        "try:\n"
        "    read_anki_history(sys.argv[1])\n"
        "except FmflashError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout.strip()


@pytest.mark.parametrize("make_bomb", [zstd_bomb, deflate_bomb])
def test_a_bomb_behind_a_real_header_stops_at_the_size_it_declares(
    tmp_path: Path, make_bomb: Callable[[Path, bytes, int], None]
) -> None:
    start = Path(empty_collection(tmp_path)).read_bytes()
    bomb = tmp_path / "bomb.colpkg"
    make_bomb(bomb, start, 256)
    member = "collection.anki21b" if make_bomb is zstd_bomb else "collection.anki21"
    assert refused_within_write_limit(bomb) == (
        f"cannot import {bomb}: it is not an Anki collection ({member} unpacks to more than "
        f"{len(start):,} bytes, more than a collection of its size can hold: a damaged or "
        f"hostile package); {HINT}"
    )


def test_a_bomb_of_zeros_is_not_a_database(tmp_path: Path) -> None:
    bomb = tmp_path / "zeros.colpkg"
    zstd_bomb(bomb, b"", 1024)
    assert refused_within_write_limit(bomb) == (
        f"cannot import {bomb}: it is not an Anki collection (collection.anki21b is not a "
        f"SQLite database); {HINT}"
    )


def test_without_a_page_count_a_bomb_stops_at_a_hundred_times_its_size(tmp_path: Path) -> None:
    start = bytearray(Path(empty_collection(tmp_path)).read_bytes()[:100])
    start[92:96] = (int.from_bytes(start[24:28], "big") + 1).to_bytes(4, "big")  # stale count
    bomb = tmp_path / "bomb.colpkg"
    zstd_bomb(bomb, bytes(start), 256)
    assert refused_within_write_limit(bomb) == (
        f"cannot import {bomb}: it is not an Anki collection (collection.anki21b unpacks to "
        f"more than 64 MB, more than a collection of its size can hold: a damaged or hostile "
        f"package); {HINT}"
    )
