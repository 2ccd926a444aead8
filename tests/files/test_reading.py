"""Reading only regular files, bounded, and saying what went wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fmflash.errors import FmflashError
from fmflash.files.reading import MAX_INPUT_BYTES, read_text, same_bytes


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


def test_reading_takes_only_regular_files_within_the_limit(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")  # opened for reading, it would wait for a writer forever
    big = tmp_path / "big.yaml"
    with open(big, "wb") as stream:
        stream.truncate(MAX_INPUT_BYTES + 1)
    at_limit = tmp_path / "limit.yaml"
    with open(at_limit, "wb") as stream:
        stream.truncate(MAX_INPUT_BYTES)
    cases = {
        tmp_path / "pipe": "is a FIFO (named pipe), not a regular file",
        Path("/dev/zero"): "is a character device, not a regular file",
        big: "is larger than 20 MB, the most fmflash reads",
    }
    for path, message in cases.items():
        with pytest.raises(FmflashError) as caught:
            read_text(str(path))
        assert str(caught.value) == f"{path}: {message}"
        assert not same_bytes(str(path), b"")
    assert len(read_text(str(at_limit))) == MAX_INPUT_BYTES


@pytest.mark.parametrize("size", [10, MAX_INPUT_BYTES + 1])
def test_a_file_that_grew_after_its_size_was_read_is_read_whole_within_the_limit(
    size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grown = tmp_path / "grown.yaml"
    with open(grown, "wb") as stream:
        stream.truncate(size)
    real_fstat = os.fstat

    def smaller(handle: int) -> os.stat_result:  # as if written to after the size was read
        found = real_fstat(handle)
        return os.stat_result((*found[:6], 4, *found[7:]))

    monkeypatch.setattr(os, "fstat", smaller)
    if size <= MAX_INPUT_BYTES:
        assert read_text(str(grown)) == "\0" * size
    else:
        with pytest.raises(FmflashError) as caught:
            read_text(str(grown))
        assert str(caught.value) == f"{grown}: is larger than 20 MB, the most fmflash reads"
