"""Every validation rule of the card file, with its exact message and position."""

from __future__ import annotations

import textwrap

import pytest

from fmflash.cards.model import BasicCard, ClozeCard
from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.errors import FmflashError

from ..conftest import CARDS, NOTES

HEADER = "deck:\n  name: Test Deck\n  notes: notes.md\ncards:\n"


def load(text: str, notes: str | None = NOTES):  # type: ignore[no-untyped-def]
    card_file = parse_card_file(textwrap.dedent(text), path="cards.yaml")
    parsed = parse_notes(notes, path="notes.md") if notes is not None else None
    return build_deck(card_file, parsed)


def problems(text: str, notes: str | None = NOTES) -> list[str]:
    with pytest.raises(FmflashError) as caught:
        load(text, notes)
    return [str(problem) for problem in caught.value.problems]


def card(body: str) -> str:
    """A card file with one card whose YAML body (indented 4) starts on line 5."""
    lines = textwrap.dedent(body).strip().splitlines()
    return HEADER + "  - " + "\n    ".join(lines) + "\n"


def test_valid_file_loads_cards_in_file_order() -> None:
    deck = load(CARDS)
    assert deck.name == "Test Deck"
    assert [c.id for c in deck.cards] == [
        "transformer-dominates",
        "weights-memory",
        "mixtral-total",
        "sampling-definition",
    ]
    assert deck.cards[1] == BasicCard(
        "weights-memory",
        "Model Size",
        8,
        "How much memory do 7B parameters at 2 bytes need?",
        "14 GB.",
        False,
        ("memory",),
        html=("How much memory do 7B parameters at 2 bytes need?", "14 GB."),
    )
    assert deck.cards[0] == ClozeCard(
        "transformer-dominates",
        "Foundation Models",
        5,
        "The {{c1::transformer}} architecture dominates.",
        html=("The {{c1::transformer}} architecture dominates.", ""),
        gaps=(1,),
    )
    assert deck.cards[2].reverse is True  # type: ignore[union-attr]


def test_sections_with_text_but_no_card_are_warnings() -> None:
    deck = load(card("id: a\nsection: Sampling\nfront: q\nback: a"))
    assert [str(w) for w in deck.warnings] == [  # not the top heading, 'Foundation Models'
        "notes.md:4: warning: section 'Model Size' has text but no card",
        "notes.md:9: warning: section 'Mixture of Experts' has text but no card",
    ]


def test_scalars_keep_their_written_form() -> None:
    deck = load(card("id: a\nsection: Sampling\nfront: 46.70\nback: yes"))
    assert (deck.cards[0].front, deck.cards[0].back) == ("46.70", "yes")  # type: ignore[union-attr]


def test_yaml_syntax_error_is_located() -> None:
    assert problems(HEADER + "  - id: a\n    front: [unclosed\n") == [
        "cards.yaml:6:12: YAML syntax error: the '[' opened on line 6 (column 12) is never "
        "closed; YAML read to the end of the file: did not find expected ',' or ']' "
        "(while parsing a flow sequence)\n"
        "    6 |     front: [unclosed\n"
        "      |            ^"
    ]


def test_an_unclosed_quote_names_the_line_it_opened_on() -> None:
    text = HEADER + '  - id: a\n    section: Sampling\n    front: "What is it?\n    back: b\n'
    assert problems(text) == [
        "cards.yaml:7:12: YAML syntax error: the quote opened on line 7 (column 12) is never "
        "closed on its line; YAML read on to line 9, column 1, and stopped there: found "
        "unexpected end of stream (while scanning a quoted scalar)\n"
        '    7 |     front: "What is it?\n'
        "      |            ^"
    ]


def test_an_unquoted_colon_suggests_quoting() -> None:
    text = HEADER + "  - id: a\n    section: Sampling\n    front: Q: what is it?\n    back: b\n"
    assert problems(text) == [
        "cards.yaml:7:13: YAML syntax error: mapping values are not allowed in this context; "
        "text that contains ': ' must be quoted: put the whole value in quotes, like "
        'front: "Q: what is it?"\n'
        "    7 |     front: Q: what is it?\n"
        "      |             ^"
    ]


