"""One file written whole or not at all, never replacing what it must not."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from fmflash.errors import FmflashError
from fmflash.files.atomic import Content, write_atomically

from . import leftovers


def test_writes_replace_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "deck" / "x.apkg"
    write_atomically(str(target), b"one")
    write_atomically(str(target), b"two")
    assert target.read_bytes() == b"two"
    assert leftovers(target.parent) == []


@pytest.mark.parametrize(
    ("failing", "code", "words"),
    [
        ("fsync", errno.ENOSPC, "no space left on device"),
        ("replace", errno.EROFS, "read-only file system"),
        ("mkstemp", errno.EACCES, "permission denied"),
    ],
)
def test_a_refused_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str, code: int, words: str
) -> None:
    target = tmp_path / "record.json"
    target.write_bytes(b"old")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    module = tempfile if failing == "mkstemp" else os
    monkeypatch.setattr(module, failing, refuse)
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(target), b"new")
    assert str(caught.value) == f"cannot write {target}: {words}"
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_a_write_never_replaces_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    for name, kind in [
        ("pipe", "a FIFO (named pipe), not a regular"),
        ("folder", "a folder, not a"),
    ]:
        with pytest.raises(FmflashError) as caught:
            write_atomically(str(tmp_path / name), b"data")
        assert str(caught.value) == f"cannot write {tmp_path / name}: it is {kind} file"
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    assert leftovers(tmp_path) == []


def test_a_write_never_replaces_an_input_or_a_file_of_another_kind(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n")
    (tmp_path / "link.md").symlink_to(notes)
    inputs = {str(notes): "a notes file"}
    for path in (notes, tmp_path / "link.md"):
        with pytest.raises(FmflashError) as caught:
            write_atomically(str(path), b"PK", inputs=inputs)
        assert str(caught.value) == f"cannot write {path}: it is a notes file of this project"
    page = tmp_path / "page.html"
    page.write_text("\ufeff\n<!DOCTYPE html>\n<html></html>\n")
    write_atomically(str(page), b"<!DOCTYPE html>new", content=Content.PAGE)
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(page), b"PK", content=Content.PACKAGE)
    assert str(caught.value) == (
        f"cannot write {page}: it is not an Anki package; fmflash replaces no other kind of file"
    )
    assert page.read_bytes() == b"<!DOCTYPE html>new"
    assert notes.read_text() == "# Notes\n"
