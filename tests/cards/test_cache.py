"""The cache only saves time: a damaged cache file is a miss, never an error or other cards."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from fmflash.apkg.build import build
from fmflash.cards.cache import read_part, write_part
from fmflash.cards.load import load_deck, load_review_deck
from fmflash.defaults import cache_folder

from ..conftest import RICH_CARDS, WriteProject

NOW = 1_767_225_600  # 2026-01-01, the same for every build compared
KEY = b"project!"


def flip(position: float) -> Callable[[bytes], bytes]:
    """Damage a file by inverting one byte, at a fraction of its length."""

    def damage(data: bytes) -> bytes:
        at = min(int(len(data) * position), len(data) - 1)
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]

    return damage


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated to half": lambda data: data[: len(data) // 2],
    "last byte cut": lambda data: data[:-1],
    "emptied": lambda data: b"",
    "a byte flipped in the header": flip(0.01),
    "a byte flipped in the middle": flip(0.5),
    "a byte flipped near the end": flip(0.9),
    "the last byte flipped": flip(1.0),
    "zeroed": lambda data: bytes(len(data)),
    "appended to": lambda data: data + b"\x00more",
}


def age(path: Path) -> None:
    """Make a file look written a minute ago, so the cache trusts its signature."""
    when = path.stat().st_mtime_ns - 60 * 10**9
    os.utime(path, ns=(when, when))


def review_cards(cards: Path) -> list[object]:
    """Load the deck as the reviewer does: every summary and every card."""
    review = load_review_deck(str(cards))
    return [*review.summaries(), *review.cards]


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_any_damaged_cache_file_gives_the_package_of_an_empty_cache(
    write_project: WriteProject, tmp_path: Path, damage: str
) -> None:
    cards = write_project(RICH_CARDS)
    age(cards)
    # One project (one key, as its record keeps it), built twice.
    cold = build(str(cards), str(tmp_path / "cold.apkg"), now=NOW, random_bytes=KEY)
    cold_review = review_cards(cards)
    files = sorted(Path(cache_folder()).glob("*.cache"))
    assert sorted(path.name.split(".")[1] for path in files) == [
        "chunks", "deck", "notes", "review"
    ]  # fmt: skip
    for path in files:
        path.write_bytes(DAMAGES[damage](path.read_bytes()))
    again = build(str(cards), str(tmp_path / "again.apkg"), now=NOW, random_bytes=KEY)
    assert (tmp_path / "again.apkg").read_bytes() == (tmp_path / "cold.apkg").read_bytes()
    assert (tmp_path / "again.record.json").read_bytes() == (
        tmp_path / "cold.record.json"
    ).read_bytes()
    assert again.project.chapters == cold.project.chapters
    for path in files:  # damage the parts built again, then review
        path.write_bytes(DAMAGES[damage](path.read_bytes()))
    assert review_cards(cards) == cold_review
    assert load_deck(str(cards)) == cold.project.chapters[0].deck


def test_a_part_is_read_back_only_whole_and_for_its_own_card_file(tmp_path: Path) -> None:
    cards = str(tmp_path / "cards.yaml")
    write_part(cards, "test", {"a": (1, ("x",))}, key="text hash", signature=(1, 2, 3))
    part = read_part(cards, "test")
    assert part is not None
    assert (part.key, part.value, part.signature) == ("text hash", {"a": (1, ("x",))}, (1, 2, 3))
    assert read_part(str(tmp_path / "other.yaml"), "test") is None
    assert read_part(cards, "missing") is None


def test_a_value_the_reader_cannot_decode_is_a_miss(tmp_path: Path) -> None:
    cards = str(tmp_path / "cards.yaml")
    write_part(cards, "test", ("only one field",), key="k")

    def two_fields(value: object) -> tuple[object, object]:
        first, second = value  # type: ignore[misc]
        return first, second

    assert read_part(cards, "test", two_fields) is None


def test_the_cache_folder_is_where_fmflash_cache_dir_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMFLASH_CACHE_DIR", str(tmp_path / "elsewhere"))
    write_part(str(tmp_path / "cards.yaml"), "test", 1, key="k")
    assert [path.name.split(".")[1] for path in (tmp_path / "elsewhere").iterdir()] == ["test"]
