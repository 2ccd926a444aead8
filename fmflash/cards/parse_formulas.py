"""The card file's ``formulas:`` list: formulas a learner declares, checked where written.

Each entry's inputs are read by ``parse_formula_inputs``, its result by ``parse_formula_result``.
"""

from __future__ import annotations

import yaml

from fmflash.cards.parse_formula_fields import formula_mapping, formula_text
from fmflash.cards.parse_formula_inputs import declared_names, parse_inputs
from fmflash.cards.parse_formula_result import parse_result
from fmflash.cards.parse_yaml import (
    NULL,
    Located,
    describe,
    list_items,
    position,
    text_value,
    value_node,
)
from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.declarations import NAME_PATTERN, RESULT, Declaration
from fmflash.formulas.declared import check_example, declared_formula, template_problem

FORMULA_KEYS = ("name", "rule", "inputs", "result", "question", "working")
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


def _parse_formula(node: yaml.Node, label: str, where: Located) -> Declaration | None:
    like = "{name: ..., rule: ..., inputs: {...}, result: {...}, question: ...}"
    before = len(where.problems)
    nodes = formula_mapping(node, label, FORMULA_KEYS, where, like)
    if nodes is None:
        return None
    name = formula_text(nodes, "name", label, node, where)
    if name is not None:
        if NAME_PATTERN.match(name):
            label = f"formula '{name}'"
        else:
            where.error(
                nodes["name"],
                f"{label}: the name '{name}' must be a lowercase word "
                "(letters a-z, digits and '_'), like perplexity",
            )
    rule = formula_text(nodes, "rule", label, node, where)
    inputs = parse_inputs(nodes.get("inputs"), node, label, where)
    result = parse_result(nodes.get("result"), node, label, nodes.get("inputs"), where)
    names = declared_names(nodes.get("inputs"))
    question = formula_text(nodes, "question", label, node, where)
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
