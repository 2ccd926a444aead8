"""A course of chapters in one package, and card identities, checked in a real Anki collection."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection
from click.testing import CliRunner

from fmflash.apkg.build import build
from fmflash.apkg.confirm import inspect
from fmflash.apkg.reports import removed_search
from fmflash.cards.identity import note_guid
from fmflash.cli import cli
from fmflash.errors import FmflashError

from ..cards.test_project import CHAPTER, with_chapters, write_chapter
from ..conftest import CARDS, WriteProject
from .test_writer import collection, import_package

__all__ = ["collection"]  # a fixture

DAY = 86_400
T0 = 1_764_115_200
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "format2"


def deck_counts(col: Collection) -> dict[str, int]:
    """Count the cards of each deck that holds any."""
    counts = {name.name: len(col.find_cards(f'"deck:{name.name}" -"deck:{name.name}::*"'))
              for name in col.decks.all_names_and_ids()}  # fmt: skip
    return {name: count for name, count in counts.items() if count}


def test_a_two_chapter_project_imports_into_two_decks(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    write_chapter(tmp_path)
    root = write_project(with_chapters("ch3/cards.yaml"))
    result = build(str(root), now=T0)
    package = tmp_path / "deck" / "test-deck.apkg"
    assert result.written
    assert package.exists()
    log = import_package(collection, package)
    assert len(log.new) == 6
    assert deck_counts(collection) == {"Test Deck": 5, "Course::3 Evaluation": 2}


def test_renaming_a_chapter_re_imports_with_nothing_added_or_removed(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    chapter = write_chapter(tmp_path)
    root = write_project(with_chapters("ch3/cards.yaml"))
    build(str(root), now=T0)
    package = tmp_path / "deck" / "test-deck.apkg"
    import_package(collection, package)
    chapter.write_text(CHAPTER.replace("3 Evaluation", "3 Evaluation Methodology"))
    said = CliRunner().invoke(
        cli, ["build", "--cards", str(root)], env={"SOURCE_DATE_EPOCH": str(T0 + DAY)}
    )
    assert said.exit_code == 0, said.output
    assert (
        "Since the last build of "
        f"{package}: 0 new, 0 changed, 6 unchanged notes.\n"
        "The deck 'Course::3 Evaluation' is now 'Course::3 Evaluation Methodology'. Every card "
        "keeps its identity: the rename adds and removes no note in Anki.\n"
    ) in said.stdout
    log = import_package(collection, package)
    assert (len(log.new), len(log.conflicting)) == (0, 0)
    assert collection.note_count() == 6
    # Anki keeps the existing cards in the old deck, as build says.
    assert deck_counts(collection)["Course::3 Evaluation"] == 2


def test_renaming_the_course_deck_keeps_every_note(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    root = write_project(CARDS.replace("cards:\n", "package: deck/c.apkg\ncards:\n", 1))
    build(str(root), now=T0)
    import_package(collection, tmp_path / "deck" / "c.apkg")
    write_project(
        CARDS.replace("cards:\n", "package: deck/c.apkg\ncards:\n", 1).replace(
            "Test Deck", "Renamed Course"
        )
    )
    result = build(str(root), now=T0 + DAY)
    assert result.changes.renamed == (("Test Deck", "Renamed Course"),)
    log = import_package(collection, tmp_path / "deck" / "c.apkg")
    assert len(log.new) == 0
    assert collection.note_count() == 4


def test_moving_a_card_to_another_chapter_keeps_its_note_and_says_how_to_move_it(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    chapter = write_chapter(tmp_path)
    root = write_project(with_chapters("ch3/cards.yaml"))
    build(str(root), now=T0)
    package = tmp_path / "deck" / "test-deck.apkg"
    import_package(collection, package)
    moved = "  - id: sampling-definition\n" + CARDS.split("  - id: sampling-definition\n")[1]
    write_project(with_chapters("ch3/cards.yaml").replace(moved, ""))
    chapter.write_text(CHAPTER + moved.replace("Sampling", "Metrics"))
    result = CliRunner().invoke(
        cli, ["build", "--cards", str(root)], env={"SOURCE_DATE_EPOCH": str(T0 + DAY)}
    )
    assert result.exit_code == 0, result.output
    assert (
        "1 card moved to another chapter, with their review history: sampling-definition.\n"
    ) in result.stdout
    log = import_package(collection, package)
    assert (len(log.new), len(log.updated)) == (0, 1)
    search = '"deck:Test Deck" -"deck:Test Deck::*" ("Id:sampling-definition")'
    assert len(collection.find_notes(search)) == 1


def test_the_removed_card_search_finds_only_this_project_s_note(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    # Another project with the same deck name and the same ids, imported first.
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(write_project(), other / "cards.yaml")
    shutil.copy(tmp_path / "notes.md", other / "notes.md")
    build(str(other / "cards.yaml"), now=T0)
    import_package(collection, other / "deck" / "test-deck.apkg")
    root = write_project()
    build(str(root), now=T0)
    package = tmp_path / "deck" / "test-deck.apkg"
    assert len(import_package(collection, package).new) == 4  # no note is shared
    write_project(CARDS.split("  - id: sampling-definition")[0])
    result = build(str(root), now=T0 + DAY)
    import_package(collection, package)
    exact, wide = removed_search(result.removed, result.record)
    assert wide == ""
    assert len(collection.find_notes("Id:sampling-definition")) == 2
    found = collection.find_notes(exact)
    assert len(found) == 1
    assert collection.get_note(found[0]).guid == result.record.removed["sampling-definition"].guid


def test_a_kind_change_is_refused_before_any_package_is_written(
    write_project: WriteProject, tmp_path: Path
) -> None:
    root = write_project()
    build(str(root), now=T0)
    package = tmp_path / "deck" / "test-deck.apkg"
    before = package.read_bytes()
    write_project(
        CARDS.replace(
            "    front: What is sampling?\n    back: How a model chooses an output.\n",
            "    cloze: Sampling is how a model {{c1::chooses an output}}.\n",
        )
    )
    expected = (
        f"{root}:18: card 'sampling-definition' was a question/answer card when it was last "
        "built and is now a cloze card: Anki ignores an update that changes a note's type, so "
        "it would keep the old card. Give this card a new id (its review history starts "
        "again; delete the old note in Anki with the search 'fmflash removed' prints)"
    )
    for attempt in (lambda: build(str(root), now=T0 + DAY), lambda: inspect(str(root))):
        with pytest.raises(FmflashError) as caught:
            attempt()
        assert str(caught.value) == expected
    assert package.read_bytes() == before


def test_a_format_2_project_builds_byte_identical_and_keeps_every_guid(tmp_path: Path) -> None:
    """A project built before identities: the same package, the record upgraded in place."""
    for name in ("cards.yaml", "notes.md", "deck.apkg", "deck.record.json"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    result = build(str(tmp_path / "cards.yaml"), str(tmp_path / "deck.apkg"), now=T0 + DAY)
    assert (tmp_path / "deck.apkg").read_bytes() == (FIXTURE / "deck.apkg").read_bytes()
    assert (result.changes.added, result.changes.changed) == ((), ())
    record = json.loads((tmp_path / "deck.record.json").read_text())
    assert record["format"] == 3
    assert len(record["project"]) == 16
    for card_id, entry in record["cards"].items():
        assert (
            entry["guid"]
            == note_guid("Test Deck", card_id)
            == genanki.guid_for("Test Deck", card_id)
        )
    # The upgraded record is up to date: nothing changes on the next build.
    again = build(str(tmp_path / "cards.yaml"), str(tmp_path / "deck.apkg"), now=T0 + 2 * DAY)
    assert not again.out_of_date
    assert (tmp_path / "deck.apkg").read_bytes() == (FIXTURE / "deck.apkg").read_bytes()


def test_a_package_written_elsewhere_has_the_project_s_identities(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    """build -o PATH: the same notes as the project's package; no record beside PATH."""
    root = write_project()
    package = tmp_path / "deck" / "test-deck.apkg"
    env = {"SOURCE_DATE_EPOCH": str(T0)}
    assert CliRunner().invoke(cli, ["build", "--cards", str(root)], env=env).exit_code == 0
    import_package(collection, package)
    write_project(CARDS + NEW_CARD)  # a new card: its identity is made by the -o build
    elsewhere = tmp_path / "elsewhere"
    said = CliRunner().invoke(
        cli,
        ["build", "--cards", str(root), "-o", str(elsewhere / "x.apkg")],
        env={"SOURCE_DATE_EPOCH": str(T0 + DAY)},
    )
    assert said.exit_code == 0, said.output
    assert said.stdout.splitlines()[:3] == [
        f"Built {package}: 5 notes, 6 cards.",
        f"Since the last build of {package}: 1 new, 0 changed, 4 unchanged notes.",
        "  New: new-card",
    ]
    assert said.stdout.splitlines()[3] == (
        f"Wrote a copy to {elsewhere / 'x.apkg'}: the same notes and identities; the build "
        f"record stays with {package}."
    )
    assert sorted(path.name for path in elsewhere.iterdir()) == ["x.apkg"]
    assert (elsewhere / "x.apkg").read_bytes() == package.read_bytes()
    check = CliRunner().invoke(cli, ["build", "--check", "--cards", str(root)])
    assert check.exit_code == 0, check.output
    assert check.stdout.startswith(f"{package} is up to date: 5 notes")
    log = import_package(collection, elsewhere / "x.apkg")
    assert (len(log.new), len(log.updated)) == (1, 0)  # only the new card is new
    again = import_package(collection, package)  # the project's package over the copy
    assert (len(again.new), len(again.updated)) == (0, 0)
    assert collection.note_count() == 5
    # Another copy of an unchanged project writes the copy only.
    other = CliRunner().invoke(cli, ["build", "--cards", str(root), "-o", "y.apkg"])
    assert other.stdout == (
        f"{package} is up to date: 5 notes, 6 cards, no changes since its last build.\n"
        f"Wrote a copy to y.apkg: the same notes and identities; the build record stays with "
        f"{package}.\n"
    )
    assert (tmp_path / "y.apkg").read_bytes() == package.read_bytes()
    assert not (tmp_path / "y.record.json").exists()


