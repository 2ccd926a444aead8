"""Choosing the scheduler: review --scheduler, the card file's review: block, stats."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmflash.cli import cli

from ..conftest import CARDS, WriteProject

FSRS_SETTING = "review:\n  scheduler: fsrs\n  retention: 0.9\n"
# Grade the four new cards of the first day (the reverse waits for tomorrow): 4, 5, 3 (a
# re-drill follows, graded 4), 4.
SESSION = "\n4\n\n5\n\n3\n\n4\n\n4\n"


def run(cards: Path, db: Path, *args: str, keys: str = "", now: str = "2026-03-01T09:00") -> Result:
    env = {"FMFLASH_NOW": now, "FMFLASH_DB": str(db), "NO_COLOR": "1", "COLUMNS": "80"}
    return CliRunner().invoke(cli, [*args, "--cards", str(cards)], input=keys, env=env)


def reviewed(write_project: WriteProject, tmp_path: Path) -> tuple[Path, Path, list[object]]:
    """A project, its database after one session, and the rows of its log."""
    cards = write_project(CARDS)
    db = tmp_path / "r.db"
    run(cards, db, "review", keys=SESSION)
    return cards, db, sqlite3.connect(db).execute("SELECT * FROM review_log").fetchall()


def stats(cards: Path, db: Path, *args: str) -> dict[str, object]:
    result = run(cards, db, "stats", "--json", *args, now="2026-03-02T09:00")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_review_with_fsrs_schedules_a_session_and_sm2_comes_back_exactly(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    with_fsrs, with_sm2 = tmp_path / "fsrs.db", tmp_path / "sm2.db"
    result = run(cards, with_fsrs, "review", "--scheduler", "fsrs", keys=SESSION)
    assert result.exit_code == 0, result.output
    # FSRS-6's first intervals: Good 2 days, Easy 8, Hard 1; the earliest is tomorrow
    assert result.stdout.endswith("Next due: tomorrow (2026-03-02). Tomorrow: 1 card due.\n")
    logged = sqlite3.connect(with_fsrs).execute("SELECT DISTINCT scheduler FROM review_log")
    assert logged.fetchall() == [("fsrs",)]
    assert "5 perfect = Easy" in result.stdout  # each grade says how FSRS reads it
    under_sm2 = run(cards, with_sm2, "review", "--scheduler", "sm2", keys=SESSION)
    assert under_sm2.exit_code == 0
    assert "5 perfect" in under_sm2.stdout
    assert "= Easy" not in under_sm2.stdout
    under_fsrs = stats(cards, with_fsrs, "--scheduler", "fsrs")
    assert under_fsrs["scheduler"] == "FSRS (desired retention 90%)"
    assert under_fsrs["forecast"][:8] == [1, 2, 0, 0, 0, 0, 0, 1]  # type: ignore[index]
    # switching back: the same grades give exactly the schedule SM-2 gave all along
    assert stats(cards, with_fsrs) == stats(cards, with_sm2)
    assert stats(cards, with_fsrs)["scheduler"] == "SM-2"
    tomorrow = run(cards, with_fsrs, "review", keys="q\n", now="2026-03-02T09:00")
    assert "due 4" in tomorrow.stdout


def test_stats_under_another_scheduler_changes_nothing(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards, db, before = reviewed(write_project, tmp_path)
    assert stats(cards, db, "--scheduler", "fsrs")["due_today"] == 1
    assert stats(cards, db)["due_today"] == 4
    assert sqlite3.connect(db).execute("SELECT * FROM review_log").fetchall() == before


def test_the_card_file_chooses_the_scheduler_and_the_option_wins(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS + FSRS_SETTING)
    db = tmp_path / "r.db"
    run(cards, db, "review", keys="\n4\nq\n")
    assert stats(cards, db)["scheduler"] == "FSRS (desired retention 90%)"
    assert stats(cards, db, "--scheduler", "sm2")["scheduler"] == "SM-2"
    assert run(cards, db, "check").exit_code == 0


def test_each_grade_records_how_long_the_answer_took(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = write_project(CARDS)
    db = tmp_path / "r.db"
    ticks = iter(range(1000))
    monkeypatch.setattr(time, "monotonic", lambda: next(ticks) * 1.5)
    assert run(cards, db, "review", keys="\n4\n\n5\nq\n").exit_code == 0
    durations = sqlite3.connect(db).execute("SELECT duration_ms FROM review_log").fetchall()
    assert durations == [(1500,), (1500,)]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("review:\n  scheduler: sm3\n",
         "cards.yaml:23:14: 'scheduler' must be sm2 or fsrs, found 'sm3'"),
        ("review:\n  scheduler: fsrs\n  retention: 0.99\n",
         "cards.yaml:24:14: 'retention' must be a number from 0.70 to 0.97 (FSRS's desired "
         "retention), found '0.99'"),
        ("review:\n  retention: high\n",
         "cards.yaml:23:14: 'retention' must be a number from 0.70 to 0.97 (FSRS's desired "
         "retention), found 'high'"),
        ("review:\n  schedular: fsrs\n",
         "cards.yaml:23:3: unknown key 'schedular' in 'review'; did you mean 'scheduler'?"),
        ("review: fsrs\n",
         "cards.yaml:22:9: 'review' must be a mapping with 'scheduler' and 'retention', "
         "found 'fsrs'"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_a_located_error_for_check_and_stops_no_study(
    write_project: WriteProject, tmp_path: Path, setting: str, message: str
) -> None:
    cards = write_project(CARDS + setting)
    checked = run(cards, tmp_path / "r.db", "check")
    assert checked.exit_code == 1
    assert message in checked.stderr, checked.stderr
    shown = checked.stderr.rstrip("\n").rsplit("\n", 1)[0]  # without check's closing line
    note = f"Found 1 error ({cards}). No card was left out."
    for command in ("review", "stats"):
        result = run(cards, tmp_path / "r.db", command)
        error, said = result.stderr.split("\n", 1)
        assert (result.exit_code, error, " ".join(said.split())) == (0, shown, note), command


def test_stats_compare_gives_both_schedulers_daily_reviews_and_recall(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards, db, logged = reviewed(write_project, tmp_path)
    result = run(cards, db, "stats", "--compare", "--days", "10", "--json", now="2026-03-02T09:00")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["day"], data["days"]) == ("2026-03-02", 10)
    assert data["memory_model"]["name"] == "FSRS-6"
    assert len(data["memory_model"]["parameters"]) == 21
    sm2, fsrs = data["schedulers"]["sm2"], data["schedulers"]["fsrs"]
    assert sm2["title"] == "SM-2"
    assert fsrs["title"] == "FSRS (desired retention 90%)"
    # SM-2 asks all four again tomorrow (today, the 2nd); FSRS spreads them out
    assert [d["reviews"] for d in sm2["daily"]][:1] == [4]
    assert [d["reviews"] for d in fsrs["daily"]][:1] == [1]
    assert len(sm2["daily"]) == len(fsrs["daily"]) == 10
    assert all(0 < d["recall"] <= 1 for d in sm2["daily"] + fsrs["daily"] if d["reviews"])
    assert sm2["reviews"] == sum(d["reviews"] for d in sm2["daily"])
    text = run(cards, db, "stats", "--compare", now="2026-03-02T09:00").stdout
    assert "What the simulation assumes:" in text
    assert text.replace("\n  ", " ").startswith(
        "No scores on your answers yet: it takes at least 64 reviews of cards already reviewed "
        "on an earlier day; this project's log has 0 (of 4 reviews of 4 cards).\n\n"
        "The next 30 days under SM-2 and FSRS (desired retention 90%)"
    )
    assert data["evaluation"] is None
    assert sqlite3.connect(db).execute("SELECT * FROM review_log").fetchall() == logged


def test_stats_compare_introduces_today_only_what_is_left_of_todays_new_cards(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    db = tmp_path / "r.db"
    run(cards, db, "review", "--new", "2", keys="\n5\n\n5\nq\n")  # 2 of the 5 items today
    shown = run(cards, db, "stats", "--json")
    # 3 unseen: mixtral-total and its reverse (which waits a day), sampling-definition
    assert json.loads(shown.stdout)["new_available_today"] == 2
    result = run(cards, db, "stats", "--compare", "--days", "2", "--json")
    data = json.loads(result.stdout)
    assert [d["new"] for d in data["schedulers"]["sm2"]["daily"]] == [2, 1]
    assert (
        "New cards are introduced 20 a day (today 2, as stats says), in the "
        "notes' order, under both." in data["assumptions"]
    )


ONE_CARD = (
    "deck:\n  name: Long\n  notes: notes.md\n"
    "cards:\n  - id: one\n    section: Top\n    front: Q?\n    back: A.\n"
)


@pytest.mark.parametrize("scheduler", ["sm2", "fsrs"])
def test_a_card_answered_good_thirty_times_over_the_years_stays_on_the_calendar(
    write_project: WriteProject, tmp_path: Path, scheduler: str
) -> None:
    from fmflash.review.log.store import ReviewStore
    from fmflash.review.session.selection import choose_scheduler

    cards = write_project(ONE_CARD, notes="# Top\nText.\n")
    db = tmp_path / "r.db"
    chosen = choose_scheduler(str(cards), scheduler, db_path=str(db))
    day = "2026-03-01"
    for _ in range(30):  # Good (4), each time the card is due
        session = run(cards, db, "review", "--scheduler", scheduler, keys="\n4\nq\n", now=day)
        assert session.exit_code == 0, session.output
        store = ReviewStore.open(str(db), read_only=True)
        (due,) = store.due_dates(chosen).values()  # the one card's next day
        store.close()
        day = str(due)
    assert day > "2040"  # years of simulated reviews
    for command in (["stats", "--json"], ["stats", "--compare"], ["review"]):
        result = run(cards, db, *command, "--scheduler", scheduler, keys="\n4\nq\n", now=day)
        assert result.exit_code == 0, result.output
    figures = json.loads(
        run(cards, db, "stats", "--json", "--scheduler", scheduler, now=day).stdout
    )
    assert figures["cards"] == 1
