"""The card linter: each rule fires on the flawed card and stays quiet on a similar good one."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from fmflash.cards.model import BasicCard, ComputedCard, Deck
from fmflash.cards.notes import parse_notes
from fmflash.cards.parse_cards import build_deck, parse_card_file
from fmflash.cli import cli
from fmflash.errors import Severity
from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.units import Unit
from fmflash.lint.finding import Finding
from fmflash.lint.linter import (
    SAMPLE_FACTORS,
    _samples,
    duplicates,
    lint_deck,
    lint_formulas,
    locate,
    repeats,
    trivial_case,
    unstated_rule,
)

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
        ("The model {{c1::is}} sparse.", "The model is {{c1::sparse}}."),
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
         cloze("Compute runs on {{c1::GPUs}} and {{c2::TPUs}}.")),
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


UTILIZATION = """\
- id: use
  section: Model Size
  formula: utilization
  show_rule: true
  cases:
    - {achieved_flops: 230T, peak_flops: 312T}
"""


def test_a_card_that_asks_for_a_rating_asks_no_unit() -> None:
    # "How do the notes rate its utilization?" wants a word: no "in percent" to ask for.
    assert lint(qa("Q?", "A."), UTILIZATION) == []


@pytest.mark.parametrize(
    ("back", "found"),
    [("Great.", ["duplicate"]), ("73.7%.", ["duplicate"]), ("Okay.", []), ("50%.", [])],
)
def test_a_curated_card_repeats_a_rating_case_by_its_rating_or_its_number(
    back: str, found: list[str]
) -> None:
    front = "A chip with 312 TFLOP/s peak achieves 230 TFLOP/s. How is its utilization rated?"
    assert rules(qa(front, back), UTILIZATION) == found


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
    cards = write_project(
        HEADER + textwrap.indent(qa("List the problems.", "Inconsistency."), "  ")
    )
    args = ["check", "--cards", str(cards), "--package", str(cards.parent / "x.apkg")]
    relaxed = CliRunner().invoke(cli, args)
    assert relaxed.exit_code == 0
    assert f"{cards}:7:12: warning[set]: the question asks for a set ('List')" in (relaxed.stderr)
    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1
    assert strict.stderr.endswith("Error: --strict: 3 warnings.\n")  # and 2 uncovered sections


def test_every_formula_template_reads_well_with_any_numbers() -> None:
    assert lint_formulas(all_formulas()) == ()


def test_the_template_check_catches_a_formula_that_would_ship_a_8b() -> None:
    formula = all_formulas()["weights_memory"]
    careless = formula._replace(
        question="How much do a {params:short}-parameter model's weights need, at "
        "{bytes_per_param}?",
    )
    found = lint_formulas({"weights_memory": careless})
    assert [str(problem) for problem in found] == [
        "formula weights_memory: warning[grammar]: the template shows "
        f"'a {size}B-parameter': write 'an {size}B-parameter', in: How much do a "
        f"{size}B-parameter model's weights need, at 2 bytes (fp16/bf16)?"
        for size in (8, 11, 18, 80)
    ]
    assert {(problem.severity, problem.rule) for problem in found} == {
        (Severity.WARNING, "grammar")
    }
    # Samples outside a parameter's range are skipped, not the samples after them.
    params, bytes_per_param = formula.parameters
    narrow = careless._replace(parameters=(params._replace(minimum=5e9), bytes_per_param))
    assert [str(problem) for problem in lint_formulas({"weights_memory": narrow})] == [
        str(problem) for problem in found
    ]


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


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (
            cloze("{{c1::Experts}} route tokens to other {{c2::experts}}."),
            [
                "cards.yaml:7:12: warning[cloze-leak]: gap c1 'Experts' is given away: 'experts' "
                "is also shown outside the gap; reword the sentence, or hide another word",
                "cards.yaml:7:12: warning[cloze-leak]: gap c2 'experts' is given away: 'experts' "
                "is also shown outside the gap; reword the sentence, or hide another word",
            ],
        ),
        (
            cloze("Compute runs on {{c1::GPUs}} and {{c1::TPUs}}; GPUs are common."),
            [
                "cards.yaml:7:12: warning[cloze-leak]: gap c1 'GPUs' is given away: 'gpus' is "
                "also shown outside the gap; reword the sentence, or hide another word"
            ],
        ),
        (
            cloze("The {{c1::1,000}} tokens are 1,000 tokens."),
            [
                "cards.yaml:7:12: warning[filler-gap]: gap c1 '1,000' hides a number the "
                "sentence states elsewhere; hide the fact the sentence teaches"
            ],
        ),
        (
            cloze("It takes {{c1::3 x 10^23}} FLOPs, or 300 x 10^21 FLOPs."),
            [
                "cards.yaml:7:12: warning[filler-gap]: gap c1 '3 x 10^23' hides a number the "
                "sentence states elsewhere; hide the fact the sentence teaches"
            ],
        ),
        (
            cloze("Plan {{c1::B}} works."),
            [
                "cards.yaml:7:12: warning[filler-gap]: gap c1 'B' hides a single letter; hide "
                "the fact the sentence teaches"
            ],
        ),
        (
            cloze("The model {{c1::is}} large."),
            [
                "cards.yaml:7:12: warning[filler-gap]: gap c1 'is' hides only filler words; hide "
                "the fact the sentence teaches"
            ],
        ),
        (
            qa("What is the transformer architecture based on?", "The transformer."),
            [
                "cards.yaml:8:11: warning[answer-in-question]: the answer 'The transformer.' is "
                "in the question; ask for something the question does not say"
            ],
        ),
        (
            qa("Sampling", "How a model picks an output, called sampling.", "  reverse: true\n"),
            [
                "cards.yaml:7:12: warning[answer-in-question]: the answer 'Sampling' is in the "
                "question; ask for something the question does not say"
            ],
        ),
        (
            qa("Name two domain tasks general models do badly.", "Drug discovery."),
            [
                "cards.yaml:7:12: warning[set]: the question asks for a set ('Name two'); ask "
                "for one item per card, or use a cloze with one gap per item"
            ],
        ),
        (
            qa("CPUs, GPUs and TPUs.", "List the hardware.", "  reverse: true\n"),
            [
                "cards.yaml:7:12: warning[set]: the answer 'CPUs, GPUs and TPUs.' lists 3 items; "
                "ask for one item per card",
                "cards.yaml:8:11: warning[set]: the question asks for a set ('List'); ask for "
                "one item per card (a cloze with a gap per item of a longer list shows the "
                "other items, and its last gap is guessed from them)",
            ],
        ),
        (
            cloze("Compute runs on {{c1::CPUs, GPUs and TPUs}}."),
            [
                "cards.yaml:7:12: warning[set]: the answer 'CPUs, GPUs and TPUs' lists 3 items; "
                "ask for one item per card"
            ],
        ),
        (
            qa("What is it?", " ".join(["word"] * 26) + "."),
            [
                "cards.yaml:8:11: warning[long-answer]: the answer has 26 words (more than 25); "
                "keep the one fact to recall and move the rest to another card"
            ],
        ),
        (
            cloze("It is {{c1::" + " ".join(["word"] * 26) + "}}."),
            [
                "cards.yaml:7:12: warning[long-answer]: the answer has 26 words (more than 25); "
                "keep the one fact to recall and move the rest to another card"
            ],
        ),
        (
            qa("What is it?", "It is an 7B model."),
            ["cards.yaml:8:11: warning[grammar]: 'an 7B': write 'a 7B'"],
        ),
        (
            cloze("It is {{c1::a 8B}} model.") + "  extra: It trains for 1 epochs.\n",
            [
                "cards.yaml:7:12: warning[grammar]: 'a 8B': write 'an 8B'",
                "cards.yaml:8:12: warning[grammar]: '1 epochs': one of a thing is singular, "
                "write '1 epoch'",
            ],
        ),
        (
            "- id: a\n  section: Sampling\n  front: What is this?\n  back: |\n    # Title\n\n"
            "    ![chart](chart.png)\n",
            [
                "cards.yaml:8:11: warning[markdown]: a heading ('# ...') cannot be part of a "
                "card; remove the '#', or write it as '\\#'",
                "cards.yaml:8:11: warning[markdown]: the image 'chart.png' is not in the package "
                "(fmflash packages no media files); Anki would show a missing image",
            ],
        ),
        (
            cloze("{{c1::Sampling}} picks an output.") + "  extra: '![x](y.png)'\n",
            [
                "cards.yaml:8:12: warning[markdown]: the image 'y.png' is not in the package "
                "(fmflash packages no media files); Anki would show a missing image"
            ],
        ),
    ],
)
def test_each_rule_says_where_and_what(card: str, expected: list[str]) -> None:
    assert lint(card) == expected


LINES = [
    "cards:",
    "  - id: a",
    "    section: S",
    "    # a comment",
    "",
    "    front: Q?",
    "    back: A.",
    "  - id: b",
    "    section: S",
    "    front: Q2?",
    "computed:",
    "  - id: 'mem'  # memory",
    "    section: S",
    "    allow: [trivial-case]",
    "    cases:",
    "      - {params: 7B}",
    "      -   params: 8B",
]


def test_locate_finds_each_field_at_its_value() -> None:
    first, second = BasicCard("a", "S", 2, "Q?", "A."), BasicCard("b", "S", 8, "Q2?", "")
    assert locate(LINES, first, "front") == (6, 12)  # past a comment and a blank line
    assert locate(LINES, first, "back") == (7, 11)
    assert locate(LINES, first, "section") == (3, 14)
    assert locate(LINES, first, "reverse") == (2, 5)  # not written: the card itself
    assert locate(LINES, second, "front") == (10, 12)
    assert locate(LINES, second, "back") == (8, 5)
    # A field the first card lacks is not taken from the next card at the same indent.
    assert locate(LINES, first, "extra") == (2, 5)
    assert locate([*LINES[:8], "    extra: X"], first, "extra") == (2, 5)


def test_locate_finds_a_computed_case_and_its_entrys_allow() -> None:
    case = ComputedCard("mem-7b", "S", 16, "weights_memory", "q", "a", (), 1.0, Unit.BYTES)
    case = case._replace(entry="mem")
    assert locate(LINES, case, "case") == (16, 9)  # at the brace of the case
    assert locate(LINES, case._replace(line=17), "case") == (17, 11)  # a case with no brace
    assert locate(LINES, case, "allow") == (14, 12)  # the entry's, quoted id and comment
    assert locate(LINES, case._replace(entry="other"), "allow") == (16, 9)
    assert locate(LINES, case._replace(line=99), "case") == (99, 1)  # past the end


def test_sample_values_go_through_each_parameter_in_turn() -> None:
    formulas = all_formulas()
    samples = list(_samples(formulas["weights_memory"]))
    assert len(samples) == 1 + 2 * len(SAMPLE_FACTORS)
    assert samples[0] == {"params": 2e9, "bytes_per_param": 2}
    assert [sample["params"] for sample in samples[1:9]] == [
        1e9, 2e9, 7e9, 8e9, 11e9, 18e9, 80e9, 110e9
    ]  # fmt: skip
    assert {sample["bytes_per_param"] for sample in samples[1:9]} == {2}
    assert [sample["bytes_per_param"] for sample in samples[9:]] == [1, 2, 7, 8, 11, 18, 80, 110]
    fractions = list(_samples(formulas["sparse_nonzero"]))
    assert fractions[0] == {"params": 2e9, "sparsity": 0.5}
    assert [sample["sparsity"] for sample in fractions[9:]] == [
        0.01, 0.02, 0.07, 0.08, 0.11, 0.18, 0.8, 1.1
    ]  # fmt: skip
    assert next(iter(_samples(formulas["moe_expert_params"]))) == {
        "total_params": 46.7e9, "active_params": 12.9e9, "experts": 8, "active_experts": 2
    }  # fmt: skip
    assert next(iter(_samples(formulas["training_time"]))) == {
        "compute": 2e22, "accelerators": 2, "peak_flops": 2e14, "utilization": 0.5
    }  # fmt: skip


def deck_of(cards: str, computed: str = "", *, notes: str = NOTES) -> Deck:
    """Build the deck of a card file made of card entries (and computed entries)."""
    text = HEADER + textwrap.indent(textwrap.dedent(cards), "  ")
    if computed:
        text += "computed:\n" + textwrap.indent(textwrap.dedent(computed), "  ")
    return build_deck(parse_card_file(text, path="cards.yaml"), parse_notes(notes, path="n.md"))


def test_locate_edges() -> None:
    first = BasicCard("a", "S", 2, "Q?", "A.")
    assert locate(LINES, first, "allow") == (2, 5)  # the computed entry's allow is not its own
    past = BasicCard("z", "S", len(LINES) + 1, "Q?", "A.")
    assert locate(LINES, past, "front") == (len(LINES) + 1, 1)
    lines = [
        "  - id: mem",
        "    allow: [x]",
        "    cases:",
        "      - &anchor {params: 7B} # {not this}",
    ]
    case = ComputedCard("m", "S", 4, "weights_memory", "q", "a", (), 1.0, Unit.BYTES, entry="mem")
    assert locate(lines, case, "case") == (4, 17)  # the first brace, past an anchor
    assert locate(lines, case, "allow") == (2, 12)  # the entry on the file's first line
    commented = ["  - id: a", "  # a comment, less indented than the card", "    back: A."]
    assert locate(commented, BasicCard("a", "S", 1, "Q?", "A."), "back") == (3, 11)


def test_rules_on_computed_cases_name_their_field() -> None:
    formulas = all_formulas()
    silent = NOTES.replace(" at 2 bytes per parameter", "")  # the notes do not state the rule
    deck = deck_of(qa("Q?", "A."), WEIGHTS, notes=silent)
    case = deck.cards[1]
    assert isinstance(case, ComputedCard)
    trivial = case._replace(inputs=(14e9, 2.0), value=14e9, unit=Unit.PARAMETERS)
    assert trivial_case(trivial, formulas["weights_memory"]) == [
        Finding(
            "trivial-case",
            "case",
            "the answer equals 'params', one of the case's own values; choose a case whose "
            "answer takes working out",
        )
    ]
    assert trivial_case(trivial._replace(inputs=()), formulas["weights_memory"]) == []
    assert unstated_rule(case, formulas["weights_memory"], deck) == [
        Finding(
            "unstated-rule",
            "formula",
            "the notes section 'Model Size' does not state the rule this card applies "
            f"({formulas['weights_memory'].rule}); add 'show_rule: true' to state it on the "
            "front, or write it in the notes",
        )
    ]
    elsewhere = case._replace(section="Not In The Notes")
    assert [f.rule for f in unstated_rule(elsewhere, formulas["weights_memory"], deck)] == [
        "unstated-rule"
    ]
    shouting = deck_of(qa("Q?", "A."), WEIGHTS, notes=silent + "\nBYTES PER PARAMETER.\n")
    moved = case._replace(section="Empty Heading")
    assert unstated_rule(moved, formulas["weights_memory"], shouting) == []  # any case


SPARSE = """\
- id: sparse
  section: Model Size
  formula: sparse_nonzero
  cases:
    - {params: 7B, sparsity: 90%}
