"""Every refusal of the file system in words: a user error naming the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fmflash.errors import FmflashError
from fmflash.files.atomic import write_atomically
from fmflash.files.reading import same_bytes
from fmflash.files.reasons import folder_problem


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("text")
    target = tmp_path / "README.md" / "x.apkg"
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(target), b"data")
    assert (
        str(caught.value)
        == f"cannot write {target}: {tmp_path / 'README.md'} is a file, not a folder"
    )
    assert not same_bytes(str(target), b"data")  # cannot exist, so it differs


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(tmp_path), b"data")
    assert str(caught.value) == f"cannot write {tmp_path}: it is a folder, not a file"


def test_a_folder_that_can_be_written_or_made_has_no_problem(tmp_path: Path) -> None:
    assert folder_problem(str(tmp_path)) is None
    assert folder_problem(str(tmp_path / "new" / "deeper")) is None
    assert not (tmp_path / "new").exists()  # nothing is made to find out
    (tmp_path / "file").write_text("x")
    assert folder_problem(str(tmp_path / "file")) == "it is a file, not a folder"
    assert (
        folder_problem(str(tmp_path / "file" / "x"))
        == f"{tmp_path / 'file'} is a file, not a folder"
    )
    assert folder_problem("/dev/null") == "it is a character device, not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_named(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert folder_problem(str(locked / "state")) == f"{locked} is a read-only folder"
