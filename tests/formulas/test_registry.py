"""The formulas reproduce the notes' figures and published ones, and behave as they should."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.registry import Formula, check_values, evaluate, register
from fmflash.formulas.training import rate_utilization
from fmflash.formulas.units import Unit

FORMULAS = all_formulas()


def run(name: str, **raw: str):  # type: ignore[no-untyped-def]
    values, problems = check_values(FORMULAS[name], raw)
    assert problems == []
    return evaluate(FORMULAS[name], values)


def test_notes_weights_memory_7b_at_2_bytes_is_14_gb() -> None:
    result = run("weights_memory", params="7B", bytes_per_param="2")
    assert result.value == 14e9
    assert result.answer == "14 GB"
    assert result.working == (
        "7 x 10^9 parameters x 2 bytes = 1.4 x 10^10 bytes = 14 GB",
        "(GB here is 10^9 bytes; that is 13 GiB of 2^30 bytes)",
    )


def test_notes_90_percent_sparse_7b_has_700_million_nonzero() -> None:
    result = run("sparse_nonzero", params="7B", sparsity="90%")
    assert result.value == pytest.approx(700e6)
    assert result.answer == "700 million"


def test_notes_mixtral_figures() -> None:
    mixtral = {
        "total_params": "46.7B",
        "active_params": "12.9B",
        "experts": "8",
        "active_experts": "2",
    }
    expert = run("moe_expert_params", **mixtral)
    shared = run("moe_shared_params", **mixtral)
    assert expert.answer == "5.63 billion"
    assert shared.answer == "1.63 billion"
    # The working's rounded figures agree with the answer: 12.9 - 2 x 5.633 = 1.634.
    assert shared.working[-1] == (
        "shared = active - k x expert = 1.29 x 10^10 - 2 x 5.633 x 10^9 = 1.63 x 10^9 "
        "= 1.63 billion"
    )
    assert run("moe_naive_total", experts="8", model_params="7B").value == 56e9
    # forward again from the derived parts gives the notes' total and active counts exactly
    parts = {
        "shared_params": f"{shared.value!r}",
        "expert_params": f"{expert.value!r}",
        "experts": "8",
    }
    assert run("moe_total_params", **parts).value == pytest.approx(46.7e9)
    assert run("moe_active_params", **parts, active_experts="2").value == pytest.approx(12.9e9)


def test_notes_utilization_ratings() -> None:
    assert rate_utilization(0.5) == "okay"
    assert rate_utilization(0.7) == "okay"
    assert rate_utilization(0.71) == "great"
    assert rate_utilization(0.49) == "below okay"
    okay = run("utilization", achieved_flops="156T", peak_flops="312T")
    assert okay.question == (
        "A chip with 312 TFLOP/s peak achieves 156 TFLOP/s. How do the notes rate its utilization?"
    )
    assert (okay.answer, okay.working) == (
        "Okay",
        (
            "utilization = achieved / peak = (1.56 x 10^14) / (3.12 x 10^14) = 50%",
            "by the notes, 50% is okay: okay from 50%, great above 70%",
        ),
    )
    great = run("utilization", achieved_flops="230T", peak_flops="312T")
    assert (great.answer, great.working[-1]) == (
        "Great",
        "by the notes, 73.7% is great: okay from 50%, great above 70%",
    )
    below = run("utilization", achieved_flops="100T", peak_flops="312T")
    assert (below.answer, below.working[-1]) == (
        "Below okay",
        "by the notes, 32.1% is below okay: okay from 50%, great above 70%",
    )


def test_a_formula_that_rates_names_its_ratings() -> None:
    rating = Formula(
        name="rated", description="", parameters=(), result_unit=Unit.COUNT, question="",
        working=(), compute=lambda values: {}, rate=lambda value: "high",
    )  # fmt: skip
    with pytest.raises(ValueError, match="formula 'rated' needs both rate and ratings, or neither"):
        register(rating)


def test_notes_dataset_tokens_are_not_training_tokens() -> None:
    assert run("training_tokens", dataset_tokens="500B", epochs="2").answer == "1 trillion"


def test_published_gpt3_training_compute() -> None:
    result = run("training_compute", params="175B", training_tokens="300B")
    assert result.value == pytest.approx(3.14e23, rel=0.01)
    assert result.answer == "3.15 x 10^23 FLOPs"
    assert result.working[0] == "compute ~= 6 x parameters x tokens"  # nothing the notes lack


def test_published_chinchilla_tokens() -> None:
    assert run("compute_optimal_tokens", params="70B").answer == "1.4 trillion"


def test_training_time_shows_days_and_working() -> None:
    result = run(
        "training_time",
        compute="3.15e23",
        accelerators="1024",
        peak_flops="312T",
        utilization="50%",
    )
    assert result.answer == "22.8 days"
    assert result.question.startswith("About how many days (of 86,400 seconds) does ")
    assert result.working == (
        "achieved = 1,024 x 3.12 x 10^14 FLOP/s x 0.5 = 1.6 x 10^17 FLOP/s",
        "time = compute / achieved = (3.15 x 10^23) / (1.6 x 10^17) = 1.97 x 10^6 seconds",
        "1.97 x 10^6 seconds / 86,400 seconds a day = 22.8 days",
    )


def test_every_formula_is_described_and_cites_its_source() -> None:
    for formula in FORMULAS.values():
        assert formula.description.endswith(")."), formula.name
        assert any(source in formula.description for source in ("notes", "et al.", "definition"))


@pytest.mark.parametrize(
    ("name", "raw", "problems"),
    [
        (
            "sparse_nonzero",
            {"params": "-7B", "sparsity": "1"},
            [
                ("params", "'params' must be more than 0 and at most 1 x 10^15, found -7 billion"),
                ("sparsity", "'sparsity' must be at least 0% and below 100%, found 100%"),
            ],
        ),
        (
            "moe_active_params",
            {"shared_params": "1B", "expert_params": "1B", "experts": "2", "active_experts": "3"},
            [(None, "'active_experts' (3) cannot exceed 'experts' (2)")],
        ),
        (
            "moe_expert_params",
            {"total_params": "10B", "active_params": "12B", "experts": "8", "active_experts": "2"},
            [(None, "'active_params' (12 billion) must be below 'total_params' (10 billion)")],
        ),
        (
            "training_time",
            {"compute": "1e20", "accelerators": "0", "peak_flops": "1T", "utilization": "0.5"},
            [
                (
                    "accelerators",
                    "'accelerators' must be a whole number more than 0 and at most "
                    "100,000,000, found 0",
                )
            ],
        ),
        (
            "weights_memory",
            {"params": "seven", "bytes": "2"},
            [
                (
                    "bytes",
                    "unknown parameter 'bytes' for weights_memory; did you mean 'bytes_per_param'?",
                ),
                (
                    "params",
                    "'params' must be a number like 7B, 46.7B, 900M, 7e9, 0.5 or 90%, "
                    "found 'seven'",
                ),
                (
                    None,
                    "missing parameter 'bytes_per_param' (bytes per parameter: 4 fp32, "
                    "2 fp16/bf16, 1 int8, 0.5 int4)",
                ),
            ],
        ),
        (
            "utilization",
            {"achieved_flops": "400T", "peak_flops": "312T"},
            [(None, "'achieved_flops' (400 TFLOP/s) cannot exceed 'peak_flops' (312 TFLOP/s)")],
        ),
    ],
)
def test_out_of_range_values_are_reported(
    name: str, raw: dict[str, str], problems: list[tuple[str | None, str]]
) -> None:
    assert check_values(FORMULAS[name], raw)[1] == problems


def test_an_overflowing_result_is_a_problem_not_a_crash() -> None:
    raw = {"compute": "1e32", "accelerators": "1", "peak_flops": "1e-200", "utilization": "1e-200"}
    assert check_values(FORMULAS["training_time"], raw)[1] == [
        (None, "these values give an infinite result; check their sizes")
    ]


def test_precision_names_are_accepted_for_bytes_per_param() -> None:
    assert run("weights_memory", params="70B", bytes_per_param="int4").answer == "35 GB"


positive = st.floats(min_value=1e3, max_value=1e13, allow_nan=False)
fractions = st.floats(min_value=0.0, max_value=0.99, allow_nan=False)


@given(positive, positive, st.sampled_from([0.5, 1, 2, 4]))
def test_weights_memory_grows_with_parameters(smaller: float, larger: float, size: float) -> None:
    smaller, larger = sorted((smaller, larger))
    formula = FORMULAS["weights_memory"]
    low = evaluate(formula, {"params": smaller, "bytes_per_param": size}).value
    high = evaluate(formula, {"params": larger, "bytes_per_param": size}).value
    assert low <= high


@given(positive, fractions, fractions)
def test_more_sparsity_never_means_more_nonzero(params: float, a: float, b: float) -> None:
    formula = FORMULAS["sparse_nonzero"]
    low, high = sorted((a, b))
    assert (
        evaluate(formula, {"params": params, "sparsity": high}).value
        <= evaluate(formula, {"params": params, "sparsity": low}).value
    )


@given(positive, positive, positive)
def test_training_compute_grows_with_tokens(params: float, a: float, b: float) -> None:
    formula = FORMULAS["training_compute"]
    low, high = sorted((a, b))
    assert (
        evaluate(formula, {"params": params, "training_tokens": low}).value
        <= evaluate(formula, {"params": params, "training_tokens": high}).value
    )


@given(st.integers(1, 100_000), st.integers(1, 100_000), fractions.filter(lambda u: u > 0))
def test_more_accelerators_never_take_longer(a: int, b: int, utilization: float) -> None:
    formula = FORMULAS["training_time"]
    few, many = sorted((a, b))

    def days(count: int) -> float:
        values = {
            "compute": 1e23,
            "accelerators": count,
            "peak_flops": 3e14,
            "utilization": utilization,
        }
        return evaluate(formula, values).value

    assert days(many) <= days(few)


@given(
    st.integers(2, 64).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n - 1))),
    positive,
    positive,
)
def test_moe_split_inverts_the_forward_formulas(
    experts_active: tuple[int, int], shared: float, expert: float
) -> None:
    experts, active = experts_active
    forward = {
        "shared_params": shared,
        "expert_params": expert,
        "experts": experts,
        "active_experts": active,
    }
    total = evaluate(FORMULAS["moe_total_params"], forward).value
    active_params = evaluate(FORMULAS["moe_active_params"], forward).value
    split = {
        "total_params": total,
        "active_params": active_params,
        "experts": experts,
        "active_experts": active,
    }
    assert evaluate(FORMULAS["moe_expert_params"], split).value == pytest.approx(expert, rel=1e-6)
