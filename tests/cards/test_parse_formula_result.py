"""A declared formula's result: its expression refused where it is at fault, and run never."""

from __future__ import annotations

import pytest

from ..conftest import HOSTILE_EXPRESSIONS
from .formula_files import HEADER, PERPLEXITY, PRACTICE, problems


@pytest.mark.parametrize("expression", HOSTILE_EXPRESSIONS)
def test_a_hostile_expression_is_a_located_error_and_runs_nothing(expression: str) -> None:
    quoted = '"' + expression.replace('"', '\\"') + '"'
    found = problems(HEADER + PERPLEXITY.replace('"2 ** entropy"', quoted) + PRACTICE)
    assert found, expression
    assert all(problem.startswith("cards.yaml:") for problem in found)


def test_expression_errors_point_into_the_expression() -> None:
    text = HEADER + PERPLEXITY.replace('"2 ** entropy"', '"entropy.real"')
    assert problems(text)[0] == (
        "cards.yaml:10:34: formula 'perplexity': 'result': an attribute ('.') is not allowed; an "
        "expression has numbers, input names, + - * / **, parentheses and the functions log, "
        "log2, log10, exp, sqrt, min, max, floor, ceil"
    )