def test_empty_file() -> None:
    assert problems("") == [
        "cards.yaml:1:1: the card file is empty; it needs the keys 'deck' and 'cards'"
    ]


def test_top_level_must_be_a_mapping() -> None:
    assert problems("- id: a\n") == [
        "cards.yaml:1:1: expected a mapping with keys 'deck' and 'cards', found a list"
    ]


def test_unknown_top_level_key_suggests_nearest() -> None:
    assert problems(HEADER.replace("cards:", "crads:")) == [
        "cards.yaml:1:1: the card file has no 'cards' list",
        "cards.yaml:4:1: unknown key 'crads' in the card file; did you mean 'cards'?",
    ]


def test_missing_deck() -> None:
    assert problems("cards: []\n") == [
        "cards.yaml:1:1: the card file has no 'deck' (with 'name' and 'notes')"
    ]


def test_deck_shape_and_keys() -> None:
    assert problems("deck: [x]\ncards: []\n") == [
        "cards.yaml:1:7: 'deck' must be a mapping with 'name' and 'notes', found a list"
    ]
    assert problems("deck:\n  nmae: X\n  notes: notes.md\ncards: []\n") == [
        "cards.yaml:2:3: unknown key 'nmae' in 'deck'; did you mean 'name'?",
        "cards.yaml:2:3: 'deck' has no 'name'",
    ]
    assert problems("deck:\n  name: ''\n  notes: notes.md\ncards: []\n") == [
        "cards.yaml:2:9: deck 'name' is empty"
    ]


def test_cards_must_be_a_list_and_each_card_a_mapping() -> None:
    assert problems(HEADER.replace("cards:", "cards: 3")) == [
        "cards.yaml:4:8: 'cards' must be a list, found '3'"
    ]
    assert problems(HEADER + "  - just text\n") == [
        "cards.yaml:5:5: card #1 must be a mapping with keys such as id, section, front, back; "
        "found 'just text'"
    ]


def test_unknown_card_key_suggests_nearest_or_lists_known() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: q\nback: a\ntgas: [x]")) == [
        "cards.yaml:9:5: unknown key 'tgas' in card 'a'; did you mean 'tags'?"
    ]
    assert problems(card("id: a\nsection: Sampling\nfront: q\nback: a\nzzz: 1")) == [
        "cards.yaml:9:5: unknown key 'zzz' in card 'a'; known keys: "
        "id, section, front, back, reverse, cloze, extra, tags, allow"
    ]


def test_duplicate_key_in_a_card() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: q\nfront: q2\nback: a")) == [
        "cards.yaml:8:5: duplicate key 'front' in card #1 (first on line 7)"
    ]


def test_missing_id_suggests_one_from_the_question() -> None:
    assert problems(card("section: Sampling\nfront: What is sampling, really?\nback: a")) == [
        "cards.yaml:5:5: card #1 has no 'id'; add a unique lowercase slug, "
        "such as 'id: what-is-sampling-really'"
    ]


def test_missing_section() -> None:
    assert problems(card("id: a\nfront: q\nback: a")) == [
        "cards.yaml:5:5: card 'a' has no 'section'; add the notes heading it comes from"
    ]


def test_bad_id_slug_suggests_a_fix() -> None:
    assert problems(card("id: Mixtral Total\nsection: Sampling\nfront: q\nback: a")) == [
        "cards.yaml:5:9: id 'Mixtral Total' is not a lowercase slug (letters a-z, digits 0-9 "
        "and single '-' between them); try 'mixtral-total'"
    ]


def test_duplicate_ids_name_both_lines() -> None:
    text = HEADER + (
        "  - id: a\n    section: Sampling\n    front: q\n    back: a\n"
        "  - id: a\n    section: Sampling\n    front: q2\n    back: a2\n"
    )
    assert problems(text) == ["cards.yaml:9:9: duplicate id 'a': the card on line 5 has it too"]


