"""Reviewing a course: every chapter, keyed by identity, in a database shared by projects."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from fmflash.apkg.build import build
from fmflash.cards.identity import note_guid
from fmflash.cli import cli

from ...cards.test_project import CHAPTER, with_chapters, write_chapter
from ...conftest import CARDS, NOTES, WriteProject, review_keys

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "format2"
NOW = "2026-03-01T09:00"


def fmflash(*args: str, cwd: Path, home: Path, keys: str = "", now: str = NOW) -> Result:
    """Run a command as the learner would: the default review database under ``home``."""
    env = {"FMFLASH_NOW": now, "NO_COLOR": "1", "XDG_CONFIG_HOME": str(home)}
    return CliRunner(env={"FMFLASH_DB": None}).invoke(
        cli, [args[0], "--cards", str(cwd / "cards.yaml"), *args[1:]], input=keys, env=env
    )


def project(folder: Path, cards: str = CARDS) -> Path:
    """Write a project (notes and card file) into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.md").write_text(NOTES)
    (folder / "cards.yaml").write_text(cards)
    return folder


def test_two_projects_with_the_same_ids_keep_separate_schedules_in_the_default_database(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    first, second = project(tmp_path / "first"), project(tmp_path / "second")
    graded = fmflash("review", "--new", "1", cwd=first, home=home, keys="\n5\n")
    assert graded.exit_code == 0, graded.output
    assert "Reviewed 1 card" in graded.stdout
    # The second project's transformer-dominates is new: never graded there.
    other = fmflash("stats", "--json", cwd=second, home=home)
    assert json.loads(other.stdout)["new"] == 5
    assert json.loads(fmflash("stats", "--json", cwd=first, home=home).stdout)["new"] == 4
    assert (home / "fmflash" / "review.sqlite3").exists()


def test_a_review_database_of_the_previous_version_keeps_its_whole_history(
    tmp_path: Path,
) -> None:
    """A project and database written before identities: every grade found by its new key."""
    home = tmp_path / "home"
    (home / "fmflash").mkdir(parents=True)
    shutil.copy(FIXTURE / "review.sqlite3", home / "fmflash" / "review.sqlite3")
    for name in ("cards.yaml", "notes.md", "deck.apkg", "deck.record.json"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    record = (tmp_path / "deck.record.json").read_bytes()
    result = fmflash(
        "stats", "--json", "--package", str(tmp_path / "deck.apkg"), cwd=tmp_path, home=home,
        now="2025-11-28T09:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # weights-memory: 4, 5 (young); mixtral-total/reverse: 5 and transformer: 2 (learning).
    assert {k: data[k] for k in ("new", "learning", "young", "reviews_30_days")} == {
        "new": 2,
        "learning": 2,
        "young": 1,
        "reviews_30_days": 4,
    }
    # Keyed by the GUIDs Anki already has (from the deck name), and the record left alone.
    db = sqlite3.connect(home / "fmflash" / "review.sqlite3")
    keys = {row[0] for row in db.execute("SELECT card_key FROM review_log")}
    assert keys == {
        note_guid("Test Deck", "weights-memory"),
        note_guid("Test Deck", "mixtral-total") + "/reverse",
        note_guid("Test Deck", "transformer-dominates"),
        "other-project-card",
    }
    assert (tmp_path / "deck.record.json").read_bytes() == record


def test_a_card_reviewed_before_its_first_build_keeps_its_schedule_after_it(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project()
    home = tmp_path / "home"
    fmflash("review", "--new", "1", cwd=tmp_path, home=home, keys="\n5\n")
    record = json.loads((tmp_path / "deck" / "test-deck.record.json").read_text())
    assert record["cards"] == {}
    assert len(record["project"]) == 16
    before = review_keys(cards)
    build(str(cards), now=1_764_115_200)
    assert review_keys(cards) == before
    stats = fmflash("stats", "--json", cwd=tmp_path, home=home)
    assert json.loads(stats.stdout)["learning"] == 1


def test_review_and_stats_cover_every_chapter_and_narrow_to_one(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_chapter(tmp_path)
    write_project(with_chapters("ch3/cards.yaml"))
    home = tmp_path / "home"
    whole = fmflash("stats", "--json", cwd=tmp_path, home=home)
    assert json.loads(whole.stdout)["cards"] == 7
    narrow = fmflash("stats", "--json", "--chapter", "EVALUATION", cwd=tmp_path, home=home)
    assert json.loads(narrow.stdout)["cards"] == 2
    graded = fmflash("review", "--chapter", "eval", cwd=tmp_path, home=home, keys="\n5\nq\n")
    assert "Is evaluation easy?" in graded.stdout
    assert "transformer" not in graded.stdout
    text = fmflash("stats", cwd=tmp_path, home=home)
    assert text.stdout.endswith(
        "By chapter:\n"
        "  Test Deck: new 5, due today 0, retention no reviews\n"
        "  Course::3 Evaluation: new 1, due today 0, retention 100%\n"
    )


def test_an_unknown_or_ambiguous_chapter_lists_the_chapters(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_chapter(tmp_path)
    again = CHAPTER.replace("3 Evaluation", "4 Evaluation Again").replace("perplexity", "ppl")
    write_chapter(tmp_path, "ch4", again.replace("evaluation-hard", "hard"))
    root = write_project(with_chapters("ch3/cards.yaml", "ch4/cards.yaml"))
    home = tmp_path / "home"
    chapters = "the chapters: 'Test Deck', 'Course::3 Evaluation', 'Course::4 Evaluation Again'"
    for text, what in (("evaluation", "more than one chapter's deck"), ("x", "no chapter's deck")):
        result = fmflash("review", "--chapter", text, cwd=tmp_path, home=home)
        assert result.exit_code == 1
        assert result.stderr == (
            f"{root}: --chapter '{text}' matches {what}; {chapters}\n"
            "Error: 1 error found; nothing was reviewed.\n"
        )
