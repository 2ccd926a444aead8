"""A learner's formula expression: parsed into a small arithmetic grammar, evaluated safely (pure).

A card file is someone else's text, so an expression is never handed to Python: a hand-written
tokenizer and recursive-descent parser accept numbers, input names, ``+ - * / **``, unary
minus, parentheses and calls of a few math functions, and nothing else. Anything else (an
attribute, a subscript, a string, a comparison, a lambda, any other call) is an
``ExpressionError`` at the column of the offending part. Evaluation is in floating point, so
``9 ** 9 ** 9 ** 9`` overflows at once instead of building a huge integer; a result that is not
finite (log of 0, a division by 0, an overflow) is NaN or infinite, for the caller to refuse.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# Longer is a typing slip or an attack; deeper nesting would exhaust Python's stack.
MOST_CHARACTERS = 500
MOST_DEPTH = 40

FUNCTIONS: dict[str, tuple[Callable[..., float], int, int]] = {
    # name: (function, fewest arguments, most arguments)
    "log": (math.log, 1, 1),
    "log2": (math.log2, 1, 1),
    "log10": (math.log10, 1, 1),
    "exp": (math.exp, 1, 1),
    "sqrt": (math.sqrt, 1, 1),
    "min": (min, 2, 20),
    "max": (max, 2, 20),
    "floor": (math.floor, 1, 1),
    "ceil": (math.ceil, 1, 1),
}
_FUNCTION_LIST = ", ".join(FUNCTIONS)

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<number>(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<operator>\*\*|[-+*/(),])""",
    re.VERBOSE,
)
# What a character that starts no token is, for the message.
_FORBIDDEN = {
    ".": "an attribute ('.') is not allowed",
    "[": "a list or subscript ('[') is not allowed",
    "]": "a list or subscript (']') is not allowed",
    "{": "a set or mapping ('{') is not allowed",
    "}": "a set or mapping ('}') is not allowed",
    "'": "a string is not allowed",
    '"': "a string is not allowed",
    "<": "a comparison is not allowed",
    ">": "a comparison is not allowed",
    "=": "a comparison or assignment is not allowed",
    "!": "a comparison is not allowed",
    ":": "a lambda or slice (':') is not allowed",
    "%": "'%' is not allowed; use floor(a / b) and a - b * floor(a / b)",
    "^": "'^' is not allowed; write a power as a ** b",
}
# Python's own words (if, lambda, for, ...): named, they are refused for what they are.
KEYWORDS = frozenset(keyword.kwlist)
_ALLOWED = "numbers, input names, + - * / **, parentheses and the functions " + _FUNCTION_LIST


class ExpressionError(ValueError):
    """An expression outside the grammar: the message, and the column (from 1) it is about."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


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


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind (number, name, operator or end), its text and its column."""

    kind: str
    text: str
    column: int


