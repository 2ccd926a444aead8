"""Formulas a learner declares in a card file (``formulas:``), made into registry formulas (pure).

A declaration (``declarations.py``) is plain data: names, units, ranges, an expression and
templates. It becomes a ``Formula`` like the built-ins, whose ``compute`` evaluates the parsed
expression (never Python's ``eval``). A card of a declared formula carries its declaration as
JSON, so that a practice card drawn from the cache, in the reviewer or in a package, computes
the same cases without the card file that declared it.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Collection, Mapping
from functools import lru_cache

from fmflash.formulas.declarations import (
    NAME_PATTERN,
    RESULT,
    Declaration,
    DeclaredInput,
    declaration_of_json,
)
from fmflash.formulas.expression import parse_expression
from fmflash.formulas.expression_evaluation import evaluate_expression
from fmflash.formulas.expression_grammar import FUNCTIONS, tokenize
from fmflash.formulas.expression_tree import Node, names_in
from fmflash.formulas.quantities import Quantity
from fmflash.formulas.registry import Formula, Parameter, evaluate
from fmflash.formulas.units import Unit

# A result in bytes is answered in GB, as the built-in weights_memory is.
_ANSWERS = {Unit.BYTES: "{result:in:GB}"}


def parameter_of(put: DeclaredInput) -> Parameter:
    """Return a declared input as a registry parameter (its range inclusive at both ends)."""
    low = -math.inf if put.minimum is None else put.minimum
    high = math.inf if put.maximum is None else put.maximum
    shown = Parameter(put.name, put.unit, "").show(put.example)
    description = put.description or f"{put.unit.value}, e.g. {shown}"
    return Parameter(
        put.name,
        put.unit,
        description,
        minimum=low,
        minimum_allowed=True,
        maximum=high,
        maximum_allowed=True,
        whole=put.whole,
    )


@lru_cache(maxsize=256)
def formula_of_json(text: str) -> Formula:
    """Return the formula a card's JSON declaration describes (made once per declaration)."""
    return declared_formula(declaration_of_json(text))


def declared_formula(declaration: Declaration) -> Formula:
    """Make a registry formula of a declaration whose expression and templates were checked."""
    tree = parse_expression(declaration.expression)
    unit = declaration.unit

    def compute(values: Mapping[str, float]) -> dict[str, Quantity]:
        return {RESULT: Quantity(evaluate_expression(tree, values), unit)}

    working = declaration.working or (f"{default_working(declaration)} = {{{RESULT}}}",)
    words = re.findall(r"\w+", declaration.rule)
    return Formula(
        name=declaration.name,
        description=declaration.rule,
        parameters=tuple(parameter_of(put) for put in declaration.inputs),
        result_unit=unit,
        question=declaration.question,
        working=working,
        compute=compute,
        answer=_ANSWERS.get(unit, f"{{{RESULT}}}"),
        rule=declaration.rule,
        # The rule counts as stated when the notes have its words in order, give or take a
        # word or two between them ("Perplexity is 2 to the power of the entropy ...").
        rule_in_notes=r"\W+(?:\w+\W+){0,2}".join(map(re.escape, words)),
    )


def default_working(declaration: Declaration) -> str:
    """Write the expression with a template for each input: ``2 ** {entropy:sci}``."""
    inputs = {put.name for put in declaration.inputs}
    pieces: list[str] = []
    previous = "("  # what came before, as far as spacing goes: "(" glues the next token on
    for token in tokenize(declaration.expression)[:-1]:
        text = f"{{{token.text}:sci}}" if token.text in inputs else token.text
        operator = token.kind == "operator" and text not in "(),"
        sign = operator and text in "+-" and previous in ("(", ",", "operator")
        glued = previous in ("(", "sign") or text in ("),") or (text == "(" and previous == "call")
        pieces.append(text if glued else f" {text}")
        if sign:
            previous = "sign"
        elif operator:
            previous = "operator"
        elif token.text in FUNCTIONS:
            previous = "call"
        else:
            previous = text if text in "()," else "value"
    return "".join(pieces)


def template_problem(template: str, names: Collection[str]) -> str | None:
    """Say what is wrong with a template's ``{name}`` fields, or None if each is one of names.

    Only plain names with a format (``{entropy}``, ``{params:sci}``) are fields: Python's
    attribute and index fields (``{x.real}``, ``{x[0]}``) and conversions would reach into the
    values, so they are refused.
    """
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as error:
        return f"{error} (write a brace as {{{{ or }}}})"
    for name, spec, conversion in fields:
        if not NAME_PATTERN.match(name) or conversion or "{" in (spec or ""):
            shown = f"{{{name}{'!' + conversion if conversion else ''}}}"
            return (
                f"'{shown}' is not a template field; name one of {', '.join(names)}, "
                f"like {{{next(iter(names), 'x')}}}"
            )
        if name not in names:
            return f"unknown name '{{{name}}}'; the names are {', '.join(names)}"
    return None


def check_example(formula: Formula, declaration: Declaration) -> str | None:
    """Apply the formula to the inputs' examples: say why it fails, or None if it works."""
    values = {put.name: put.example for put in declaration.inputs}
    result = formula.compute(values)[RESULT].value
    if not math.isfinite(result):
        return "the inputs' examples give a result that is not finite"
    try:
        evaluate(formula, values)
    except (ValueError, KeyError, IndexError) as error:
        return f"a template cannot be written: {error}"
    return None


def uses(tree: Node) -> set[str]:
    """Return the names an expression uses."""
    return {name.name for name in names_in(tree)}
