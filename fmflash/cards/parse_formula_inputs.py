"""A declared formula's ``inputs:``: names, units, ranges and examples, checked where written."""

from __future__ import annotations

import yaml

from fmflash.cards.parse_formula_fields import (
    formula_mapping,
    formula_number,
    formula_text,
    formula_unit,
)
from fmflash.cards.parse_yaml import Located, bool_value, describe, items
from fmflash.formulas.declarations import NAME_PATTERN, RESULT, DeclaredInput
from fmflash.formulas.declared import parameter_of
from fmflash.formulas.expression_grammar import FUNCTIONS, KEYWORDS

INPUT_KEYS = ("unit", "min", "max", "whole", "example", "description")
# Names an input cannot take: the functions, Python's words, and what templates name anyway.
RESERVED = frozenset({*FUNCTIONS, *KEYWORDS, RESULT, "model", "model_name", "rating"})


def parse_inputs(
    node: yaml.Node | None, parent: yaml.Node, label: str, where: Located
) -> list[DeclaredInput]:
    """Check every declared input; return the whole ones, in the order written."""
    if node is None:
        where.error(
            parent,
            f"{label} has no 'inputs'; add them like "
            "inputs: {entropy: {unit: bits, example: 3}}",
        )
        return []
    if not isinstance(node, yaml.MappingNode) or not node.value:
        where.error(
            node,
            f"{label}: 'inputs' must be a mapping of input names, like "
            f"{{entropy: {{unit: bits, example: 3}}}}, found {describe(node)}",
        )
        return []
    found = []
    for name, key_node, value in items(node, where, f"{label}'s inputs"):
        if not NAME_PATTERN.match(name) or name in RESERVED:
            reason = "is a reserved word" if name in RESERVED else "must be a lowercase word"
            where.error(
                key_node,
                f"{label}: the input name '{name}' {reason}; name it like entropy or hidden_size",
            )
            continue
        declared = _parse_input(value, f"{label}: input '{name}'", name, where)
        if declared is not None:
            found.append(declared)
    return found


def _parse_input(node: yaml.Node, label: str, name: str, where: Located) -> DeclaredInput | None:
    nodes = formula_mapping(
        node, label, INPUT_KEYS, where, "{unit: bits, min: 0, max: 20, example: 3}"
    )
    if nodes is None:
        return None
    before = len(where.problems)
    unit = formula_unit(nodes, label, node, where)
    numbers = {
        key: formula_number(nodes[key], label, key, where)
        for key in ("min", "max", "example")
        if key in nodes
    }
    if "example" not in nodes:
        where.error(node, f"{label} has no 'example'; add a typical value, like example: 3")
    whole = False
    if "whole" in nodes:
        parsed = bool_value(nodes["whole"])
        if parsed is None:
            where.error(
                nodes["whole"],
                f"{label}: 'whole' must be true or false, found {describe(nodes['whole'])}",
            )
        whole = bool(parsed)
    description = ""
    if "description" in nodes:
        description = formula_text(nodes, "description", label, node, where) or ""
    if len(where.problems) > before or unit is None:
        return None
    low, high, example = numbers.get("min"), numbers.get("max"), numbers["example"]
    assert example is not None
    if low is not None and high is not None and low > high:
        where.error(
            nodes["min"],
            f"{label}: 'min' ({nodes['min'].value}) is above 'max' ({nodes['max'].value})",
        )
        return None
    declared = DeclaredInput(name, unit, example, low, high, whole, description)
    parameter = parameter_of(declared)
    if parameter.range_problem(example) is not None:
        where.error(
            nodes["example"],
            f"{label}: the example must be {parameter.allowed()}, "
            f"found {describe(nodes['example'])}",
        )
        return None
    return declared


def declared_names(inputs_node: yaml.Node | None) -> list[str]:
    """Return every input name declared, whole or not: one with a problem is not unknown."""
    if not isinstance(inputs_node, yaml.MappingNode):
        return []
    return [str(key.value) for key, _ in inputs_node.value]
