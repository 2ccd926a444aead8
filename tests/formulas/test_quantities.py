from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.formulas.quantities import (
    ROUNDING_TOLERANCE,
    Quantity,
    format_quantity,
    parse_number,
    parse_quantity,
    plain,
    round_significant,
    scientific,
    short,
)
from fmflash.formulas.units import Unit


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


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0, 3, "0"),
        (-0.0, 3, "0"),
        (math.inf, 3, "infinite"),
        (-math.inf, 3, "-infinite"),
        (math.nan, 3, "not a number"),
        (1.0, 3, "1"),
        (100, 3, "100"),
        (2.5, 3, "2.5"),
        (-0.25, 3, "-0.25"),
        (0.1 + 0.2, 3, "0.3"),
        (999, 3, "999"),
        (999.5, 3, "1,000"),  # rounded first: the thousands separator follows the rounding
        (1000, 3, "1,000"),
        (1234.5, 3, "1,230"),
        (-1234, 3, "-1,230"),
        (0.001, 3, "0.001"),  # the smallest number written plainly
        (0.000999, 3, "9.99 x 10^-4"),
        (-0.0004, 3, "-4 x 10^-4"),
        (999e12, 3, "999,000,000,000,000"),  # the largest
        (1e15, 3, "1 x 10^15"),
        (5e-324, 3, "4.94 x 10^-324"),
        (0.0012345, 5, "0.0012345"),  # five significant figures, not 0.001234
        (0.000123456, 6, "1.23456 x 10^-4"),
        (123456, 6, "123,456"),
        (3.14159, 2, "3.1"),
        (3.14159, 5, "3.1416"),
        (0.1 + 0.2, 16, "0.3"),  # exactly as many decimals as needed: no float noise
    ],
)
def test_plain_writes_exact_digits_at_every_threshold(value: float, digits: int, text: str) -> None:
    assert plain(value, digits) == text


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0, 3, "0"),
        (math.inf, 3, "infinite"),
        (0.001, 3, "0.001"),
        (0.000999, 3, "9.99 x 10^-4"),
        (9990, 3, "9,990"),
        (9999, 3, "10,000"),  # below 10^4 it stays plain, rounded
        (10000, 3, "1 x 10^4"),
        (-1.4e10, 3, "-1.4 x 10^10"),
        (9.996e9, 3, "1 x 10^10"),
        (1.23456e10, 5, "1.2346 x 10^10"),
        (3.14159, 5, "3.1416"),
        (5e-324, 3, "4.94 x 10^-324"),
    ],
)
def test_scientific_writes_exact_digits_at_every_threshold(
    value: float, digits: int, text: str
) -> None:
    assert scientific(value, digits) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (999, "999"),
        (999.6, "1K"),
        (1000, "1K"),
        (1500, "1.5K"),
        (999_999, "1M"),
        (1e6, "1M"),
        (-7e9, "-7B"),
        (1e9, "1B"),
        (1e12, "1T"),
        (999e12, "999T"),
        (1e15, "1 x 10^15"),
        (-1e15, "-1 x 10^15"),
    ],
)
def test_short_at_every_threshold(value: float, text: str) -> None:
    assert short(value) == text


