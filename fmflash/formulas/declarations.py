"""Formulas as a learner declares them (plain data): their inputs, units, ranges, JSON form.

Apart from the formulas made of them (``declared.py``, with the expression parser and the
registry), so that loading a project, which carries the declarations of its other card files,
does not load the formulas a deck without computed cards never evaluates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from hashlib import blake2b
from typing import Any, NamedTuple

from fmflash.formulas.units import Unit

# The units a declared input or result may have, as a card file writes them.
UNITS = {unit.value: unit for unit in Unit}
# A name for a formula or an input: a lowercase word, as the built-ins are named.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Names a template gives besides the inputs: the result (in working lines only).
RESULT = "result"


class DeclaredInput(NamedTuple):
    """One input of a declared formula: its unit, inclusive range, and an example value."""

    name: str
    unit: Unit
    example: float
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    description: str = ""


class Declaration(NamedTuple):
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


class DeclaredElsewhere(NamedTuple):
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
