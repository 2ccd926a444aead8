from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.formulas.quantities import (
    ROUNDING_TOLERANCE,
    Quantity,
    Unit,
    format_quantity,
    parse_number,
    parse_quantity,
    scientific,
    short,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7B", 7e9),
        ("46.7B", 46.7e9),
        ("900M", 900e6),
        ("2T", 2e12),
        ("7e9", 7e9),
        ("7_000_000_000", 7e9),
        ("90%", 0.9),
        ("0.9", 0.9),
        ("312T", 312e12),
        ("1.5k", 1500),
        ("5.63 billion", 5.63e9),
        ("3.15 x 10^23", 3.15e23),
        ("1,024", 1024),
        (".5", 0.5),
    ],
)
def test_parse_number_reads_the_card_file_forms(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["seven", "", "7 GB", "1.2.3", "B7", "nan", "inf", "10^9"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("14 GB", Unit.BYTES, 14e9),
        ("1.4e10 bytes", Unit.BYTES, 1.4e10),
        ("13 GiB", Unit.BYTES, 13 * 2**30),
        ("236 days", Unit.SECONDS, 236 * 86400),
        ("3.15 x 10^23 FLOPs", Unit.FLOPS, 3.15e23),
        ("312 TFLOP/s", Unit.FLOPS_PER_SECOND, 3.12e14),
        ("700M", Unit.PARAMETERS, 7e8),
        ("700 million", Unit.PARAMETERS, 7e8),
        ("50%", Unit.FRACTION, 0.5),
    ],
)
def test_parse_quantity_understands_unit_words(text: str, unit: Unit, value: float) -> None:
    assert parse_quantity(text, unit) == pytest.approx(value)


def test_parse_quantity_rejects_a_unit_of_another_kind() -> None:
    assert parse_quantity("14 days", Unit.BYTES) is None


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (14e9, Unit.BYTES, "14 GB"),
        (7e8, Unit.PARAMETERS, "700 million"),
        (5.6333e9, Unit.PARAMETERS, "5.63 billion"),
        (3.15e23, Unit.FLOPS, "3.15 x 10^23 FLOPs"),
        (236.4 * 86400, Unit.SECONDS, "236 days"),
        (0.5, Unit.FRACTION, "50%"),
        (2, Unit.BYTES_PER_PARAMETER, "2 bytes (fp16/bf16)"),
        (1, Unit.BYTES_PER_PARAMETER, "1 byte (int8)"),
        (312e12, Unit.FLOPS_PER_SECOND, "312 TFLOP/s"),
        (1.4e12, Unit.TOKENS, "1.4 trillion"),
        (1024, Unit.COUNT, "1,020"),
        (3 * 3600, Unit.SECONDS, "3 hours"),
        (5e5, Unit.BYTES, "500 KB"),
    ],
)
def test_format_quantity_writes_as_a_person_does(value: float, unit: Unit, text: str) -> None:
    assert format_quantity(value, unit) == text


def test_scientific_and_short_forms() -> None:
    assert scientific(1.4e10) == "1.4 x 10^10"
    assert scientific(42) == "42"
    assert short(46.7e9) == "46.7B"
    assert short(900e6) == "900M"
    assert format(Quantity(1024, Unit.COUNT, 6), "plain") == "1,024"


def test_unknown_template_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format 'x'"):
        format(Quantity(1, Unit.COUNT), "x")


magnitudes = st.floats(min_value=1e-2, max_value=1e30, allow_nan=False, allow_infinity=False)


@given(magnitudes, st.sampled_from(list(Unit)))
def test_formatting_never_raises_and_round_trips_within_its_rounding(
    value: float, unit: Unit
) -> None:
    if unit is Unit.FRACTION:
        value = value % 1
    text = format_quantity(value, unit)
    if unit is Unit.BYTES_PER_PARAMETER:
        text = text.split(" (")[0]
    parsed = parse_quantity(text, unit)
    assert parsed is not None, text
    assert math.isclose(parsed, value, rel_tol=ROUNDING_TOLERANCE, abs_tol=1e-12), text