def tokenize(text: str) -> list[Token]:
    """Cut an expression into tokens, up to a stray character: an ``error`` token there.

    The parser reaches the error token in reading order, so a call of an unknown function is
    named as such before the string it is given.
    """
    if len(text) > MOST_CHARACTERS:
        raise ExpressionError(
            f"the expression is {len(text)} characters long; keep it under {MOST_CHARACTERS}", 1
        )
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            character = text[position]
            reason = _FORBIDDEN.get(character, f"'{character}' is not allowed")
            tokens.append(Token("error", f"{reason}; an expression has {_ALLOWED}", position + 1))
            return tokens
        kind = match.lastgroup
        assert kind is not None
        if kind != "space":
            tokens.append(Token(kind, match.group(), position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    """Recursive descent over the tokens: sum, product, unary, power, atom."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def peek(self) -> Token:
        token = self.tokens[self.position]
        if token.kind == "error":
            raise ExpressionError(token.text, token.column)
        return token

    def take(self) -> Token:
        token = self.peek()
        self.position += 1
        return token

    def expect(self, text: str, context: str) -> None:
        token = self.peek()
        if token.text != text or token.kind != "operator":
            raise ExpressionError(
                f"expected '{text}' {context}, found {_shown(token)}", token.column
            )
        self.take()

    def sum(self) -> Node:
        node = self.product()
        while self.peek().text in ("+", "-") and self.peek().kind == "operator":
            operator = self.take().text
            node = Operation(operator, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek().text in ("*", "/") and self.peek().kind == "operator":
            operator = self.take().text
            node = Operation(operator, node, self.unary())
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "operator" and token.text in ("-", "+"):
            self.take()
            with self.nested(token):
                operand = self.unary()
            return Negative(operand) if token.text == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        token = self.peek()
        if token.kind == "operator" and token.text == "**":
            self.take()
            with self.nested(token):
                return Operation("**", base, self.unary())  # right-associative, as in Python
        return base

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Number(float(token.text.replace("_", "")))
        if token.kind == "name":
            return self.name_or_call(token)
        if token.kind == "operator" and token.text == "(":
            with self.nested(token):
                inner = self.sum()
            self.expect(")", f"to close the '(' at column {token.column}")
            return inner
        raise ExpressionError(
            f"expected a number, an input or '(', found {_shown(token)}", token.column
        )

    def name_or_call(self, token: Token) -> Node:
        if token.text in KEYWORDS:
            raise ExpressionError(
                f"'{token.text}' is not allowed; an expression has {_ALLOWED}", token.column
            )
        following = self.peek()
        if not (following.kind == "operator" and following.text == "("):
            return Name(token.text, token.column)
        if token.text not in FUNCTIONS:
            raise ExpressionError(
                f"unknown function '{token.text}'; the functions are {_FUNCTION_LIST}",
                token.column,
            )
        self.take()
        arguments = []
        with self.nested(token):
            if not (self.peek().kind == "operator" and self.peek().text == ")"):
                arguments.append(self.sum())
                while self.peek().kind == "operator" and self.peek().text == ",":
                    self.take()
                    arguments.append(self.sum())
        self.expect(")", f"to close the call of {token.text} at column {token.column}")
        _, fewest, most = FUNCTIONS[token.text]
        if not fewest <= len(arguments) <= most:
            wanted = f"{fewest}" if fewest == most else f"{fewest} to {most}"
            raise ExpressionError(
                f"{token.text} takes {wanted} argument{'s' if most > 1 else ''}, "
                f"found {len(arguments)}",
                token.column,
            )
        return Call(token.text, tuple(arguments))

    def nested(self, token: Token) -> _Depth:
        return _Depth(self, token)


class _Depth:
    """Count nesting while parsing inside parentheses, calls, powers and signs."""

    def __init__(self, parser: _Parser, token: Token) -> None:
        self.parser = parser
        self.token = token

    def __enter__(self) -> None:
        self.parser.depth += 1
        if self.parser.depth > MOST_DEPTH:
            raise ExpressionError(
                f"the expression nests more than {MOST_DEPTH} deep", self.token.column
            )

    def __exit__(self, *exception: object) -> None:
        self.parser.depth -= 1


def _shown(token: Token) -> str:
    return "the end" if token.kind == "end" else f"'{token.text}'"


def parse_expression(text: str) -> Node:
    """Parse an expression into its tree; raise ``ExpressionError`` with the column at fault."""
    parser = _Parser(tokenize(text))
    if parser.peek().kind == "end":
        raise ExpressionError("the expression is empty", 1)
    node = parser.sum()
    token = parser.peek()
    if token.kind != "end":
        if token.text in KEYWORDS:
            raise ExpressionError(f"'{token.text}' is not allowed; an expression has {_ALLOWED}",
                                  token.column)  # fmt: skip
        reason = "',' outside a function call" if token.text == "," else _shown(token)
        raise ExpressionError(f"unexpected {reason}; an expression has {_ALLOWED}", token.column)
    return node


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


def evaluate_expression(node: Node, values: Mapping[str, float]) -> float:
    """Compute the expression in floating point; NaN or infinity if it is not finite."""
    try:
        result = _value(node, values)
    except (ArithmeticError, ValueError):  # a division by 0, log of 0, an overflow
        return math.nan
    return float(result)


def _value(node: Node, values: Mapping[str, float]) -> float:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        return values[node.name]
    if isinstance(node, Negative):
        return -_value(node.operand, values)
    if isinstance(node, Call):
        function = FUNCTIONS[node.function][0]
        return float(function(*(_value(argument, values) for argument in node.arguments)))
    left, right = _value(node.left, values), _value(node.right, values)
    if node.operator == "+":
        return left + right
    if node.operator == "-":
        return left - right
    if node.operator == "*":
        return left * right
    if node.operator == "/":
        return left / right
    power: float | complex = (
        left**right
    )  # a float power: it overflows (OverflowError), it never grows huge
    if isinstance(power, complex):  # a negative base to a fractional power
        return math.nan
    return power