NEW_CARD = """\
  - id: new-card
    section: Sampling
    front: Is this card new?
    back: Yes.
"""


def test_a_record_an_older_fmflash_kept_beside_the_output_is_taken_by_the_project(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    """Migration: build -o PATH used to keep the record beside PATH; its identities survive."""
    root = write_project()
    out = tmp_path / "elsewhere" / "x.apkg"
    build(str(root), str(out), now=T0)  # as an older fmflash's build -o wrote it
    old_record = (tmp_path / "elsewhere" / "x.record.json").read_bytes()
    import_package(collection, out)
    said = CliRunner().invoke(
        cli, ["build", "--cards", str(root), "-o", str(out)], env={"SOURCE_DATE_EPOCH": str(T0)}
    )
    assert said.exit_code == 0, said.output
    package = tmp_path / "deck" / "test-deck.apkg"
    assert said.stdout.splitlines()[:3] == [
        f"Built {package}: 4 notes, 5 cards.",
        f"Since the last build of {package}: 0 new, 0 changed, 4 unchanged notes.",
        f"Took every card's identity from {tmp_path / 'elsewhere' / 'x.record.json'}, where an "
        f"older fmflash kept it: the build record now lives with the project, beside {package} "
        "(commit it).",
    ]
    assert (tmp_path / "elsewhere" / "x.record.json").read_bytes() == old_record
    old = json.loads(old_record)["cards"]
    new = json.loads((tmp_path / "deck" / "test-deck.record.json").read_text())["cards"]
    assert {k: (v["guid"], v["note"]) for k, v in new.items()} == {
        k: (v["guid"], v["note"]) for k, v in old.items()
    }
    log = import_package(collection, package)
    assert (len(log.new), collection.note_count()) == (0, 4)
    again = CliRunner().invoke(cli, ["build", "--cards", str(root), "-o", str(out)])
    assert "Took every card's identity" not in again.stdout
