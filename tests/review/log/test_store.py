"""The review store on real SQLite files: schema, migrations, refusal, concurrency, undo."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from hypothesis import given, settings
from hypothesis import strategies as st

from fmflash.errors import FmflashError
from fmflash.review.log.counts import DayCount
from fmflash.review.log.database import APPLICATION_ID, SCHEMA_VERSION
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.grades import Rating, Sm2Grade
from fmflash.review.scheduling.schedule import Review, Schedule
from fmflash.review.scheduling.scheduler import SM2, FsrsParameters, Scheduler, SchedulerName
from fmflash.sm2 import Sm2State, review

from .logs import count_reviews, reviews_since, schema_version

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# A review database written by fmflash before review keys (schema 2), five grades.
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "format2" / "review.sqlite3"
DAY = date(2026, 3, 1)
FSRS = Scheduler(SchedulerName.FSRS)


def record(store: ReviewStore, key: str, grade: int, day: date = DAY, **kwargs: object) -> int:
    now = datetime.combine(day, NOW.timetz())
    review_id, _ = store.record(key, Sm2Grade(grade), now=now, day=day, scheduler=SM2, **kwargs)  # type: ignore[arg-type]
    return review_id


def test_new_database_is_marked_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "review.sqlite3"
    ReviewStore.open(str(path)).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_log_holds_inputs_and_the_schedule_is_derived(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    store = ReviewStore.open(path)
    record(store, "a", 4, duration_ms=3250)
    # another connection sees the grade at once: it was committed
    rows = sqlite3.connect(path).execute("SELECT * FROM review_log").fetchall()
    assert rows == [
        (1, "a", "2026-03-01T09:00:00.000+00:00", "2026-03-01", "sm2", 4, "sm2", 3250, 0, None, 0)
    ]
    assert store.schedules(SM2) == {"a": Schedule(date(2026, 3, 2), 1, 1, Sm2State(1, 1, 2.5))}
    assert reviews_since(store, DAY) == [
        Review("a", NOW, DAY, Sm2Grade.RIGHT_HESITATED, "sm2", 3250, redrill=False)
    ]
    store.close()


def test_same_day_regrades_are_redrills_and_pending_redrills_are_known(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 2)
    schedule = store.schedules(SM2)
    _, drill = store.record("a", Sm2Grade(3), now=NOW, day=DAY, scheduler=SM2)
    assert drill.redrill
    assert store.schedules(SM2) == schedule
    record(store, "b", 5)
    today = store.today(DAY)
    assert (today.new_done, today.reviews_done, today.pending_redrills) == (2, 0, ("a",))
    record(store, "a", 4)
    assert store.today(DAY).pending_redrills == ()
    record(store, "b", 5, date(2026, 3, 2))
    after = store.today(date(2026, 3, 2))
    assert (after.new_done, after.reviews_done) == (0, 1)


def test_pending_redrills_follow_each_cards_last_grade_on_either_scale(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    for key, grade in [("c", 1), ("a", 2), ("b", 5), ("d", 1), ("d", 4)]:
        record(store, key, grade)
    store.record("b", Rating.AGAIN, now=NOW, day=DAY, scheduler=SM2)
    store.record("e", Rating.GOOD, now=NOW, day=DAY, scheduler=SM2)
    assert store.today(DAY).pending_redrills == ("c", "a", "b")  # by each card's first grade
    store.close()


def test_undo_restores_schedule_and_log(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 5)
    before = store.schedules(SM2)
    review_id = record(store, "a", 4, date(2026, 3, 2))
    assert store.schedules(SM2) != before
    assert store.undo(review_id, SM2)
    assert store.schedules(SM2) == before
    assert len(reviews_since(store, DAY)) == 1
    assert not store.undo(review_id, SM2)
    # ids are never reused: a new grade after an undo gets a new one
    assert record(store, "a", 4, date(2026, 3, 2)) == review_id + 1


def test_review_count_counts_a_cards_logged_reviews_drills_included(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    assert store.review_count("a") == 0
    record(store, "a", 2)
    review_id = record(store, "a", 5)
    record(store, "b", 5)
    assert store.review_count("a") == 2
    store.undo(review_id, SM2)
    assert store.review_count("a") == 1


def test_two_sessions_never_lose_an_update(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    first, second = ReviewStore.open(path), ReviewStore.open(path)
    record(first, "a", 5)
    record(second, "a", 5, date(2026, 3, 2))
    assert first.schedules(SM2)["a"].memory == Sm2State(2, 6, 2.7)
    # the first session cannot undo over the second session's later grade
    assert not first.undo(1, SM2)
    assert len(reviews_since(second, DAY)) == 2


def test_the_log_wins_over_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    store = ReviewStore.open(str(path))
    record(store, "a", 5)
    record(store, "b", 5)
    assert store.due_dates(SM2) == {"a": date(2026, 3, 2), "b": date(2026, 3, 2)}
    # another writer changes the log behind the cache's back: a grade added, one removed
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, redrill) "
        "VALUES ('a', '2026-03-02T09:00:00.000+00:00', '2026-03-02', 'rating', 3, 'sm2', 0)"
    )
    db.execute("DELETE FROM review_log WHERE card_key = 'b'")
    db.commit()
    db.close()
    assert store.due_dates(SM2) == {"a": date(2026, 3, 8)}


def test_schedules_under_fsrs_come_from_the_same_log(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 4)
    record(store, "a", 5, date(2026, 3, 3))
    fsrs = store.schedules(FSRS)["a"]
    assert fsrs == FSRS.replay(reviews_since(store, DAY))
    assert fsrs.due == date(2026, 3, 3) + timedelta(days=fsrs.interval)
    assert store.schedules(SM2)["a"].due == date(2026, 3, 9)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.integers(0, 40), st.sampled_from(Sm2Grade)),
        max_size=25,
    )
)
def test_sm2_then_fsrs_then_sm2_leaves_every_due_date_as_it_was(
    grades: list[tuple[str, int, Sm2Grade]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = ReviewStore.open(f"{folder}/r.db")
        for key, offset, grade in sorted(grades, key=lambda g: g[1]):
            day = DAY + timedelta(days=offset)
            now = datetime.combine(day, NOW.timetz())
            store.record(key, grade, now=now, day=day, scheduler=SM2)
        under_sm2 = store.due_dates(SM2)
        under_fsrs = store.due_dates(FSRS)
        assert store.due_dates(SM2) == under_sm2
        assert set(under_fsrs) == set(under_sm2)
        store.close()
        # and the same as SM-2 itself, run by hand over the first grade of each day
        expected: dict[str, date] = {}
        state: dict[str, Sm2State] = {}
        seen: set[tuple[str, int]] = set()
        for key, offset, grade in sorted(grades, key=lambda g: g[1]):
            if (key, offset) in seen:
                continue
            seen.add((key, offset))
            state[key] = review(state.get(key, Sm2State()), grade)
            expected[key] = DAY + timedelta(days=offset + state[key].interval)
        assert under_sm2 == expected


Rows = list[tuple[object, ...]]


def old_database(path: Path, rows: Rows, cards: Rows) -> None:
    """Write a review database exactly as fmflash wrote it before the log held inputs only."""
    db = sqlite3.connect(path)
    for name in ("001_initial.sql", "002_review_day.sql"):
        script = resources.files("fmflash.review.log").joinpath("schema", name).read_text()
        db.executescript(script)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 2")
    db.executemany(
        "INSERT INTO reviews (id, card_id, reviewed_at, quality, drill, before_repetitions, "
        "before_interval_days, before_easiness_hundredths, before_due, after_repetitions, "
        "after_interval_days, after_easiness_hundredths, after_due, day) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?)", cards)
    db.commit()
    db.close()


def test_a_database_written_by_version_2_keeps_every_review_and_schedule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What fmflash 0.1 logged: a, graded 4 then 5 (and a re-drill); b graded 2 before 4 am.
    day1, day2 = "2026-03-01", "2026-03-02"
    rows = [
        (1, "a", "2026-03-01T09:00:00", 4, 0, 0, 0, 250, None, 1, 1, 250, day2, day1),
        (2, "b", "2026-03-02T02:30:00", 2, 0, 0, 0, 250, None, 0, 1, 250, day2, day1),
        (3, "b", "2026-03-02T02:35:00", 4, 1, 0, 1, 250, day2, 0, 1, 250, day2, day1),
        (4, "a", "2026-03-02T18:00:00", 5, 0, 1, 1, 250, day2, 2, 6, 260, "2026-03-08", day2),
    ]  # fmt: skip
    cards = [("a", 2, 6, 260, "2026-03-08"), ("b", 0, 1, 250, "2026-03-02")]
    path = tmp_path / "old.db"
    old_database(path, rows, cards)
    # the learner's machine is in New York: its local times become UTC (winter: +5 hours)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        store = ReviewStore.open(str(path))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert schema_version(store) == 7
    logged = reviews_since(store, date(2026, 1, 1))
    shown = [(r.card_key, r.reviewed_at, r.day, r.grade, r.redrill, r.duration_ms) for r in logged]
    assert shown == [
        ("a", datetime(2026, 3, 1, 14, 0, tzinfo=UTC), date(2026, 3, 1), 4, False, None),
        ("b", datetime(2026, 3, 2, 7, 30, tzinfo=UTC), date(2026, 3, 1), 2, False, None),
        ("b", datetime(2026, 3, 2, 7, 35, tzinfo=UTC), date(2026, 3, 1), 4, True, None),
        ("a", datetime(2026, 3, 2, 23, 0, tzinfo=UTC), date(2026, 3, 2), 5, False, None),
    ]  # fmt: skip
    assert {key: (s.due, s.memory) for key, s in store.schedules(SM2).items()} == {
        key: (date.fromisoformat(due), Sm2State(reps, interval, hundredths / 100))
        for key, reps, interval, hundredths, due in cards
    }
    assert store.today(date(2026, 3, 1)).pending_redrills == ()


def test_migration_from_version_1_keeps_reviews_and_fills_in_the_day(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    script = resources.files("fmflash.review.log").joinpath("schema", "001_initial.sql").read_text()
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
    assert schema_version(store) == 7
    # 02:30 is before the 4 am day start: the review counts for the 1st
    assert [r.day for r in reviews_since(store, date(2026, 1, 1))] == [date(2026, 3, 1)]
    assert store.due_dates(SM2)["a"] == date(2026, 3, 2)
    assert store.fsrs_parameters() is None  # an upgraded database: FSRS-6's defaults


def test_saved_fsrs_parameters_are_read_back_replaced_and_forgotten(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    store = ReviewStore.open(path)
    record(store, "a", 4)
    first = FsrsParameters(tuple(0.1 * n for n in range(21)), 1234, date(2027, 1, 10))
    store.save_fsrs_parameters(first)
    store.close()
    again = ReviewStore.open(path, read_only=True)
    assert again.fsrs_parameters() == first  # every digit: the schedule depends on them
    again.close()
    store = ReviewStore.open(path)
    second = FsrsParameters((0.5, *DEFAULT_PARAMETERS[1:]), 2000, date(2027, 2, 1))
    store.save_fsrs_parameters(second)
    assert store.fsrs_parameters() == second
    yours, defaults = Scheduler(SchedulerName.FSRS, 0.9, second), Scheduler(SchedulerName.FSRS)
    store.schedules(yours)  # cached under the parameters' digest
    store.schedules(defaults)
    assert store.schedules_cached(yours)
    store.save_fsrs_parameters(None)
    assert store.fsrs_parameters() is None
    assert not store.schedules_cached(yours)  # the schedules of parameters gone are dropped
    assert store.schedules_cached(defaults)  # the defaults' are still good
    assert len(reviews_since(store, DAY)) == 1  # the log is untouched


def test_bare_ids_of_old_databases_go_to_the_first_project_that_claims_them(
    tmp_path: Path,
) -> None:
    """The first project to open an old database with a card of that id takes its reviews."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    store = ReviewStore.open(str(path))
    assert schema_version(store) == 7
    before = store.schedules(SM2)
    assert set(before) == {
        "weights-memory", "mixtral-total/reverse", "transformer-dominates", "other-project-card"
    }  # fmt: skip
    first = {"weights-memory": "G1", "mixtral-total/reverse": "G2/reverse", "new-card": "G3"}
    assert store.claim(first) == 2
    after = store.schedules(SM2)
    assert after["G1"] == before["weights-memory"]
    assert after["G2/reverse"] == before["mixtral-total/reverse"]
    assert [r.card_key for r in reviews_since(store, date(2025, 1, 1))] == [
        "G1", "G2/reverse", "transformer-dominates", "G1", "other-project-card"
    ]  # fmt: skip
    # Another project with the same id gets nothing of it; its own ids are still there.
    assert store.claim({"weights-memory": "H1", "other-project-card": "H2"}) == 1
    assert "H1" not in store.schedules(SM2)
    assert store.schedules(SM2)["H2"] == before["other-project-card"]
    assert store.claim({"transformer-dominates": "T"}) == 1
    assert store.claim({"transformer-dominates": "T"}) == 0
    store.close()


