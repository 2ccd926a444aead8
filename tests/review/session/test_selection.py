"""Choosing what a review covers, as the review and stats commands do, called directly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fmflash.errors import FmflashError
from fmflash.review.scheduling.scheduler import SM2
from fmflash.review.session.daily import plan_review
from fmflash.review.session.selection import open_project_store, select

from ...conftest import WriteProject

KEY = b"0123abcd"


def test_a_section_and_a_tag_keep_their_items_and_name_the_scope(
    write_project: WriteProject,
) -> None:
    cards = str(write_project())
    chosen = select(cards, package_path=None, chapter=None, section="model size", tag="MEMORY",
                    random_bytes=KEY)  # fmt: skip
    assert [item.item_id for item in chosen.items] == ["weights-memory"]
    assert chosen.scope == " in section 'Model Size' with tag 'memory'"
    assert len(chosen.keys) == 5  # every item of the project keeps its key


@pytest.mark.parametrize(
    ("section", "tag", "option", "message"),
    [
        ("Samplng", None, "--section",
         "'Samplng' is not a heading of {notes}; closest: 'Sampling', 'Empty Heading', "
         "'Model Size'"),
        (None, "moe", "--tag",
         "no card has the tag 'moe'; tags: memory, section::foundation-models, "
         "section::mixture-of-experts, section::model-size, section::sampling"),
    ],
)  # fmt: skip
def test_an_unknown_section_or_tag_is_an_error_of_its_option(
    write_project: WriteProject, section: str | None, tag: str | None, option: str, message: str
) -> None:
    cards = write_project()
    with pytest.raises(FmflashError) as raised:
        select(str(cards), package_path=None, chapter=None, section=section, tag=tag,
               random_bytes=KEY)  # fmt: skip
    assert raised.value.option == option
    notes = cards.parent / "notes.md"
    assert raised.value.problems[0].message == message.format(notes=notes)


def test_a_first_review_plans_the_new_cards_and_loads_them(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = str(write_project())
    chosen = select(cards, package_path=None, chapter=None, section=None, tag=None,
                    random_bytes=KEY)  # fmt: skip
    store = open_project_store(str(tmp_path / "review.sqlite3"), chosen.keys)
    try:
        plan = plan_review(chosen, store, SM2, day=date(2026, 3, 1))
    finally:
        store.close()
    assert [item.item_id for item, _ in plan.queue][:2] == ["transformer-dominates",
                                                           "weights-memory"]  # fmt: skip
    assert all(item.card.id == item.card_id for item, _ in plan.queue)
    assert plan.nothing == ()


def test_a_card_with_errors_is_left_out_and_the_others_are_chosen(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ...cards.test_project import CHAPTER, with_chapters, write_chapter

    write_chapter(tmp_path, "ch3")
    write_chapter(tmp_path, "ch4", CHAPTER.replace("Course::3", "Course::4").replace(
        "  - id: evaluation-hard\n", "  - id: [evaluation-hard\n"))  # fmt: skip
    # ch4's other card has the id of one of ch3: it is left out too.
    cards = str(write_project(with_chapters("ch3/cards.yaml", "ch4/cards.yaml")))
    chosen = select(cards, package_path=None, chapter=None, section=None, tag=None,
                    random_bytes=KEY)  # fmt: skip
    assert [chapter.deck.name for chapter in chosen.course.chapters] == [
        "Test Deck", "Course::3 Evaluation", "Course::4 Evaluation"]  # fmt: skip
    assert [len(chapter.deck.cards) for chapter in chosen.course.chapters] == [4, 2, 0]
    assert "evaluation-hard" in {item.item_id for item in chosen.items}
    assert chosen.left_out_note() == (
        f"Left out 2 cards for 2 errors ({tmp_path / 'ch4' / 'cards.yaml'}). The other cards go on."
    )
    ch3, ch4 = tmp_path / "ch3" / "cards.yaml", tmp_path / "ch4" / "cards.yaml"
    assert [str(problem).split("\n")[0] for problem in chosen.shown_problems()] == [
        f"{ch4}:6:12: YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
        "sequence)",
        f"{ch4}:9: duplicate id 'perplexity': the card on line 9 of {ch3} has it too; ids are "
        "unique in the whole project",
    ]


def test_section_suggestions_come_from_every_chapter(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ...cards.test_project import with_chapters, write_chapter

    write_chapter(tmp_path, "ch3")
    cards = write_project(with_chapters("ch3/cards.yaml"))
    with pytest.raises(FmflashError) as raised:
        select(str(cards), package_path=None, chapter=None, section="Metrix", tag=None,
               random_bytes=KEY)  # fmt: skip
    assert raised.value.problems[0].message == (
        f"'Metrix' is not a heading of {tmp_path / 'notes.md'} or {tmp_path / 'ch3' / 'notes.md'}"
        "; closest: 'Metrics', 'Model Size', 'Evaluation'"
    )
