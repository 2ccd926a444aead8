"""Finding a formula's rule in the notes: by its words, whatever the numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fmflash.formulas.catalog import all_formulas
from fmflash.formulas.statement import rule_statement

SPARSE = all_formulas()["sparse_nonzero"].rule_in_notes
COMPUTE = all_formulas()["training_compute"].rule_in_notes


def test_the_statement_is_the_rules_words_with_numbers_masked() -> None:
    text = "Intro. A 90% sparse 7.5B-parameter model has 750 million non-zero parameters."
    assert rule_statement(SPARSE, text) == "sparse #b-parameter model has # million non-zero"
    assert rule_statement(SPARSE, "Sparse models are smaller. Non-zero ones count.") is None
    assert rule_statement("", text) is None  # a formula with no pattern is never stated


def test_a_decimal_point_is_not_a_digit_of_the_rule() -> None:
    assert rule_statement(COMPUTE, "Compute is 6 x N x D.") == "# x n"
    assert rule_statement(COMPUTE, "Compute is 1.6 x N x D.") is None  # not "6 x N"


@given(st.integers(0, 10**6), st.none() | st.integers(0, 999))
def test_no_number_decides_whether_or_how_the_rule_is_stated(whole: int, part: int | None) -> None:
    number = whole if part is None else f"{whole}.{part}"
    text = f"A 90% sparse {number}B model has {number} million non-zero parameters."
    assert rule_statement(SPARSE, text) == rule_statement(
        SPARSE, "A 90% sparse 7B model has 700 million non-zero parameters."
    )
