"""A learner's expression computed: float arithmetic, never a hang, not finite when it is not."""

from __future__ import annotations

import math
import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.formulas.expression import parse_expression
from fmflash.formulas.expression_evaluation import evaluate_expression


def value(text: str, **values: float) -> float:
    return evaluate_expression(parse_expression(text), values)


@pytest.mark.parametrize(
    "text", ["10 ** 10 ** 10", "9 ** 9 ** 9 ** 9", "log(0)", "1 / (x - x)", "sqrt(-1)",
             "(-8) ** 0.5", "exp(1000)", "floor(1e308 * 10)", "1e999", "10 ** 400 - 10 ** 400"],
)  # fmt: skip
def test_results_that_are_not_finite_are_nan_or_infinite_never_a_hang(text: str) -> None:
    assert not math.isfinite(value(text, x=2))


_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, st.sampled_from(sorted(_OPERATORS)), finite)
def test_a_binary_operation_is_pythons_float_arithmetic(
    left: float, symbol: str, right: float
) -> None:
    expected = _OPERATORS[symbol](left, right) if symbol != "/" or right else math.nan
    found = value(f"a {symbol} b", a=left, b=right)
    assert found == expected or (math.isnan(found) and math.isnan(expected))
