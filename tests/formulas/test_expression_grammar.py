"""A learner's expression cut into tokens: each with its column, a stray character named."""

from __future__ import annotations

import pytest

from fmflash.formulas.expression_grammar import ExpressionError, Token, tokenize


def test_tokens_carry_their_columns_and_an_end() -> None:
    assert tokenize("2 ** log(x_1, 1_000.5e-3)") == [
        Token("number", "2", 1),
        Token("operator", "**", 3),
        Token("name", "log", 6),
        Token("operator", "(", 9),
        Token("name", "x_1", 10),
        Token("operator", ",", 13),
        Token("number", "1_000.5e-3", 15),
        Token("operator", ")", 25),
        Token("end", "", 26),
    ]


def test_a_stray_character_ends_the_tokens_with_what_it_would_be() -> None:
    assert tokenize("x.real + 'a'") == [
        Token("name", "x", 1),
        Token(
            "error",
            "an attribute ('.') is not allowed; an expression has numbers, input names, "
            "+ - * / **, parentheses and the functions log, log2, log10, exp, sqrt, min, max, "
            "floor, ceil",
            2,
        ),
    ]


def test_a_long_expression_is_refused_before_it_is_read() -> None:
    with pytest.raises(ExpressionError) as caught:
        tokenize("1 +" * 200 + "1")
    assert (caught.value.message, caught.value.column) == (
        "the expression is 601 characters long; keep it under 500",
        1,
    )
