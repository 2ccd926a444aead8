"""The card file's ``formulas:`` list: formulas a learner declares, checked where written."""

from __future__ import annotations

import yaml

from fmflash.cards.parse_yaml import (
    NULL,
    Located,
    bool_value,
    describe,
    items,
    list_items,
    position,
    text_value,
    unknown_key_message,
    value_node,
)
from fmflash.errors import Problem
from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.declared import (
    NAME_PATTERN,
    RESULT,
    UNITS,
    Declaration,
    DeclaredInput,
    check_example,
    declared_formula,
    template_problem,
    uses,
)
from fmflash.formulas.expression import parse_expression
from fmflash.formulas.expression_grammar import FUNCTIONS, KEYWORDS, ExpressionError
from fmflash.formulas.expression_tree import names_in
from fmflash.formulas.quantities import Unit, parse_number
from fmflash.text import did_you_mean, nearest

FORMULA_KEYS = ("name", "rule", "inputs", "result", "question", "working")
INPUT_KEYS = ("unit", "min", "max", "whole", "example", "description")
RESULT_KEYS = ("expression", "unit")
# Names an input cannot take: the functions, Python's words, and what templates name anyway.
_RESERVED = frozenset({*FUNCTIONS, *KEYWORDS, RESULT, "model", "model_name", "rating"})
# A declaration, with the line and column of its entry.
Declared = tuple[Declaration, int, int]


def parse_formulas(node: yaml.Node, where: Located) -> tuple[dict[str, Declared], set[str]]:
    """Check every declared formula; return the whole ones by name, and the others' names.

    A computed entry naming a formula with a problem is not reported again.
    """
    built_in = all_formulas()
    found: dict[str, Declared] = {}
    broken: set[str] = set()
    for number, entry in enumerate(list_items(node, "formulas", "formula mappings", where), 1):
        declaration = _parse_formula(entry, f"formula #{number}", where)
        if declaration is None:
            name = text_value(value_node(entry, "name") or yaml.ScalarNode(NULL, ""))
            broken.add((name or "").strip())
            continue
        name_node = value_node(entry, "name")
        assert name_node is not None
        if declaration.name in built_in:
            where.error(
                name_node,
                f"formula '{declaration.name}' is a built-in formula; give yours another name",
            )
        elif declaration.name in found:
            first = found[declaration.name][1]
            where.error(
                name_node,
                f"formula '{declaration.name}' is declared twice "
                f"(first on line {first}); give each formula its own name",
            )
        else:
            found[declaration.name] = (declaration, *position(entry))
    return found, broken


