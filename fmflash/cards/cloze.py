"""Cloze gaps, ``{{c1::answer}}`` or ``{{c1::answer::hint}}``, read as Anki reads them (pure).

Every part of fmflash that looks at gaps (the card file's check, the card count, the Anki
template rendering, the linter, the reviewer) reads them here; tests/apkg/test_templates.py
checks the rendering against the official anki library.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

_GAP = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


class Gap(NamedTuple):
    """One gap of a cloze text: its number, the words it hides, and its hint ("" if none)."""

    number: int
    answer: str
    hint: str


def _gap(match: re.Match[str]) -> Gap:
    return Gap(int(match.group(1)), match.group(2), match.group(3) or "")


def gaps(text: str) -> list[Gap]:
    """Return the gaps of a cloze text, in the order they are written."""
    return [_gap(match) for match in _GAP.finditer(text)]


def gap_numbers(text: str) -> tuple[int, ...]:
    """Return the gap numbers of a cloze text in order, each once: Anki makes a card of each."""
    return tuple(sorted({int(match.group(1)) for match in _GAP.finditer(text)}))


def has_gap(text: str) -> bool:
    """Tell whether a cloze text hides any words."""
    return any(match.group(2) for match in _GAP.finditer(text))


def replace_gaps(text: str, replace: Callable[[Gap], str]) -> str:
    """Return a cloze text with each gap replaced by what ``replace`` makes of it."""
    return _GAP.sub(lambda match: replace(_gap(match)), text)
