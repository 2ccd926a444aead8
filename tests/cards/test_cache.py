"""The cache only saves time: a damaged cache file is a miss, never an error or other cards."""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from fmflash.apkg.build import build
from fmflash.cards.cache import cache_file, code_stamp, read_cache, write_cache
from fmflash.cards.load import load_deck, load_review_deck
from fmflash.defaults import cache_folder

from ..conftest import RICH_CARDS, WriteProject
from ..files.test_atomic import ctrl_c_once_made

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
    assert files == [Path(cache_file(str(cards)))]  # one cache for the card file
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


def test_a_value_is_read_back_only_whole_and_for_its_own_source_file(tmp_path: Path) -> None:
    cards = str(tmp_path / "cards.yaml")
    assert read_cache(cards) is None  # none written yet
    write_cache(cards, ("text hash", {"a": (1, ("x",))}))
    assert read_cache(cards) == ("text hash", {"a": (1, ("x",))})
    assert read_cache(str(tmp_path / "other.yaml")) is None


def test_ctrl_c_while_a_cache_file_is_written_leaves_no_file_and_a_failure_is_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = str(tmp_path / "cards.yaml")
    folder = Path(cache_file(cards)).parent
    with monkeypatch.context() as patched:
        ctrl_c_once_made(patched, "open")
        with pytest.raises(KeyboardInterrupt):
            write_cache(cards, ("text hash", 1))
    assert list(folder.iterdir()) == []
    write_cache(cards, ("text hash", object()))  # marshal cannot write it: no cache, no error
    assert list(folder.iterdir()) == []
    assert read_cache(cards) is None


def test_a_value_the_reader_cannot_decode_is_a_miss(tmp_path: Path) -> None:
    cards = str(tmp_path / "cards.yaml")
    write_cache(cards, ("only one field",))

    def two_fields(value: object) -> tuple[object, object]:
        first, second = value  # type: ignore[misc]
        return first, second

    assert read_cache(cards, two_fields) is None


def test_the_cache_folder_is_where_fmflash_cache_dir_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMFLASH_CACHE_DIR", str(tmp_path / "elsewhere"))
    write_cache(str(tmp_path / "cards.yaml"), 1)
    assert [path.suffix for path in (tmp_path / "elsewhere").iterdir()] == [".cache"]


def _write_old_part(path: str, cards: str, part: str, value: object, key: str) -> None:
    """Write a part as fmflash wrote its cache before one cache per card file (format 5)."""
    header = marshal.dumps((os.path.abspath(cards), code_stamp(), (0, 0, 0), key))
    body = len(header).to_bytes(4, "big") + header + marshal.dumps(value)
    Path(path).write_bytes(b"fmflash-cache-5\n" + zlib.crc32(body).to_bytes(4, "big") + body)


