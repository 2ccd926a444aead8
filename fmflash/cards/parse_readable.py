"""A card file with syntax errors, read as far as it can be: each unreadable entry blanked out.

``load_partial`` studies the rest; each blanked line stays, empty, so every other card keeps
its line (pure).
"""

from __future__ import annotations

import itertools

import yaml

from fmflash.cards.parse_chunks import _TOP_LINE, split_card_file
from fmflash.cards.parse_yaml import compose
from fmflash.errors import FmflashError

_LISTS = ("cards", "computed")


def entry_lines(text: str, path: str) -> list[tuple[int, int]]:
    """Return the first and last line of each item of the card file's entry lists.

    An item's last line is its last with text: the empty lines after it (a blanked entry's,
    whose syntax error is not this item's) are not its own.
    """
    root = _compose(text, path)
    if not isinstance(root, yaml.MappingNode):
        return []
    lines = text.split("\n")
    found = []
    for key, value in root.value:
        if key.value in _LISTS and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                first = item.start_mark.line + 1
                last = max(item.end_mark.line, first)
                while last > first and not lines[last - 1].strip():
                    last -= 1
                found.append((first, last))
    return found


def _compose(text: str, path: str) -> yaml.Node | None:
    try:
        return compose(text, path=path)
    except FmflashError:
        return None


def readable_part(text: str, path: str) -> tuple[str, int]:
    """Blank out each entry, then each top-level block, that cannot be read on its own.

    Lines are kept (a blanked line is empty), so every other card keeps its line. Returns the
    text and how many entries were blanked. A file of an unusual shape is returned as it is.
    """
    split = split_card_file(text)
    if split is None:
        return text, 0
    skeleton, chunks = split
    lines = text.split("\n")
    blanked = 0
    for chunk in chunks:
        if _compose(chunk.text, path) is None:
            first = chunk.first_line - 1
            lines[first : first + chunk.text.count("\n") + 1] = [""] * (chunk.text.count("\n") + 1)
            blanked += 1
    skeleton_lines = skeleton.split("\n")
    tops = [skeleton.count("\n", 0, match.start()) for match in _TOP_LINE.finditer(skeleton)]
    for first, end in itertools.pairwise([*tops, len(skeleton_lines)]):
        if _compose("\n".join(skeleton_lines[first:end]), path) is None:
            inside = [c for c in chunks if first < c.first_line <= end and lines[c.first_line - 1]]
            blanked += len(inside)
            lines[first:end] = [""] * (end - first)
    return "\n".join(lines), blanked
