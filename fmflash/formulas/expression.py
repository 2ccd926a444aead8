"""A learner's formula expression: parsed into a small arithmetic grammar, never eval'd (pure).

A card file is someone else's text, so an expression is never handed to Python: a hand-written
tokenizer (``expression_grammar``) and this recursive-descent parser accept numbers, input
names, ``+ - * / **``, unary minus, parentheses and calls of a few math functions, and nothing
else. Anything else (an attribute, a subscript, a string, a comparison, a lambda, any other
call) is an ``ExpressionError`` at the column of the offending part. The tree
(``expression_tree``) is evaluated by ``expression_evaluation``.
"""

from __future__ import annotations

from fmflash.formulas.expression_grammar import (
    ALLOWED,
    FUNCTION_LIST,
    FUNCTIONS,
    KEYWORDS,
    MOST_DEPTH,
    ExpressionError,
    Token,
    tokenize,
)
from fmflash.formulas.expression_tree import Call, Name, Negative, Node, Number, Operation


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
                f"'{token.text}' is not allowed; an expression has {ALLOWED}", token.column
            )
        following = self.peek()
        if not (following.kind == "operator" and following.text == "("):
            return Name(token.text, token.column)
        if token.text not in FUNCTIONS:
            raise ExpressionError(
                f"unknown function '{token.text}'; the functions are {FUNCTION_LIST}",
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
            raise ExpressionError(f"'{token.text}' is not allowed; an expression has {ALLOWED}",
                                  token.column)  # fmt: skip
        reason = "',' outside a function call" if token.text == "," else _shown(token)
        raise ExpressionError(f"unexpected {reason}; an expression has {ALLOWED}", token.column)
    return node
