"""The cache: what fmflash worked out from a card file, kept between runs to save time.

It lives in the user's cache folder (``FMFLASH_CACHE_DIR`` overrides it). Each stage keeps its
own parts of a card file's cache and reads no other: reading keeps ``deck``, ``chunks`` and
``review``, rendering keeps ``notes``; the reviewer keeps a build record's ``identities``. A part
is a value and the key it is valid for (a hash of the card file's text, say), stamped with the
size and time of fmflash's own modules so that an upgrade never reuses old results.

A cache only ever saves time: a part that is missing, foreign, made by other code or damaged in
any way is a miss. Each file carries a checksum of everything after it, checked before anything
is decoded, and the value is decoded (by the caller's function too) inside the same guard.

Values are written with ``marshal``, as plain rows: several times faster to write and read than
pickled objects, which matters for a deck of 10,000 cards.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from hashlib import blake2b
from typing import Any, Generic, TypeVar

from fmflash.defaults import cache_folder

_MAGIC = b"fmflash-cache-5\n"
# What tells a file unchanged without reading it: modification time, size and inode.
Signature = tuple[int, int, int]
NO_SIGNATURE: Signature = (0, 0, 0)
RACY_NANOSECONDS = 2_000_000_000
Value = TypeVar("Value")


@dataclass(frozen=True, slots=True)
class Part(Generic[Value]):
    """One part of a card file's cache as read: the key it is valid for, and its value."""

    key: str
    value: Value
    # The card file's signature when the part was written (none if not trusted then).
    signature: Signature = NO_SIGNATURE


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
    return signature if time.time_ns() - signature[0] > RACY_NANOSECONDS else NO_SIGNATURE


def text_hash(text: str) -> str:
    """Hash a card file's text."""
    return blake2b(text.encode(), digest_size=16).hexdigest()


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


def cache_file(cards_path: str, part: str) -> str:
    """Return the file of one part of a card file's cache (the card file's path is kept inside)."""
    name = f"{zlib.crc32(os.path.abspath(cards_path).encode()):08x}"
    return os.path.join(cache_folder(), f"cards-{name}.{part}.cache")


def _checksum(data: bytes | memoryview) -> bytes:
    return zlib.crc32(data).to_bytes(4, "big")


def read_part(
    cards_path: str, part: str, decode: Callable[[Any], Value] = lambda value: value
) -> Part[Value] | None:
    """Read one part of a card file's cache, made by this code; None if it is not whole.

    ``decode`` turns the stored rows into the caller's values; any error it raises is a miss.
    """
    try:
        with open(cache_file(cards_path, part), "rb") as stream:
            raw = memoryview(stream.read())  # sliced without copies
        start = len(_MAGIC) + 4
        if raw[: len(_MAGIC)] != _MAGIC or raw[len(_MAGIC) : start] != _checksum(raw[start:]):
            return None
        header_size = int.from_bytes(raw[start : start + 4], "big")
        body = start + 4 + header_size
        path, code, signature, key = marshal.loads(raw[start + 4 : body])
        if path != os.path.abspath(cards_path) or code != code_stamp():
            return None
        return Part(str(key), decode(marshal.loads(raw[body:])), tuple(signature))
    except Exception:  # any doubt is a miss: the cache only ever saves time
        return None


def write_part(
    cards_path: str, part: str, value: Any, *, key: str, signature: Signature = NO_SIGNATURE
) -> None:
    """Write one part of a card file's cache; failing to is not an error."""
    target = cache_file(cards_path, part)
    try:
        header = marshal.dumps((os.path.abspath(cards_path), code_stamp(), signature, key))
        body = len(header).to_bytes(4, "big") + header + marshal.dumps(value)
    except ValueError:  # something marshal cannot write
        return
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + _checksum(body) + body)
        os.replace(scratch, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
