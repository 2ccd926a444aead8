"""A declared formula's fields: unknown keys, text, units and numbers, refused where written."""

from __future__ import annotations

from .formula_files import HEADER, PERPLEXITY, problems


def test_each_field_with_a_problem_is_named_where_it_is_written() -> None:
    text = HEADER + (
        PERPLEXITY.replace("unit: bits, min", "unit: bit, colour: red, min")
        .replace('result: {expression: "2 ** entropy", unit: number}', "result: 2 ** entropy")
        .replace("    question: What", "    question: ''\n    # What")
    )
    assert problems(text) == [
        "cards.yaml:9:23: formula 'perplexity': input 'entropy': unknown unit 'bit'; did you "
        "mean 'bits'? the units are parameters, tokens, bytes, bytes per parameter, fraction, "
        "FLOPs, FLOP/s, seconds, count, bits, number",
        "cards.yaml:9:28: unknown key 'colour' in formula 'perplexity': input 'entropy'; known "
        "keys: unit, min, max, whole, example, description",
        "cards.yaml:10:13: formula 'perplexity': 'result' must be a mapping like "
        "{expression: \"2 ** entropy\", unit: number}, found '2 ** entropy'",
        "cards.yaml:11:15: formula 'perplexity': 'question' must be text, found ''",
    ]


def test_a_number_is_written_like_3_7b_or_90_percent() -> None:
    assert problems(HEADER + PERPLEXITY.replace("min: 0", "min: lots")) == [
        "cards.yaml:9:34: formula 'perplexity': input 'entropy': 'min' must be a number like 3, "
        "7B, 0.5 or 90%, found 'lots'"
    ]
