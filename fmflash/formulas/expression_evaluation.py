"""A learner's formula expression computed in floating point, never a huge integer (pure).

Evaluation is in floating point, so ``9 ** 9 ** 9 ** 9`` overflows at once instead of building a
huge integer; a result that is not finite (log of 0, a division by 0, an overflow) is NaN or
infinite, for the caller to refuse.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from fmflash.formulas.expression_grammar import FUNCTIONS
from fmflash.formulas.expression_tree import Call, Name, Negative, Node, Number


def evaluate_expression(node: Node, values: Mapping[str, float]) -> float:
    """Compute the expression in floating point; NaN or infinity if it is not finite."""
    try:
        result = _value(node, values)
    except (ArithmeticError, ValueError):  # a division by 0, log of 0, an overflow
        return math.nan
    return float(result)


def _value(node: Node, values: Mapping[str, float]) -> float:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        return values[node.name]
    if isinstance(node, Negative):
        return -_value(node.operand, values)
    if isinstance(node, Call):
        function = FUNCTIONS[node.function][0]
        return float(function(*(_value(argument, values) for argument in node.arguments)))
    left, right = _value(node.left, values), _value(node.right, values)
    if node.operator == "+":
        return left + right
    if node.operator == "-":
        return left - right
    if node.operator == "*":
        return left * right
    if node.operator == "/":
        return left / right
    power: float | complex = (
        left**right
    )  # a float power: it overflows (OverflowError), it never grows huge
    if isinstance(power, complex):  # a negative base to a fractional power
        return math.nan
    return power
