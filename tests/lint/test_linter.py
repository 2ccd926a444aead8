"""The card linter: each rule fires on the flawed card and stays quiet on a similar good one."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.cli import cli
from fmflash.formulas.catalog import all_formulas
from fmflash.lint.linter import lint_deck, lint_formulas

from ..conftest import NOTES, WriteProject

HEADER = "deck:\n  name: Test Deck\n  notes: notes.md\ncards:\n"


def lint(cards: str, computed: str = "", *, notes: str = NOTES) -> list[str]:
    """Lint a card file made of card entries (and computed entries); return the warnings."""
    text = HEADER + textwrap.indent(textwrap.dedent(cards), "  ")
    if computed:
        text += "computed:\n" + textwrap.indent(textwrap.dedent(computed), "  ")
    deck = build_deck(parse_card_file(text, path="cards.yaml"), parse_notes(notes, path="n.md"))
    found = lint_deck(deck, path="cards.yaml", lines=text.splitlines(), formulas=all_formulas())
    return [str(problem) for problem in found]


def rules(cards: str, computed: str = "") -> list[str]:
    return [warning.split("warning[")[1].split("]")[0] for warning in lint(cards, computed)]


def qa(front: str, back: str, extra: str = "") -> str:
    return f"- id: a\n  section: Sampling\n  front: {front}\n  back: {back}\n{extra}"


def cloze(text: str) -> str:
    quoted = text.replace("'", "''")
    return f"- id: a\n  section: Sampling\n  cloze: '{quoted}'\n"


@pytest.mark.parametrize(
    ("flawed", "good"),
    [
        (
            "A {{c1::mixture-of-experts}} model routes each token to a few experts.",
            "A mixture-of-experts model routes each token to {{c1::two}} of its experts.",
        ),
        (
            "{{c1::Experts}} are groups of parameters in an expert model.",
            "{{c1::Experts}} are groups of parameters.",
        ),
        (
            "The {{c1::English}} language dominates; english data is common.",
            "{{c1::English}} dominates the internet.",
        ),
    ],
)
def test_cloze_leak(flawed: str, good: str) -> None:
    assert rules(cloze(flawed)) == ["cloze-leak"]
    assert rules(cloze(good)) == []


def test_cloze_leak_says_which_word_and_where() -> None:
    text = "Post-training is {{c1::supervised finetuning}}, then preference finetuning."
    assert lint(cloze(text)) == [
        "cards.yaml:7:12: warning[cloze-leak]: gap c1 'supervised finetuning' is given away: "
        "'finetuning' is also shown outside the gap; reword the sentence, or hide another word"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("flawed", "good"),
    [
        ("The model {{c1::is}} large.", "The model is {{c1::large}}."),
        ("Plan {{c1::B}} works.", "Plan B {{c1::works}}."),
        ("The {{c1::7B}} model has 7 billion parameters.", "The {{c1::7B}} model is big."),
        ("A dataset is {{c1::not the same as}} its training tokens.", "Tokens {{c1::differ}}."),
    ],
)
def test_filler_gap(flawed: str, good: str) -> None:
    assert rules(cloze(flawed)) == ["filler-gap"]
    assert rules(cloze(good)) == []


@pytest.mark.parametrize(
    ("flawed", "good"),
    [
        (qa("What is the transformer architecture based on?", "The transformer."),
         qa("What is the transformer architecture based on?", "The attention mechanism.")),
        (qa("Which provider, Google or Meta, offers a clean Common Crawl subset?", "Google."),
         qa("Who provides a clean subset of Common Crawl?", "Google.")),
        (qa("Sampling", "How a model picks an output, called sampling.", "  reverse: true\n"),
         qa("Sampling", "How a model picks an output.", "  reverse: true\n")),
    ],
)  # fmt: skip
def test_answer_in_question(flawed: str, good: str) -> None:
    assert rules(flawed) == ["answer-in-question"]
    assert rules(good) == []


def test_a_long_answer_may_repeat_words_of_its_question() -> None:
    card = qa("Why is the token the best unit?", "The token is the unit a model operates on.")
    assert rules(card) == []


@pytest.mark.parametrize(
    ("flawed", "good"),
    [
        (qa("Name two domain tasks general models do badly.", "Drug discovery, cancer screening."),
         qa("Which domain task did the notes name first?", "Drug discovery.")),
        (qa("In which two cases does data matter most?", "Low-resource languages and domains."),
         qa("Where does data matter most?", "Low-resource languages.")),
        (qa("What hardware provides compute?", "CPUs, GPUs and TPUs."),
         qa("What is the first step?", "A solid pipeline, to detect failures and changes.")),
        (cloze("Compute runs on {{c1::CPUs, GPUs and TPUs}}."),
         cloze("Compute runs on {{c1::CPUs}}, {{c2::GPUs}} and {{c3::TPUs}}.")),
        (qa("List the sampling problems.", "Inconsistency."),
         qa("What is sampling good at?", "Creative tasks, and being fun to talk to.")),
    ],
)  # fmt: skip
def test_set(flawed: str, good: str) -> None:
    assert rules(flawed) == ["set"]
    assert rules(good) == []


def test_long_answer() -> None:
    words = " ".join(["word"] * 26)
    assert rules(qa("What is it?", words + ".")) == ["long-answer"]
    assert rules(qa("What is it?", " ".join(["word"] * 25) + ".")) == []


def test_duplicate_questions_ignore_case_punctuation_and_how_numbers_are_written() -> None:
    second = qa("how much memory do 7 billion parameters at 2 bytes need", "14 GB.").replace(
        "id: a", "id: b"
    )
    found = lint(qa("How much memory do 7B parameters at 2 bytes need?", "14 GB.") + second)
    assert found == [
        "cards.yaml:11:12: warning[duplicate]: asks the same question as 'a' (line 5); merge "
        "the two or ask something different"
    ]
    other = qa("How much memory do 7B parameters at 4 bytes need?", "28 GB.").replace(
        "id: a", "id: b"
    )
    first = qa("How much memory do 7B parameters at 2 bytes need?", "14 GB.")
    assert rules(first + other) == []


WEIGHTS = """\
- id: mem
  section: Model Size
  formula: weights_memory
  cases:
    - {params: 7B, bytes_per_param: 2}
