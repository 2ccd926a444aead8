"""Where the notes state a formula's rule: found the same whatever numbers the notes use."""

from __future__ import annotations

import re

# A decimal point is not the end of a sentence: "a 7.5B model" stays one sentence for a
# pattern such as "sparse[^.]{0,80}non-zero". It becomes a word character, so "1.6 x" is
# still not "6 x".
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_NUMBER = re.compile(r"\d+(?:_\d+)?")


def rule_statement(pattern: str, text: str) -> str | None:
    """Return the words of ``text`` that state a rule (``pattern``, ignoring case), or None.

    The numbers of the statement are masked (``7 billion`` and ``13 billion`` read the
    same), so that editing a number in the notes never decides whether, or how, the rule
    is stated: only its words do.
    """
    if not pattern:
        return None
    found = re.search(pattern, _DECIMAL_POINT.sub("_", text), re.IGNORECASE)
    if found is None:
        return None
    return " ".join(_NUMBER.sub("#", found.group(0).lower()).split())
