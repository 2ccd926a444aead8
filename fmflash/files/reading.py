"""Reading the user's files: only regular files, bounded, never blocking on a FIFO.

Someone else's course is untrusted input: only regular files of up to ``MAX_INPUT_BYTES`` are
read, a FIFO, a device or a folder is refused before it is opened, and every failure is a user
error naming the path.
"""

from __future__ import annotations

import os
import stat

from fmflash.errors import FmflashError
from fmflash.files.reasons import file_error, file_kind

# The largest card file, notes file or build record read: a typo (/dev/zero) never eats memory.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return f"is {file_kind(mode)}, not a regular file"


def read_text(path: str) -> str:
    """Read a UTF-8 text file, turning every failure into a user error naming the path.

    Only a regular file of up to ``MAX_INPUT_BYTES`` is read: a FIFO, a device or a folder is
    refused before it is opened for reading, so nothing hangs and nothing eats memory.
    """
    try:
        data = _read_regular(path)
        return data.decode("utf-8")
    except FileNotFoundError:
        raise FmflashError.at(path, "file not found") from None
    except UnicodeDecodeError as error:
        raise FmflashError.at(path, f"is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise file_error("cannot read", path, error) from None


def _read_regular(path: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Return a regular file's bytes, at most ``limit``; anything else is a user error."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):  # refused before open: opening a FIFO or a device can block
        raise FmflashError.at(path, _not_regular(mode))
    # Non-blocking: if a FIFO took the file's place since, opening it does not wait for a writer.
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as stream:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise FmflashError.at(path, _not_regular(found.st_mode))
        # Its size read first: asked for ``limit`` bytes, Python would make a buffer that size.
        data = stream.read(found.st_size + 1) if found.st_size <= limit else b""
        if len(data) > found.st_size:  # it grew since: read on, up to the limit
            data += stream.read(limit + 1 - len(data))
    if found.st_size > limit or len(data) > limit:
        megabytes = limit // (1024 * 1024)
        raise FmflashError.at(path, f"is larger than {megabytes} MB, the most fmflash reads")
    return data


def same_bytes(path: str, data: bytes) -> bool:
    """Tell whether a regular file holds exactly ``data``; anything else (or nothing) differs.

    A file of another size is not read, and a FIFO or a device is never opened.
    """
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        return _read_regular(path, limit=len(data)) == data
    except (FileNotFoundError, NotADirectoryError, FmflashError):
        return False
    except OSError as error:
        raise file_error("cannot read", path, error) from None
