"""The review store on real SQLite files: schema, migrations, refusal, concurrency, undo."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import pytest

from fmflash.errors import FmflashError
from fmflash.review.schedule import Schedule
from fmflash.review.store import APPLICATION_ID, SCHEMA_VERSION, ReviewStore
from fmflash.sm2 import Sm2State

NOW = datetime(2026, 3, 1, 9, 0)
DAY = date(2026, 3, 1)


def test_new_database_is_marked_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "review.sqlite3"
    ReviewStore.open(str(path)).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_grades_are_committed_with_state_before_and_after(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    store = ReviewStore.open(path)
    store.record("a", 4, now=NOW, day=DAY)
    # another connection sees the grade at once: it was committed
    rows = (
        sqlite3.connect(path)
        .execute("SELECT card_id, quality, drill, before_due, after_due, day FROM reviews")
        .fetchall()
    )
    assert rows == [("a", 4, 0, None, "2026-03-02", "2026-03-01")]
    assert store.schedules() == {"a": Schedule(Sm2State(1, 1, 2.5), date(2026, 3, 2))}
    store.close()


def test_same_day_regrades_are_drills_and_pending_redrills_are_known(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    store.record("a", 2, now=NOW, day=DAY)
    _, drill = store.record("a", 3, now=NOW, day=DAY)
    assert drill.drill
    assert drill.after == drill.before
    store.record("b", 5, now=NOW, day=DAY)
    today = store.today(DAY)
    assert (today.new_done, today.reviews_done, today.pending_redrills) == (2, 0, ("a",))
    store.record("a", 4, now=NOW, day=DAY)
    assert store.today(DAY).pending_redrills == ()


def test_undo_restores_schedule_and_log(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    store.record("a", 5, now=NOW, day=DAY)
    before = store.schedules()
    review_id, _ = store.record("a", 4, now=NOW, day=date(2026, 3, 2))
    assert store.undo(review_id)
    assert store.schedules() == before
    assert len(store.reviews_since(DAY)) == 1
    assert not store.undo(review_id)


def test_review_count_counts_a_cards_logged_reviews_drills_included(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    assert store.review_count("a") == 0
    store.record("a", 2, now=NOW, day=DAY)
    review_id, _ = store.record("a", 5, now=NOW, day=DAY)
    store.record("b", 5, now=NOW, day=DAY)
    assert store.review_count("a") == 2
    store.undo(review_id)
    assert store.review_count("a") == 1


def test_two_sessions_never_lose_an_update(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    first, second = ReviewStore.open(path), ReviewStore.open(path)
    first.record("a", 5, now=NOW, day=DAY)
    second.record("a", 5, now=NOW, day=date(2026, 3, 2))  # reads the state the first wrote
    assert first.schedules()["a"].state == Sm2State(2, 6, 2.7)
    # the first session cannot undo over the second session's later grade
    assert not first.undo(1)
    assert len(second.reviews_since(DAY)) == 2


def test_migration_from_version_1_keeps_reviews_and_fills_in_the_day(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    script = resources.files("fmflash.review").joinpath("schema", "001_initial.sql").read_text()
    db.executescript(script)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO reviews VALUES (1, 'a', '2026-03-02T02:30:00', 4, 0, 0, 0, 250, NULL, "
        "1, 1, 250, '2026-03-02')"
    )
    db.execute("INSERT INTO cards VALUES ('a', 1, 1, 250, '2026-03-02')")
    db.commit()
    db.close()
    store = ReviewStore.open(str(path))
    assert store.schema_version() == 2
    # 02:30 is before the 4 am day start: the review counts for the 1st
    assert [r.day for r in store.reviews_since(date(2026, 1, 1))] == [date(2026, 3, 1)]
    assert store.schedules()["a"].due == date(2026, 3, 2)


def test_a_database_that_is_not_fmflashs_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(FmflashError) as caught:
        ReviewStore.open(str(path))
    assert str(caught.value) == (
        f"{path}: is not an fmflash review database; fmflash leaves it untouched. "
        "Choose another file with --db or FMFLASH_DB"
    )
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    before = path.read_bytes()
    with pytest.raises(FmflashError) as caught:
        ReviewStore.open(str(path))
    assert str(caught.value) == (
        f"{path}: is not a readable SQLite database (file is not a database); fmflash leaves "
        "it untouched. Restore a backup, or choose another file with --db or FMFLASH_DB"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_damaged_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    store = ReviewStore.open(str(path))
    for number in range(300):
        store.record(f"card-{number}", 4, now=NOW, day=DAY)
    store.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # scribble over the second page, a table root
    path.write_bytes(bytes(data))
    store = ReviewStore.open(str(path))
    with pytest.raises(FmflashError) as caught:
        store.due_dates()
    assert str(caught.value) == (
        f"{path}: the review database cannot be used (database disk image is malformed); "
        "fmflash leaves it untouched. Restore a backup, or choose another file with --db or "
        "FMFLASH_DB"
    )
    with pytest.raises(FmflashError, match="leaves it untouched"):
        store.record("card-1", 4, now=NOW, day=date(2026, 3, 2))
    store.close()
    assert path.read_bytes() == bytes(data)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    ReviewStore.open(str(path)).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(FmflashError, match=r"written by a newer fmflash \(schema 99"):
        ReviewStore.open(str(path))
