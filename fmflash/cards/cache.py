"""The parse cache: what the last valid parse of a card file found, kept between runs.

It lives in the user's cache folder (``FMFLASH_CACHE_DIR`` overrides it), stamped with the
size and time of fmflash's own modules so that an upgrade never reuses old results. Per card
file there are three parts: the deck (its cards, rendered), its chunks (for re-parsing only
the edited ones) and the review index (each card's entry, and its text on its own). An
unchanged card file, recognised by its size, time and inode as git does, is neither read nor
hashed. A missing, damaged or foreign cache file is ignored: the cache only ever saves time.

The files are written with ``marshal``, cards as plain rows: several times faster to write and
read than pickled objects, which matters for a deck of 10,000 cards. Each file starts with a
small header (the card file's signature and hash), read before the rest is decoded.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from fmflash.cards.model import BasicCard, ClozeCard, ComputedCard

if TYPE_CHECKING:
    from fmflash.cards.model import Card
    from fmflash.formulas.quantities import Unit

_MAGIC = b"fmflash-cache-4\n"
_KINDS = (BasicCard, ClozeCard, ComputedCard)  # their numbers in the rows: never reorder
# What tells a file unchanged without reading it: modification time, size and inode.
Signature = tuple[int, int, int]
NO_SIGNATURE: Signature = (0, 0, 0)
RACY_NANOSECONDS = 2_000_000_000


class CachedFile(NamedTuple):
    """What the last valid parse of a card file found, for the whole text."""

    text_hash: str = ""
    deck_name: str = ""
    notes_path: str = ""
    cards: tuple[Card, ...] = ()
    signature: Signature = NO_SIGNATURE
    sources: tuple[str, ...] = ()
    # The chunks in file order: each one's key, first line and number of cards.
    layout: tuple[tuple[str, int, int], ...] = ()


class Stored(NamedTuple):
    """A cache file as read: its header, and its payload still encoded."""

    signature: Signature
    text_hash: str
    data: bytes

    def payload(self) -> Any:
        """Decode the payload."""
        return marshal.loads(self.data)


def signature_of(path: str) -> Signature | None:
    """Return a file's modification time, size and inode, or None if it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def trusted(signature: Signature) -> Signature:
    """Return a signature to keep, or none (zeros) if the file changed too recently to tell.

    A file written twice within the file system's time resolution, at the same size, would
    keep its signature: as git does for "racily clean" files, fmflash does not trust the
    signature of a file changed in the last two seconds, and checks its text next time.
    """
    import time

    return signature if time.time_ns() - signature[0] > RACY_NANOSECONDS else NO_SIGNATURE


def text_hash(text: str) -> str:
    """Hash a card file's text."""
    from hashlib import blake2b  # only a changed (or touched) card file is hashed

    return blake2b(text.encode(), digest_size=16).hexdigest()


def cache_dir() -> str:
    """Return the folder for cache files."""
    override = os.environ.get("FMFLASH_CACHE_DIR")
    if override:
        return override
    home = os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "fmflash")
    if sys.platform == "win32":
        return os.path.join(os.environ.get("LOCALAPPDATA", home), "fmflash", "cache")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "fmflash")


@cache  # the code running now: once per process
def code_stamp() -> str:
    """Describe the size and time of every module of fmflash: new code, new cache."""
    package = os.path.dirname(os.path.dirname(__file__))  # fmflash/, with every part below
    parts = []
    for folder, subfolders, names in os.walk(package):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                relative = os.path.relpath(os.path.join(folder, name), package)
                parts.append(f"{relative}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)


def cache_file(cards_path: str, part: str = "deck") -> str:
    """Return a cache file of a card file (the card file's own path is checked inside)."""
    name = f"{zlib.crc32(os.path.abspath(cards_path).encode()):08x}"
    return os.path.join(cache_dir(), f"cards-{name}.{part}.cache")


def read_part(cards_path: str, part: str) -> Stored | None:
    """Read one cache file made for this card file and this code; None if there is none."""
    try:
        with open(cache_file(cards_path, part), "rb") as stream:
            raw = stream.read()
        if not raw.startswith(_MAGIC):
            return None
        size = int.from_bytes(raw[len(_MAGIC) : len(_MAGIC) + 4], "big")
        start = len(_MAGIC) + 4
        path, code, signature, digest = marshal.loads(raw[start : start + size])
        if path != os.path.abspath(cards_path) or code != code_stamp():
            return None
        return Stored(tuple(signature), digest, raw[start + size :])
    except Exception:  # any unreadable cache is simply not used
        return None


def write_part(
    cards_path: str, part: str, payload: Any, *, signature: Signature, digest: str
) -> None:
    """Write one cache file, its header first; failing to is not an error."""
    import tempfile

    target = cache_file(cards_path, part)
    header = marshal.dumps((os.path.abspath(cards_path), code_stamp(), signature, digest))
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + len(header).to_bytes(4, "big") + header)
            stream.write(marshal.dumps(payload))
        os.replace(scratch, target)
    except (OSError, ValueError):  # ValueError: something marshal cannot write
        with contextlib.suppress(OSError):
            os.unlink(scratch)


