"""Numbers with units: reading ``7B``, ``90%`` or ``14 GB``, and writing them as a person does.

Answers are rounded to three significant figures. Memory is in decimal units, as the notes use
them: 1 GB = 10^9 bytes (a GiB, 2^30 bytes, is 7.4% larger); GiB is accepted when reading.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from fmflash.formulas.english import counted, with_article
from fmflash.formulas.units import Unit

SIGNIFICANT_DIGITS = 3
# The largest relative error that rounding to three significant figures can introduce.
ROUNDING_TOLERANCE = 0.005


def same_when_rounded(first: float, second: float) -> bool:
    """Tell whether two values agree to three significant figures (one may be the other rounded)."""
    return math.isclose(first, second, rel_tol=ROUNDING_TOLERANCE)


SCALE_WORDS = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "million": 1e6, "mn": 1e6,
    "b": 1e9, "g": 1e9, "billion": 1e9, "bn": 1e9,
    "t": 1e12, "trillion": 1e12,
}  # fmt: skip

UNIT_WORDS: dict[Unit, dict[str, float]] = {
    Unit.BYTES: {
        "b": 1, "byte": 1, "bytes": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15,
        "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
    },
    Unit.BYTES_PER_PARAMETER: {"byte": 1, "bytes": 1, "b": 1},
    Unit.SECONDS: {
        "s": 1, "sec": 1, "second": 1, "seconds": 1, "min": 60, "minute": 60, "minutes": 60,
        "h": 3600, "hour": 3600, "hours": 3600, "d": 86400, "day": 86400, "days": 86400,
        "week": 604800, "weeks": 604800, "y": 31536000, "year": 31536000, "years": 31536000,
    },
    Unit.FLOPS: {"flop": 1, "flops": 1},
    Unit.FLOPS_PER_SECOND: {
        "flop/s": 1, "flops": 1, "gflop/s": 1e9, "gflops": 1e9, "tflop/s": 1e12,
        "tflops": 1e12, "pflop/s": 1e15, "pflops": 1e15,
    },
    Unit.PARAMETERS: {"parameter": 1, "parameters": 1, "params": 1},
    Unit.TOKENS: {"token": 1, "tokens": 1},
    Unit.BITS: {"bit": 1, "bits": 1},
}  # fmt: skip

_PRECISIONS = {4.0: "fp32", 2.0: "fp16/bf16", 1.0: "int8", 0.5: "int4"}

_NUMBER = re.compile(
    r"""^\s*(?P<mantissa>[+-]?(?:\d[\d_,]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)
    \s*(?:(?:x|\*|\u00d7)\s*10\s*\^\s*(?P<power>[+-]?\d+))?
    \s*(?P<scale>(?:thousand|million|billion|trillion|mn|bn|[kmbgt])(?![a-z]))?
    \s*(?P<percent>%)?
    \s*(?P<rest>.*?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_number(text: str) -> float | None:
    """Read a plain number: ``7B``, ``46.7B``, ``900M``, ``7e9``, ``7_000_000_000``, ``90%``."""
    parsed = _parse(text)
    if parsed is None or parsed[1]:
        return None
    return parsed[0]


def _parse(text: str) -> tuple[float, str] | None:
    """Return the number at the start of ``text`` and the rest (a unit word, perhaps)."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    mantissa = match["mantissa"].replace("_", "").replace(",", "")
    try:
        value = float(mantissa)
    except ValueError:
        return None
    if match["power"] is not None:
        value *= 10.0 ** int(match["power"])
    scale, rest = match["scale"], match["rest"]
    if scale is not None:
        value *= SCALE_WORDS[scale.lower()]
    if match["percent"]:
        value /= 100
    if not math.isfinite(value):
        return None
    return value, rest


def parse_quantity(text: str, unit: Unit) -> float | None:
    """Read a number with an optional unit word for ``unit`` (``14 GB``, ``236 days``)."""
    parsed = _parse(text)
    if parsed is None:
        return None
    value, rest = parsed
    if not rest:
        return value
    factor = UNIT_WORDS.get(unit, {}).get(rest.lower())
    if factor is None:
        return None
    return value * factor


def round_significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """Round to a number of significant figures, a half upwards (202.5 to 203), as people do."""
    if value == 0 or not math.isfinite(value):
        return value
    # From the shortest decimal that reads back as the value: a float's binary digits would
    # round 2.675 down and, halves going to even, 202.5 to 202.
    exact = Decimal(repr(value))
    step = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    rounded = float(exact.quantize(step, rounding=ROUND_HALF_UP))
    return rounded if math.isfinite(rounded) else value  # the largest floats cannot round up


def plain(value: float, digits: int = SIGNIFICANT_DIGITS) -> str:
    """Write a number rounded to three significant figures, without exponent or trailing zeros."""
    if not math.isfinite(value):
        return "infinite" if value > 0 else "-infinite" if value < 0 else "not a number"
    rounded = round_significant(value, digits)
    if rounded and not 1e-3 <= abs(rounded) < 1e15:
        return scientific(value, digits)  # three significant figures, not 20 digits or "0"
    if abs(rounded) >= 1000:
        return f"{rounded:,.0f}"
    if not rounded:
        return "0"
    # As many decimals as the significant figures need: 0.0012345 to five is 0.0012345.
    exponent = int(f"{rounded:e}".split("e")[1])
    text = f"{rounded:.{max(0, digits - 1 - exponent)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def scientific(value: float, digits: int = SIGNIFICANT_DIGITS) -> str:
    """Write ``1.4 x 10^10`` for large or tiny numbers, plain digits otherwise."""
    if value == 0 or not math.isfinite(value) or 1e-3 <= abs(value) < 1e4:
        return plain(value, digits)
    # The e-format gives mantissa and exponent exactly, tiny subnormal values included; the
    # value is rounded first so that a half goes up here too.
    mantissa, exponent = f"{round_significant(value, digits):.{digits - 1}e}".split("e")
    return f"{plain(float(mantissa), digits)} x 10^{int(exponent)}"


def _count(value: float, digits: int) -> str:
    if abs(value) >= 1e15:
        return scientific(value, digits)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(round_significant(value, digits)) >= size:
            return f"{plain(value / size, digits)} {word}"
    return plain(value, digits)


def short(value: float, digits: int = SIGNIFICANT_DIGITS) -> str:
    """Write a count the way model names do: ``7B``, ``46.7B``, ``900M``, ``2T``."""
    if abs(value) >= 1e15:
        return scientific(value, digits)
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(round_significant(value, digits)) >= size:
            return f"{plain(value / size, digits)}{suffix}"
    return plain(value, digits)


def _bytes(value: float, digits: int) -> str:
    for size, word in ((1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")):
        if abs(round_significant(value, digits)) >= size:
            return f"{plain(value / size, digits)} {word}"
    return f"{plain(value, digits)} bytes"


def _duration(seconds: float, digits: int) -> str:
    for size, word in ((31536000, "years"), (86400, "days"), (3600, "hours"), (60, "minutes")):
        if abs(seconds) >= 2 * size:
            return f"{plain(seconds / size, digits)} {word}"
    return f"{plain(seconds, digits)} seconds"


def _flops_per_second(value: float, digits: int) -> str:
    for size, prefix in ((1e15, "P"), (1e12, "T"), (1e9, "G")):
        if abs(round_significant(value, digits)) >= size:
            return f"{plain(value / size, digits)} {prefix}FLOP/s"
    return f"{plain(value, digits)} FLOP/s"


def format_quantity(value: float, unit: Unit, digits: int = SIGNIFICANT_DIGITS) -> str:
    """Write a value as a person would, with its unit: ``14 GB``, ``700 million``, ``50%``."""
    if unit is Unit.BYTES:
        return _bytes(value, digits)
    if unit is Unit.BYTES_PER_PARAMETER:
        precision = _PRECISIONS.get(value)
        amount = plain(value, digits)
        bytes_text = f"{amount} byte" if value == 1 else f"{amount} bytes"
        return f"{bytes_text} ({precision})" if precision else bytes_text
    if unit is Unit.FRACTION:
        return f"{plain(value * 100, digits)}%"
    if unit is Unit.FLOPS:
        return f"{scientific(value, digits)} FLOPs"
    if unit is Unit.FLOPS_PER_SECOND:
        return _flops_per_second(value, digits)
    if unit is Unit.SECONDS:
        return _duration(value, digits)
    if unit in (Unit.PARAMETERS, Unit.TOKENS):
        return _count(value, digits)
    if unit is Unit.BITS:
        amount = plain(value, digits)
        return "1 bit" if amount == "1" else f"{amount} bits"
    return plain(value, digits)


class Quantity(NamedTuple):
    """A value with its unit, formatted in templates as ``{name}``, ``{name:sci}`` and so on.

    Specs: none (``14 GB``), ``sci`` (``1.4 x 10^10``), ``plain`` (``14,000,000,000``),
    ``short`` (``7B``), ``a SPEC`` (with its article: ``an 8B``), ``n:NOUN`` (``1 epoch``).

    ``digits`` is how many significant figures to show: three for results, more for the
    inputs a user typed, so that 1024 accelerators never read as 1,020.
    """

    value: float
    unit: Unit
    digits: int = SIGNIFICANT_DIGITS

    def __format__(self, spec: str) -> str:
        # "a short" gives "an 8B" or "a 7B"; "n:epoch" gives "1 epoch" or "2 epochs".
        if spec == "a" or spec.startswith("a "):
            return with_article(format(self, spec[2:]))
        if spec.startswith("in:"):
            return self._in(spec[3:])
        if spec.startswith("n:"):
            return counted(plain(self.value, self.digits), self.value, spec[2:])
        if spec == "sci":
            return scientific(self.value, self.digits)
        if spec == "plain":
            return plain(self.value, self.digits)
        if spec == "short":
            return short(self.value, self.digits)
        if spec:
            raise ValueError(f"unknown format {spec!r}; use sci, plain or short")
        return format_quantity(self.value, self.unit, self.digits)

    def _in(self, word: str) -> str:
        """Write the value in a fixed unit, whatever its size: ``{x:in:GB}`` gives 1,750 GB."""
        factor = UNIT_WORDS.get(self.unit, {}).get(word.lower())
        if factor is None:
            raise ValueError(f"{word!r} is not a unit of {self.unit.value}")
        return f"{plain(self.value / factor, self.digits)} {word}"
