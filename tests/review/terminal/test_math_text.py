"""Math as Unicode text: what the terminal shows of TeX, with no backslash and no brace left."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.review.terminal.math_text import math_to_text


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        ("2^{H}", "2^H"),
        ("PPL = 2^{H}", "PPL = 2^H"),
        ("\\frac{a}{b}", "a/b"),
        ("\\frac{a}{b+c}", "a/(b+c)"),
        ("\\dfrac{1}{\\sqrt{d_k}}", "1/√(d_k)"),
        ("2 \\times 3", "2 × 3"),
        ("\\sqrt{x}", "√x"),
        ("\\sqrt[3]{x}", "∛x"),
        ("\\alpha + \\beta", "α + β"),
        ("e^{-x^2}", "e^(-x^2)"),
        ("x_{i}^{2}", "x_i^2"),
        ("\\binom{n}{k}", "C(n, k)"),
        ("\\text{tokens} \\approx 6", "tokens ≈ 6"),
        ("p = 90%", "p = 90%"),  # a percent sign, not a TeX comment
        ("\\operatorname{softmax}(x)", "softmax(x)"),
    ],
)
def test_math_reads_as_unicode_text(tex: str, shown: str) -> None:
    assert math_to_text(tex) == shown


@pytest.mark.parametrize("tex", ["\\frac{a", "}{", "\\", "\\unknown{x}", "{{x}", "a \\\\ b"])
def test_malformed_or_unknown_tex_leaves_no_backslash_or_brace(tex: str) -> None:
    shown = math_to_text(tex)
    assert "\\" not in shown
    assert "{" not in shown
    assert "}" not in shown


TEX_PIECES = ["\\frac", "\\sqrt", "\\alpha", "\\times", "\\text", "{", "}", "^", "_", "x",
              "2", "+", " ", "[", "]", "\\", "%", "\\left(", "\\right)", "\\mathbf"]  # fmt: skip


@given(st.lists(st.sampled_from(TEX_PIECES), max_size=12))
def test_no_backslash_is_ever_left(pieces: list[str]) -> None:
    assert "\\" not in math_to_text("".join(pieces))
