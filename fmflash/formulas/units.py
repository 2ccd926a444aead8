"""What a quantity measures: the unit of a formula's inputs and of its result.

Apart from reading and writing quantities (``quantities.py``, with ``decimal`` and its
patterns), because every card row names a computed card's unit: loading a deck from the cache
needs the unit, not the numbers' reading.
"""

from __future__ import annotations

from enum import Enum


class Unit(Enum):
    """What a quantity measures; decides how it is written and read."""

    PARAMETERS = "parameters"
    TOKENS = "tokens"
    BYTES = "bytes"
    BYTES_PER_PARAMETER = "bytes per parameter"
    FRACTION = "fraction"
    FLOPS = "FLOPs"
    FLOPS_PER_SECOND = "FLOP/s"
    SECONDS = "seconds"
    COUNT = "count"
    # For formulas a learner declares in a card file: information, and a plain number.
    BITS = "bits"
    NUMBER = "number"
