"""A card file with errors, loaded for study: every card that loads, each keeping its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fmflash.cards.cache import cache_file
from fmflash.cards.card_cache import CardFileCaches
from fmflash.cards.load import load_deck
from fmflash.cards.load_partial import PartialDeck, load_what_loads
from fmflash.defaults import cache_folder
from fmflash.errors import FmflashError, Severity

from ..conftest import CARDS, RICH_CARDS, WriteProject
from .test_cache import DAMAGES


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


def test_a_syntax_error_and_another_error_leave_out_their_two_cards_not_the_one_before(
    write_project: WriteProject,
) -> None:
    broken = CARDS.replace("  - id: mixtral-total\n", "  - id: [mixtral-total\n").replace(
        "section: Sampling", "section: Samplin")  # fmt: skip
    cards = str(write_project(broken))
    found = load_what_loads(cards, root_path=cards)
    assert found.deck is not None
    assert [card.id for card in found.deck.cards] == ["transformer-dominates", "weights-memory"]
    assert (found.left_out, len(found.problems)) == (2, 2)


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


# Three errors of three kinds: a YAML syntax error, an unknown key, a section not in the notes.
BROKEN = (
    RICH_CARDS.replace("  - id: transformer-dominates\n", "  - id: [transformer-dominates\n")
    .replace("section: Sampling", "section: Samplin", 1)
    .replace("    reverse: true\n", "    reverse: true\n    colour: red\n", 1)
)
PROBLEMS = [
    "cards.yaml:6:12: YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
    "sequence)\n    6 |     section: Foundation Models\n      |            ^",
    "cards.yaml:18:5: unknown key 'colour' in card 'mixtral-total'; known keys: id, section, "
    "front, back, reverse, cloze, extra, tags, allow",
    "cards.yaml:20:14: card 'sampling-definition': section 'Samplin' is not a heading of "
    "notes.md; closest: 'Sampling', 'Empty Heading', 'Model Size'",
]


def studied(found: PartialDeck) -> tuple[object, ...]:
    """Return everything a review or stats sees of what loads: every card decoded."""
    deck = found.deck
    seen = deck and (deck.name, deck.notes, deck.summaries(), deck.tags(), tuple(deck.cards),
                     deck.chapters, deck.package)  # fmt: skip
    return (found.problems, found.left_out, found.chapters, found.package, found.name, seen)


def load(cards: str = "cards.yaml", *, use_cache: bool = True) -> PartialDeck:
    """Load what loads of a card file, as review does (its own root), with or without a cache."""
    caches = CardFileCaches(enabled=use_cache, entries=False)
    found = load_what_loads(cards, root_path=cards, caches=caches)
    caches.save()
    return found


def test_what_loads_is_the_same_from_the_cache_problems_in_order_and_located(
    write_project: WriteProject,
) -> None:
    write_project(BROKEN)
    uncached = studied(load(use_cache=False))
    cold, warm = load(), load()
    assert studied(cold) == studied(warm) == uncached
    assert [str(problem) for problem in warm.problems] == PROBLEMS
    assert {problem.severity for problem in warm.problems} == {Severity.ERROR}
    assert warm.left_out == 3
    assert warm.deck is not None
    lines = BROKEN.splitlines()
    assert [(card.id, card.line) for card in warm.deck.cards][:2] == [
        (card_id, lines.index(f"  - id: {card_id}") + 1)
        for card_id in ("weights-memory", "cloze-with-hint")
    ]
    assert os.listdir(cache_folder()) == [os.path.basename(cache_file("cards.yaml"))]


def test_an_edit_of_the_card_file_or_its_notes_is_seen_at_once(
    write_project: WriteProject,
) -> None:
    cards = write_project(BROKEN)
    load()
    load()
    cards.write_text(BROKEN.replace("colour: red", "tags: [red]"), encoding="utf-8")  # fixed
    assert [str(problem) for problem in load().problems] == [PROBLEMS[0], PROBLEMS[2]]
    assert studied(load()) == studied(load(use_cache=False))
    cards.write_text(BROKEN.replace("back: yes", "back: yes\n    colour: blue"), "utf-8")
    assert [problem.message[:18] for problem in load().problems] == [
        "YAML syntax error:",
        "unknown key 'colou",
        "card 'sampling-def",
        "unknown key 'colou",
    ]
    assert studied(load()) == studied(load(use_cache=False))
    notes = cards.parent / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n## Samplin\nA typo's section.\n")
    found = load()
    assert len(found.problems) == 3  # the section is in the notes now
    assert found.deck is not None
    assert "sampling-definition" in [summary.id for summary in found.deck.summaries()]
    assert studied(load()) == studied(load(use_cache=False))


def test_once_fixed_the_card_file_loads_whole_and_build_and_check_still_refuse_errors(
    write_project: WriteProject,
) -> None:
    cards = write_project(BROKEN)
    load()
    load()
    with pytest.raises(FmflashError) as refused:
        load_deck(str(cards))
    with pytest.raises(FmflashError) as uncached:
        load_deck(str(cards), use_cache=False)
    assert str(refused.value) == str(uncached.value)
    cards.write_text(RICH_CARDS, encoding="utf-8")
    fixed = load()
    assert (fixed.problems, fixed.left_out) == ((), 0)
    assert load_deck(str(cards)) == load_deck(str(cards), use_cache=False)


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_cache_is_a_miss_with_the_same_result(
    write_project: WriteProject, damage: str
) -> None:
    write_project(BROKEN)
    expected = studied(load())
    path = Path(cache_file("cards.yaml"))
    path.write_bytes(DAMAGES[damage](path.read_bytes()))
    assert studied(load()) == expected
    assert studied(load()) == expected


def test_problems_name_the_card_file_as_given_each_time(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_project(BROKEN)
    absolute = str(tmp_path / "cards.yaml")
    assert str(load(absolute).problems[1]).startswith(f"{absolute}:18:5: unknown key")
    assert [str(problem) for problem in load().problems] == PROBLEMS
    assert str(load(absolute).problems[1]).startswith(f"{absolute}:18:5: unknown key")


def test_a_root_without_its_notes_keeps_its_name_chapters_and_package_from_the_cache(
    write_project: WriteProject, tmp_path: Path
) -> None:
    root = CARDS.replace("cards:\n", "package: out.apkg\nchapters:\n  - ch3/cards.yaml\ncards:\n")
    write_project(root)
    (tmp_path / "notes.md").unlink()
    cold, warm = load(), load()
    assert studied(cold) == studied(warm) == studied(load(use_cache=False))
    assert (warm.deck, warm.name, warm.chapters, warm.package, warm.left_out) == (
        None, "Test Deck", (("ch3/cards.yaml", 6, 5),), ("out.apkg", 4, 10), 4)  # fmt: skip
    assert [str(problem) for problem in warm.problems] == [
        "cards.yaml:3:10: notes file 'notes.md' not found (paths are relative to the folder of "
        "cards.yaml)"
    ]


def test_a_card_file_nothing_of_which_can_be_read_raises_the_same_from_the_cache(
    write_project: WriteProject,
) -> None:
    cards = write_project(RICH_CARDS)
    load()  # its cache, of the file without errors
    cards.write_text(RICH_CARDS.replace("    back: 14 GB.", "\tback: 14 GB."), "utf-8")
    errors = []
    for use_cache in (False, True, True):
        with pytest.raises(FmflashError) as raised:
            load(use_cache=use_cache)
        errors.append(raised.value.problems)
    assert errors[0] == errors[1] == errors[2]
    assert [str(problem) for problem in errors[0]] == [
        "cards.yaml:11:2: YAML syntax error: found a tab character that violates indentation "
        "(while scanning a plain scalar); line 11 is indented less (1 space) than line 10 above "
        "it (4 spaces): keys of one card line up\n   11 |  back: 14 GB.\n      |  ^"
    ]
    cards.write_text(RICH_CARDS, encoding="utf-8")
    assert studied(load()) == studied(load(use_cache=False))
    assert load_deck(str(cards)) == load_deck(str(cards), use_cache=False)
