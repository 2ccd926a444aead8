"""Reading and writing the user's files: whole or not at all, and every refusal a user error.

Whatever the file system says (a missing folder, a file where a folder should be, a read-only
folder, a full disk), the user sees one line naming the path, and nothing is left half-written:
a file is written to a temporary file beside it, flushed to disk and renamed into place, and the
temporary file is removed on every path that does not end in that rename.
"""

from __future__ import annotations

import contextlib
import errno
import os

from fmflash.errors import FmflashError, Problem

# Prefix of the temporary files written beside their target.
SCRATCH_PREFIX = ".fmflash-"


def beside(path: str, relative: str) -> str:
    """Return a path given relative to ``path``'s folder, as the user would type it from here.

    A relative ``path`` gives a path relative to the working folder (``cd deck`` makes
    ``../cards.yaml`` and ``deck/notes.md`` into ``notes.md``); an absolute one stays absolute.
    """
    joined = os.path.join(os.path.dirname(path), relative)
    if os.path.isabs(joined):
        return os.path.normpath(joined)
    return os.path.relpath(joined)


def reason(error: OSError, path: str) -> str:
    """Say in words what an OSError means for ``path``: ``no space left on device``."""
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = _file_in_the_way(path)
        if blocker is not None:
            return f"{blocker} is a file, not a folder"
    if error.errno == errno.EISDIR or (error.errno is None and os.path.isdir(path)):
        return "it is a folder, not a file"
    words = error.strerror or os.strerror(error.errno or 0) or str(error)
    return words[:1].lower() + words[1:]


def _file_in_the_way(path: str) -> str | None:
    """Return the nearest folder of ``path`` that exists as a file, if any."""
    folder = os.path.dirname(path)
    while folder and folder != os.path.dirname(folder):
        if os.path.exists(folder):
            return folder if not os.path.isdir(folder) else None
        folder = os.path.dirname(folder)
    return None


def file_error(verb: str, path: str, error: OSError) -> FmflashError:
    """Make the user error for a refused read or write: ``cannot write PATH: why``."""
    return FmflashError([Problem(path, reason(error, path), verb=verb)])


def file_exists(path: str) -> bool:
    """Tell whether a file exists; a path that cannot exist (a file in the way) is an error."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise file_error("cannot read", path, error) from None
    return True


def read_text(path: str) -> str:
    """Read a UTF-8 text file, turning every failure into a user error naming the path."""
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        raise FmflashError.at(path, "file not found") from None
    except IsADirectoryError:
        raise FmflashError.at(path, "is a folder, not a file") from None
    except UnicodeDecodeError as error:
        raise FmflashError.at(path, f"is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise file_error("cannot read", path, error) from None


def read_bytes(path: str) -> bytes | None:
    """Return a file's bytes, or None if it does not (or cannot, a file in the way) exist."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise file_error("cannot read", path, error) from None


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data``: a reader sees the old file or the new, never half.

    On any failure the old file is untouched, no temporary file is left, and the user error
    names the path: ``cannot write deck/x.apkg: no space left on device``.
    """
    import tempfile  # only writers need it

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise FmflashError([Problem(path, "it is a folder, not a file", verb="cannot write")])
    try:
        os.makedirs(folder, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=folder, prefix=SCRATCH_PREFIX, suffix=".tmp")
    except OSError as error:
        raise file_error("cannot write", path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(scratch, 0o644)
        os.replace(scratch, path)
    except BaseException as error:
        with contextlib.suppress(OSError):  # already gone: nothing to clean
            os.unlink(scratch)
        if isinstance(error, OSError):
            raise file_error("cannot write", path, error) from None
        raise
