"""A declared formula's fields in a card file: known keys, text, a unit, a number, each checked.

Every problem is reported where it is written (``Located``); a field with a problem reads as None.
"""

from __future__ import annotations

import yaml

from fmflash.cards.parse_yaml import Located, describe, items, text_value, unknown_key_message
from fmflash.formulas.declarations import UNITS
from fmflash.formulas.quantities import parse_number
from fmflash.formulas.units import Unit
from fmflash.suggestions import did_you_mean, nearest


def formula_mapping(
    node: yaml.Node, label: str, known: tuple[str, ...], where: Located, like: str
) -> dict[str, yaml.Node] | None:
    """Read a mapping's values by key, reporting unknown keys; None if it is not a mapping."""
    if not isinstance(node, yaml.MappingNode):
        where.error(node, f"{label} must be a mapping like {like}, found {describe(node)}")
        return None
    nodes = {}
    for key, key_node, value in items(node, where, label):
        if key not in known:
            where.error(key_node, unknown_key_message(key, label, known))
        nodes[key] = value
    return nodes


def formula_text(
    nodes: dict[str, yaml.Node], key: str, label: str, parent: yaml.Node, where: Located
) -> str | None:
    """Return a field's text, stripped; None (reported) if it is missing or not text."""
    if key not in nodes:
        where.error(parent, f"{label} has no '{key}'")
        return None
    text = text_value(nodes[key])
    if text is None or not text.strip():
        where.error(nodes[key], f"{label}: '{key}' must be text, found {describe(nodes[key])}")
        return None
    return text.strip()


def formula_number(node: yaml.Node, label: str, key: str, where: Located) -> float | None:
    """Read a number like 3, 7B or 90%; None (reported) if it is not one."""
    text = text_value(node)
    value = parse_number(text) if text else None
    if value is None:
        where.error(
            node,
            f"{label}: '{key}' must be a number like 3, 7B, 0.5 or 90%, found {describe(node)}",
        )
    return value


def formula_unit(
    nodes: dict[str, yaml.Node], label: str, parent: yaml.Node, where: Located
) -> Unit | None:
    """Return the field 'unit' as a unit; None (reported) if it is missing or unknown."""
    text = formula_text(nodes, "unit", label, parent, where)
    if text is None:
        return None
    unit = UNITS.get(text)
    if unit is None:
        hint = " ".join(filter(None, (did_you_mean(nearest(text, UNITS)), "the units are")))
        where.error(nodes["unit"], f"{label}: unknown unit '{text}'; {hint} {', '.join(UNITS)}")
    return unit
