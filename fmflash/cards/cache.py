"""The cache folder: one file per source file (a card file, a build record), kept between runs.

It lives in the user's cache folder (``FMFLASH_CACHE_DIR`` overrides it). This module alone
reads and writes it and knows nothing of what a file holds: a value of plain rows (what
``marshal`` writes), stamped with the source file's path and with the size and time of
fmflash's own modules, so that an upgrade never reuses old results. What a value is valid for
(the hash of the source's text, say) is inside it, for its owner to check.

A cache only ever saves time: a file that is missing, foreign, made by other code or damaged in
any way is a miss. Each file carries a checksum of everything after it, checked before anything
is decoded, and the value is decoded (by the caller's function too) inside the same guard.

``marshal`` writes and reads plain rows several times faster than pickle writes objects, which
matters for a deck of 10,000 cards. A tuple is kept item by item, each as ``marshal`` wrote
it, so that writing a large value does not make a second copy of it whole.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from hashlib import sha256
from typing import Any, TypeVar

from fmflash.defaults import cache_folder

# The format's name: a file of any other format (an older fmflash's) is a miss.
_MAGIC = b"fmflash-cache-7\n"
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


def _checksum(data: bytes | memoryview) -> bytes:
    return zlib.crc32(data).to_bytes(4, "big")


def read_cache(
    source_path: str, decode: Callable[[Any], Value] = lambda value: value
) -> Value | None:
    """Read a source file's cached value, made by this code; None if it is not whole.

    ``decode`` turns the stored rows into the caller's value; any error it raises is a miss.
    """
    try:
        with open(cache_file(source_path), "rb") as stream:
            raw = memoryview(stream.read())  # sliced without copies
        start = len(_MAGIC) + 4
        if raw[: len(_MAGIC)] != _MAGIC or raw[len(_MAGIC) : start] != _checksum(raw[start:]):
            return None
        header_size = int.from_bytes(raw[start : start + 4], "big")
        body = start + 4 + header_size
        path, code, count = marshal.loads(raw[start + 4 : body])
        if path != os.path.abspath(source_path) or code != code_stamp():
            return None
        parts = []
        for _ in range(count or 1):
            size = int.from_bytes(raw[body : body + 4], "big")
            parts.append(marshal.loads(raw[body + 4 : body + 4 + size]))
            body += 4 + size
        if body != len(raw):
            return None
        return decode(tuple(parts) if count is not None else parts[0])
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
    head = len(header).to_bytes(4, "big") + header
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + bytes(4) + head)  # the checksum, of all after it, comes last
            checksum = zlib.crc32(head)
            for part in parts:
                data = marshal.dumps(part)
                size = len(data).to_bytes(4, "big")
                stream.write(size)
                stream.write(data)
                checksum = zlib.crc32(data, zlib.crc32(size, checksum))
            stream.seek(len(_MAGIC))
            stream.write(checksum.to_bytes(4, "big"))
        os.replace(scratch, target)
    except (OSError, ValueError):  # ValueError: something marshal cannot write
        with contextlib.suppress(OSError):
            os.unlink(scratch)
