"""Writing one file atomically, never replacing what it must not.

A file is written to a temporary file beside it, flushed to disk and renamed into place, and the
temporary file is removed on every path that does not end in that rename: a reader sees the old
file or the new, never half. A write never replaces an input of the project, a file that is not
a regular file, or a file of another kind than it writes (``refuse_to_replace``). Paths a card
file gives are kept inside the project by ``fmflash.cards.containment``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import zipfile
from collections.abc import Iterable, Mapping
from enum import Enum

from fmflash.errors import FmflashError, Problem
from fmflash.files.reasons import file_error, file_kind

# Prefix of the temporary files written beside their target.
SCRATCH_PREFIX = ".fmflash-"
# A temporary file (.tmp) or kept old copy (.old) this long unchanged was left by a process that
# was killed (nothing else leaves one): no write takes an hour. Its inode's change time counts,
# which making a kept copy (a hard link) sets, where its modification time is the old file's.
STALE_SECONDS = 3600


class Content(Enum):
    """What a command writes, so that it never replaces a file of another kind."""

    PACKAGE = "an Anki package"
    PAGE = "an HTML page"

    def is_in(self, path: str) -> bool:
        """Tell whether a regular file holds this kind of content; an empty file may be replaced."""
        if os.stat(path).st_size == 0:
            return True
        if self is Content.PACKAGE:
            try:
                with zipfile.ZipFile(path) as package:
                    return any(name.startswith("collection.anki2") for name in package.namelist())
            except (zipfile.BadZipFile, ValueError, EOFError):
                return False
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
            start = stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return start.startswith((b"<!doctype html", b"<html"))


def input_at(path: str, inputs: Mapping[str, str]) -> str | None:
    """Return what ``path`` is among ``inputs`` (path -> "a card file"), however it is named.

    The same file by another name (a symbolic or hard link) is the same input.
    """
    try:
        found = os.stat(path)
    except OSError:
        return None  # nothing there: no input to replace
    for source, what in inputs.items():
        with contextlib.suppress(OSError):  # an input that is gone cannot be replaced
            if os.path.samestat(found, os.stat(source)):
                return what
    return None


def refuse_to_replace(
    path: str, *, content: Content | None = None, inputs: Mapping[str, str] | None = None
) -> None:
    """Raise a user error if writing ``path`` would destroy something; check before writing.

    Refused: anything that is not a regular file (a folder, a FIFO, a device, a socket); one of
    ``inputs`` (path -> what it is: "a card file"), however it is named; a file that does not
    hold ``content``, the kind of file the command writes.
    """
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):
            kind = file_kind(found.st_mode)
            words = "not a file" if kind == "a folder" else "not a regular file"
            raise FmflashError([Problem(path, f"it is {kind}, {words}", verb="cannot write")])
        what = input_at(path, inputs or {})
        if what is not None:
            raise FmflashError(
                [Problem(path, f"it is {what} of this project", verb="cannot write")]
            )
        if content is not None and not content.is_in(path):
            message = f"it is not {content.value}; fmflash replaces no other kind of file"
            raise FmflashError([Problem(path, message, verb="cannot write")])
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there to destroy; writing says why if the folder cannot be made
    except OSError as error:
        raise file_error("cannot write", path, error) from None


def remove_stale_scratches(folder: str, *, now: float) -> None:
    """Remove the temporary files and old copies a killed fmflash left in a folder."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(SCRATCH_PREFIX) or not entry.name.endswith(
                (".tmp", ".old")
            ):
                continue
            with contextlib.suppress(OSError):
                found = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(found.st_mode) and now - found.st_ctime > STALE_SECONDS:
                    os.unlink(entry.path)


def scratch_name(path: str, suffix: str = ".tmp") -> str:
    """Name a new temporary file beside ``path``: unguessable, not made yet.

    A caller keeps the name before making the file (``make_new``), so that a Ctrl-C at any
    moment after leaves it a name to remove, never a file it does not know of.
    """
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.join(folder, f"{SCRATCH_PREFIX}{os.urandom(8).hex()}{suffix}")


def make_new(name: str) -> int:
    """Make the file ``name``, which must not exist (nor a link by that name); return its handle."""
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)


def scratch_beside(path: str, data: bytes, *, made: list[str]) -> None:
    """Write ``data`` whole to a new temporary file beside ``path``, named in ``made`` first."""
    scratch = scratch_name(path)
    made.append(scratch)
    try:
        folder = os.path.dirname(scratch)
        os.makedirs(folder, exist_ok=True)
        remove_stale_scratches(folder, now=time.time())
        with os.fdopen(make_new(scratch), "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(scratch, 0o644)
    except OSError as error:
        raise file_error("cannot write", path, error) from None


def remove_scratches(names: Iterable[str | None]) -> None:
    """Remove the temporary files named, if they are there."""
    for name in names:
        if name is not None:
            with contextlib.suppress(OSError):  # not made yet, renamed into place, or put back
                os.unlink(name)


def write_atomically(
    path: str,
    data: bytes,
    *,
    content: Content | None = None,
    inputs: Mapping[str, str] | None = None,
) -> None:
    """Replace ``path`` with ``data``: a reader sees the old file or the new, never half.

    On any failure the old file is untouched, no temporary file is left, and the user error
    names the path: ``cannot write deck/x.apkg: no space left on device``. What
    ``refuse_to_replace`` refuses is never replaced.
    """
    refuse_to_replace(path, content=content, inputs=inputs)
    made: list[str] = []
    try:
        scratch_beside(path, data, made=made)
        os.replace(made[0], path)
    except BaseException as error:
        remove_scratches(made)  # a failure or Ctrl-C before the rename; after it, none is left
        if isinstance(error, OSError):
            raise file_error("cannot write", path, error) from None
        raise
