"""The card file's ``computed:`` list: formula cases that become numeric cards."""

from __future__ import annotations

import math

import yaml

from fmflash.cards.model import ComputedCard
from fmflash.cards.notes import slugify
from fmflash.cards.parse_state import CardFile, line_of, read_entry
from fmflash.cards.parse_yaml import (
    Located,
    allow_list,
    bool_value,
    describe,
    items,
    list_items,
    tag_list,
    text_field,
    text_value,
    value_node,
)
from fmflash.cards.practice import ANKI_CASES, MOST_COMBINATIONS, filled, first_case, sound_cases
from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.declared import formula_of_json
from fmflash.formulas.registry import (
    Formula,
    check_values,
    evaluate,
    unknown_formula_message,
    unknown_parameter_message,
)

COMPUTED_KEYS = ("id", "section", "formula", "cases", "practice", "show_rule", "tags", "allow")
# A case may name the model it is about, for the question to say: {model: Mixtral 8x7B, ...}.
MODEL_KEY = "model"


def parse_computed(node: yaml.Node, result: CardFile, where: Located) -> None:
    """Check every computed entry and case; add a card for each valid case."""
    entries = list_items(node, "computed", "formula entries", where)
    for number, entry in enumerate(entries, start=1):
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
    formula, declaration = _formula(node, nodes, label, result, where)
    # A declared formula's rule is on the front unless the notes state it: decided with them.
    show_rule: bool | None = None if declaration else False
    if "show_rule" in nodes:
        parsed = bool_value(nodes["show_rule"])
        if parsed is None:
            shown = describe(nodes["show_rule"])
            where.error(
                nodes["show_rule"], f"{label}: 'show_rule' must be true or false, found {shown}"
            )
        show_rule = bool(parsed)
    cases, practice = nodes.get("cases"), nodes.get("practice")
    if cases is None and practice is None:
        where.error(
            node,
            f"{label} has no 'cases' or 'practice'; add a list like cases: [{{params: 7B, ...}}], "
            "or practice: with the values each parameter may take",
        )
        return
    if cases is not None and (not isinstance(cases, yaml.SequenceNode) or not cases.value):
        where.error(
            cases,
            f"{label}: 'cases' must be a non-empty list of parameter mappings, "
            f"found {describe(cases)}",
        )
        cases = None
    if formula is None:
        return
    if practice is not None:
        sound = _parse_practice(practice, f"{label}: 'practice'", formula, where)
        line = line_of(node)
        if sound and prefix is not None and section and result.claim_id(prefix, node, line, where):
            empty = ComputedCard(
                prefix, section, line, formula.name, "", "", (), 0.0, formula.result_unit,
                tags, allow, (), prefix, show_rule, sound, declaration,
            )  # fmt: skip
            result.cards.append(first_case(empty))
    for case_number, case in enumerate(cases.value if cases is not None else (), start=1):
        parsed_case = _parse_case(case, f"case {case_number} of {label}", formula, where)
        if parsed_case is None or prefix is None or not section:
            continue
        raw, values, model = parsed_case
        suffix = "-".join(slugify(raw[parameter.name]) for parameter in formula.parameters)
        card_id = f"{prefix}-{suffix}"
        if not result.claim_id(card_id, case, line_of(case), where):
            continue
        evaluation = evaluate(formula, values, model=model, show_rule=bool(show_rule))
        inputs = tuple(values[parameter.name] for parameter in formula.parameters)
        empty = ComputedCard(
            card_id, section, line_of(case), formula.name, "", "", (), 0.0, formula.result_unit,
            tags, allow, (), prefix, show_rule, (), declaration,
        )  # fmt: skip
        result.cards.append(filled(empty, evaluation, inputs))


def _formula(
    node: yaml.MappingNode,
    nodes: dict[str, yaml.Node],
    label: str,
    result: CardFile,
    where: Located,
) -> tuple[Formula | None, str]:
    """Return the formula an entry names, built in or declared in the project, and its JSON."""
    formulas = all_formulas()
    declared = list(dict.fromkeys([*result.formulas, *result.elsewhere]))
    if "formula" not in nodes:
        known = ", ".join([*formulas, *declared])
        where.error(node, f"{label} has no 'formula'; known formulas: {known}")
        return None, ""
    name = text_value(nodes["formula"])
    if name is not None and (name in result.formulas or name in result.elsewhere):
        found = result.formulas[name][0] if name in result.formulas else result.elsewhere[name]
        declaration = found.to_json()
        return formula_of_json(declaration), declaration
    if name in result.broken_formulas:
        return None, ""  # its problem is reported where it is declared
    if name is None or name not in formulas:
        message = unknown_formula_message(str(name), declared)
        where.error(nodes["formula"], f"{label}: {message}")
        return None, ""
    return formulas[name], ""


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


def _parse_practice(
    node: yaml.Node, label: str, formula: Formula, where: Located
) -> tuple[tuple[float, ...], ...]:
    """Check a practice entry's values; return its sound cases (none if it has a problem)."""
    names = ", ".join(f"{parameter.name}: [...]" for parameter in formula.parameters)
    if not isinstance(node, yaml.MappingNode):
        where.error(node, f"{label} must be a mapping like {{{names}}}, found {describe(node)}")
        return ()
    choices: dict[str, list[float]] = {}
    before = len(where.problems)
    known = {parameter.name: parameter for parameter in formula.parameters}
    for key, key_node, value in items(node, where, label):
        parameter = known.get(key)
        if parameter is None:
            where.error(key_node, f"{label}: {unknown_parameter_message(key, formula)}")
            continue
        values = value.value if isinstance(value, yaml.SequenceNode) else [value]
        if not values:
            where.error(value, f"{label}: '{key}' lists no values")
        choices[key] = []
        for value_node_ in values:
            text = text_value(value_node_)
            parsed = parameter.parse(text) if text else None
            if parsed is None:
                where.error(value_node_, f"{label}: '{key}' must be a list of numbers like "
                                         f"[7B, 70B], found {describe(value_node_)}")  # fmt: skip
                continue
            problem = parameter.range_problem(parsed)
            if problem is not None:
                where.error(value_node_, f"{label}: {problem}")
                continue
            choices[key].append(parsed)
    for name in known:
        if name not in choices:
            where.error(node, f"{label}: missing parameter '{name}' ({known[name].description})")
    if len(where.problems) > before:
        return ()
    combinations = math.prod(len(values) for values in choices.values())
    if combinations > MOST_COMBINATIONS:
        where.error(node, f"{label} makes {combinations} combinations; give at most "
                          f"{MOST_COMBINATIONS}, a few realistic values per parameter")  # fmt: skip
        return ()
    sound = sound_cases(formula, choices)
    if len(sound) < ANKI_CASES:
        where.error(node, f"{label} makes {len(sound)} sound cases (trivial ones and those that "
                          f"break the formula's rules are left out); add values for at least "
                          f"{ANKI_CASES}, the cases an Anki note carries")  # fmt: skip
        return ()
    return sound