def test_empty_text() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: '  '\nback: a")) == [
        "cards.yaml:7:12: card 'a': 'front' is empty"
    ]
    assert problems(card("id: a\nsection: Sampling\nfront: q\nback:")) == [
        "cards.yaml:8:10: card 'a': 'back' is empty"
    ]


def test_text_must_not_be_a_list() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: [q]\nback: a")) == [
        "cards.yaml:7:12: card 'a': 'front' must be text, found a list"
    ]


def test_card_with_both_front_back_and_cloze() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: q\ncloze: '{{c1::x}}'")) == [
        "cards.yaml:5:5: card 'a' has both 'cloze' and 'front'/'back'; "
        "a card is either a question/answer card or a cloze card"
    ]


def test_cloze_without_a_gap() -> None:
    assert problems(card("id: a\nsection: Sampling\ncloze: 'The {{c1:transformer}} wins'")) == [
        "cards.yaml:7:12: card 'a': the cloze text has no gap; mark the hidden words as "
        "{{c1::words}}"
    ]


def test_front_without_back_and_neither() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: q")) == [
        "cards.yaml:5:5: card 'a' has 'front' but no 'back'"
    ]
    assert problems(card("id: a\nsection: Sampling")) == [
        "cards.yaml:5:5: card 'a' needs 'front' and 'back', or 'cloze'"
    ]


def test_section_not_a_heading_lists_closest() -> None:
    assert problems(card("id: a\nsection: Model Sise\nfront: q\nback: a")) == [
        "cards.yaml:6:14: card 'a': section 'Model Sise' is not a heading of notes.md; "
        "closest: 'Model Size', 'Foundation Models', 'Empty Heading'"
    ]


def test_tags_must_be_a_list_of_single_words() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: q\nback: a\ntags: moe")) == [
        "cards.yaml:9:11: card 'a': 'tags' must be a list of single words like [moe, memory], "
        "found 'moe'"
    ]
    assert problems(card("id: a\nsection: Sampling\nfront: q\nback: a\ntags: [ok, two words]")) == [
        "cards.yaml:9:16: card 'a': tag 'two words' is not a single word; "
        "use '-' or '_' instead of spaces"
    ]


def test_reverse_must_be_boolean_and_only_on_front_back_cards() -> None:
    assert problems(card("id: a\nsection: Sampling\nfront: q\nback: a\nreverse: maybe")) == [
        "cards.yaml:9:14: card 'a': 'reverse' must be true or false, found 'maybe'"
    ]
    assert problems(card("id: a\nsection: Sampling\ncloze: '{{c1::x}}'\nreverse: true")) == [
        "cards.yaml:8:14: card 'a': 'reverse' applies to front/back cards only"
    ]
    assert problems(card("id: a\nsection: Sampling\nfront: q\nback: a\nextra: more")) == [
        "cards.yaml:9:12: card 'a': 'extra' applies to cloze cards only"
    ]


def test_missing_notes_file_is_located_at_the_notes_key() -> None:
    assert problems(CARDS, notes=None) == [
        "cards.yaml:3:10: notes file 'notes.md' not found (paths are relative to the folder "
        "of cards.yaml)"
    ]


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    text = HEADER + (
        "  - id: Bad Id\n    section: Sampling\n    front: q\n    back: a\n"
        "  - id: b\n    section: Nowhere\n    frnt: q\n    back: a\n"
        "  - id: c\n    section: Sampling\n    cloze: no gap here\n"
    )
    assert problems(text) == [
        "cards.yaml:5:9: id 'Bad Id' is not a lowercase slug (letters a-z, digits 0-9 and "
        "single '-' between them); try 'bad-id'",
        "cards.yaml:9:5: card 'b' has 'back' but no 'front'",
        "cards.yaml:10:14: card 'b': section 'Nowhere' is not a heading of notes.md; "
        "closest: 'Model Size', 'Empty Heading', 'Foundation Models'",
        "cards.yaml:11:5: unknown key 'frnt' in card 'b'; did you mean 'front'?",
        "cards.yaml:15:12: card 'c': the cloze text has no gap; mark the hidden words as "
        "{{c1::words}}",
    ]
