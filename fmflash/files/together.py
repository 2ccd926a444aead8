"""Writing several files together: every one of them or none, with Ctrl-C held off."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence

from fmflash.files.atomic import (
    Content,
    refuse_to_replace,
    remove_scratches,
    scratch_beside,
    scratch_name,
)
from fmflash.files.reasons import file_error


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C off for the block; one that came meanwhile is raised when it ends.

    If the block fails, its error is raised instead: it says what was left (a rename that
    failed puts every file back), which is all Ctrl-C would have said. Only the main thread
    receives signals; elsewhere (and where SIGINT is ignored) the block runs as it is.
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


def _keep_old(path: str, kept: list[str | None]) -> None:
    """Keep the file at ``path`` under a second name, to put it back (None if there is none).

    The name is added to ``kept`` before the file has it: a Ctrl-C at any moment after leaves
    the caller a name to remove, never a copy it does not know of.
    """
    if not os.path.exists(path):
        kept.append(None)
        return
    name = scratch_name(path, ".old")
    kept.append(name)
    try:
        os.link(path, name)  # no copy: the same file under a second name
    except OSError:
        shutil.copyfile(path, name)


def write_together(
    files: Sequence[tuple[str, bytes, Content | None]], *, inputs: Mapping[str, str] | None = None
) -> None:
    """Replace several files as one change: every one of them, or (on any failure) none.

    Each ``(path, data, content)`` is checked as ``refuse_to_replace`` checks it and written
    whole beside its target first; then they are renamed into place in order, with Ctrl-C held
    off until the last is and the old copies kept to put them back are removed (it is raised
    after). If a rename fails, the files already replaced are put back as they were. No
    temporary file is left behind.
    """
    for path, _, content in files:
        refuse_to_replace(path, content=content, inputs=inputs)
    scratches: list[str] = []
    kept: list[str | None] = []
    try:
        for path, data, _ in files:
            scratch_beside(path, data, made=scratches)
        for path, _, _ in files:
            try:
                _keep_old(path, kept)
            except OSError as error:
                raise file_error("cannot write", path, error) from None
        with interrupts_held():
            try:
                _replace_in_order(files, scratches, kept)
            finally:
                # Still held: a Ctrl-C that comes once Ctrl-C is handed back finds nothing left.
                remove_scratches((*scratches, *kept))
    except BaseException:
        # A failure or Ctrl-C before the renames; after them, none is left.
        remove_scratches((*scratches, *kept))
        raise


def _replace_in_order(
    files: Sequence[tuple[str, bytes, Content | None]],
    scratches: Sequence[str],
    kept: Sequence[str | None],
) -> None:
    """Rename each scratch onto its file in order; if one fails, put back those done."""
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
