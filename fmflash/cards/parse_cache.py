"""The parse cache: what the last valid parse of a card file found, kept between runs.

It lives in the user's cache folder (``FMFLASH_CACHE_DIR`` overrides it), one file per card
file, stamped with a hash of fmflash's own code so that an upgrade never reuses old results.
An unchanged card file is not parsed at all; an edited one re-parses only its changed chunks.
A missing, damaged or foreign cache file is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fmflash.cards.model import Card

if TYPE_CHECKING:
    from fmflash.cards.chunks import Cache

_FORMAT = 2


@dataclass(frozen=True, slots=True)
class CachedFile:
    """What the last valid parse of a card file found: per chunk, and for the whole text."""

    text_hash: str = ""
    deck_name: str = ""
    notes_path: str = ""
    cards: tuple[Card, ...] = ()
    chunks: Cache = field(default_factory=dict)


def text_hash(text: str) -> str:
    """Hash a card file's text."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


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


def code_stamp() -> str:
    """Hash the size and time of every module of fmflash: new code, new cache."""
    package = os.path.dirname(os.path.dirname(__file__))  # fmflash/, with every part below
    digest = hashlib.blake2b(digest_size=16)
    for folder, subfolders, names in os.walk(package):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                relative = os.path.relpath(os.path.join(folder, name), package)
                digest.update(f"{relative}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def cache_file(cards_path: str) -> str:
    """Return the cache file of a card file."""
    name = hashlib.blake2b(os.path.abspath(cards_path).encode(), digest_size=12).hexdigest()
    return os.path.join(cache_dir(), f"cards-{name}.pickle")


def load_cache(cards_path: str) -> CachedFile:
    """Return what is cached for a card file, or an empty cache if nothing usable is."""
    try:
        with open(cache_file(cards_path), "rb") as stream:
            data = pickle.load(stream)
        if data.get("format") == _FORMAT and data.get("code") == code_stamp():
            cached = data["cached"]
            if isinstance(cached, CachedFile):
                return cached
    except Exception:  # any unreadable cache is simply not used
        pass
    return CachedFile()


def save_cache(cards_path: str, cached: CachedFile) -> None:
    """Keep what a valid parse found for the next run; failing to is not an error."""
    import tempfile

    target = cache_file(cards_path)
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            payload = {"format": _FORMAT, "code": code_stamp(), "cached": cached}
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, target)
    except OSError:
        pass
