"""Chunked parsing with a cache gives exactly the deck, and the messages, of a whole parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.load import load_deck
from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.cards.parse_chunks import parse_chunked, split_card_file
from fmflash.defaults import cache_folder
from fmflash.errors import FmflashError

from ..conftest import CARDS, NOTES, RICH_CARDS, WriteProject
from ..synthetic import write_deck


def chunked(cards: Path):  # type: ignore[no-untyped-def]
    """Load a deck through the chunks and the cache."""
    assert split_card_file(cards.read_text()) is not None  # an ordinary file: read chunk by chunk
    return load_deck(str(cards))


def whole(cards: Path):  # type: ignore[no-untyped-def]
    card_file = parse_card_file(cards.read_text(), path=str(cards))
    notes = cards.parent / "notes.md"
    return build_deck(card_file, parse_notes(notes.read_text(), path=str(notes)))


def test_a_card_file_is_cut_into_one_chunk_per_item() -> None:
    split = split_card_file(RICH_CARDS)
    assert split is not None
    _, found = split
    assert [c.kind for c in found].count("cards") == 8
    assert [c.kind for c in found].count("computed") == 2


@pytest.mark.parametrize("size", [0, 1, 300])
def test_chunked_and_whole_parses_give_the_same_deck(tmp_path: Path, size: int) -> None:
    cards = write_deck(tmp_path, size)
    expected = whole(cards)
    assert chunked(cards) == expected  # cold cache
    assert chunked(cards) == expected  # warm cache


def test_a_deck_of_every_kind_of_card_is_the_same_both_ways(
    write_project: WriteProject,
) -> None:
    cards = write_project(RICH_CARDS)
    assert chunked(cards) == whole(cards)  # cold cache
    assert chunked(cards) == whole(cards)  # warm cache


def test_an_edit_gives_the_deck_a_whole_parse_gives(tmp_path: Path) -> None:
    # That only the edited chunk is parsed again is a work budget: bench/budgets.py.
    cards = write_deck(tmp_path, 200)
    load_deck(str(cards))
    write_deck(tmp_path, 200, edit=1)
    deck = chunked(cards)
    assert any("(edit 1)" in str(card) for card in deck.cards)
    assert deck == whole(cards)


def test_cards_moved_down_keep_their_true_lines(write_project: WriteProject) -> None:
    cards = write_project()
    load_deck(str(cards))
    write_project("# a comment\n\n" + CARDS)
    assert [c.line for c in load_deck(str(cards)).cards] == [7, 10, 15, 20]


def test_unusual_shapes_take_the_whole_parse() -> None:
    anchors = "deck: &d\n  name: x\n  notes: n.md\ncards:\n  - *d\n"
    assert split_card_file(anchors) is None
    assert parse_chunked("cards: [{id: a}]\n", path="c", cache={}) is None
    dedented = "cards:\n  - id: a\n front: b\n"
    assert split_card_file(dedented) is None


@pytest.mark.parametrize(
    "broken",
    [
        CARDS.replace("front: What is sampling?", "frnt: What is sampling?"),
        CARDS.replace("section: Sampling", "section: Samplng"),
        CARDS.replace("id: weights-memory", "id: mixtral-total"),
        CARDS.replace("back: 14 GB.", "back: [14"),
    ],
)
def test_bad_input_gets_the_messages_of_the_whole_parse(
    write_project: WriteProject, broken: str
) -> None:
    cards = write_project()
    load_deck(str(cards))  # a warm cache of the good file
    write_project(broken)
    with pytest.raises(FmflashError) as cached:
        load_deck(str(cards))
    with pytest.raises(FmflashError) as plain:
        load_deck(str(cards), use_cache=False)
    with pytest.raises(FmflashError) as reference:
        whole(cards)
    assert str(cached.value) == str(plain.value) == str(reference.value)


def test_a_damaged_cache_is_ignored(write_project: WriteProject) -> None:
    cards = write_project()
    expected = load_deck(str(cards))
    damaged = sorted(Path(cache_folder()).glob("*.cache"))
    assert len(damaged) == 1  # the card file's cache
    for cache_file in damaged:
        cache_file.write_bytes(b"not a cache file")
    assert load_deck(str(cards)) == expected
    assert all(f.read_bytes() != b"not a cache file" for f in damaged)  # written again


words = st.sampled_from(["model", "size", "7B", "tokens", "a:b", "#hash", "it's", "50%", "x-y"])
texts = st.lists(words, min_size=1, max_size=6).map(" ".join)


@st.composite
def card_yaml(draw: st.DrawFn, number: int) -> str:
    """One card, written in one of the YAML styles a person might use."""
    text = draw(texts)
    style = draw(st.sampled_from(["plain", "single", "double", "literal", "folded"]))
    if style == "plain" and (":" in text or "#" in text or text.startswith(("'", "%"))):
        style = "double"
    value = {
        "plain": text,
        "single": "'" + text.replace("'", "''") + "'",
        "double": '"' + text + '"',
        "literal": "|\n      " + text + "\n      second line",
        "folded": ">-\n      " + text + "\n      more",
    }[style]
    section = draw(st.sampled_from(["Model Size", "Sampling", "Mixture of Experts"]))
    lines = [f"  - id: card-{number}", f"    section: {section}"]
    if draw(st.booleans()):
        lines += [f"    front: {value}", "    back: an answer"]
    else:
        lines += [
            f"    cloze: The {{{{c1::{number}}}}} is {text.replace(':', ' ').replace('#', '')}"
        ]
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["    tags: [x, y]", "    tags:\n      - x\n      - y"])))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["", "  # a comment", "    # indented comment", ""])))
    return "\n".join(lines)


@st.composite
def card_files(draw: st.DrawFn) -> str:
    count = draw(st.integers(0, 6))
    cards = [draw(card_yaml(number)) for number in range(count)]
    computed = ""
    if draw(st.booleans()):
        computed = (
            "computed:\n  - id: mem\n    section: Model Size\n    formula: weights_memory\n"
            "    cases:\n      - {params: 7B, bytes_per_param: 2}\n"
            "      - params: 70B\n        bytes_per_param: 0.5\n"
        )
    header = "# my cards\ndeck:\n  name: Test Deck  # the deck\n  notes: notes.md\n\n"
    return header + "cards:\n" + "\n".join(cards) + "\n" + computed


@given(card_files())
def test_chunked_parse_equals_whole_parse_for_any_valid_file(text: str) -> None:
    notes = parse_notes(NOTES, path="notes.md")
    whole_file = parse_card_file(text, path="cards.yaml")
    assert whole_file.problems == []  # the strategy writes valid files, in many styles
    fast = parse_chunked(text, path="cards.yaml", cache={})
    assert fast is not None
    assert build_deck(fast[0], notes) == build_deck(whole_file, notes)
    # the cache, reused for the same text, gives the same cards again
    again = parse_chunked(text, path="cards.yaml", cache=fast[1])
    assert again is not None
    assert again[0].cards == fast[0].cards
