"""The linter's rules one by one, on cards made in the test: exact findings, exact values."""

from __future__ import annotations

import pytest

from fmflash.cards.model import BasicCard, ClozeCard, ComputedCard
from fmflash.formulas.quantities import Unit
from fmflash.lint.rules import (
    Finding,
    answer_in_question,
    asks_for_a_set,
    cloze_leak,
    filler_gap,
    grammar,
    grammar_mistakes,
    markdown,
    normalise,
    numbers_in,
    unit_missing,
    words,
)
from fmflash.lint.rules import _items as items


def computed(question: str, unit: Unit = Unit.BYTES) -> ComputedCard:
    return ComputedCard("c", "Model Size", 1, "f", question, "14 GB", (), 14e9, unit)


def unit_finding(unit: str) -> list[Finding]:
    return [
        Finding(
            "unit-missing",
            "question",
            f'the question does not say which unit to answer in ({unit}); ask "in GB", '
            '"in days", "how many tokens" and so on',
        )
    ]


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How much memory do the weights need?", Unit.BYTES),
        ("How much, in a b c d GB?", Unit.BYTES),  # four words between: not "in GB"
        ("How much in GBs?", Unit.BYTES),
        ("How much in gigabytes?", Unit.BYTES),
        ("How many tokens?", Unit.BYTES),  # a unit, but not this card's
        ("What is the number of parameters?", Unit.BYTES),
        ("How long does it train?", Unit.SECONDS),
        ("How much compute?", Unit.FLOPS),
        ("How fast is it?", Unit.FLOPS_PER_SECOND),
        ("How large is the model?", Unit.PARAMETERS),
        ("How much data?", Unit.TOKENS),
        ("How much of it is used?", Unit.FRACTION),
    ],
)
def test_unit_missing_fires_when_the_question_names_no_unit_of_the_answer(
    question: str, unit: Unit
) -> None:
    assert unit_missing(computed(question, unit)) == unit_finding(unit.value)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How much memory, in GB?", Unit.BYTES),
        ("How much, in whole usable GB?", Unit.BYTES),
        ("How much, IN GB?", Unit.BYTES),
        ("What GB figure?", Unit.BYTES),
        ("How much memory in bytes?", Unit.BYTES),
        ("How long, in days?", Unit.SECONDS),
        ("How many FLOPs?", Unit.FLOPS),
        ("How many FLOP?", Unit.FLOPS),
        ("Speed in FLOP/s?", Unit.FLOPS_PER_SECOND),
        ("What is the number of parameters?", Unit.PARAMETERS),
        ("How many tokens?", Unit.TOKENS),
        ("What percentage is used?", Unit.FRACTION),
        ("How many accelerators?", Unit.COUNT),  # a count needs no unit word
    ],
)
def test_unit_missing_stays_quiet_when_the_question_names_the_unit(
    question: str, unit: Unit
) -> None:
    assert unit_missing(computed(question, unit)) == []


def test_unit_missing_looks_only_at_computed_cards() -> None:
    assert unit_missing(BasicCard("a", "S", 1, "How much memory?", "14 GB.")) == []


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
    assert markdown(computed("# How much, in GB?")) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("7B, 90% and 1,000", [7e9, 0.9, 1000]),
        ("3 x 10^23 FLOPs and 2.5 x 10^-3", [3e23, 2.5e-3]),
        ("14 GB, 2 GiB, 3 MB, 2 TB, 1 PB, 1 KB", [14e9, 2 * 2**30, 3e6, 2e12, 1e15, 1e3]),
        ("5 thousand, 2.5 million, 7 billion, 4 trillion", [5e3, 2.5e6, 7e9, 4e12]),
        ("1.5K, 3M, 3T, 12 percent", [1500, 3e6, 3e12, 0.12]),
        ("8x7B", [8, 7e9]),  # the x of a name such as 8x7B is not a letter before a number
        ("v2 and GPT4", []),
        ("7 Bytes", [7]),  # a scale is a whole word
    ],
)
def test_numbers_in(text: str, values: list[float]) -> None:
    assert numbers_in(text) == values


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        (
            "How much memory do 7B parameters, at 2 bytes, need? It is 1,000 GB!",
            "how much memory do 7e 09 parameters at 2 bytes need it is 1e 12",
        ),
        ("Version 2.5 of v1.0: 3 x 10^23 FLOPs.", "version 2.5 of v1.0 3e 23 flops"),
        ("  Spaces   and\ttabs  ", "spaces and tabs"),
    ],
)
def test_normalise(text: str, normal: str) -> None:
    assert normalise(text) == normal