"""


def test_a_computed_case_that_repeats_a_curated_card_is_a_duplicate() -> None:
    curated = qa("A model has 7 billion parameters of 2 bytes. How many GB?", "14 GB.")
    assert lint(curated, WEIGHTS) == [
        "cards.yaml:14:9: warning[duplicate]: repeats card 'a' (line 5): the same question and "
        "answer; drop the case, or the card"
    ]
    different = qa("A model has 7 billion parameters of 4 bytes. How many GB?", "28 GB.")
    assert lint(different, WEIGHTS) == []


def test_unit_missing_and_trivial_case_on_computed_cards() -> None:
    tokens = """\
    - id: tok
      section: Model Size
      formula: training_tokens
      show_rule: true
      cases:
        - {dataset_tokens: 500B, epochs: 1}
        - {dataset_tokens: 500B, epochs: 2}
    """
    assert lint(qa("Q?", "A."), tokens) == [
        "cards.yaml:15:9: warning[trivial-case]: the answer equals 'dataset_tokens', one of the "
        "case's own values; choose a case whose answer takes working out",
        "cards.yaml:16:9: warning[repeat]: teaches the same lesson as 'tok-500b-1' (line 15): "
        "another case of training_tokens; practise the formula with 'practice:' (fresh numbers "
        "at each review) and keep only cases that are facts of the notes",
    ]
    assert rules(qa("Q?", "A."), WEIGHTS.replace("bytes_per_param: 2", "bytes_per_param: 1")) == []


@pytest.mark.parametrize(
    ("flawed", "good"),
    [
        ("Is it a 8B model?", "Is it an 8B model?"),
        ("Is it a 11B model?", "Is it a 110B model?"),
        ("It is a 18-layer stack.", "It is an 18-layer stack."),
        ("It needs a 80 GB card.", "It needs an 80 GB card."),
        ("It is an 7B model.", "It is a 7B model."),
        ("It is an unique case.", "It is an honest and unique case."),
        ("A LLM answers.", "An LLM answers."),
        ("It trains for 1 epochs.", "It trains for 1 epoch, or 1.5 epochs."),
    ],
)
def test_grammar(flawed: str, good: str) -> None:
    assert rules(qa(f"{flawed} Why?", "Because.")) == ["grammar"]
    assert rules(qa(f"{good} Why?", "Because.")) == []


def test_allow_silences_a_rule_and_an_unneeded_allow_is_itself_a_warning() -> None:
    listy = qa("What hardware provides compute?", "CPUs, GPUs and TPUs.")
    assert rules(listy + "  allow: [set]  # the three kinds are the point\n") == []
    fine = qa("What does Common Crawl offer?", "Data crawled from web pages.")
    assert lint(fine + "  allow: [set, duplicate]\n") == [
        "cards.yaml:9:12: warning[unused-allow]: 'allow: [set]' but the rule does not fire on "
        "card 'a'; remove it from allow",
        "cards.yaml:9:12: warning[unused-allow]: 'allow: [duplicate]' but the rule does not fire "
        "on card 'a'; remove it from allow",
    ]


def test_allow_on_a_computed_entry_covers_its_cases() -> None:
    trivial = (
        WEIGHTS.replace("  cases:", "  allow: [trivial-case]\n  cases:")
        .replace("formula: weights_memory\n", "formula: moe_naive_total\n  show_rule: true\n")
        .replace("{params: 7B, bytes_per_param: 2}", "{experts: 1, model_params: 7B}")
    )
    assert lint(qa("Q?", "A."), trivial) == []
    assert rules(qa("Q?", "A."), trivial.replace("experts: 1,", "experts: 8,")) == ["unused-allow"]


def test_an_unknown_rule_in_allow_is_an_error(write_project: WriteProject) -> None:
    cards = write_project(HEADER + textwrap.indent(qa("Q?", "A.") + "  allow: [sett]\n", "  "))
    result = CliRunner().invoke(cli, ["check", "--cards", str(cards), "--package", "x.apkg"])
    assert result.exit_code == 1
    assert f"{cards}:9:13: card 'a': unknown lint rule 'sett'; did you mean 'set'?" in (
        result.stderr
    )


def test_check_prints_lint_warnings_and_strict_fails_on_them(write_project: WriteProject) -> None:
    cards = write_project(HEADER + textwrap.indent(qa("List the problems.", "Some."), "  "))
    args = ["check", "--cards", str(cards), "--package", str(cards.parent / "x.apkg")]
    relaxed = CliRunner().invoke(cli, args)
    assert relaxed.exit_code == 0
    assert f"{cards}:7:12: warning[set]: the question asks for a set ('List')" in (relaxed.stderr)
    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1
    assert strict.stderr.endswith("Error: --strict: 4 warnings.\n")  # and 3 uncovered sections


def test_every_formula_template_reads_well_with_any_numbers() -> None:
    assert lint_formulas(all_formulas()) == ()


def test_the_template_check_catches_a_formula_that_would_ship_a_8b() -> None:
    from dataclasses import replace

    formula = all_formulas()["weights_memory"]
    careless = replace(
        formula, question="How much do a {params:short}-parameter model's weights need?"
    )
    found = lint_formulas({"weights_memory": careless})
    wanted = "'a 8B-parameter': write 'an 8B-parameter'"
    assert any(wanted in str(problem) for problem in found)


def test_a_second_fixed_case_of_a_formula_is_a_repeat_and_practice_is_not() -> None:
    two = WEIGHTS + "    - {params: 70B, bytes_per_param: 2}\n"
    assert lint(qa("Q?", "A."), two) == [
        "cards.yaml:15:9: warning[repeat]: teaches the same lesson as 'mem-7b-2' (line 14): "
        "another case of weights_memory; practise the formula with 'practice:' (fresh numbers "
        "at each review) and keep only cases that are facts of the notes"
    ]
    practice = (
        WEIGHTS
        + "  practice:\n    params: [1B, 3B, 7B, 8B, 13B, 70B, 405B]\n"
        + ("    bytes_per_param: [fp32, fp16, int4]\n")
    )
    assert lint(qa("Q?", "A."), practice) == []


def test_a_rule_the_notes_do_not_state_must_be_on_the_front() -> None:
    compute = """\
    - id: c
      section: Model Size
      formula: training_compute
      cases:
        - {params: 7B, training_tokens: 2T}
    """
    assert lint(qa("Q?", "A."), compute) == [
        "cards.yaml:14:9: warning[unstated-rule]: the notes section 'Model Size' does not state "
        "the rule this card applies (Training compute ≈ 6 x parameters x training tokens "
        "FLOPs); add 'show_rule: true' to state it on the front, or write it in the notes"
    ]
    shown = compute.replace("cases:", "show_rule: true\n      cases:")
    assert lint(qa("Q?", "A."), shown) == []
    notes_state_it = NOTES.replace("needs 14 GB.", "needs 14 GB. Compute is 6 x N x D.")
    assert lint(qa("Q?", "A."), compute, notes=notes_state_it) == []
