"""Several files written together: all or none, Ctrl-C held off until the last."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from fmflash.errors import FmflashError
from fmflash.files import together

from . import leftovers
from .test_atomic import ctrl_c_once_made


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
    monkeypatch.setattr(together.os, "replace", _failing_at(call))
    with pytest.raises(FmflashError) as raised:
        together.write_together(
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

    monkeypatch.setattr(together.os, "replace", replace)
    # As in a terminal, whatever the test runner inherited (a background job ignores SIGINT).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            together.write_together([(str(package), b"new", None), (str(record), b"new", None)])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert (package.read_bytes(), record.read_bytes()) == (b"new", b"new")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("function", ["open", "link"])
def test_ctrl_c_the_moment_a_temporary_file_or_old_copy_is_made_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, function: str
) -> None:
    package, record = tmp_path / "x.apkg", tmp_path / "x.record.json"
    package.write_bytes(b"old package")
    record.write_bytes(b"old record")
    with monkeypatch.context() as patched:
        ctrl_c_once_made(patched, function)
        with pytest.raises(KeyboardInterrupt):
            together.write_together([(str(package), b"new", None), (str(record), b"new", None)])
    assert (package.read_bytes(), record.read_bytes()) == (b"old package", b"old record")
    assert leftovers(tmp_path) == []