"""


@pytest.mark.parametrize("size", ["7B", "7.5B", "13.25 billion", "70B", "0.5B"])
def test_unstated_rule_is_judged_on_the_words_of_the_notes_never_their_numbers(
    size: str,
) -> None:
    formulas = all_formulas()
    stated = NOTES + f"\nA 90% sparse {size}-parameter model has 700 million non-zero ones.\n"
    deck = deck_of(qa("Q?", "A."), SPARSE, notes=stated)
    case = deck.cards[1]
    assert isinstance(case, ComputedCard)
    # The rule is stated in the notes whatever the number (a decimal point is no full stop).
    moved = case._replace(section="Empty Heading")
    assert unstated_rule(moved, formulas["sparse_nonzero"], deck) == []
    unstated = stated.replace(" sparse", "")
    deck = deck_of(qa("Q?", "A."), SPARSE, notes=unstated)
    assert [f.rule for f in unstated_rule(moved, formulas["sparse_nonzero"], deck)] == [
        "unstated-rule"
    ]


def test_unstated_rule_warns_when_the_card_is_written() -> None:
    silent = NOTES.replace(" at 2 bytes per parameter", "")
    written = lint(qa("Q?", "A."), WEIGHTS, notes=silent)
    assert [warning.split(": ", 1)[1].split("]")[0] for warning in written] == [
        "warning[unstated-rule"
    ]
    # A number of the notes changes: still the same verdict, both ways.
    assert lint(qa("Q?", "A."), WEIGHTS, notes=silent.replace("14 GB", "14.5 GB")) == written
    assert lint(qa("Q?", "A."), WEIGHTS, notes=NOTES.replace("7B", "7.5B")) == []


def test_repeats_are_per_formula_and_name_the_case() -> None:
    other = WEIGHTS.replace("id: mem", "id: tok").replace(
        "weights_memory", "compute_optimal_tokens"
    )
    other = other.replace("{params: 7B, bytes_per_param: 2}", "{params: 7B}")
    deck = deck_of(qa("Q?", "A."), WEIGHTS + "    - {params: 70B, bytes_per_param: 2}\n" + other)
    assert repeats(deck.cards) == [
        (
            "mem-70b-2",
            Finding(
                "repeat",
                "case",
                "teaches the same lesson as 'mem-7b-2' (line 14): another case of "
                "weights_memory; practise the formula with 'practice:' (fresh numbers at each "
                "review) and keep only cases that are facts of the notes",
            ),
        )
    ]


def test_duplicates_name_the_field_each_kind_of_card_asks_in() -> None:
    second_cloze = cloze("The {{c1::transformer}} rules.").replace("id: a", "id: b")
    clozes = deck_of(cloze("The {{c1::transformer}} rules.") + second_cloze)
    assert [(card_id, f.field) for card_id, f in duplicates(clozes.cards)] == [("b", "cloze")]
    assert lint(cloze("The {{c1::transformer}} rules.") + second_cloze) == [
        "cards.yaml:10:12: warning[duplicate]: asks the same question as 'a' (line 5); merge "
        "the two or ask something different"
    ]
    same_case = WEIGHTS.replace("id: mem", "id: mem2")
    cases = deck_of(qa("Q?", "A."), WEIGHTS + same_case)
    assert [(card_id, f.field) for card_id, f in duplicates(cases.cards)] == [
        ("mem2-7b-2", "question")
    ]
    curated = deck_of(qa("A model has 7 billion parameters of 2 bytes. How many GB?", "14 GB."))
    repeated = deck_of(
        qa("A model has 7 billion parameters of 2 bytes. How many GB?", "14 GB."), WEIGHTS
    )
    assert [(card_id, f.field) for card_id, f in duplicates(repeated.cards)] == [
        ("mem-7b-2", "case")
    ]
    assert duplicates(curated.cards) == []


@pytest.mark.parametrize(
    ("front", "back"),
    [
        ("A model has 3.5 billion parameters of 4 bytes. How many GB?", "14 GB."),  # other input
        ("A model has 7 billion parameters of 2 bytes. How many GB?", "28 GB."),  # other answer
        ("A model has 7 billion parameters of 2 bytes. How many GB?", "14.1 GB."),  # 0.7% off
    ],
)
def test_a_case_repeats_a_card_only_with_the_same_inputs_and_answer(front: str, back: str) -> None:
    assert lint(qa(front, back), WEIGHTS) == []


def test_a_case_repeats_a_card_with_an_answer_within_half_a_percent() -> None:
    card = qa("A model has 7 billion parameters of 2 bytes. How many GB?", "14.07 GB.")
    assert rules(card, WEIGHTS) == ["duplicate"]


def test_every_finding_of_a_computed_case_is_kept() -> None:
    formulas = all_formulas()
    trivial = WEIGHTS.replace(
        "formula: weights_memory\n", "formula: moe_naive_total\n  show_rule: true\n"
    ).replace("{params: 7B, bytes_per_param: 2}", "{experts: 1, model_params: 8B}")
    deck = deck_of(qa("Q?", "A."), trivial)
    case = deck.cards[1]
    assert isinstance(case, ComputedCard)
    careless = deck._replace(cards=(deck.cards[0], case._replace(question="Is a 8B model big?")))
    lines = (HEADER + qa("Q?", "A.") + "computed:\n" + trivial).splitlines()
    found = lint_deck(careless, path="cards.yaml", lines=lines, formulas=formulas)
    assert [problem.rule for problem in found] == ["unit-missing", "grammar", "trivial-case"]


def test_an_allow_on_a_computed_entry_counts_what_fires_on_any_of_its_cases() -> None:
    two = (
        WEIGHTS.replace(
            "formula: weights_memory\n", "formula: moe_naive_total\n  show_rule: true\n"
        )
        .replace("  cases:", "  allow: [trivial-case, repeat]\n  cases:")
        .replace("{params: 7B, bytes_per_param: 2}", "{experts: 8, model_params: 7B}")
    ) + "    - {experts: 1, model_params: 7B}\n"
    assert lint(qa("Q?", "A."), two) == []  # both rules fire on the second case only
    unused = WEIGHTS.replace("  cases:", "  allow: [set]\n  cases:")
    assert lint(qa("Q?", "A."), unused) == [
        "cards.yaml:13:12: warning[unused-allow]: 'allow: [set]' but the rule does not fire on "
        "computed 'mem'; remove it from allow"
    ]


DECLARED = """\
deck:
  name: Test Deck
  notes: notes.md
