"""A learner's expression parsed: Python's precedence, refusals at their column, any text safe."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.formulas.expression import parse_expression
from fmflash.formulas.expression_evaluation import evaluate_expression
from fmflash.formulas.expression_grammar import MOST_CHARACTERS, ExpressionError
from fmflash.formulas.expression_tree import names_in


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
    ],
)  # fmt: skip
def test_anything_outside_the_grammar_is_refused_at_its_column(
    text: str, message: str, column: int
) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert (caught.value.message, caught.value.column) == (message, column)


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
