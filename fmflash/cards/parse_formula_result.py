"""A declared formula's ``result:``: its expression parsed, its inputs checked, where written."""

from __future__ import annotations

import yaml

from fmflash.cards.parse_formula_fields import formula_mapping, formula_text, formula_unit
from fmflash.cards.parse_formula_inputs import declared_names
from fmflash.cards.parse_yaml import Located, position
from fmflash.errors import Problem
from fmflash.formulas.declared import uses
from fmflash.formulas.expression import parse_expression
from fmflash.formulas.expression_grammar import ExpressionError
from fmflash.formulas.expression_tree import names_in
from fmflash.formulas.units import Unit
from fmflash.suggestions import did_you_mean, nearest

RESULT_KEYS = ("expression", "unit")


def parse_result(
    node: yaml.Node | None,
    parent: yaml.Node,
    label: str,
    inputs_node: yaml.Node | None,
    where: Located,
) -> tuple[str, Unit] | None:
    """Check the result: its expression parsed over the declared inputs, and its unit."""
    if node is None:
        where.error(
            parent,
            f"{label} has no 'result'; add it like "
            'result: {expression: "2 ** entropy", unit: number}',
        )
        return None
    label = f"{label}: 'result'"
    nodes = formula_mapping(
        node, label, RESULT_KEYS, where, '{expression: "2 ** entropy", unit: number}'
    )
    if nodes is None:
        return None
    unit = formula_unit(nodes, label, node, where)
    expression = formula_text(nodes, "expression", label, node, where)
    if expression is None:
        return None
    expression_node = nodes["expression"]
    try:
        tree = parse_expression(expression)
    except ExpressionError as error:
        _error_at(where, expression_node, error.column, f"{label}: {error.message}")
        return None
    names = declared_names(inputs_node)

    for named in names_in(tree):
        if named.name not in names:
            close = did_you_mean(nearest(named.name, names))
            hint = close or f"the inputs are {', '.join(names) or 'none'}"
            _error_at(
                where,
                expression_node,
                named.column,
                f"{label}: unknown input '{named.name}' in the expression; {hint}",
            )
    used = uses(tree)
    for key_node, _ in getattr(inputs_node, "value", ()):
        if key_node.value not in used:
            where.error(
                key_node,
                f"{label}: the expression does not use the input "
                f"'{key_node.value}'; use it or remove it from inputs",
            )
    return (expression, unit) if unit is not None else None


def _error_at(where: Located, node: yaml.Node, column: int, message: str) -> None:
    """Report a problem at a column of a one-line scalar's text (its start otherwise)."""
    line, start = position(node)
    style = getattr(node, "style", None)
    if node.start_mark.line == node.end_mark.line and style in (None, '"', "'"):
        start += (style is not None) + column - 1
    where.problems.append(Problem(where.path, message, line, start))