def test_short_with_more_digits() -> None:
    assert short(1.23456e9, 5) == "1.2346B"
    assert short(999_990, 5) == "999.99K"  # five figures do not round it up to a million
    assert short(1.23456e15, 5) == "1.2346 x 10^15"
    assert short(123.456, 5) == "123.46"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (999e3, Unit.PARAMETERS, "999,000"),
        (999_999, Unit.PARAMETERS, "1 million"),
        (1e6, Unit.TOKENS, "1 million"),
        (1e9, Unit.PARAMETERS, "1 billion"),
        (-2e9, Unit.PARAMETERS, "-2 billion"),
        (1e12, Unit.TOKENS, "1 trillion"),
        (999e12, Unit.TOKENS, "999 trillion"),
        (1e15, Unit.TOKENS, "1 x 10^15"),
        (-1e15, Unit.TOKENS, "-1 x 10^15"),
        (0, Unit.BYTES, "0 bytes"),
        (1.5, Unit.BYTES, "1.5 bytes"),
        (999, Unit.BYTES, "999 bytes"),
        (999.6, Unit.BYTES, "1 KB"),
        (1000, Unit.BYTES, "1 KB"),
        (1e6, Unit.BYTES, "1 MB"),
        (1e9, Unit.BYTES, "1 GB"),
        (-5e9, Unit.BYTES, "-5 GB"),
        (1e12, Unit.BYTES, "1 TB"),
        (1e15, Unit.BYTES, "1 PB"),
        (1e18, Unit.BYTES, "1,000 PB"),
        (4, Unit.BYTES_PER_PARAMETER, "4 bytes (fp32)"),
        (0.5, Unit.BYTES_PER_PARAMETER, "0.5 bytes (int4)"),
        (3, Unit.BYTES_PER_PARAMETER, "3 bytes"),
        (0.5, Unit.FRACTION, "50%"),
        (1.5, Unit.FRACTION, "150%"),
        (0.000123, Unit.FRACTION, "0.0123%"),
        (5000, Unit.FLOPS, "5,000 FLOPs"),
        (999e6, Unit.FLOPS_PER_SECOND, "999,000,000 FLOP/s"),
        (999.6e6, Unit.FLOPS_PER_SECOND, "1 GFLOP/s"),
        (1e9, Unit.FLOPS_PER_SECOND, "1 GFLOP/s"),
        (-2e12, Unit.FLOPS_PER_SECOND, "-2 TFLOP/s"),
        (1e15, Unit.FLOPS_PER_SECOND, "1 PFLOP/s"),
        (1e18, Unit.FLOPS_PER_SECOND, "1,000 PFLOP/s"),
        (119, Unit.SECONDS, "119 seconds"),
        (120, Unit.SECONDS, "2 minutes"),
        (-300, Unit.SECONDS, "-5 minutes"),
        (7199, Unit.SECONDS, "120 minutes"),  # a duration changes unit at two of the next
        (7200, Unit.SECONDS, "2 hours"),
        (172_799, Unit.SECONDS, "48 hours"),
        (172_800, Unit.SECONDS, "2 days"),
        (2 * 31_536_000 - 1, Unit.SECONDS, "730 days"),
        (2 * 31_536_000, Unit.SECONDS, "2 years"),
        (1024, Unit.COUNT, "1,020"),
    ],
)
def test_format_quantity_at_every_threshold(value: float, unit: Unit, text: str) -> None:
    assert format_quantity(value, unit) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1.23456e9, Unit.PARAMETERS, "1.2346 billion"),
        (999_990, Unit.PARAMETERS, "999,990"),
        (1.23456e15, Unit.TOKENS, "1.2346 x 10^15"),
        (123.456, Unit.TOKENS, "123.46"),
        (999_990, Unit.BYTES, "999.99 KB"),
        (1.23456, Unit.BYTES, "1.2346 bytes"),
        (12.3456, Unit.SECONDS, "12.346 seconds"),
        (999.99e6, Unit.FLOPS_PER_SECOND, "999,990,000 FLOP/s"),
        (123.456, Unit.FLOPS_PER_SECOND, "123.46 FLOP/s"),
        (1.23456, Unit.BYTES_PER_PARAMETER, "1.2346 bytes"),
        (1.23456e9, Unit.BYTES, "1.2346 GB"),
        (236.4 * 86400, Unit.SECONDS, "236.4 days"),
        (0.123456, Unit.FRACTION, "12.346%"),
        (1.23456e23, Unit.FLOPS, "1.2346 x 10^23 FLOPs"),
        (3.12345e14, Unit.FLOPS_PER_SECOND, "312.35 TFLOP/s"),
        (1.5, Unit.BYTES_PER_PARAMETER, "1.5 bytes"),
        (1024, Unit.COUNT, "1,024"),
    ],
)
def test_format_quantity_with_five_digits(value: float, unit: Unit, text: str) -> None:
    assert format_quantity(value, unit, 5) == text


@pytest.mark.parametrize(
    ("quantity", "spec", "text"),
    [
        (Quantity(8e9, Unit.PARAMETERS), "a short", "an 8B"),
        (Quantity(7e9, Unit.PARAMETERS), "a short", "a 7B"),
        (Quantity(8e9, Unit.PARAMETERS), "a", "an 8 billion"),
        (Quantity(1.75e12, Unit.BYTES), "in:GB", "1,750 GB"),
        (Quantity(2**30, Unit.BYTES), "in:GiB", "1 GiB"),
        (Quantity(1, Unit.COUNT), "n:epoch", "1 epoch"),
        (Quantity(2, Unit.COUNT), "n:epoch", "2 epochs"),
        (Quantity(1.23456, Unit.COUNT, 5), "n:epoch", "1.2346 epochs"),
        (Quantity(1.23456e9, Unit.BYTES, 5), "in:GB", "1.2346 GB"),
        (Quantity(1_234_567, Unit.COUNT, 6), "plain", "1,234,570"),
        (Quantity(1_234_567, Unit.COUNT, 6), "sci", "1.23457 x 10^6"),
        (Quantity(1_234_567, Unit.COUNT, 6), "short", "1.23457M"),
        (Quantity(1_234_567, Unit.PARAMETERS, 6), "", "1.23457 million"),
        (Quantity(1_234_567, Unit.PARAMETERS), "", "1.23 million"),
    ],
)
def test_template_formats(quantity: Quantity, spec: str, text: str) -> None:
    assert format(quantity, spec) == text


