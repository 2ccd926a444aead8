"""Suggestions for a mistyped name: the known names closest to it, and the words offering them.

Apart from ``text.py``, which every command loads at start (``--help`` too), because ``difflib``
is needed only where a name can be wrong: the card file's parsers, the notes' headings, the
formulas' registry and the card lookups.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def nearest(word: str, known: Iterable[str], *, most: int = 1, cutoff: float = 0.6) -> list[str]:
    """Return up to ``most`` known names close to a mistyped one, the closest first.

    ``cutoff`` is how alike a name must be (difflib's ratio, 0 to 1); 0 takes the closest
    names however far they are.
    """
    return difflib.get_close_matches(word, list(known), n=most, cutoff=cutoff)


def did_you_mean(names: Sequence[str], *, quoted: bool = True) -> str:
    """Suggest names: ``did you mean 'x'?``, or ``did you mean a, b?``; "" for none."""
    if not names:
        return ""
    if quoted:
        return f"did you mean '{names[0]}'?"
    return f"did you mean {', '.join(names)}?"


def no_such_id(card_id: str, known: Iterable[str]) -> str:
    """Say that no card has an id, suggesting the closest known ones."""
    hint = did_you_mean(nearest(card_id, sorted(known), most=3), quoted=False)
    return f"no card has the id '{card_id}'" + (f"; {hint}" if hint else "")
