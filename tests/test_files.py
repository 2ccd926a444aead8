"""Writing files whole or not at all: every refusal of the file system is a located user error."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from fmflash import files
from fmflash.errors import FmflashError
from fmflash.files import read_bytes, read_text, write_atomically


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(files.SCRATCH_PREFIX))


def test_writes_replace_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "deck" / "x.apkg"
    write_atomically(str(target), b"one")
    write_atomically(str(target), b"two")
    assert target.read_bytes() == b"two"
    assert leftovers(target.parent) == []


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("text")
    target = tmp_path / "README.md" / "x.apkg"
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(target), b"data")
    assert (
        str(caught.value)
        == f"cannot write {target}: {tmp_path / 'README.md'} is a file, not a folder"
    )
    assert read_bytes(str(target)) is None  # cannot exist, so there is nothing to compare with


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(tmp_path), b"data")
    assert str(caught.value) == f"cannot write {tmp_path}: it is a folder, not a file"


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


def test_reading_says_what_went_wrong(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    cases = {
        tmp_path / "missing.yaml": "file not found",
        tmp_path: "is a folder, not a file",
    }
    for path, message in cases.items():
        with pytest.raises(FmflashError) as caught:
            read_text(str(path))
        assert str(caught.value) == f"{path}: {message}"
    under_a_file = tmp_path / "file" / "cards.yaml"
    with pytest.raises(FmflashError) as caught:
        read_text(str(under_a_file))
    assert str(caught.value) == (
        f"cannot read {under_a_file}: {tmp_path / 'file'} is a file, not a folder"
    )
