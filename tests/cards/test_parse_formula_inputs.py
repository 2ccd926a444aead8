"""A declared formula's inputs: names, units, ranges and examples, each refused where written."""

from __future__ import annotations

import pytest

from .formula_files import HEADER, PERPLEXITY, problems


@pytest.mark.parametrize("name", ["model_name", "rating", "result", "log", "lambda"])
def test_an_input_cannot_take_a_name_templates_or_expressions_give(name: str) -> None:
    text = HEADER + PERPLEXITY.replace("entropy", name)
    assert problems(text)[0] == (
        f"cards.yaml:9:7: formula 'perplexity': the input name '{name}' is a reserved word; "
        "name it like entropy or hidden_size"
    )
