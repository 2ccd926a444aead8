"""A learner's expression: the small grammar, its located refusals, bounded evaluation."""

from __future__ import annotations

import math
import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.formulas.expression import (
    MOST_CHARACTERS,
    ExpressionError,
    Name,
    evaluate_expression,
    names_in,
    parse_expression,
)


def value(text: str, **values: float) -> float:
    return evaluate_expression(parse_expression(text), values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 ** entropy", 8.0),
        ("-entropy ** 2", -9.0),  # the power binds tighter than the sign, as in Python
        ("2 ** -1", 0.5),
        ("2 ** 3 ** 2", 512.0),  # right-associative
        ("(1 + 2) * 3 - 4 / 2", 7.0),
        ("10 - 4 - 3", 3.0),  # left-associative
        ("log2(8) + log10(100) + log(exp(1))", 6.0),
        ("sqrt(16) + floor(2.7) + ceil(2.1)", 9.0),
        ("min(entropy, 2) + max(1, 2, entropy)", 5.0),
        ("1_000 * 1e-3 + .5", 1.5),
        ("+entropy", 3.0),
    ],
)
def test_arithmetic_follows_pythons_precedence(text: str, expected: float) -> None:
    assert value(text, entropy=3) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("__import__('os').system('touch PWNED')",
         "unknown function '__import__'; the functions are log, log2, log10, exp, sqrt, min, "
         "max, floor, ceil", 1),
        ("().__class__", "expected a number, an input or '(', found ')'", 2),
        ("entropy.real", "an attribute ('.') is not allowed; an expression has numbers, input "
         "names, + - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, "
         "max, floor, ceil", 8),
        ("[x for x in (1,)]", "a list or subscript ('[') is not allowed; an expression has "
         "numbers, input names, + - * / **, parentheses and the functions log, log2, log10, "
         "exp, sqrt, min, max, floor, ceil", 1),
        ("lambda: 1", "'lambda' is not allowed; an expression has numbers, input names, "
         "+ - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, max, "
         "floor, ceil", 1),
        ("open('cards.yaml')", "unknown function 'open'; the functions are log, log2, log10, "
         "exp, sqrt, min, max, floor, ceil", 1),
        ("entropy if entropy else 1", "'if' is not allowed; an expression has numbers, input "
         "names, + - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, "
         "max, floor, ceil", 9),
        ("'a' * 10**9", "a string is not allowed; an expression has numbers, input names, "
         "+ - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, max, "
         "floor, ceil", 1),
        ("x < 1", "a comparison is not allowed; an expression has numbers, input names, "
         "+ - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, max, "
         "floor, ceil", 3),
        ("x[0]", "a list or subscript ('[') is not allowed; an expression has numbers, input "
         "names, + - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, "
         "max, floor, ceil", 2),
        ("(1 + 2", "expected ')' to close the '(' at column 1, found the end", 7),
        ("log(1, 2)", "log takes 1 argument, found 2", 1),
        ("max(1)", "max takes 2 to 20 arguments, found 1", 1),
        ("1, 2", "unexpected ',' outside a function call; an expression has numbers, input "
         "names, + - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, "
         "max, floor, ceil", 2),
        ("", "the expression is empty", 1),
        ("2 ^ 3", "'^' is not allowed; write a power as a ** b; an expression has numbers, "
         "input names, + - * / **, parentheses and the functions log, log2, log10, exp, sqrt, "
         "min, max, floor, ceil", 3),
        ("(" * 50 + "1" + ")" * 50, "the expression nests more than 40 deep", 41),
        ("1 +" * 200 + "1", "the expression is 601 characters long; keep it under 500", 1),
    ],
)  # fmt: skip
def test_anything_outside_the_grammar_is_refused_at_its_column(
    text: str, message: str, column: int
) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert (caught.value.message, caught.value.column) == (message, column)


@pytest.mark.parametrize(
    "text", ["10 ** 10 ** 10", "9 ** 9 ** 9 ** 9", "log(0)", "1 / (x - x)", "sqrt(-1)",
             "(-8) ** 0.5", "exp(1000)", "floor(1e308 * 10)", "1e999", "10 ** 400 - 10 ** 400"],
)  # fmt: skip
def test_results_that_are_not_finite_are_nan_or_infinite_never_a_hang(text: str) -> None:
    assert not math.isfinite(value(text, x=2))


def test_names_are_listed_with_their_columns() -> None:
    assert names_in(parse_expression("layers * 2 * max(hidden, layers)")) == [
        Name("layers", 1),
        Name("hidden", 18),
        Name("layers", 26),
    ]


_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, st.sampled_from(sorted(_OPERATORS)), finite)
def test_a_binary_operation_is_pythons_float_arithmetic(
    left: float, symbol: str, right: float
) -> None:
    expected = _OPERATORS[symbol](left, right) if symbol != "/" or right else math.nan
    found = value(f"a {symbol} b", a=left, b=right)
    assert found == expected or (math.isnan(found) and math.isnan(expected))


@given(st.text(max_size=60))
def test_any_text_is_a_tree_or_a_located_refusal(text: str) -> None:
    try:
        tree = parse_expression(text)
    except ExpressionError as error:
        column = error.column
    else:
        column = 0
    if column:
        assert 1 <= column <= len(text) + 1
        return
    result = evaluate_expression(tree, dict.fromkeys((name.name for name in names_in(tree)), 2.0))
    assert isinstance(result, float)


@given(st.lists(st.sampled_from(["(", ")", "-", "**", "2", "x", "log(", ","]), max_size=80))
def test_deep_or_broken_nesting_never_escapes_as_a_python_error(pieces: list[str]) -> None:
    text = " ".join(pieces)[:MOST_CHARACTERS]
    try:
        tree = parse_expression(text)
    except ExpressionError:
        return
    assert isinstance(evaluate_expression(tree, {"x": 3.0}), float)
