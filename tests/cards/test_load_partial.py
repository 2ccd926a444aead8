"""A card file with errors, loaded for study: every card that loads, each keeping its line."""

from __future__ import annotations

from pathlib import Path

from fmflash.cards.load_partial import load_what_loads

from ..conftest import CARDS, WriteProject


def test_a_syntax_error_leaves_out_its_card_and_the_others_keep_their_lines(
    write_project: WriteProject,
) -> None:
    broken = CARDS.replace("  - id: weights-memory\n", "  - id: [weights-memory\n")
    cards = str(write_project(broken))
    found = load_what_loads(cards, root_path=cards)
    assert found.deck is not None
    lines = {card.id: card.line for card in found.deck.cards}
    assert "weights-memory" not in lines
    assert lines == {
        card_id: CARDS.splitlines().index(f"  - id: {card_id}") + 1
        for card_id in ("transformer-dominates", "mixtral-total", "sampling-definition")
    }
    assert (found.left_out, len(found.problems)) == (1, 1)
    assert found.problems[0].message.startswith("YAML syntax error")


def test_a_card_with_an_unknown_section_is_left_out_alone(write_project: WriteProject) -> None:
    cards = str(write_project(CARDS.replace("section: Sampling", "section: Samplin")))
    found = load_what_loads(cards, root_path=cards)
    assert found.deck is not None
    assert [card.id for card in found.deck.cards] == [
        "transformer-dominates", "weights-memory", "mixtral-total"]  # fmt: skip
    assert found.left_out == 1
    assert [problem.message for problem in found.problems] == [
        "card 'sampling-definition': section 'Samplin' is not a heading of "
        f"{Path(cards).parent / 'notes.md'}; closest: 'Sampling', 'Empty Heading', 'Model Size'"
    ]


def test_a_file_that_is_not_yaml_has_no_card_to_study(write_project: WriteProject) -> None:
    cards = str(write_project("deck: [\n  unclosed\n"))
    found = load_what_loads(cards, root_path=cards)
    assert (found.deck, found.left_out) == (None, 0)
    assert found.problems[0].message.startswith("YAML syntax error")
