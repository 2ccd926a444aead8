"""fmflash show --json: every kind of card as a script reads it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from fmflash.cli import cli

from ..conftest import (
    PERPLEXITY_CARDS,
    PERPLEXITY_NOTES,
    RICH_CARDS,
    UTILIZATION_CARDS,
    WriteProject,
)


def show_json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["show", *args, "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert isinstance(shown, dict)
    return shown


def test_every_kind_of_card_has_id_kind_front_and_back(write_project: WriteProject) -> None:
    write_project(RICH_CARDS)
    assert show_json("weights-memory") == {
        "id": "weights-memory",
        "kind": "basic",
        "front": "How much memory do 7B parameters at 2 bytes need?",
        "back": "14 GB.",
    }
    assert show_json("mixtral-total/reverse") == {
        "id": "mixtral-total/reverse",
        "kind": "basic",
        "front": "46.7 billion.",
        "back": "How many parameters does Mixtral 8x7B have?",
    }
    assert show_json("cloze-with-hint") == {
        "id": "cloze-with-hint",
        "kind": "cloze",
        "front": "The [architecture] uses [...]; [...] is fine.",
        "back": "The [transformer] uses [attention]; [50%] is fine.\n\nShown under the answer.",
    }
    assert show_json("memory-7b-2") == {
        "id": "memory-7b-2",
        "kind": "computed",
        "front": "How much memory, in GB, do the weights of a 7B-parameter model need at 2 bytes "
        "(fp16/bf16) per parameter?",
        "back": "14 GB",
        "case": None,
        "inputs": {"params": 7e9, "bytes_per_param": 2.0},
        "answer": 14e9,
    }


def test_a_rating_card_s_answer_is_its_rating_with_the_number_rated_as_its_value(
    write_project: WriteProject,
) -> None:
    write_project(UTILIZATION_CARDS)
    assert show_json("utilization-practice", "--case", "3") == {
        "id": "utilization-practice",
        "kind": "practice",
        "front": "Utilization = achieved FLOP/s / peak FLOP/s. A chip with 312 TFLOP/s peak "
        "achieves 225 TFLOP/s. How do the notes rate its utilization?",
        "back": "Great",
        "case": 3,
        "inputs": {"achieved_flops": 225e12, "peak_flops": 312e12},
        "answer": "great",
        "value": 225 / 312,
    }


def test_each_practice_case_answers_two_to_the_entropy(
    write_project: WriteProject, tmp_path: Path
) -> None:
    write_project(PERPLEXITY_CARDS, notes=PERPLEXITY_NOTES)
    seen = set()
    for number in range(1, 21):
        shown = show_json("perplexity-practice", "--case", str(number))
        assert set(shown) == {"id", "kind", "front", "back", "case", "inputs", "answer"}
        assert (shown["kind"], shown["case"]) == ("practice", number)
        inputs = shown["inputs"]
        assert isinstance(inputs, dict)
        assert list(inputs) == ["entropy"]
        assert shown["answer"] == 2 ** inputs["entropy"]
        assert f"whose entropy is {inputs['entropy']:g} bit" in str(shown["front"])
        seen.add(inputs["entropy"])
    assert len(seen) == 20  # twenty reviews, twenty different cases


def test_show_json_is_ascii_whatever_a_card_file_holds(write_project: WriteProject) -> None:
    rule = "Perplexity = 2 to the power of the entropy in bits per token"
    cards = PERPLEXITY_CARDS.replace(f"rule: {rule}", f'rule: "\\u202e\\x9b{rule}"')
    write_project(cards, notes=PERPLEXITY_NOTES)
    result = CliRunner().invoke(cli, ["show", "perplexity-practice", "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.isascii()
    # The terminal's plain text shows the controls as text: \u202e, not the character.
    assert json.loads(result.stdout)["front"].startswith("\\u202e\\x9bPerplexity = 2")
