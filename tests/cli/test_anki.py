"""import-anki on real collections, built by the official anki library and answered by it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from click.testing import CliRunner, Result

from fmflash.cli import cli

from ..conftest import CARDS, WriteProject

ENV = {"FMFLASH_NOW": "2026-03-01T09:00", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1764115200"}
GOOD, EASY = 3, 4  # Anki's buttons (ease)


def fmflash(cards: Path, db: Path, *args: str) -> Result:
    env = {**ENV, "FMFLASH_DB": str(db)}
    return CliRunner().invoke(cli, [*args, "--cards", str(cards)], env=env)


def answer(col: Collection, eases: list[int], deck: str = "Test Deck") -> list[int]:
    """Answer the first cards of the deck's queue with Anki's own v3 scheduler."""
    col.decks.set_current(col.decks.id_for_name(deck))
    answered = []
    for ease in eases:
        queued = col.sched.get_queued_cards().cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states,
                                                     rating=ease - 1))  # fmt: skip
        answered.append(card.id)
    return answered


def built_into_anki(
    write_project: WriteProject, tmp_path: Path, collection: Path, text: str = CARDS
) -> tuple[Path, Collection]:
    """Build the test project with fmflash and import its package into a new collection."""
    cards = write_project(text)
    assert fmflash(cards, tmp_path / "unused.db", "build").exit_code == 0
    col = Collection(str(collection))
    request = ImportAnkiPackageRequest(
        package_path=str(cards.parent / "deck" / "test-deck.apkg"),
        options=ImportAnkiPackageOptions(),
    )
    col.import_anki_package(request)
    return cards, col


@pytest.fixture
def anki_history(write_project: WriteProject, tmp_path: Path) -> tuple[Path, Path]:
    """A project built by fmflash, imported into Anki, 3 of its cards answered there."""
    (tmp_path / "anki").mkdir()
    collection = tmp_path / "anki" / "collection.anki2"
    cards, col = built_into_anki(write_project, tmp_path, collection)
    answered = answer(col, [GOOD, EASY, GOOD])
    assert len(set(answered)) == 3
    # A manual change of schedule is an entry without a grade: it is not a review.
    others = [cid for cid in col.find_cards("deck:Test Deck") if cid not in answered]
    col.sched.set_due_date(others[:1], "5")
    col.close()
    return cards, collection


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def test_three_answered_cards_are_reviewed_and_a_second_run_adds_nothing(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    cards, collection = anki_history
    db = tmp_path / "review.db"
    before = fingerprint(collection.parent)
    first = fmflash(cards, db, "import-anki", str(collection), "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"added": 3, "already": 0, "cards": 3, "skipped": 0}
    stats = json.loads(fmflash(cards, db, "stats", "--json").stdout)
    assert (stats["cards"], stats["new"]) == (5, 2)
    second = fmflash(cards, db, "import-anki", str(collection))
    assert second.stdout == (
        f"From {collection}: 0 reviews added, 3 already in the review log; 0 cards touched.\n"
    )
    assert fingerprint(collection.parent) == before  # byte for byte, and no file beside it


def test_both_colpkg_formats_give_the_same_reviews(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    cards, collection = anki_history
    for legacy in (False, True):
        package = tmp_path / f"export-{legacy}.colpkg"
        col = Collection(str(collection))
        col.export_collection_package(str(package), include_media=False, legacy=legacy)
        db = tmp_path / f"review-{legacy}.db"
        result = fmflash(cards, db, "import-anki", str(package), "--json")
        counts = {"added": 3, "already": 0, "cards": 3, "skipped": 0}
        assert json.loads(result.stdout) == counts, legacy
        merged = fmflash(cards, db, "import-anki", str(collection), "--json")
        assert json.loads(merged.stdout)["already"] == 3


def test_a_collection_open_in_anki_is_refused(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    cards, collection = anki_history
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from anki.collection import Collection; "
         f"col = Collection({str(collection)!r}); print('open', flush=True); "
         "sys.stdin.readline(); col.close()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "open\n"
        result = fmflash(cards, tmp_path / "r.db", "import-anki", str(collection))
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=60)
        assert holder.stdout is not None
        holder.stdout.close()
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot import {collection}: it is open in Anki (the collection is locked); "
        "close Anki and try again; nothing was imported.\n"
    )
    assert not (tmp_path / "r.db").exists()


def test_files_that_are_not_collections_are_named(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    assert fmflash(cards, tmp_path / "unused.db", "build").exit_code == 0
    notes = tmp_path / "notes.txt"
    notes.write_text("not a collection\n" * 100)
    empty = tmp_path / "empty" / "collection.anki2"
    empty.parent.mkdir()
    Collection(str(empty)).close()
    for path, message in [
        (notes, f"{notes}: it is not an Anki collection (neither a SQLite file nor a .colpkg)"),
        (tmp_path / "unused.db", f"{tmp_path / 'unused.db'}: it is not an Anki collection "
         "(no such table: notes)"),
        (empty, f"{empty}: it holds none of the notes of {cards}; import the package that "
         "fmflash builds into Anki first, review there, then merge"),
        (tmp_path / "gone.anki2", f"{tmp_path / 'gone.anki2'}: file not found"),
    ]:  # fmt: skip
        if path.name == "unused.db":
            fmflash(cards, path, "review")  # an fmflash database is SQLite, but not Anki's
        result = fmflash(cards, tmp_path / "r.db", "import-anki", str(path))
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"Error: cannot import {message}")
        assert isinstance(result.exception, SystemExit), result.exception  # no traceback


def test_unsound_revlog_rows_are_skipped_and_counted(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    cards, collection = anki_history
    with sqlite3.connect(collection) as db:
        cid, usn = db.execute("SELECT cid, usn FROM revlog WHERE ease > 0 LIMIT 1").fetchone()
        year_2058 = int(datetime(2058, 1, 1, tzinfo=UTC).timestamp() * 1000)
        recent = db.execute("SELECT max(id) FROM revlog").fetchone()[0]
        for moment, ease, taken in [
            (recent + 1, 2.5, 1000),  # ValueError: 2.5 is not a valid Rating
            (recent + 2, 3, "abc"),  # a review whose time taken is unknown
            (2**63 - 1, 3, 1000),  # year ... is out of range
            (year_2058, 3, 1000),
            (0, 3, 1000),
            (-5, 3, 1000),
            (recent // 1000, 3, 1000),  # seconds, not milliseconds
        ]:
            db.execute(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                "VALUES (?, ?, ?, ?, 1, 0, 2500, ?, 1)",
                (moment, cid, usn, ease, taken),
            )
    db_path = tmp_path / "review.db"
    result = fmflash(cards, db_path, "import-anki", str(collection))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"From {collection}: 4 reviews added, 0 already in the review log, 6 rows skipped "
        "(not a review fmflash can read); 3 cards touched.\n"
    )
    again = fmflash(cards, db_path, "import-anki", str(collection), "--json")
    assert json.loads(again.stdout) == {"added": 0, "already": 4, "cards": 0, "skipped": 6}
    with sqlite3.connect(db_path) as db:
        times = [row[0] for row in db.execute("SELECT reviewed_at FROM review_log")]
    assert len(times) == 4
    assert all("2006" <= time <= datetime.now(UTC).isoformat() for time in times), times


def test_a_deck_package_or_a_profile_folder_is_understood(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    cards, collection = anki_history
    package = cards.parent / "deck" / "test-deck.apkg"
    result = fmflash(cards, tmp_path / "r.db", "import-anki", str(package))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot import {package}: it is a deck package (.apkg), which holds cards, not "
        "your reviews; give collection.anki2 from your Anki profile folder, or a .colpkg "
        "exported with File > Export (Anki Collection Package); nothing was imported.\n"
    )
    profile = fmflash(cards, tmp_path / "r.db", "import-anki", str(collection.parent), "--json")
    assert json.loads(profile.stdout) == {"added": 3, "already": 0, "cards": 3, "skipped": 0}


def test_a_card_that_lapsed_9_times_in_anki_is_a_leech_after_the_import(
    write_project: WriteProject, tmp_path: Path
) -> None:
    collection = tmp_path / "collection.anki2"
    cards, col = built_into_anki(write_project, tmp_path, collection)
    note = col.get_note(col.find_notes('"front:What is sampling?"')[0])
    card_id = note.cards()[0].id
    # Learned on day 0, then Again on each odd day and Good on each even one: 9 lapses,
    # written as Anki's review log keeps them (id: the time in ms; type 1 review, 2 relearn).
    day_ms = 86_400_000
    start = int(datetime(2026, 2, 1, 9, tzinfo=UTC).timestamp() * 1000)
    for day in range(19):
        ease, kind = (1, 1) if day % 2 else (GOOD, 2 if day else 0)
        col.db.execute(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, 1, 1, 2500, 6000, ?)",
            start + day * day_ms, card_id, ease, kind,
        )  # fmt: skip
    col.close()
    db = tmp_path / "review.db"
    imported = fmflash(cards, db, "import-anki", str(collection))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == (
        f"From {collection}: 19 reviews added, 0 already in the review log; 1 card touched.\n"
        "1 card lapsed 8 times or more: sampling-definition is a leech, and suspended. Rewrite "
        "it, then fmflash unsuspend sampling-definition.\n"
    )
    stats = json.loads(fmflash(cards, db, "stats", "--json").stdout)
    assert (stats["suspended"], stats["leeches"]) == (1, ["sampling-definition"])
    checked = fmflash(cards, db, "check")
    line = CARDS.splitlines().index("  - id: sampling-definition") + 1
    assert (
        f"{cards}:{line}: warning[leech]: learners keep failing this card: rewrite it, then "
        "`fmflash unsuspend sampling-definition`"
    ) in checked.stderr
    # Merged again, the same reviews add no lapse: an unsuspended leech stays unsuspended.
    assert fmflash(cards, db, "unsuspend", "sampling-definition").exit_code == 0
    again = fmflash(cards, db, "import-anki", str(collection), "--json")
    assert json.loads(again.stdout) == {"added": 0, "already": 19, "cards": 0, "skipped": 0}
    assert json.loads(fmflash(cards, db, "stats", "--json").stdout)["leeches"] == []


def logged(db: Path) -> list[tuple[object, ...]]:
    """Return the review log's rows, each as it was merged, in the order Anki gave them."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT card_key, reviewed_at, day, scale, grade, scheduler, duration_ms, redrill, "
            "anki_id, cram FROM review_log ORDER BY anki_id"
        ).fetchall()


