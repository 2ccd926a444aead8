"""The formula commands: fmflash formulas and fmflash calc."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli

from ..conftest import (
    CARDS,
    FORMULA_CHAPTER,
    KV_CACHE_FORMULA,
    PERPLEXITY_CARDS,
    PERPLEXITY_FORMULA,
    PERPLEXITY_NOTES,
    WriteProject,
    write_formula_course,
)

# How fmflash formulas lists perplexity, after its name and file.
LISTED = (
    "  Perplexity = 2 to the power of the entropy in bits per token\n"
    "  entropy: bits, e.g. 3 bits\n"
    "      bits, at least 0 bits and at most 20 bits\n\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def calculated(runner: CliRunner, *args: str) -> str:
    """Run fmflash calc; return what it prints."""
    result = runner.invoke(cli, ["calc", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_calc_prints_answer_and_working(runner: CliRunner) -> None:
    assert calculated(runner, "weights_memory", "params=70B", "bytes_per_param=0.5") == (
        "Q: How much memory, in GB, do the weights of a 70B-parameter model need at 0.5 bytes "
        "(int4) per parameter?\n"
        "A: 35 GB\n"
        "   7 × 10¹⁰ parameters × 0.5 bytes = 3.5 × 10¹⁰ bytes = 35 GB\n"
        "   (GB here is 10⁹ bytes; that is 32.6 GiB of 2³⁰ bytes)\n"
    )


def test_calc_of_a_rated_formula_answers_its_rating_and_works_out_the_number(
    runner: CliRunner,
) -> None:
    assert calculated(runner, "utilization", "achieved_flops=230T", "peak_flops=312T") == (
        "Q: A chip with 312 TFLOP/s peak achieves 230 TFLOP/s. How do the notes rate its "
        "utilization?\n"
        "A: Great\n"
        "   utilization = achieved / peak = (2.3 × 10¹⁴) / (3.12 × 10¹⁴) = 73.7%\n"
        "   by the notes, 73.7% is great: okay from 50%, great above 70%\n"
    )


def test_calc_reports_bad_arguments_as_usage_errors(runner: CliRunner) -> None:
    unknown = runner.invoke(cli, ["calc", "weight_memory"])
    assert unknown.exit_code == 2
    assert "Error: unknown formula 'weight_memory'; did you mean 'weights_memory'?" in (
        unknown.stderr
    )
    bad = runner.invoke(cli, ["calc", "sparse_nonzero", "params=7B", "sparsity=1.2"])
    assert bad.exit_code == 2
    assert bad.stderr.endswith("Error: 'sparsity' must be at least 0% and below 100%, found 120%\n")
    shape = runner.invoke(cli, ["calc", "sparse_nonzero", "7B"])
    assert "Error: expected NAME=VALUE, found '7B'" in shape.stderr


def test_formulas_lists_every_formula_with_parameters_and_units(runner: CliRunner) -> None:
    from fmflash.formulas.catalog import all_formulas

    result = runner.invoke(cli, ["formulas"])
    assert result.exit_code == 0
    for formula in all_formulas().values():
        assert f"{formula.name} -> {formula.result_unit.value}\n" in result.stdout
        for parameter in formula.parameters:
            assert f"  {parameter.name}: {parameter.description}\n" in result.stdout
    assert "      fraction, at least 0% and below 100%\n" in result.stdout


def test_calc_bounds_every_parameter_and_refuses_a_parameter_given_twice(
    runner: CliRunner,
) -> None:
    huge = runner.invoke(cli, ["calc", "weights_memory", "params=1e300", "bytes_per_param=2"])
    assert huge.exit_code == 2
    assert huge.stderr.endswith(
        "Error: 'params' must be more than 0 and at most 1 x 10^15, found 1 x 10^300\n"
    )
    twice = runner.invoke(
        cli, ["calc", "weights_memory", "params=7B", "params=8B", "bytes_per_param=2"]
    )
    assert twice.exit_code == 2
    assert twice.stderr.endswith("Error: 'params' is given twice; give each parameter once\n")


def test_calc_writes_tiny_and_huge_numbers_in_powers_of_ten(runner: CliRunner) -> None:
    tiny = runner.invoke(
        cli,
        ["calc", "training_time", "compute=1e10", "accelerators=1000", "peak_flops=1000T",
         "utilization=50%"],
    )  # fmt: skip
    assert "A: 2.31 × 10⁻¹³ days\n" in tiny.stdout  # three figures, in powers of ten
    huge = runner.invoke(cli, ["calc", "weights_memory", "params=1e15", "bytes_per_param=8"])
    assert "A: 8,000,000 GB\n" in huge.stdout  # asked in GB, answered in GB
    assert "that is 7,450,000 GiB" in huge.stdout


def test_calc_errors_write_numbers_as_answers_do(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        ["calc", "moe_expert_params", "total_params=10B", "active_params=12B", "experts=8",
         "active_experts=2"],
    )  # fmt: skip
    assert result.stderr.endswith(
        "Error: 'active_params' (12 billion) must be below 'total_params' (10 billion)\n"
    )


def test_a_declared_formula_is_listed_with_its_file_and_computed_by_calc(
    runner: CliRunner, write_project: WriteProject
) -> None:
    write_project(PERPLEXITY_CARDS, notes=PERPLEXITY_NOTES)
    listed = runner.invoke(cli, ["formulas"])
    assert listed.exit_code == 0
    assert listed.stdout.endswith(
        f"perplexity -> number (declared in cards.yaml, line 5)\n{LISTED}"
    )
    result = runner.invoke(cli, ["calc", "perplexity", "entropy=3"])
    assert result.exit_code == 0
    assert result.stdout == (
        "Q: What is the perplexity of a language model whose entropy is 3 bits per token?\n"
        "A: 8\n"
        "   2 ** 3 = 8\n"
    )
    out_of_range = runner.invoke(cli, ["calc", "perplexity", "entropy=21"])
    assert out_of_range.exit_code == 2
    assert out_of_range.stderr.endswith(
        "Error: 'entropy' must be at least 0 bits and at most 20 bits, found 21 bits\n"
    )


def test_from_a_chapter_s_folder_the_root_s_formula_is_listed_and_computed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_formula_course(tmp_path)
    monkeypatch.chdir(tmp_path / "ch3")
    listed = runner.invoke(cli, ["formulas"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.endswith(
        f"perplexity -> number (declared in ../cards.yaml, line 5)\n{LISTED}"
    )
    result = runner.invoke(cli, ["calc", "perplexity", "entropy=3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "A: 8"


def check_errors(runner: CliRunner) -> str:
    """Run fmflash check, which must fail; return what it printed on stderr."""
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    return result.stderr


def test_check_locates_a_chapter_s_unknown_formula_and_a_name_declared_twice(
    runner: CliRunner, tmp_path: Path
) -> None:
    write_formula_course(
        tmp_path, chapter=FORMULA_CHAPTER.replace("formula: perplexity", "formula: perplexty")
    )
    assert check_errors(runner) == (
        "ch3/cards.yaml:15:14: computed 'chapter-perplexity': unknown formula 'perplexty'; "
        "did you mean 'perplexity'? known formulas: weights_memory, sparse_nonzero, "
        "moe_total_params, moe_active_params, moe_expert_params, moe_shared_params, "
        "moe_naive_total, training_tokens, training_compute, compute_optimal_tokens, "
        "training_time, utilization, perplexity\n"
        "Error: 1 error found; fix it and run 'fmflash check' again.\n"
    )
    chapter = FORMULA_CHAPTER.replace("cards:\n", PERPLEXITY_FORMULA + "cards:\n", 1)
    write_formula_course(tmp_path, chapter=chapter)
    assert check_errors(runner) == (
        "ch3/cards.yaml:5:5: formula 'perplexity' is declared on line 5 of cards.yaml too; "
        "formula names are unique in the whole project\n"
        "Error: 1 error found; fix it and run 'fmflash check' again.\n"
    )


def test_pending_and_removed_read_a_root_that_names_a_chapter_s_formula(
    runner: CliRunner, tmp_path: Path
) -> None:
    write_formula_course(tmp_path, in_chapter=True)
    pending = runner.invoke(cli, ["pending"])
    assert (pending.exit_code, pending.output) == (
        0, "Nothing pending: Anki has been told everything.\n"
    )  # fmt: skip
    removed = runner.invoke(cli, ["removed"])
    assert (removed.exit_code, removed.output) == (0, "No removed cards.\n")


def test_outside_a_project_only_the_built_in_formulas_exist(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["calc", "perplexity", "entropy=3"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: unknown formula 'perplexity'; known formulas: weights_memory, sparse_nonzero, "
        "moe_total_params, moe_active_params, moe_expert_params, moe_shared_params, "
        "moe_naive_total, training_tokens, training_compute, compute_optimal_tokens, "
        "training_time, utilization\n"
    )


def test_a_formula_in_bytes_answers_in_gb_like_the_built_ins(
    runner: CliRunner, write_project: WriteProject
) -> None:
    write_project(CARDS.replace("cards:\n", KV_CACHE_FORMULA + "cards:\n", 1))
    args = ["layers=80", "hidden=8192", "context=32K", "bytes_per_value=2"]
    result = runner.invoke(cli, ["calc", "kv_cache", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Q: How much memory, in GB, does the KV cache of 80 layers of size 8,192 take for "
        "32,000 tokens at 2 bytes (fp16/bf16) per value?\n"
        "A: 83.9 GB\n"
        "   2 * 80 * 8,192 * 3.2 × 10⁴ * 2 = 83.9 GB\n"
    )


def test_a_declared_formula_s_words_reach_the_terminal_as_text(
    runner: CliRunner, write_project: WriteProject
) -> None:
    rule = "Perplexity = 2 to the power of the entropy in bits per token"
    marked = rule.replace(" =", "\\u202e =")
    hostile = PERPLEXITY_CARDS.replace(
        f"rule: {rule}", f'rule: "\\e]0;owned\\a\\e[2J{marked}"'
    ).replace("entropy: {unit: bits,", 'entropy: {description: "\\e[31mred", unit: bits,')
    write_project(hostile, notes=PERPLEXITY_NOTES)
    listed = runner.invoke(cli, ["formulas"])
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.stdout
    assert "\u202e" not in listed.stdout
    assert "  \\x1b]0;owned\\x07\\x1b[2JPerplexity\\u202e = 2 to the power" in listed.stdout
    assert "  entropy: \\x1b[31mred\n" in listed.stdout
