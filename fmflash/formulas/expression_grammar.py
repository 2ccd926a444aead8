"""A learner's formula expression, its words: the functions, the limits, the tokens (pure).

A card file is someone else's text, so the tokenizer accepts numbers, input names,
``+ - * / **``, parentheses and commas, and nothing else: a stray character becomes an
``error`` token that names what it would be (an attribute, a string, a comparison, ...).
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Callable
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
FUNCTION_LIST = ", ".join(FUNCTIONS)

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
ALLOWED = "numbers, input names, + - * / **, parentheses and the functions " + FUNCTION_LIST


class ExpressionError(ValueError):
    """An expression outside the grammar: the message, and the column (from 1) it is about."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


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
            tokens.append(Token("error", f"{reason}; an expression has {ALLOWED}", position + 1))
            return tokens
        kind = match.lastgroup
        assert kind is not None
        if kind != "space":
            tokens.append(Token(kind, match.group(), position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
