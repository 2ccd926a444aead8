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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fmflash.cards import Card
from fmflash.chunks import Cache

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


def cache_dir() -> Path:
    """Return the folder for cache files."""
    override = os.environ.get("FMFLASH_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "fmflash"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "fmflash" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fmflash"


def code_stamp() -> str:
    """Hash the size and time of every module of fmflash: new code, new cache."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for module in sorted(package.glob("*.py")):
        stat = module.stat()
        digest.update(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def _cache_file(cards_path: str) -> Path:
    name = hashlib.blake2b(os.path.abspath(cards_path).encode(), digest_size=12).hexdigest()
    return cache_dir() / f"cards-{name}.pickle"


def load_cache(cards_path: str) -> CachedFile:
    """Return what is cached for a card file, or an empty cache if nothing usable is."""
    try:
        with _cache_file(cards_path).open("rb") as stream:
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
    target = _cache_file(cards_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            payload = {"format": _FORMAT, "code": code_stamp(), "cached": cached}
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, target)
    except OSError:
        pass
