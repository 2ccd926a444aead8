"""Typesetting computed text: "3.14 x 10^23" is shown with a multiplication sign and a raised 23.

Formulas write plain text ("7 x 10^9 parameters x 2 bytes"), which is easy to test and to
type back as an answer. Cards show it typeset: a multiplication sign (U+00D7) for " x ", and
powers of ten as HTML superscripts in Anki and the preview, as Unicode superscripts in the
terminal.
"""

from __future__ import annotations

import re

from fmflash.text import escape_html

TIMES = "×"
_TIMES = re.compile(r"(?<=\S) x (?=\S)")
_POWER = re.compile(r"\^(-?\d+)")
_SUPERSCRIPT = str.maketrans(
    "0123456789-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b"
)


def typeset_html(text: str) -> str:
    """Return computed text as HTML, powers as ``10<sup>9</sup>``, everything else escaped."""
    escaped = escape_html(text)
    return _POWER.sub(r"<sup>\1</sup>", _TIMES.sub(f" {TIMES} ", escaped))


def typeset_unicode(text: str) -> str:
    """Return computed text for a terminal, powers as Unicode superscripts."""
    times = _TIMES.sub(f" {TIMES} ", text)
    return _POWER.sub(lambda match: match.group(1).translate(_SUPERSCRIPT), times)
