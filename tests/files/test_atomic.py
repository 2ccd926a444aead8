"""One file written whole or not at all, never replacing what it must not."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

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
        ("open", errno.EACCES, "permission denied"),
    ],
)
def test_a_refused_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str, code: int, words: str
) -> None:
    target = tmp_path / "record.json"
    target.write_bytes(b"old")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, failing, refuse)
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(target), b"new")
    assert str(caught.value) == f"cannot write {target}: {words}"
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def ctrl_c_once_made(monkeypatch: pytest.MonkeyPatch, function: str) -> None:
    """Press Ctrl-C the moment ``os.open`` or ``os.link`` has made a file, before it returns."""
    real = getattr(os, function)

    def made(*args: Any, **kwargs: Any) -> object:
        result = real(*args, **kwargs)
        if function == "link" or args[1] & os.O_CREAT:
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(os, function, made)


def test_ctrl_c_the_moment_the_temporary_file_is_made_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "record.json"
    target.write_bytes(b"old")
    with monkeypatch.context() as patched:
        ctrl_c_once_made(patched, "open")
        with pytest.raises(KeyboardInterrupt):
            write_atomically(str(target), b"new")
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


def test_a_write_removes_what_a_killed_fmflash_left_beside_it_an_hour_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    import types

    import fmflash.files.atomic

    package = tmp_path / "deck.apkg"
    package.write_bytes(b"old package")
    left = [tmp_path / ".fmflash-1a2b.tmp", tmp_path / ".fmflash-3c4d.old"]
    left[0].write_bytes(b"half a package")
    os.link(package, left[1])  # a kept old copy: its modification time is the package's
    kept = [tmp_path / ".fmflash-5e6f.sqlite3", tmp_path / "notes.md", tmp_path / ".fmflash-x.tmp"]
    kept[0].write_bytes(b"a new database being made")
    kept[1].write_text("# Notes\n", encoding="utf-8")
    kept[2].mkdir()  # not a regular file: not ours to remove
    write_atomically(str(package), b"new package")  # a moment on: a live write's files stay
    assert all(path.exists() for path in [*left, *kept])

    hour_on = types.SimpleNamespace(time=lambda: time.time() + 3601)
    monkeypatch.setattr(fmflash.files.atomic, "time", hour_on)
    write_atomically(str(package), b"newer package")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [".fmflash-5e6f.sqlite3", ".fmflash-x.tmp", "deck.apkg", "notes.md"]
    )
    assert package.read_bytes() == b"newer package"


def test_a_folder_that_cannot_be_listed_is_no_reason_to_fail(tmp_path: Path) -> None:
    from fmflash.files.atomic import remove_stale_scratches

    remove_stale_scratches(str(tmp_path / "missing"), now=0.0)  # nothing to remove, no error
