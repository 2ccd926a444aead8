"""The rules of how a card is written, on cards made in the test: exact findings."""

from __future__ import annotations

import pytest

from fmflash.cards.model import BasicCard, ClozeCard, ComputedCard
from fmflash.formulas.units import Unit
from fmflash.lint.finding import Finding
from fmflash.lint.wording_rules import grammar, grammar_mistakes, markdown


def test_markdown_fires_on_headings_and_images_in_each_field() -> None:
    card = BasicCard("a", "S", 1, "# What?", "![x](x.png)")
    assert markdown(card) == [
        Finding(
            "markdown",
            "front",
            "a heading ('# ...') cannot be part of a card; remove the '#', or write it as '\\#'",
        ),
        Finding(
            "markdown",
            "back",
            "the image 'x.png' is not in the package (fmflash packages no media files); Anki "
            "would show a missing image",
        ),
    ]
    cloze = ClozeCard("b", "S", 1, "## {{c1::Sampling}}", "Extra.")
    assert [(f.field, f.message[:20]) for f in markdown(cloze)] == [
        ("cloze", "a heading ('## ...')")
    ]
    assert markdown(BasicCard("c", "S", 1, "What is *sampling*?", "`top-k`, **greedy**.")) == []
    case = ComputedCard("c", "S", 1, "f", "# How much, in GB?", "14 GB", (), 14e9, Unit.BYTES)
    assert markdown(case) == []


def test_grammar_mistakes_in_one_text() -> None:
    text = "A LLM. An 8B. a 11B; an hour (an 18B) 1 bus, 1 tokens, 1.1 tokens, 21 tokens."
    assert grammar_mistakes(text) == [
        "'A LLM': write 'An LLM'",
        "'a 11B': write 'an 11B'",
        "'1 tokens': one of a thing is singular, write '1 token'",
    ]


def test_grammar_names_the_field_of_each_mistake() -> None:
    basic = BasicCard("a", "S", 1, "Is it a 8B model?", "It is an 7B model.")
    assert grammar(basic) == [
        Finding("grammar", "front", "'a 8B': write 'an 8B'"),
        Finding("grammar", "back", "'an 7B': write 'a 7B'"),
    ]
    cloze = ClozeCard("a", "S", 1, "It is {{c1::a 8B}} model.", "It is an 7B.")
    assert grammar(cloze) == [
        Finding("grammar", "cloze", "'a 8B': write 'an 8B'"),
        Finding("grammar", "extra", "'an 7B': write 'a 7B'"),
    ]
    case = ComputedCard(
        "c", "S", 1, "f", "Is a 8B model big, in GB?", "an 7B", ("a 11B model",), 1.0, Unit.BYTES
    )
    assert grammar(case) == [
        Finding("grammar", "question", "'a 8B': write 'an 8B'"),
        Finding("grammar", "answer", "'an 7B': write 'a 7B'"),
        Finding("grammar", "question", "'a 11B': write 'an 11B'"),  # a working line
    ]


@pytest.mark.parametrize(
    ("text", "mistakes"),
    [
        ("Plan a", []),
        ("Plan a ", []),  # nothing follows the article
        ("a 8-bit model", ["'a 8-bit': write 'an 8-bit'"]),
        ("a (note) a 8B", ["'a 8B': write 'an 8B'"]),  # past an article before punctuation
        ("1 class", []),
        ("1 ads", []),  # too short to tell
        ("1 bits", ["'1 bits': one of a thing is singular, write '1 bit'"]),
    ],
)
def test_grammar_mistakes_edges(text: str, mistakes: list[str]) -> None:
    assert grammar_mistakes(text) == mistakes
