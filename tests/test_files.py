"""Writing files whole or not at all: every refusal of the file system is a located user error."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from fmflash import files
from fmflash.errors import FmflashError
from fmflash.files import read_text, same_bytes, write_atomically


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
    assert not same_bytes(str(target), b"data")  # cannot exist, so it differs


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


def test_reading_takes_only_regular_files_within_the_limit(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")  # opened for reading, it would wait for a writer forever
    big = tmp_path / "big.yaml"
    with open(big, "wb") as stream:
        stream.truncate(files.MAX_INPUT_BYTES + 1)
    at_limit = tmp_path / "limit.yaml"
    with open(at_limit, "wb") as stream:
        stream.truncate(files.MAX_INPUT_BYTES)
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
    assert len(read_text(str(at_limit))) == files.MAX_INPUT_BYTES


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
    write_atomically(str(page), b"<!DOCTYPE html>new", content=files.Content.PAGE)
    with pytest.raises(FmflashError) as caught:
        write_atomically(str(page), b"PK", content=files.Content.PACKAGE)
    assert str(caught.value) == (
        f"cannot write {page}: it is not an Anki package; fmflash replaces no other kind of file"
    )
    assert page.read_bytes() == b"<!DOCTYPE html>new"
    assert notes.read_text() == "# Notes\n"


def test_a_folder_that_can_be_written_or_made_has_no_problem(tmp_path: Path) -> None:
    from fmflash.files import folder_problem

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
    from fmflash.files import folder_problem

    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert folder_problem(str(locked / "state")) == f"{locked} is a read-only folder"


def _failing_at(call: int, error: int = errno.ENOSPC):  # type: ignore[no-untyped-def]
    """Return os.replace failing at its ``call``-th use (from 1), as a full disk would."""
    real = os.replace
    calls = []

    def replace(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == call:
            raise OSError(error, os.strerror(error))
        real(source, target)

    return replace


@pytest.mark.parametrize("call", [1, 2, 3])
def test_files_written_together_are_all_or_none_whatever_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    package, record, copy = tmp_path / "x.apkg", tmp_path / "x.record.json", tmp_path / "c.apkg"
    package.write_bytes(b"old package")
    record.write_bytes(b"old record")
    monkeypatch.setattr(files.os, "replace", _failing_at(call))
    with pytest.raises(FmflashError) as raised:
        files.write_together(
            [(str(package), b"new", None), (str(record), b"new", None), (str(copy), b"n", None)]
        )
    failed = [package, record, copy][call - 1]
    assert str(raised.value) == f"cannot write {failed}: no space left on device"
    assert (package.read_bytes(), record.read_bytes()) == (b"old package", b"old record")
    assert not copy.exists()
    assert leftovers(tmp_path) == []


def test_ctrl_c_while_files_are_put_in_place_comes_after_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    package, record = tmp_path / "x.apkg", tmp_path / "x.record.json"
    real = os.replace

    def replace(source: str, target: str) -> None:
        real(source, target)
        if target == str(package):  # Ctrl-C just after the package is in place
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(files.os, "replace", replace)
    # As in a terminal, whatever the test runner inherited (a background job ignores SIGINT).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            files.write_together([(str(package), b"new", None), (str(record), b"new", None)])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert (package.read_bytes(), record.read_bytes()) == (b"new", b"new")
    assert leftovers(tmp_path) == []