def test_an_older_fmflash_s_cache_is_a_miss_and_made_again(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(RICH_CARDS)
    expected = load_deck(str(cards), use_cache=False)
    new = cache_file(str(cards))
    name = f"cards-{zlib.crc32(os.path.abspath(cards).encode()):08x}"
    old_parts: dict[str, object] = {
        "deck": ("Old deck", "notes.md", (), (), None, (), ""),
        "chunks": {"cards:0": (1, ((0, "old", "Old", "Sampling", (), 1, "q", "a", False),))},
        "review": ("Old deck", "notes.md", (), (), (), None, ""),
        "notes": {"cards:0": (("basic", ("q", "a"), (), "hash"),)},
    }
    os.makedirs(os.path.dirname(new), exist_ok=True)
    for part, value in old_parts.items():  # where the older fmflash kept them
        _write_old_part(os.path.join(cache_folder(), f"{name}.{part}.cache"), str(cards), part,
                        value, key="")  # fmt: skip
    _write_old_part(new, str(cards), "deck", old_parts["deck"], key="")  # and where it is now
    old = Path(new).read_bytes()
    assert load_deck(str(cards)) == expected
    assert review_cards(cards) == review_cards_of(expected)
    assert Path(new).read_bytes() != old  # made again
    build(str(cards), str(tmp_path / "d.apkg"), now=NOW, random_bytes=KEY)
    assert load_deck(str(cards)) == expected


def review_cards_of(deck: object) -> list[object]:
    """What ``review_cards`` gives for a deck loaded whole."""
    return [*deck.summaries(), *deck.cards]  # type: ignore[attr-defined]


def _part(data: bytes) -> bytes:
    """Return a part of a cache file as written: its size, its checksum, then itself."""
    return len(data).to_bytes(4, "big") + zlib.crc32(data).to_bytes(4, "big") + data


@pytest.mark.parametrize("change", ["an item cut off", "an item too many"])
def test_items_that_do_not_add_up_to_the_file_are_a_miss_though_each_checksum_fits(
    tmp_path: Path, change: str
) -> None:
    cards = str(tmp_path / "cards.yaml")
    write_cache(cards, ("text hash", (1, 2, 3)))
    path = Path(cache_file(cards))
    data = path.read_bytes()
    last = _part(marshal.dumps((1, 2, 3)))
    assert data.endswith(last)
    if change == "an item cut off":  # the header still counts two items
        data = data[: -len(last)]
    else:
        data += last
    path.write_bytes(data)
    assert read_cache(cards) is None


def test_a_reader_of_the_first_items_reads_them_alone(tmp_path: Path) -> None:
    cards = str(tmp_path / "cards.yaml")
    write_cache(cards, ("text hash", (1, 2, 3), "notes"))
    path = Path(cache_file(cards))
    last = _part(marshal.dumps("notes"))
    data = path.read_bytes()
    path.write_bytes(data[: -len(last)] + last[:-1] + b"!")  # the last item damaged
    assert read_cache(cards, first=2) == ("text hash", (1, 2, 3))
    assert read_cache(cards) is None


def _write_format_7(path: str, source: str, value: tuple[object, ...]) -> None:
    """Write a value as fmflash wrote it before each part had its own checksum (format 7)."""
    header = marshal.dumps((os.path.abspath(source), code_stamp(), len(value)))
    body = len(header).to_bytes(4, "big") + header
    for item in value:
        data = marshal.dumps(item)
        body += len(data).to_bytes(4, "big") + data
    Path(path).write_bytes(b"fmflash-cache-7\n" + zlib.crc32(body).to_bytes(4, "big") + body)


def _write_format(format: int, path: str, source: str, value: tuple[object, ...]) -> None:
    """Write a value as fmflash wrote it in format 8, 9 or 10, each part checksummed as now.

    Format 8 kept the tags with the summaries, 9 had no faults, 10 faults without ``readable``.
    """
    data = f"fmflash-cache-{format}\n".encode() + _part(
        marshal.dumps((os.path.abspath(source), code_stamp(), len(value)))
    )
    Path(path).write_bytes(data + b"".join(_part(marshal.dumps(item)) for item in value))


@pytest.mark.parametrize("format", [7, 8, 9, 10])
def test_a_cache_of_an_older_format_is_a_miss_and_made_again(
    write_project: WriteProject, tmp_path: Path, format: int
) -> None:
    cards = write_project(RICH_CARDS)
    build(str(cards), str(tmp_path / "d.apkg"), now=NOW, random_bytes=KEY)
    stored = read_cache(str(cards))
    assert isinstance(stored, tuple)
    assert len(stored) == 15
    facts, faults = stored[:7], stored[7]
    assert faults == ()  # a card file without errors
    (summaries, tags, bodies), entries = stored[8:11], stored[11:]
    path = cache_file(str(cards))
    if format == 9:  # no faults
        _write_format(9, path, str(cards), (*facts, summaries, tags, bodies, *entries))
    if format == 10:  # faults without saying whether anything of the file can be read
        _write_format(10, path, str(cards), (*facts, faults, summaries, tags, bodies, *entries))
    # Each card's summary with its tags, as formats 7 and 8 kept them.
    rows = zip(marshal.loads(summaries), marshal.loads(tags), strict=True)
    summaries = marshal.dumps(tuple((*summary, tags) for summary, tags in rows))
    if format == 7:  # each entry's key, first line and count before the cards, notes last
        _write_format_7(path, str(cards), (*facts, *entries[:3], summaries, bodies, entries[3]))
    elif format == 8:  # the cards, then the entries
        _write_format(8, path, str(cards), (*facts, summaries, bodies, *entries))
    old = Path(path).read_bytes()
    assert read_cache(str(cards)) is None
    whole = load_deck(str(cards), use_cache=False)
    assert review_cards(cards) == review_cards_of(whole)
    assert load_deck(str(cards)) == whole
    assert Path(path).read_bytes() != old  # made again, in this format
    assert read_cache(str(cards)) is not None
