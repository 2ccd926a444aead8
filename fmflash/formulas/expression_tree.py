"""A learner's formula expression as a tree: numbers, inputs, signs, operations, calls (pure)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Number:
    """A number written in the expression."""

    value: float


@dataclass(frozen=True, slots=True)
class Name:
    """An input named in the expression, and the column where it is written."""

    name: str
    column: int


@dataclass(frozen=True, slots=True)
class Negative:
    """Unary minus."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Operation:
    """A binary operation: ``+``, ``-``, ``*``, ``/`` or ``**``."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    """A call of one of ``FUNCTIONS``."""

    function: str
    arguments: tuple[Node, ...]


Node = Number | Name | Negative | Operation | Call


def names_in(node: Node) -> list[Name]:
    """Return every input the expression names, in order, each time it is named."""
    if isinstance(node, Name):
        return [node]
    if isinstance(node, Negative):
        return names_in(node.operand)
    if isinstance(node, Operation):
        return names_in(node.left) + names_in(node.right)
    if isinstance(node, Call):
        return [name for argument in node.arguments for name in names_in(argument)]
    return []