def test_imported_grades_on_the_rating_scale_are_kept_as_given(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    store.record("a", Rating.EASY, now=NOW, day=DAY, scheduler=FSRS)
    assert reviews_since(store, DAY)[0].grade is Rating.EASY


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
        record(store, f"card-{number}", 4)
    store.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # scribble over the second page, a table root
    path.write_bytes(bytes(data))
    store = ReviewStore.open(str(path))
    with pytest.raises(FmflashError) as caught:
        store.due_dates(SM2)
    assert str(caught.value) == (
        f"{path}: the review database cannot be used (database disk image is malformed); "
        "fmflash leaves it untouched. Restore a backup, or choose another file with --db or "
        "FMFLASH_DB"
    )
    with pytest.raises(FmflashError, match="leaves it untouched"):
        record(store, "card-1", 4, date(2026, 3, 2))
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


def test_merged_reviews_are_added_once_and_follow_the_redrill_rule(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 4)  # graded here on the 1st
    later = NOW + timedelta(hours=2)
    merged = [
        Review("a", later, DAY, Rating.EASY, "anki", 900, False, anki_id=11),  # same day: drill
        Review("b", NOW, DAY, Rating.AGAIN, "anki", None, False, anki_id=12),
        Review("b", later, DAY, Rating.GOOD, "anki", None, False, anki_id=13),  # b's drill
    ]
    assert store.merge(merged) == (3, 0, frozenset({"a", "b"}))
    assert store.merge(merged) == (0, 3, frozenset())
    # merged oldest first: b at 9:00, then a and b at 11:00
    assert [(r.card_key, r.redrill) for r in reviews_since(store, DAY)] == [
        ("a", False),
        ("b", False),
        ("a", True),
        ("b", True),
    ]
    assert store.schedules(SM2)["b"].memory == Sm2State(0, 1, 2.5)  # Again read as 1


def test_day_counts_count_the_grouped_keys_by_day_grade_and_redrill(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    before = DAY - timedelta(days=3)
    for key, grade, day in [("a", 4, before), ("a", 2, DAY), ("a", 4, DAY), ("b", 4, DAY),
                            ("c", 5, DAY), ("b", 4, before - timedelta(days=1))]:  # fmt: skip
        record(store, key, grade, day)
    counts = store.day_counts(before, {"a": "one", "b": "two"})  # c is another project's
    assert counts == {
        "one": [DayCount(before, Sm2Grade(4), False, 1), DayCount(DAY, Sm2Grade(2), False, 1),
                DayCount(DAY, Sm2Grade(4), True, 1)],
        "two": [DayCount(DAY, Sm2Grade(4), False, 1)],
    }  # fmt: skip
    reviews = reviews_since(store, before)
    assert counts["one"] == count_reviews(reviews, {"a"})  # the same as reading them whole
    assert store.day_counts(DAY + timedelta(days=1), {"a": 1}) == {}
    store.close()


def test_schedules_cached_tells_whether_the_whole_log_is_derived(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 4)
    assert not store.schedules_cached(SM2)  # a first grade caches its card only
    store.schedules(SM2)
    assert store.schedules_cached(SM2)
    record(store, "b", 4)  # a grade keeps the whole cache valid, for its scheduler
    assert store.schedules_cached(SM2)
    assert not store.schedules_cached(FSRS)
    store.schedules(FSRS)
    assert store.schedules_cached(FSRS)
    store.close()


def test_day_counts_count_reviews_imported_after_later_ones(tmp_path: Path) -> None:

    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 4, DAY)
    record(store, "a", 4, DAY - timedelta(days=40))  # before the window, logged later
    earlier = DAY - timedelta(days=5)
    at = datetime.combine(earlier, NOW.timetz())
    store.merge([Review("a", at, earlier, Rating.GOOD, "anki", None, False, anki_id=7)])
    counts = store.day_counts(DAY - timedelta(days=10), {"a": 0})[0]
    assert sorted((c.day, c.reviews) for c in counts) == [(earlier, 1), (DAY, 1)]
    read_whole = count_reviews(reviews_since(store, DAY - timedelta(days=10)), {"a"})
    assert counts == sorted(read_whole, key=lambda count: count.day)  # by day
    store.close()


def schema_5_database(path: Path) -> None:
    """Write a review database as fmflash wrote it at schema 5: before suspend and cram."""
    db = sqlite3.connect(path, isolation_level=None)
    for name in ("001_initial.sql", "002_review_day.sql", "003_review_log.sql",
                 "004_review_keys.sql", "005_review_counts.sql"):  # fmt: skip
        script = resources.files("fmflash.review.log").joinpath("schema", name)
        db.executescript(script.read_text("utf-8"))
    db.execute("DELETE FROM unclaimed")
    db.executemany(
        "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, "
        "duration_ms, redrill) VALUES (?, ?, ?, 'sm2', ?, 'sm2', NULL, ?)",
        [("k", "2026-03-01T09:00:00.000+00:00", "2026-03-01", 4, 0),
         ("k", "2026-03-02T09:00:00.000+00:00", "2026-03-02", 5, 0),
         ("j", "2026-03-02T09:00:00.000+00:00", "2026-03-02", 2, 0),
         ("j", "2026-03-02T09:05:00.000+00:00", "2026-03-02", 4, 1)],
    )  # fmt: skip
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 5")
    db.close()


def test_a_schema_5_database_keeps_its_log_and_schedules_and_gains_suspend_and_cram(
    tmp_path: Path,
) -> None:
    path = tmp_path / "five.db"
    schema_5_database(path)
    store = ReviewStore.open(str(path))
    assert schema_version(store) == SCHEMA_VERSION == 7
    logged = reviews_since(store, DAY)
    assert [(r.card_key, r.grade, r.redrill, r.cram) for r in logged] == [
        ("k", 4, False, False), ("k", 5, False, False), ("j", 2, False, False),
        ("j", 4, True, False)]  # fmt: skip
    assert {key: s.due for key, s in store.schedules(SM2).items()} == {
        "k": date(2026, 3, 8), "j": date(2026, 3, 3)}  # fmt: skip
    assert store.suspended() == {}
    from fmflash.review.log.suspended import Suspension

    assert store.suspend(["k"], Suspension(NOW, leech=False)) == ["k"]
    assert list(store.suspended()) == ["k"]
    store.close()
    reopened = ReviewStore.open(str(path), read_only=True)
    assert list(reopened.suspended()) == ["k"]
    reopened.close()


def test_suspend_and_unsuspend_tell_what_changed_and_a_leech_mark_wins(tmp_path: Path) -> None:
    from fmflash.review.log.suspended import Suspension

    store = ReviewStore.open(str(tmp_path / "r.db"))
    by_hand = Suspension(NOW, leech=False)
    assert store.suspend(["a", "b"], by_hand) == ["a", "b"]
    assert store.suspend(["a"], by_hand) == []  # suspended already
    assert store.suspend(["a"], Suspension(NOW, leech=True, fingerprint="f1")) == ["a"]
    assert store.suspended()["a"] == Suspension(NOW, True, "f1")
    assert store.suspend(["a"], by_hand) == []  # a leech stays a leech
    assert store.unsuspend(["a", "c"]) == ["a"]
    assert list(store.suspended()) == ["b"]
    store.close()


def test_cram_grades_are_logged_and_move_no_schedule_nor_the_days_counts(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 4)
    before = (store.due_dates(SM2), store.due_dates(FSRS), store.today(DAY))
    record(store, "a", 1, cram=True)
    record(store, "b", 5, cram=True)
    assert (store.due_dates(SM2), store.due_dates(FSRS), store.today(DAY)) == before
    assert store.schedules(SM2)["a"] == Schedule(date(2026, 3, 2), 1, 1, Sm2State(1, 1, 2.5))
    assert [r.cram for r in reviews_since(store, DAY)] == [False, True, True]
    assert store.day_counts(DAY, {"a": 0, "b": 0}) == {
        0: [DayCount(DAY, Sm2Grade(1), False, 1, cram=True), DayCount(DAY, Sm2Grade(4), False, 1),
            DayCount(DAY, Sm2Grade(5), False, 1, cram=True)]
    }  # fmt: skip
    store.close()


def test_eight_lapses_after_a_card_is_learned_make_a_leech(tmp_path: Path) -> None:
    store = ReviewStore.open(str(tmp_path / "r.db"))
    record(store, "a", 1)  # failing before it was ever learned: no lapse
    record(store, "a", 4, day=DAY + timedelta(days=1))
    for offset in range(2, 10):
        record(store, "a", 2, day=DAY + timedelta(days=offset))
        record(store, "a", 4, day=DAY + timedelta(days=offset))  # a re-drill: no lapse
    record(store, "a", 0, cram=True, day=DAY + timedelta(days=11))  # cram: no lapse
    assert store.lapses("a") == 8
    store.close()
