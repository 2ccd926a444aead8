"""What Anki still has to be told, followed in a real Anki collection in either order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from fmflash.apkg.machine_state import read_state, state_file
from fmflash.cli import cli

from ..cards.test_project import CHAPTER, with_chapters, write_chapter
from ..conftest import CARDS, WriteProject
from .test_writer import collection, import_package

__all__ = ["collection"]  # a fixture

T0 = 1_764_115_200
DAY = 86_400
MOVED = "  - id: sampling-definition\n" + CARDS.split("  - id: sampling-definition\n")[1]
RENAMED = "Course::3 Evaluation Methodology"


def fmflash(root: Path, *args: str, now: int = T0) -> str:
    result = CliRunner().invoke(
        cli, [args[0], "--cards", str(root), *args[1:]], env={"SOURCE_DATE_EPOCH": str(now)}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def follow(col: Collection, steps: dict[str, list[dict[str, str]]]) -> None:
    """Do in Anki what pending says, as a learner would in its browser and deck list."""
    for move in steps["moves"]:
        col.set_deck(col.find_cards(move["search"]), col.decks.id(move["deck"]))
    for rename in steps["renames"]:
        old = col.decks.id_for_name(rename["from"])
        if old is not None and not col.find_cards(f"did:{old}"):  # only once it is empty
            col.decks.remove([old])
    for removed in steps["removed"]:
        col.remove_notes(col.find_notes(removed["search"]))


def decks_of_notes(col: Collection) -> dict[str, set[str]]:
    """Return each note's decks (one per card), by its Id field."""
    found: dict[str, set[str]] = {}
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        name = col.decks.name(card.did)
        found.setdefault(card.note()["Id"], set()).add(name)
    return found


@pytest.mark.parametrize("order", ["import first", "steps first"])
def test_a_rename_and_a_move_end_right_in_anki_in_either_order(
    write_project: WriteProject, tmp_path: Path, collection: Collection, order: str
) -> None:
    chapter = write_chapter(tmp_path)
    root = write_project(with_chapters("ch3/cards.yaml"))
    fmflash(root, "build")
    package = tmp_path / "deck" / "test-deck.apkg"
    import_package(collection, package)
    # One build: the chapter's deck renamed, and a card moved into it from the root.
    write_project(with_chapters("ch3/cards.yaml").replace(MOVED, ""))
    chapter.write_text(
        CHAPTER.replace("3 Evaluation", "3 Evaluation Methodology")
        + MOVED.replace("Sampling", "Metrics")
    )
    built = fmflash(root, "build", now=T0 + DAY)
    record = json.loads((tmp_path / "deck" / "test-deck.record.json").read_text())
    notes = {card_id: recorded["note"] for card_id, recorded in record["cards"].items()}
    search = "nid:" + ",".join(
        str(n) for n in sorted(notes[c] for c in ("evaluation-hard", "perplexity",
                                                   "sampling-definition"))
    )  # fmt: skip
    assert (
        "The deck 'Course::3 Evaluation' is now 'Course::3 Evaluation Methodology'. Every card "
        "keeps its identity: the rename adds and removes no note in Anki.\n"
        "1 card moved to another chapter, with their review history: sampling-definition.\n"
        "Anki still has to be told (before or after you import the package, in this order):\n"
        "1. Move 3 cards to their chapter's deck: in Anki's browser, search, select all, then "
        "Change Deck to the deck named (type it if Anki lacks it):\n"
        f"  {search}\n"
        f"    to '{RENAMED}'\n"
        "2. Delete the decks renamed since, once empty (Decks screen, gear, Delete; never one "
        "that still holds cards):\n"
        f"  'Course::3 Evaluation' (now '{RENAMED}')\n"
        "Then run: fmflash pending --acknowledge\n"
    ) in built
    steps = json.loads(fmflash(root, "pending", "--json"))
    assert steps == {
        "renames": [{"from": "Course::3 Evaluation", "to": RENAMED}],
        "moves": [
            {
                "search": search,
                "deck": RENAMED,
                "ids": ["evaluation-hard", "perplexity", "sampling-definition"],
            }
        ],
        "removed": [],
    }
    # A rebuild (a typo fixed) keeps the steps: they stay until acknowledged.
    chapter.write_text(chapter.read_text().replace("No, it is hard.", "No; it is hard."))
    assert "  to 'Course::3 Evaluation Methodology'\n" in fmflash(root, "build", now=T0 + 2 * DAY)
    assert json.loads(fmflash(root, "pending", "--json")) == steps
    if order == "import first":
        import_package(collection, package)
        follow(collection, steps)
    else:
        follow(collection, steps)
        import_package(collection, package)
    names = [deck.name for deck in collection.decks.all_names_and_ids()]
    assert not [name for name in names if "+" in name]
    assert "Course::3 Evaluation" not in names
    in_root = {"transformer-dominates", "weights-memory", "mixtral-total"}
    assert decks_of_notes(collection) == {
        **{card_id: {"Test Deck"} for card_id in in_root},
        **{card_id: {RENAMED} for card_id in ("evaluation-hard", "perplexity",
                                               "sampling-definition")},
    }  # fmt: skip
    assert collection.note_count() == 6
    assert fmflash(root, "pending", "--acknowledge") == (
        "Acknowledged 1 rename, 3 moved cards, 0 removed cards.\n"
    )
    assert json.loads(fmflash(root, "pending", "--json")) == {
        "renames": [], "moves": [], "removed": []
    }  # fmt: skip
    assert fmflash(root, "pending") == "Nothing pending: Anki has been told everything.\n"
    assert "Anki still has to be told" not in fmflash(root, "build", now=T0 + 3 * DAY)


def test_a_machine_state_from_before_pending_steps_keeps_its_removed_cards(
    write_project: WriteProject, tmp_path: Path
) -> None:
    """An older state file (no renames, no moves) is read as it was, and grows on."""
    root = write_project()
    fmflash(root, "build")
    package = str(tmp_path / "deck" / "test-deck.apkg")
    old = {"record": "x", "removed_before": ["gone-long-ago"], "acknowledged": ["deleted"]}
    Path(state_file(package)).write_text(json.dumps(old), encoding="utf-8")
    state = read_state(package)
    assert state is not None
    assert (state.removed_before, state.acknowledged) == ({"gone-long-ago"}, {"deleted"})
    assert (dict(state.renamed), state.moved) == ({}, frozenset())
    write_project(CARDS.replace(MOVED, ""))
    fmflash(root, "build", now=T0 + DAY)
    steps = json.loads(fmflash(root, "pending", "--json"))
    assert [removed["id"] for removed in steps["removed"]] == ["sampling-definition"]
    after = read_state(package)
    assert after is not None
    assert (after.removed_before, after.acknowledged) == ({"gone-long-ago"}, {"deleted"})
