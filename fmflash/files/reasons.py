"""Why the file system refused, in words: every refusal a user error naming the path.

Whatever the file system says (a missing folder, a file where a folder should be, a read-only
folder, a full disk), the user sees one line naming the path: ``cannot write deck/x.apkg: no
space left on device``.
"""

from __future__ import annotations

import errno
import os
import stat

from fmflash.errors import FmflashError, Problem


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


def file_kind(mode: int) -> str:
    """Name what a file that is not a regular file is: ``a FIFO (named pipe)``."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def folder_problem(path: str) -> str | None:
    """Say why files cannot be written into a folder (made if missing), or None if they can.

    Nothing is created: the nearest part of the path that exists must be a folder fmflash may
    write into (a file, ``/dev/null`` or a read-only folder is named).
    """
    probe = os.path.abspath(path)
    while True:
        try:
            mode = os.stat(probe).st_mode
            break
        except (FileNotFoundError, NotADirectoryError):
            parent = os.path.dirname(probe)
            if parent == probe:
                return "no part of it exists"
            probe = parent
        except OSError as error:
            return reason(error, probe)
    which = "it" if probe == os.path.abspath(path) else probe
    if not stat.S_ISDIR(mode):
        kind = "a file" if stat.S_ISREG(mode) else file_kind(mode)
        return f"{which} is {kind}, not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{which} is a read-only folder"
    return None
