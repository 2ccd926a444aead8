"""review --cram: every chosen card, due or not; its grades logged as cram, no schedule moved."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from fmflash.cli import cli

from ..cards.test_project import with_chapters, write_chapter
from ..conftest import WriteProject


def run(cards: Path, db: Path, *args: str, keys: str = "", day: str = "2026-03-02") -> Result:
    env = {"FMFLASH_NOW": day, "FMFLASH_DB": str(db), "NO_COLOR": "1"}
    return CliRunner().invoke(cli, [*args, "--cards", str(cards)], input=keys, env=env)


def test_cram_of_a_chapter_changes_no_due_date_and_no_stats_but_its_own_count(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_chapter(tmp_path, "ch3")
    cards, db = write_project(with_chapters("ch3/cards.yaml")), tmp_path / "r.db"
    run(cards, db, "review", keys="\n4\n" * 6, day="2026-03-01")
    before = json.loads(run(cards, db, "stats", "--json").stdout)
    fsrs_before = json.loads(run(cards, db, "stats", "--json", "--scheduler", "fsrs").stdout)
    due_dates = "SELECT scheduler, card_key, due FROM schedule_cache ORDER BY 1, 2"
    schedule = sqlite3.connect(db).execute(due_dates).fetchall()
    crammed = run(cards, db, "review", "--cram", "--chapter", "evaluation",
                  keys="\n5\n\n1\n\n4\n")  # fmt: skip
    assert crammed.exit_code == 0, crammed.output
    assert "cram 2 (no schedule moves)" in crammed.stdout
    assert "Is evaluation easy?" in crammed.stdout  # not due today: crammed all the same
    assert "Crammed 2 cards and 1 repeat: logged as cram, no schedule moved." in crammed.stdout
    after = json.loads(run(cards, db, "stats", "--json").stdout)
    assert after.pop("cram_reviews_30_days") == 3
    before.pop("cram_reviews_30_days")
    assert after == before
    fsrs_after = json.loads(run(cards, db, "stats", "--json", "--scheduler", "fsrs").stdout)
    assert fsrs_after.pop("cram_reviews_30_days") == 3
    fsrs_before.pop("cram_reviews_30_days")
    assert fsrs_after == fsrs_before
    assert sqlite3.connect(db).execute(due_dates).fetchall() == schedule
    logged = sqlite3.connect(db).execute("SELECT cram, redrill FROM review_log WHERE cram = 1")
    assert logged.fetchall() == [(1, 0)] * 3
    assert "Cram: 3 reviews in the last 30 days (they move no schedule)" in run(
        cards, db, "stats").stdout  # fmt: skip
