"""A project of chapters: the root card file lists chapter card files, ids unique in all."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fmflash.cards.project import load_project
from fmflash.errors import FmflashError

from ..conftest import CARDS, CHAPTER, CHAPTER_NOTES, WriteProject


def write_chapter(root: Path, folder: str = "ch3", cards: str = CHAPTER) -> Path:
    """Write a chapter card file and its notes in a folder beside the root card file."""
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / "notes.md").write_text(CHAPTER_NOTES, encoding="utf-8")
    path = root / folder / "cards.yaml"
    path.write_text(textwrap.dedent(cards), encoding="utf-8")
    return path


def with_chapters(*paths: str, extra: str = "") -> str:
    """Return the test card file with a chapters: list (and anything else) after its deck."""
    listed = "".join(f"  - {path}\n" for path in paths)
    return CARDS.replace("cards:\n", f"{extra}chapters:\n{listed}cards:\n", 1)


def test_a_root_card_file_lists_chapters_relative_to_its_folder(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_chapter(tmp_path)
    root = write_project(with_chapters("ch3/cards.yaml"))
    project = load_project(str(root))
    assert [(c.key, c.deck.name) for c in project.chapters] == [
        ("", "Test Deck"),
        ("ch3/cards.yaml", "Course::3 Evaluation"),
    ]
    # The chapter's notes path is relative to the chapter's own folder.
    assert project.chapters[1].deck.notes.path == str(tmp_path / "ch3" / "notes.md")
    assert [card.id for card in project.cards()][-2:] == ["evaluation-hard", "perplexity"]
    assert project.package_path == str(tmp_path / "deck" / "test-deck.apkg")


def test_today_s_card_file_is_a_one_chapter_project(write_project: WriteProject) -> None:
    project = load_project(str(write_project()))
    assert len(project.chapters) == 1


def test_the_same_id_in_two_chapters_names_both_files_and_lines(
    write_project: WriteProject, tmp_path: Path
) -> None:
    chapter = write_chapter(tmp_path, cards=CHAPTER.replace("evaluation-hard", "weights-memory"))
    root = write_project(with_chapters("ch3/cards.yaml"))
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert str(caught.value) == (
        f"{chapter}:5: duplicate id 'weights-memory': the card on line 10 of {root} has it "
        "too; ids are unique in the whole project"
    )


def test_a_chapter_cannot_list_chapters_nor_name_the_package(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_chapter(tmp_path, "ch4")
    nested = CHAPTER.replace(
        "cards:\n", "chapters:\n  - ../ch4/cards.yaml\npackage: x.apkg\ncards:\n"
    )
    chapter = write_chapter(tmp_path, cards=nested)
    root = write_project(with_chapters("ch3/cards.yaml"))
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert str(caught.value) == (
        f"{chapter}:5:5: a chapter card file cannot list chapters of its own; list every "
        f"chapter in the root card file {root}\n"
        f"{chapter}:6:10: a chapter card file cannot name the package; name it in {root}"
    )


def test_only_the_root_card_file_chooses_the_scheduler(
    write_project: WriteProject, tmp_path: Path
) -> None:
    chapter = write_chapter(tmp_path, cards=CHAPTER + "review:\n  scheduler: fsrs\n")
    root = write_project(with_chapters("ch3/cards.yaml", extra="review:\n  scheduler: fsrs\n"))
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert str(caught.value) == (
        f"{chapter}:12:1: a chapter card file cannot choose the scheduler ('review:'); set it "
        f"in {root}"
    )


def test_a_missing_or_repeated_chapter_is_a_located_error(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_chapter(tmp_path)
    root = write_project(with_chapters("ch3/cards.yaml", "ch3/cards.yaml", "ch9/cards.yaml"))
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert str(caught.value) == (
        f"{root}:6:5: chapter 'ch3/cards.yaml' is listed on line 5 too\n"
        f"{root}:7:5: chapter card file 'ch9/cards.yaml' not found (paths are relative to "
        f"the folder of {root}); create it with: fmflash chapter add NAME --notes PATH"
    )


def test_chapters_must_be_a_list_of_paths(write_project: WriteProject) -> None:
    root = write_project(CARDS.replace("cards:\n", "chapters: ch3.yaml\ncards:\n", 1))
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert str(caught.value) == (
        f"{root}:4:11: 'chapters' must be a list of card file paths, found 'ch3.yaml'"
    )


FORMULA = """\
formulas:
  - name: perplexity
    rule: Perplexity = 2 to the power of the entropy
    inputs: {entropy: {unit: bits, example: 3}}
    result: {expression: "2 ** entropy", unit: number}
    question: What is the perplexity at {entropy} per token?
"""


def test_a_formula_name_is_declared_once_in_the_whole_project(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_chapter(tmp_path, cards=CHAPTER.replace("cards:\n", FORMULA + "cards:\n"))
    root = write_project(with_chapters("ch3/cards.yaml", extra=FORMULA))
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert [str(problem) for problem in caught.value.problems] == [
        f"{tmp_path / 'ch3' / 'cards.yaml'}:5:5: formula 'perplexity' is declared on line 5 of "
        f"{root} too; formula names are unique in the whole project"
    ]
