"""The cache folder: one file per source file (a card file, a build record), kept between runs.

It lives in the user's cache folder (``FMFLASH_CACHE_DIR`` overrides it). This module alone
reads and writes it and knows nothing of what a file holds: a value of plain rows (what
``marshal`` writes), stamped with the source file's path and with the size and time of
fmflash's own modules, so that an upgrade never reuses old results. What a value is valid for
(the hash of the source's text, say) is inside it, for its owner to check.

A cache only ever saves time: a file that is missing, foreign, made by other code or damaged in
any way is a miss. Each part of a file (its header, then each item) carries its size and a
checksum, checked before the part is decoded, and the value is decoded (by the caller's
function too) inside the same guard.

``marshal`` writes and reads plain rows several times faster than pickle writes objects, which
matters for a deck of 10,000 cards. A tuple is kept item by item, each as ``marshal`` wrote
it, so that writing a large value does not make a second copy of it whole, and a reader that
needs only a tuple's first items reads and checks those alone.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections.abc import Callable
from functools import cache
from hashlib import sha256
from typing import Any, BinaryIO, TypeVar

from fmflash.defaults import cache_folder
from fmflash.files.atomic import make_new, scratch_name

# The format's name: a file of any other format (an older fmflash's) is a miss.
_MAGIC = b"fmflash-cache-11\n"
Value = TypeVar("Value")


def text_hash(text: str) -> str:
    """Hash a source file's text (what a cached value is valid for)."""
    return sha256(text.encode()).hexdigest()


@cache  # the code running now: once per process
def code_stamp() -> str:
    """Describe the size and time of every module of fmflash: new code, new cache."""
    package = os.path.dirname(os.path.dirname(__file__))  # fmflash/, with every part below
    parts = []
    for folder, subfolders, names in os.walk(package):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                stat = os.stat(path)
                parts.append(f"{path[len(package) + 1 :]}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)


def cache_file(source_path: str) -> str:
    """Return the cache file of a source file (the source's path is kept inside too)."""
    name = f"{zlib.crc32(os.path.abspath(source_path).encode()):08x}"
    return os.path.join(cache_folder(), f"{name}.cache")


def _checksum(data: bytes) -> bytes:
    return zlib.crc32(data).to_bytes(4, "big")


def _write_part(stream: BinaryIO, data: bytes) -> None:
    """Write a part of a cache file: its size, its checksum, then itself."""
    stream.write(len(data).to_bytes(4, "big") + _checksum(data))
    stream.write(data)


def _read_part(stream: BinaryIO) -> bytes:
    """Read the next part of a cache file; raise if it is cut short or damaged."""
    head = stream.read(8)
    size = int.from_bytes(head[:4], "big")
    data = stream.read(size)
    if len(head) < 8 or len(data) < size or head[4:] != _checksum(data):
        raise ValueError("a part cut short or damaged")
    return data


def read_cache(
    source_path: str,
    decode: Callable[[Any], Value] = lambda value: value,
    *,
    first: int | None = None,
) -> Value | None:
    """Read a source file's cached value, made by this code; None if it is not whole.

    ``decode`` turns the stored rows into the caller's value; any error it raises is a miss.
    With ``first``, only a tuple's first items are read (and checked): the rest of the file
    is left unread.
    """
    try:
        with open(cache_file(source_path), "rb") as stream:
            if stream.read(len(_MAGIC)) != _MAGIC:
                return None
            path, code, count = marshal.loads(_read_part(stream))
            if path != os.path.abspath(source_path) or code != code_stamp():
                return None
            items = 1 if count is None else count if first is None else min(count, first)
            parts = tuple(marshal.loads(_read_part(stream)) for _ in range(items))
            if first is None and stream.read(1):  # more than its items: not this code's file
                return None
        return decode(parts if count is not None else parts[0])
    except Exception:  # any doubt is a miss: the cache only ever saves time
        return None


def write_cache(source_path: str, value: Any) -> None:
    """Write a source file's cached value, in place of any before it; failing to is no error.

    A tuple is written item by item: a card file's cache is megabytes at 10,000 cards, and
    encoding it whole would hold a second copy of all of it at once.
    """
    target = cache_file(source_path)
    parts = value if isinstance(value, tuple) else (value,)
    count = len(parts) if isinstance(value, tuple) else None
    header = marshal.dumps((os.path.abspath(source_path), code_stamp(), count))
    scratch = scratch_name(target)  # named first: a Ctrl-C at any moment leaves no file
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with os.fdopen(make_new(scratch), "wb") as stream:
            stream.write(_MAGIC)
            _write_part(stream, header)
            for part in parts:
                _write_part(stream, marshal.dumps(part))
        os.replace(scratch, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        if not isinstance(error, OSError | ValueError):  # ValueError: what marshal cannot write
            raise