def test_a_card_with_an_error_is_left_out_and_its_reviews_come_once_it_is_fixed(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    cards, collection = anki_history
    text = cards.read_text()
    cards.write_text(text.replace("    front: How much memory", "    frnt: How much memory"))
    line = CARDS.splitlines().index("  - id: weights-memory") + 1
    warned = (  # each error located, as check shows it, then what it left out
        f"{cards}:{line}:5: card 'weights-memory' has 'back' but no 'front'\n"
        f"{cards}:{line + 2}:5: unknown key 'frnt' in card 'weights-memory'; did you mean "
        "'front'?\n"
        f"Left out 1 card for 2 errors ({cards}): its reviews in Anki are not imported. Fix the "
        "errors, then run import-anki again to add them.\n"
    )
    db = tmp_path / "review.db"
    first = fmflash(cards, db, "import-anki", str(collection))
    assert (first.exit_code, first.stderr) == (0, warned), first.output
    assert first.stdout == (
        f"From {collection}: 2 reviews added, 0 already in the review log, 1 review left out "
        "(of cards with errors); 2 cards touched.\n"
    )
    again = fmflash(cards, db, "import-anki", str(collection), "--json")
    assert (again.exit_code, again.stderr) == (0, warned)
    counts = {"added": 0, "already": 2, "cards": 0, "skipped": 0, "left_out": 1}
    assert json.loads(again.stdout) == counts
    cards.write_text(text)
    fixed = fmflash(cards, db, "import-anki", str(collection))
    assert (fixed.exit_code, fixed.stderr) == (0, "")
    assert fixed.stdout == (
        f"From {collection}: 1 review added, 2 already in the review log; 1 card touched.\n"
    )
    last = fmflash(cards, db, "import-anki", str(collection), "--json")
    assert json.loads(last.stdout) == {"added": 0, "already": 3, "cards": 0, "skipped": 0}
    # The log is the one a single import of the whole project makes: nothing twice, nothing lost.
    whole = tmp_path / "whole.db"
    assert fmflash(cards, whole, "import-anki", str(collection)).exit_code == 0
    assert len(logged(db)) == 3
    assert logged(db) == logged(whole)


def test_what_errors_leave_out_is_said_and_with_no_card_left_nothing_is_imported(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    cards, collection = anki_history
    text = cards.read_text()
    line = CARDS.splitlines().index("  - id: sampling-definition") + 1
    # A syntax error in a card not reviewed in Anki: every review is imported.
    cards.write_text(
        text.replace("  - id: sampling-definition\n", "  - id: [sampling-definition\n")
    )
    result = fmflash(cards, tmp_path / "a.db", "import-anki", str(collection), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "added": 3, "already": 0, "cards": 3, "skipped": 0, "left_out": 0}  # fmt: skip
    assert result.stderr == (
        f"{cards}:{line + 1}:12: YAML syntax error: did not find expected ',' or ']' (while "
        "parsing a flow sequence)\n"
        f"   {line + 1} |     section: Sampling\n"
        "      |            ^\n"
        f"Left out 1 card for 1 error ({cards}): Anki has no review of it.\n"
    )
    # An error that leaves no card out.
    cards.write_text(text + "review:\n  scheduler: sm3\n")
    result = fmflash(cards, tmp_path / "b.db", "import-anki", str(collection))
    assert (result.exit_code, result.stderr) == (0, (
        f"{cards}:{text.count(chr(10)) + 2}:14: 'scheduler' must be sm2 or fsrs, found 'sm3'\n"
        f"Found 1 error ({cards}): no card was left out.\n"))  # fmt: skip
    assert result.stdout == (
        f"From {collection}: 3 reviews added, 0 already in the review log; 3 cards touched.\n"
    )
    # No card loads: nothing is imported, and no review database is made.
    cards.write_text(text.replace("notes: notes.md", "notes: nowhere.md"))
    result = fmflash(cards, tmp_path / "c.db", "import-anki", str(collection))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{cards}:3:10: notes file 'nowhere.md' not found (paths are relative to the folder of "
        f"{cards})\nError: 1 error found; nothing was imported.\n"
    )
    assert not (tmp_path / "c.db").exists()


def test_a_typo_in_one_chapter_leaves_out_its_card_and_every_other_review_comes(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ..cards.test_project import with_chapters, write_chapter

    chapter = write_chapter(tmp_path, "ch3")
    collection = tmp_path / "collection.anki2"
    root = with_chapters("ch3/cards.yaml")
    cards, col = built_into_anki(write_project, tmp_path, collection, root)
    answer(col, [GOOD], "Test Deck")
    answer(col, [GOOD, EASY], "Course::3 Evaluation")
    col.close()
    text = chapter.read_text()
    chapter.write_text(text.replace("    front: Is evaluation", "    frnt: Is evaluation"))
    db = tmp_path / "review.db"
    first = fmflash(cards, db, "import-anki", str(collection))
    assert first.exit_code == 0, first.output
    assert first.stderr == (
        f"{chapter}:5:5: card 'evaluation-hard' has 'back' but no 'front'\n"
        f"{chapter}:7:5: unknown key 'frnt' in card 'evaluation-hard'; did you mean 'front'?\n"
        f"Left out 1 card for 2 errors ({chapter}): its reviews in Anki are not imported. Fix "
        "the errors, then run import-anki again to add them.\n"
    )
    assert first.stdout == (
        f"From {collection}: 2 reviews added, 0 already in the review log, 1 review left out "
        "(of cards with errors); 2 cards touched.\n"
    )
    chapter.write_text(text)
    fixed = fmflash(cards, db, "import-anki", str(collection), "--json")
    assert (fixed.exit_code, fixed.stderr) == (0, "")
    assert json.loads(fixed.stdout) == {"added": 1, "already": 2, "cards": 1, "skipped": 0}


def test_the_reviews_of_a_renamed_card_are_counted_not_merged_and_come_back_with_its_id(
    anki_history: tuple[Path, Path], tmp_path: Path
) -> None:
    """A renamed id is a removed card and a new one: Anki's reviews of the old are said."""
    cards, collection = anki_history
    db = tmp_path / "review.db"
    cards.write_text(CARDS.replace("id: weights-memory", "id: weights-memory-bytes"))
    assert fmflash(cards, db, "build").exit_code == 0
    renamed = fmflash(cards, db, "import-anki", str(collection), "--json")
    assert json.loads(renamed.stdout) == {
        "added": 2, "already": 0, "cards": 2, "skipped": 0, "removed": 1,
    }  # fmt: skip
    again = fmflash(cards, db, "import-anki", str(collection))
    assert again.stdout == (
        f"From {collection}: 0 reviews added, 2 already in the review log, 1 review of removed "
        "cards not merged ('fmflash removed' lists them); 0 cards touched.\n"
    )
    cards.write_text(CARDS)  # the old id back: its card keeps its note, and its reviews come
    assert fmflash(cards, db, "build").exit_code == 0
    back = fmflash(cards, db, "import-anki", str(collection), "--json")
    assert json.loads(back.stdout) == {"added": 1, "already": 2, "cards": 1, "skipped": 0}
