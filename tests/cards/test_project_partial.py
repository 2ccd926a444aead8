"""A course loaded for study despite errors: a clashing chapter or card is left out, located."""

from __future__ import annotations

from pathlib import Path

from fmflash.cards.project import Project, load_project
from fmflash.cards.project_partial import load_what_loads_of

from ..conftest import CHAPTER, WriteProject, write_formula_course
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


def seen(project: Project) -> tuple[object, ...]:
    """Return what a review or stats sees of a course: every chapter's cards decoded."""
    chapters = [(chapter.path, chapter.key, chapter.deck.name, chapter.deck.notes,
                 chapter.deck.summaries(), chapter.deck.tags(), tuple(chapter.deck.cards))
                for chapter in project.chapters]  # fmt: skip
    return (project.problems, project.left_out, project.left_out_cards, chapters)


def test_a_course_with_errors_and_formulas_studies_the_same_from_the_cache_and_once_fixed(
    tmp_path: Path,
) -> None:
    root = write_formula_course(tmp_path)
    chapter = tmp_path / "ch3" / "cards.yaml"
    good_root, good_chapter = root.read_text("utf-8"), chapter.read_text("utf-8")
    root.write_text(good_root.replace("section: Sampling", "section: Samplin"), "utf-8")
    chapter.write_text(good_chapter.replace("Is evaluation easy?", "[Is evaluation easy?"), "utf-8")
    cold = load_what_loads_of(str(root))
    assert seen(load_what_loads_of(str(root))) == seen(cold)
    assert [str(problem) for problem in cold.problems] == [
        f"{root}:28:14: card 'sampling-definition': section 'Samplin' is not a heading of "
        f"{tmp_path / 'notes.md'}; closest: 'Sampling', 'Empty Heading', 'Model Size'",
        f"{chapter}:8:9: YAML syntax error: did not find expected ',' or ']' (while parsing a "
        "flow sequence)\n    8 |     back: No, it is hard.\n      |         ^",
    ]
    assert (cold.left_out, cold.left_out_cards) == ((), 2)
    root.write_text(good_root, "utf-8")
    chapter.write_text(good_chapter, "utf-8")
    fixed = load_what_loads_of(str(root))
    assert seen(fixed)[:3] == ((), (), 0)
    built = load_project(str(root))
    assert [tuple(chapter.deck.cards) for chapter in fixed.chapters] == [
        chapter.deck.cards for chapter in built.chapters
    ]