def _mapping(
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


def _text(
    nodes: dict[str, yaml.Node], key: str, label: str, parent: yaml.Node, where: Located
) -> str | None:
    if key not in nodes:
        where.error(parent, f"{label} has no '{key}'")
        return None
    text = text_value(nodes[key])
    if text is None or not text.strip():
        where.error(nodes[key], f"{label}: '{key}' must be text, found {describe(nodes[key])}")
        return None
    return text.strip()


def _parse_formula(node: yaml.Node, label: str, where: Located) -> Declaration | None:
    like = "{name: ..., rule: ..., inputs: {...}, result: {...}, question: ...}"
    before = len(where.problems)
    nodes = _mapping(node, label, FORMULA_KEYS, where, like)
    if nodes is None:
        return None
    name = _text(nodes, "name", label, node, where)
    if name is not None:
        if NAME_PATTERN.match(name):
            label = f"formula '{name}'"
        else:
            where.error(
                nodes["name"],
                f"{label}: the name '{name}' must be a lowercase word "
                "(letters a-z, digits and '_'), like perplexity",
            )
    rule = _text(nodes, "rule", label, node, where)
    inputs = _parse_inputs(nodes.get("inputs"), node, label, where)
    result = _parse_result(nodes.get("result"), node, label, nodes.get("inputs"), where)
    names = _declared_names(nodes.get("inputs"))
    question = _text(nodes, "question", label, node, where)
    if question is not None:
        problem = template_problem(question, names)
        if problem is not None:
            where.error(nodes["question"], f"{label}: the question: {problem}")
    working = _parse_working(nodes.get("working"), label, [*names, RESULT], where)
    if (
        len(where.problems) > before
        or name is None
        or rule is None
        or result is None
        or question is None
        or working is None
    ):
        return None
    declaration = Declaration(name, rule, tuple(inputs), *result, question, working)
    problem = check_example(declared_formula(declaration), declaration)
    if problem is not None:
        where.error(node, f"{label}: {problem}")
        return None
    return declaration


def _parse_inputs(
    node: yaml.Node | None, parent: yaml.Node, label: str, where: Located
) -> list[DeclaredInput]:
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
        if not NAME_PATTERN.match(name) or name in _RESERVED:
            reason = "is a reserved word" if name in _RESERVED else "must be a lowercase word"
            where.error(
                key_node,
                f"{label}: the input name '{name}' {reason}; name it like entropy or hidden_size",
            )
            continue
        declared = _parse_input(value, f"{label}: input '{name}'", name, where)
        if declared is not None:
            found.append(declared)
    return found


def _number(node: yaml.Node, label: str, key: str, where: Located) -> float | None:
    text = text_value(node)
    value = parse_number(text) if text else None
    if value is None:
        where.error(
            node,
            f"{label}: '{key}' must be a number like 3, 7B, 0.5 or 90%, found {describe(node)}",
        )
    return value


def _parse_input(node: yaml.Node, label: str, name: str, where: Located) -> DeclaredInput | None:
    nodes = _mapping(node, label, INPUT_KEYS, where, "{unit: bits, min: 0, max: 20, example: 3}")
    if nodes is None:
        return None
    before = len(where.problems)
    unit = _unit(nodes, label, node, where)
    numbers = {
        key: _number(nodes[key], label, key, where)
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
        description = _text(nodes, "description", label, node, where) or ""
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
    parameter = declared.parameter()
    if parameter.range_problem(example) is not None:
        where.error(
            nodes["example"],
            f"{label}: the example must be {parameter.allowed()}, "
            f"found {describe(nodes['example'])}",
        )
        return None
    return declared


def _unit(
    nodes: dict[str, yaml.Node], label: str, parent: yaml.Node, where: Located
) -> Unit | None:
    text = _text(nodes, "unit", label, parent, where)
    if text is None:
        return None
    unit = UNITS.get(text)
    if unit is None:
        hint = " ".join(filter(None, (did_you_mean(nearest(text, UNITS)), "the units are")))
        where.error(nodes["unit"], f"{label}: unknown unit '{text}'; {hint} {', '.join(UNITS)}")
    return unit


def _parse_result(
    node: yaml.Node | None,
    parent: yaml.Node,
    label: str,
    inputs_node: yaml.Node | None,
    where: Located,
) -> tuple[str, Unit] | None:
    if node is None:
        where.error(
            parent,
            f"{label} has no 'result'; add it like "
            'result: {expression: "2 ** entropy", unit: number}',
        )
        return None
    label = f"{label}: 'result'"
    nodes = _mapping(node, label, RESULT_KEYS, where, '{expression: "2 ** entropy", unit: number}')
    if nodes is None:
        return None
    unit = _unit(nodes, label, node, where)
    expression = _text(nodes, "expression", label, node, where)
    if expression is None:
        return None
    expression_node = nodes["expression"]
    try:
        tree = parse_expression(expression)
    except ExpressionError as error:
        _error_at(where, expression_node, error.column, f"{label}: {error.message}")
        return None
    names = _declared_names(inputs_node)

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


def _declared_names(inputs_node: yaml.Node | None) -> list[str]:
    """Return every input name declared, whole or not: one with a problem is not unknown."""
    if not isinstance(inputs_node, yaml.MappingNode):
        return []
    return [str(key.value) for key, _ in inputs_node.value]


def _error_at(where: Located, node: yaml.Node, column: int, message: str) -> None:
    """Report a problem at a column of a one-line scalar's text (its start otherwise)."""
    line, start = position(node)
    style = getattr(node, "style", None)
    if node.start_mark.line == node.end_mark.line and style in (None, '"', "'"):
        start += (style is not None) + column - 1
    where.problems.append(Problem(where.path, message, line, start))


def _parse_working(
    node: yaml.Node | None, label: str, names: list[str], where: Located
) -> tuple[str, ...] | None:
    if node is None:
        return ()
    lines = []
    for item in list_items(node, "working", "template lines", where):
        text = text_value(item)
        if text is None or not text.strip():
            where.error(item, f"{label}: a working line must be text, found {describe(item)}")
            return None
        problem = template_problem(text, names)
        if problem is not None:
            where.error(item, f"{label}: the working: {problem}")
            return None
        lines.append(text.strip())
    return tuple(lines)
