"""A learner's expression as a tree: the inputs it names, in order, with their columns."""

from __future__ import annotations

from fmflash.formulas.expression import parse_expression
from fmflash.formulas.expression_tree import Name, names_in


def test_names_are_listed_with_their_columns() -> None:
    assert names_in(parse_expression("layers * 2 * max(hidden, layers)")) == [
        Name("layers", 1),
        Name("hidden", 18),
        Name("layers", 26),
    ]
