"""A course loaded for study despite errors: a clashing chapter or card is left out, located."""

from __future__ import annotations

from pathlib import Path

from fmflash.cards.project_partial import load_what_loads_of

from ..conftest import CHAPTER, WriteProject
from .test_project import with_chapters, write_chapter


def test_a_deck_clash_leaves_out_its_chapter_and_a_later_id_clash_its_card_each_said_once(
    write_project: WriteProject, tmp_path: Path
) -> None:
    same_deck = write_chapter(tmp_path, "ch3", CHAPTER.replace("Course::3 Evaluation", "Test Deck"))
    same_id = write_chapter(tmp_path, "ch4", CHAPTER.replace("evaluation-hard", "weights-memory"))
    root = write_project(with_chapters("ch3/cards.yaml", "ch4/cards.yaml"))
    project = load_what_loads_of(str(root))
    assert [str(problem) for problem in project.problems] == [
        f"{same_deck}: deck 'Test Deck' is the deck of {root} too; give each chapter a deck of "
        "its own",
        f"{same_id}:5: duplicate id 'weights-memory': the card on line 11 of {root} has it too; "
        "ids are unique in the whole project",  # as check says it
    ]
    assert project.left_out == (str(same_deck),)
    assert [chapter.path for chapter in project.chapters] == [str(root), str(same_id)]
    assert [summary.id for summary in project.chapters[1].deck.summaries()] == ["perplexity"]
    assert project.left_out_cards == 3  # the clashing chapter's two, the clashing id's one


def test_a_course_of_one_chapter_loads_whole(write_project: WriteProject) -> None:
    root = write_project()
    project = load_what_loads_of(str(root))
    assert (project.problems, project.left_out, project.left_out_cards) == ((), (), 0)
    assert [chapter.path for chapter in project.chapters] == [str(root)]