def card_row(card: Card) -> tuple[Any, ...]:
    """Write a card as a plain row (its kind, then its fields), for marshal."""
    kind = _KINDS.index(type(card))
    if isinstance(card, ComputedCard):
        return (kind, *card[:8], card.unit.value, *card[9:])
    return (kind, *card)


@cache
def _unit_type() -> type[Unit]:
    """Load the unit type only for a deck with computed cards."""
    from fmflash.formulas.quantities import Unit

    return Unit


def row_card(row: tuple[Any, ...]) -> Card:
    """Make the card a row describes."""
    cls = _KINDS[row[0]]
    if cls is ComputedCard:
        fields = list(row[1:])
        fields[8] = _unit_type()(fields[8])
        return ComputedCard._make(fields)
    card = tuple.__new__(cls, row[1:])  # the named tuple's own constructor is slower
    return cast("Card", card)


def dump_card(card: Card) -> bytes:
    """Serialise one card on its own, to load it alone later."""
    return marshal.dumps(card_row(card))


def load_card(data: bytes) -> Card:
    """Load one card serialised by ``dump_card``."""
    return row_card(marshal.loads(data))


class ChunkCache(Mapping[str, tuple[int, tuple["Card", ...]]]):
    """The cached chunks, by key: each chunk's first line and cards, decoded when asked for.

    ``raw`` keeps the rows as stored, so that saving the chunks again re-encodes only the new
    ones.
    """

    def __init__(self, raw: dict[str, tuple[int, tuple[tuple[Any, ...], ...]]]) -> None:
        self.raw = raw

    def __getitem__(self, key: str) -> tuple[int, tuple[Card, ...]]:
        first_line, rows = self.raw[key]
        return first_line, tuple(map(row_card, rows))

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


def load_chunks(cards_path: str) -> ChunkCache:
    """Return the cached chunks of a card file (the cards of each chunk, by its text)."""
    stored = read_part(cards_path, "chunks")
    return ChunkCache(stored.payload() if stored is not None else {})


def load_cache(cards_path: str, stored: Stored | None = None) -> CachedFile:
    """Return what is cached for a card file, or an empty cache if nothing usable is.

    The deck part holds the chunks in order; their cards come from the chunks part.
    """
    stored = stored or read_part(cards_path, "deck")
    chunks = read_part(cards_path, "chunks")
    if stored is None or chunks is None or chunks.text_hash != stored.text_hash:
        return CachedFile()
    deck_name, notes_path, layout = stored.payload()
    raw = chunks.payload()
    cards: list[Card] = []
    sources: list[str] = []
    for key, first_line, count in layout:
        cached_line, rows = raw[key]
        shift = first_line - cached_line
        for row in rows:
            card = row_card(row)
            cards.append(card._replace(line=card.line + shift) if shift else card)
        sources += [key] * count
    return CachedFile(
        stored.text_hash, deck_name, notes_path, tuple(cards), stored.signature,
        tuple(sources), tuple(map(tuple, layout)),
    )  # fmt: skip


def save_cache(
    cards_path: str,
    cached: CachedFile,
    chunks: Mapping[str, tuple[int, tuple[Card, ...]]] | None = None,
    *,
    reuse: ChunkCache | None = None,
) -> None:
    """Keep what a valid parse found: the deck's layout, and its chunks when given.

    Chunks that came unchanged from ``reuse`` are written as they were read.
    """
    signature, digest = cached.signature, cached.text_hash
    if chunks is not None:
        old = reuse.raw if reuse is not None else {}
        encoded = {
            key: old[key] if key in old else (line, tuple(map(card_row, cards)))
            for key, (line, cards) in chunks.items()
        }
        write_part(cards_path, "chunks", encoded, signature=signature, digest=digest)
    payload = (cached.deck_name, cached.notes_path, cached.layout)
    write_part(cards_path, "deck", payload, signature=signature, digest=digest)
