"""Formulas a learner declares in a card file (``formulas:``), made into registry formulas (pure).

A declaration is plain data: names, units, ranges, an expression and templates. It becomes a
``Formula`` like the built-ins, whose ``compute`` evaluates the parsed expression (never
Python's ``eval``). A card of a declared formula carries its declaration as JSON, so that a
practice card drawn from the cache, in the reviewer or in a package, computes the same cases
without the card file that declared it.
"""

from __future__ import annotations

import json
import math
import re
import string
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b
from typing import Any

from fmflash.formulas.expression import parse_expression
from fmflash.formulas.expression_evaluation import evaluate_expression
from fmflash.formulas.expression_grammar import FUNCTIONS, tokenize
from fmflash.formulas.expression_tree import Node, names_in
from fmflash.formulas.quantities import Quantity, Unit
from fmflash.formulas.registry import Formula, Parameter, evaluate

# The units a declared input or result may have, as a card file writes them.
UNITS = {unit.value: unit for unit in Unit}
# A name for a formula or an input: a lowercase word, as the built-ins are named.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Names a template gives besides the inputs: the result (in working lines only).
RESULT = "result"
# A result in bytes is answered in GB, as the built-in weights_memory is.
_ANSWERS = {Unit.BYTES: "{result:in:GB}"}


@dataclass(frozen=True, slots=True)
class DeclaredInput:
    """One input of a declared formula: its unit, inclusive range, and an example value."""

    name: str
    unit: Unit
    example: float
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    description: str = ""

    def parameter(self) -> Parameter:
        """Return the input as a registry parameter (its range inclusive at both ends)."""
        low = -math.inf if self.minimum is None else self.minimum
        high = math.inf if self.maximum is None else self.maximum
        shown = Parameter(self.name, self.unit, "").show(self.example)
        description = self.description or f"{self.unit.value}, e.g. {shown}"
        return Parameter(
            self.name,
            self.unit,
            description,
            minimum=low,
            minimum_allowed=True,
            maximum=high,
            maximum_allowed=True,
            whole=self.whole,
        )


@dataclass(frozen=True, slots=True)
class Declaration:
    """A formula as a card file declares it."""

    name: str
    rule: str
    inputs: tuple[DeclaredInput, ...]
    expression: str
    unit: Unit
    question: str
    working: tuple[str, ...] = ()

    def to_json(self) -> str:
        """Write the declaration as JSON, the form a card carries it in."""
        inputs = [
            [
                put.name,
                put.unit.value,
                put.example,
                put.minimum,
                put.maximum,
                put.whole,
                put.description,
            ]
            for put in self.inputs
        ]
        return json.dumps(
            [
                self.name,
                self.rule,
                inputs,
                self.expression,
                self.unit.value,
                self.question,
                list(self.working),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )


def declaration_of_json(text: str) -> Declaration:
    """Read a declaration written by ``Declaration.to_json``."""
    name, rule, inputs, expression, unit, question, working = json.loads(text)
    return Declaration(
        name,
        rule,
        tuple(_input(*fields) for fields in inputs),
        expression,
        Unit(unit),
        question,
        tuple(working),
    )


@dataclass(frozen=True, slots=True)
class DeclaredElsewhere:
    """The formulas a project's other card files declare, for a card file's entries to name."""

    declarations: tuple[Declaration, ...] = ()
    # The names declared there with a problem: reported where declared, not where used.
    broken: frozenset[str] = frozenset()

    def by_name(self) -> dict[str, Declaration]:
        """Return the declarations by name (the first of a name declared twice)."""
        found: dict[str, Declaration] = {}
        for declaration in self.declarations:
            found.setdefault(declaration.name, declaration)
        return found

    def digest(self) -> str:
        """Return a digest of the declarations ("" for none): a part of a card file's cache key."""
        return declarations_digest(self.declarations)


# What a card file of a project whose other card files declare no formulas is parsed with.
NOWHERE = DeclaredElsewhere()


def declarations_digest(declarations: Iterable[Declaration]) -> str:
    """Hash declarations, in order ("" for none): cards made with them depend on each."""
    text = "\n".join(declaration.to_json() for declaration in declarations)
    return blake2b(text.encode(), digest_size=8).hexdigest() if text else ""


def _input(name: str, unit: str, example: float, *rest: Any) -> DeclaredInput:
    return DeclaredInput(name, Unit(unit), example, *rest)


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
        parameters=tuple(put.parameter() for put in declaration.inputs),
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
