"""The build record: where it lives, reading and writing it, the identities it gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _write_record(path: Path, guid: str) -> None:
    """Write a build record knowing one card, dated long enough ago to be recognised."""
    from fmflash.cards.record_format import CardRecord, Record, render_record

    known = CardRecord("h", 1, guid=guid, kind="basic", note_id=1)
    record = Record(deck_name="D", project_key="ab12", cards={"known": known})
    path.write_text(render_record(record), encoding="utf-8")
    old = path.stat().st_mtime - 60
    os.utime(path, (old, old))


def test_an_unchanged_record_s_identities_come_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fmflash.cards import record as project

    _write_record(tmp_path / "d.record.json", "guid-one")
    first = project.identities_with_key(str(tmp_path / "d.apkg"), ["known"], b"12345678")
    assert (first.project_key, dict(first.guids)) == ("ab12", {"known": "guid-one"})

    def unread(text: str, *, path: str) -> None:
        raise AssertionError("the record was read again")

    with monkeypatch.context() as patched:
        patched.setattr(project, "read_identities", unread)
        again = project.identities_with_key(str(tmp_path / "d.apkg"), ["known"], b"12345678")
    assert again == first
    _write_record(tmp_path / "d.record.json", "guid-two")  # a changed record is read again
    changed = project.identities_with_key(str(tmp_path / "d.apkg"), ["known"], b"12345678")
    assert dict(changed.guids) == {"known": "guid-two"}


def test_a_damaged_identities_cache_is_read_as_no_cache(tmp_path: Path) -> None:
    from fmflash.cards.cache import cache_file
    from fmflash.cards.record import identities_with_key

    record = tmp_path / "d.record.json"
    _write_record(record, "guid-one")
    first = identities_with_key(str(tmp_path / "d.apkg"), ["known"], b"12345678")
    cached = Path(cache_file(str(record)))
    for damage in (b"", cached.read_bytes()[:-3], cached.read_bytes().replace(b"guid", b"GUID")):
        cached.write_bytes(damage)
        assert identities_with_key(str(tmp_path / "d.apkg"), ["known"], b"12345678") == first
