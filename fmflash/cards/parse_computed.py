"""The card file's ``computed:`` list: formula cases that become numeric cards."""

from __future__ import annotations

import yaml

from fmflash.cards.model import ComputedCard
from fmflash.cards.notes import slugify
from fmflash.cards.parse_state import CardFile, line_of, read_entry
from fmflash.cards.parse_yaml import (
    Located,
    allow_list,
    describe,
    items,
    tag_list,
    text_field,
    text_value,
    value_node,
)
from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.registry import Formula, check_values, evaluate, unknown_formula_message

COMPUTED_KEYS = ("id", "section", "formula", "cases", "tags", "allow")
# A case may name the model it is about, for the question to say: {model: Mixtral 8x7B, ...}.
MODEL_KEY = "model"


def parse_computed(node: yaml.Node, result: CardFile, where: Located) -> None:
    """Check every computed entry and case; add a card for each valid case."""
    if text_value(node) == "":
        return
    if not isinstance(node, yaml.SequenceNode):
        where.error(node, f"'computed' must be a list of formula entries, found {describe(node)}")
        return
    for number, entry in enumerate(node.value, start=1):
        _parse_entry(entry, number, result, where)


def _parse_entry(node: yaml.Node, number: int, result: CardFile, where: Located) -> None:
    label = f"computed #{number}"
    if not isinstance(node, yaml.MappingNode):
        where.error(
            node,
            f"{label} must be a mapping with id, section, formula and cases; "
            f"found {describe(node)}",
        )
        return
    nodes, prefix, label = read_entry(node, label, "computed", COMPUTED_KEYS, where)
    result.refer_to_section(label, node)
    section = None
    if "section" in nodes:
        section = text_field(nodes["section"], "section", label, where)
    else:
        where.error(node, f"{label} has no 'section'; add the notes heading it comes from")
    tags = tag_list(nodes.get("tags"), label, where)
    allow = allow_list(nodes.get("allow"), label, where)
    formula = _formula(node, nodes, label, where)
    cases = nodes.get("cases")
    if cases is None:
        where.error(node, f"{label} has no 'cases'; add a list like [{{params: 7B, ...}}]")
        return
    if not isinstance(cases, yaml.SequenceNode) or not cases.value:
        where.error(
            cases,
            f"{label}: 'cases' must be a non-empty list of parameter mappings, "
            f"found {describe(cases)}",
        )
        return
    if formula is None:
        return
    for case_number, case in enumerate(cases.value, start=1):
        card = _parse_case(case, f"case {case_number} of {label}", formula, where)
        if card is None or prefix is None or not section:
            continue
        raw, values, model = card
        suffix = "-".join(slugify(raw[parameter.name]) for parameter in formula.parameters)
        card_id = f"{prefix}-{suffix}"
        if not result.claim_id(card_id, case, line_of(case), where):
            continue
        evaluation = evaluate(formula, values, model=model)
        result.cards.append(
            ComputedCard(
                id=card_id,
                section=section,
                line=line_of(case),
                formula=formula.name,
                question=evaluation.question,
                answer=evaluation.answer,
                working=evaluation.working,
                value=evaluation.value,
                unit=evaluation.unit,
                tags=tags,
                allow=allow,
                inputs=tuple(values[parameter.name] for parameter in formula.parameters),
                entry=prefix,
            )
        )


def _formula(
    node: yaml.MappingNode, nodes: dict[str, yaml.Node], label: str, where: Located
) -> Formula | None:
    formulas = all_formulas()
    if "formula" not in nodes:
        where.error(node, f"{label} has no 'formula'; known formulas: {', '.join(formulas)}")
        return None
    name = text_value(nodes["formula"])
    if name is None or name not in formulas:
        where.error(nodes["formula"], f"{label}: {unknown_formula_message(str(name))}")
        return None
    return formulas[name]


def _parse_case(
    node: yaml.Node, label: str, formula: Formula, where: Located
) -> tuple[dict[str, str], dict[str, float], str] | None:
    """Check one case; return its raw texts, values and model name, or None if it is bad."""
    if not isinstance(node, yaml.MappingNode):
        names = ", ".join(f"{parameter.name}: ..." for parameter in formula.parameters)
        where.error(node, f"{label} must be a mapping like {{{names}}}, found {describe(node)}")
        return None
    raw: dict[str, str] = {}
    reported = set()
    model = ""
    for key, _, value in items(node, where, label):
        text = text_value(value)
        if key == MODEL_KEY:
            if text is None or not text.strip():
                where.error(value, f"{label}: 'model' must be a name, found {describe(value)}")
                reported.add(key)
            elif "{model}" not in formula.question and "{Model}" not in formula.question:
                where.error(value, f"{label}: {formula.name} questions name no model; "
                                   "remove 'model'")  # fmt: skip
                reported.add(key)
            else:
                model = text.strip()
            continue
        if text is None or not text.strip():
            where.error(value, f"{label}: '{key}' must be a number, found {describe(value)}")
            reported.add(key)
        else:
            raw[key] = text.strip()
    values, problems = check_values(formula, raw, reported=frozenset(reported))
    for name, message in problems:
        located = value_node(node, name) if name is not None else None
        where.error(located or node, f"{label}: {message}")
    if problems or reported:
        return None
    return raw, values, model