formulas:
  - name: larger
    rule: The larger of two numbers is the one further from zero
    inputs: {a: {unit: number, example: 2}, b: {unit: number, example: 3}}
    result: {expression: "max(a, b) * 1", unit: number}
    question: Which is larger, {a} or {b}?
cards: []
computed:
  - id: larger
    section: Sampling
    formula: larger
    show_rule: false
    cases: [{a: 2, b: 3}, {a: 5, b: 4}]
"""


def test_a_declared_formula_s_cards_are_linted_as_the_built_ins_are() -> None:
    deck = build_deck(parse_card_file(DECLARED, path="cards.yaml"),
                      parse_notes(NOTES, path="n.md"))  # fmt: skip
    found = lint_deck(deck, path="cards.yaml", lines=DECLARED.splitlines(), formulas={})
    assert sorted({(problem.line, problem.rule) for problem in found}) == [
        (16, "repeat"), (16, "trivial-case"), (16, "unstated-rule"),
    ]  # fmt: skip
    stated = NOTES.replace("Sampling is how", "The larger of two numbers is the one further "
                                               "from zero. Sampling is how")  # fmt: skip
    deck = build_deck(parse_card_file(DECLARED, path="cards.yaml"),
                      parse_notes(stated, path="n.md"))  # fmt: skip
    found = lint_deck(deck, path="cards.yaml", lines=DECLARED.splitlines(), formulas={})
    assert "unstated-rule" not in {problem.rule for problem in found}