def test_a_unit_of_another_kind_in_a_template_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=r"^'days' is not a unit of bytes$"):
        format(Quantity(1, Unit.BYTES), "in:days")
    with pytest.raises(ValueError, match=r"^'GB' is not a unit of count$"):
        format(Quantity(1, Unit.COUNT), "in:GB")
    with pytest.raises(ValueError, match=r"^unknown format 'x'; use sci, plain or short$"):
        format(Quantity(1, Unit.COUNT), "x")


@pytest.mark.parametrize(
    ("value", "digits", "rounded"),
    [
        (0.0, 3, 0.0),
        (123_456, 3, 123_000),
        (123_456, 2, 120_000),
        (-0.0012345, 3, -0.00123),
        (math.inf, 3, math.inf),
        (-math.inf, 3, -math.inf),
    ],
)
def test_round_significant(value: float, digits: int, rounded: float) -> None:
    assert round_significant(value, digits) == rounded


def test_round_significant_keeps_not_a_number() -> None:
    assert math.isnan(round_significant(math.nan))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 * 10^3", 2000),
        ("2\u00d710^-3", 0.002),
        ("1.5 x 10 ^ 2", 150),
        ("-3k", -3000),
        ("+2.5M", 2.5e6),
        ("1,000", 1000),
        ("1,000,000", 1e6),
        ("7 thousand", 7000),
        ("7 mn", 7e6),
        ("7bn", 7e9),
        ("7g", 7e9),
        ("2 trillion", 2e12),
        ("12.5%", 0.125),
        ("5.", 5),
        ("1E3", 1000),
    ],
)
def test_parse_number_exact_values(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1e308T", "1e300 x 10^10", "7 kilos", "7bits"])
def test_parse_number_refuses_overflow_and_unknown_words(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("14 gb", Unit.BYTES, 14e9),
        ("2 PB", Unit.BYTES, 2e15),
        ("1 KiB", Unit.BYTES, 1024),
        ("2 bytes", Unit.BYTES_PER_PARAMETER, 2),
        ("90 Minutes", Unit.SECONDS, 5400),
        ("1.5 weeks", Unit.SECONDS, 1.5 * 604800),
        ("2 years", Unit.SECONDS, 2 * 31536000),
        ("6e23 flop", Unit.FLOPS, 6e23),
        ("2 PFLOP/s", Unit.FLOPS_PER_SECOND, 2e15),
        ("7 GFLOPS", Unit.FLOPS_PER_SECOND, 7e9),
        ("7B params", Unit.PARAMETERS, 7e9),
        ("15T tokens", Unit.TOKENS, 15e12),
        ("42", Unit.COUNT, 42),
    ],
)
def test_parse_quantity_exact_values(text: str, unit: Unit, value: float) -> None:
    assert parse_quantity(text, unit) == value


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("5 apples", Unit.COUNT),
        ("50 percent", Unit.FRACTION),
        ("7 GB", Unit.PARAMETERS),
        ("seven GB", Unit.BYTES),
    ],
)
def test_parse_quantity_refuses_words_the_unit_has_not(text: str, unit: Unit) -> None:
    assert parse_quantity(text, unit) is None


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (202.5, "203"),
        (2.675, "2.68"),
        (0.1235, "0.124"),
        (-202.5, "-203"),
        (1.7976931348623157e308, "1.8 x 10^308"),
    ],
)
def test_a_half_rounds_up_as_a_person_rounds_it(value: float, written: str) -> None:
    # 405B parameters x 0.5 bytes is 202.5 GB: a learner rounds it to 203, not to even 202.
    assert plain(value) == written


def test_powers_of_ten_round_a_half_up_too() -> None:
    assert scientific(2.025e11) == "2.03 x 10^11"
    assert scientific(3.145e23) == "3.15 x 10^23"