def test_words() -> None:
    assert words("Mixture-of-experts it's GPT-4's 7B") == [
        "mixture",
        "of",
        "experts",
        "it's",
        "gpt",
        "4's",
        "7b",
    ]


@pytest.mark.parametrize(
    ("answer", "count"),
    [
        ("CPUs, GPUs and TPUs.", 3),
        ("CPUs, GPUs or TPUs", 3),
        ("a, b, c, d", 4),
        ("and a, b, c", 3),
        ("CPUs and GPUs", 2),
        ("CPUs", 1),
        ("", 1),
        ("a, to b, c", 1),  # a clause, not an item
        ("one two three four five, b, c", 1),  # a long phrase, not an item
        ("one two three four, b, c", 3),
    ],
)
def test_items_of_an_answer(answer: str, count: int) -> None:
    assert items(answer) == count


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


def test_a_listed_answer_is_found_on_the_back() -> None:
    card = BasicCard("a", "S", 1, "What hardware provides compute?", "CPUs, GPUs and TPUs.")
    assert asks_for_a_set(card) == [
        Finding(
            "set",
            "back",
            "the answer 'CPUs, GPUs and TPUs.' lists 3 items; ask for one item per card",
        )
    ]


def test_set_findings_name_their_field_on_a_reverse_card() -> None:
    card = BasicCard("a", "S", 1, "CPUs, GPUs and TPUs.", "Name two chips.", reverse=True)
    assert asks_for_a_set(card) == [
        Finding(
            "set",
            "back",
            "the question asks for a set ('Name two'); ask for one item per card, or use a "
            "cloze with one gap per item",
        ),
        Finding(
            "set",
            "front",
            "the answer 'CPUs, GPUs and TPUs.' lists 3 items; ask for one item per card",
        ),
    ]


def test_a_number_that_is_not_one_is_passed_over() -> None:
    assert numbers_in("1.2.3 and 7B") == [7e9]
    assert normalise("Version 1.2.3 B") == "version 1.2.3 b"


@pytest.mark.parametrize(
    ("answer", "shown"),
    [("processes", "process"), ("model", "models"), ("process", "processes")],
)
def test_a_gap_is_given_away_by_its_plural_or_singular(answer: str, shown: str) -> None:
    card = ClozeCard("a", "S", 1, f"The {{{{c1::{answer}}}}} is one of the {shown}.", "")
    assert cloze_leak(card) == [
        Finding(
            "cloze-leak",
            "cloze",
            f"gap c1 '{answer}' is given away: '{answer}' is also shown outside the gap; reword "
            "the sentence, or hide another word",
        )
    ]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("The {{c1::199}} is about 200.", True),  # within 0.5%, the limit included
        ("The {{c1::7B}} model has 7.02 billion.", True),
        ("The {{c1::7B}} model has 7.05 billion.", False),
        ("The {{c1::7B}} model is not 14B.", False),
    ],
)
def test_a_gap_hides_a_number_stated_elsewhere_within_half_a_percent(
    text: str, fires: bool
) -> None:
    found = filler_gap(ClozeCard("a", "S", 1, text, ""))
    assert [finding.rule for finding in found] == (["filler-gap"] if fires else [])


@pytest.mark.parametrize(
    ("front", "back", "fires"),
    [
        ("What is attention?", "The attention.", True),  # the article is not part of it
        ("Is it the big red dog?", "The big red dog.", True),  # three words
        ("Is it the big red old dog?", "The big red old dog.", False),  # four: an explanation
    ],
)
def test_answer_in_question_limits(front: str, back: str, fires: bool) -> None:
    found = answer_in_question(BasicCard("a", "S", 1, front, back))
    assert found == (
        [
            Finding(
                "answer-in-question",
                "back",
                f"the answer '{back}' is in the question; ask for something the question "
                "does not say",
            )
        ]
        if fires
        else []
    )
