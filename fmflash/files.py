"""Reading and writing the user's files: whole or not at all, and every refusal a user error.

Whatever the file system says (a missing folder, a file where a folder should be, a read-only
folder, a full disk), the user sees one line naming the path, and nothing is left half-written:
a file is written to a temporary file beside it, flushed to disk and renamed into place, and the
temporary file is removed on every path that does not end in that rename.

Someone else's course is untrusted input, so this is also where files are kept safe: only
regular files of up to ``MAX_INPUT_BYTES`` are read, never blocking on a FIFO; and a write never
replaces an input of the project, a file that is not a regular file, or a file of another kind
than it writes (``refuse_to_replace``). Paths a card file gives are kept inside the project by
``fmflash.cards.containment``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from enum import Enum

from fmflash.errors import FmflashError, Problem

# Prefix of the temporary files written beside their target.
SCRATCH_PREFIX = ".fmflash-"
# The largest card file, notes file or build record read: a typo (/dev/zero) never eats memory.
MAX_INPUT_BYTES = 20 * 1024 * 1024


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


def _kind(mode: int) -> str:
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


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return f"is {_kind(mode)}, not a regular file"


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
        data = stream.read(limit + 1) if found.st_size <= limit else b""
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
            kind = _kind(found.st_mode)
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
    folder = os.path.dirname(os.path.abspath(path))
    refuse_to_replace(path, content=content, inputs=inputs)
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
        kind = "a file" if stat.S_ISREG(mode) else _kind(mode)
        return f"{which} is {kind}, not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{which} is a read-only folder"
    return None


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C off for the block; one that came meanwhile is raised when it ends.

    Only the main thread receives signals; elsewhere (and where SIGINT is ignored) the block
    runs as it is.
    """
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous in (
        signal.SIG_IGN,
        None,
    ):
        yield
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _scratch_beside(path: str, data: bytes) -> str:
    """Write ``data`` whole to a new temporary file beside ``path``; return its name."""
    folder = os.path.dirname(os.path.abspath(path))
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
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        if isinstance(error, OSError):
            raise file_error("cannot write", path, error) from None
        raise
    return scratch


def _keep_old(path: str) -> str | None:
    """Keep the file at ``path`` under a second name, to put it back; None if there is none."""
    if not os.path.exists(path):
        return None
    folder = os.path.dirname(os.path.abspath(path))
    kept = os.path.join(folder, f"{SCRATCH_PREFIX}{os.urandom(8).hex()}.old")
    try:
        os.link(path, kept)  # no copy: the same file under a second name
    except OSError:
        shutil.copyfile(path, kept)
    return kept


def write_together(
    files: Sequence[tuple[str, bytes, Content | None]], *, inputs: Mapping[str, str] | None = None
) -> None:
    """Replace several files as one change: every one of them, or (on any failure) none.

    Each ``(path, data, content)`` is checked as ``refuse_to_replace`` checks it and written
    whole beside its target first; then they are renamed into place in order, with Ctrl-C held
    off until the last (it is raised after, when every file is written). If a rename fails, the
    files already replaced are put back as they were. No temporary file is left behind.
    """
    for path, _, content in files:
        refuse_to_replace(path, content=content, inputs=inputs)
    scratches: list[str] = []
    kept: list[str | None] = []
    try:
        for path, data, _ in files:
            scratches.append(_scratch_beside(path, data))
        for path, _, _ in files:
            try:
                kept.append(_keep_old(path))
            except OSError as error:
                raise file_error("cannot write", path, error) from None
        with interrupts_held():
            done = 0
            try:
                for (path, _, _), scratch in zip(files, scratches, strict=True):
                    os.replace(scratch, path)
                    done += 1
            except OSError as error:
                for (path, _, _), old in list(zip(files, kept, strict=True))[:done]:
                    with contextlib.suppress(OSError):
                        if old is None:
                            os.unlink(path)
                        else:
                            os.replace(old, path)
                raise file_error("cannot write", files[done][0], error) from None
    finally:
        for leftover in (*scratches, *kept):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
