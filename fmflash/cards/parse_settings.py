"""The card file's ``review:`` settings: which scheduler the terminal uses, and its retention.

```yaml
review:
  scheduler: fsrs      # sm2 (the default) or fsrs
  retention: 0.9       # FSRS's desired retention, 0.70-0.97
```

The reviewer reads only this block of the card file (a deck of thousands of cards is not
parsed for it); ``fmflash check`` validates it with the rest, with the same located messages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from fmflash.defaults import DEFAULT_RETENTION, RETENTION_RANGE
from fmflash.errors import FmflashError, Problem
from fmflash.files.reading import read_text

if TYPE_CHECKING:
    import yaml

    from fmflash.cards.parse_yaml import Located

REVIEW_KEYS = ("scheduler", "retention")
SCHEDULERS = ("sm2", "fsrs")
_BLOCK = re.compile(r"^review[ \t]*:.*(?:\n(?:[ \t#].*|[ \t]*))*", re.MULTILINE)


class ReviewSettings(NamedTuple):
    """The scheduler named in the card file (``None``: not named) and FSRS's retention."""

    scheduler: str | None = None
    retention: float = DEFAULT_RETENTION


def parse_review_settings(node: yaml.Node, where: Located) -> ReviewSettings:
    """Check a ``review:`` mapping; report each problem at its place, return what is valid."""
    import yaml

    from fmflash.cards.parse_yaml import describe, items, unknown_key_message

    if not isinstance(node, yaml.MappingNode):
        where.error(node, f"'review' must be a mapping with 'scheduler' and 'retention', "
                          f"found {describe(node)}")  # fmt: skip
        return ReviewSettings()
    scheduler, retention = None, DEFAULT_RETENTION
    for key, key_node, value in items(node, where, "'review'"):
        if key not in REVIEW_KEYS:
            where.error(key_node, unknown_key_message(key, "'review'", REVIEW_KEYS))
        elif key == "scheduler":
            text = value.value if isinstance(value, yaml.ScalarNode) else None
            if text not in SCHEDULERS:
                where.error(value, f"'scheduler' must be sm2 or fsrs, found {describe(value)}")
            else:
                scheduler = text
        else:
            number = _number(value)
            low, high = RETENTION_RANGE
            if number is None or not low <= number <= high:
                message = f"'retention' must be a number from {low:.2f} to {high:.2f}"
                where.error(value, f"{message} (FSRS's desired retention), found {describe(value)}")
            else:
                retention = number
    return ReviewSettings(scheduler, retention)


def _number(node: yaml.Node) -> float | None:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or node.tag not in (
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:int",
    ):
        return None
    try:
        return float(node.value)
    except ValueError:
        return None


def _review_block(text: str) -> re.Match[str] | None:
    # A plain search first: a regex tried at each of 100,000 line starts takes 10 ms.
    start = 0 if text.startswith("review") else text.find("\nreview") + 1
    return _BLOCK.search(text, start) if start or text.startswith("review") else None


def review_settings_line(cards_path: str) -> int | None:
    """Return the line of a card file's top-level ``review:`` key, None if it has none."""
    match = _review_block(read_text(cards_path))
    return None if match is None else 1 + match.string.count("\n", 0, match.start())


def read_review_settings(cards_path: str, *, despite_errors: bool = False) -> ReviewSettings:
    """Read the card file's ``review:`` block alone; raise its located problems.

    ``despite_errors`` (for study) keeps what is valid of it instead: a block that cannot be
    read at all gives the defaults. ``fmflash check`` reports the problems.
    """
    text = read_text(cards_path)
    match = _review_block(text)
    if match is None:
        return ReviewSettings()  # the common case: YAML is not even loaded
    import yaml

    from fmflash.cards.parse_yaml import Located, compose, items

    # Blank lines in front keep every line number of the block as it is in the file.
    block = "\n" * text.count("\n", 0, match.start()) + match.group(0)
    try:
        root = compose(block, path=cards_path)
    except FmflashError:
        if despite_errors:
            return ReviewSettings()
        raise
    problems: list[Problem] = []
    where = Located(cards_path, problems)
    settings = ReviewSettings()
    if isinstance(root, yaml.MappingNode):
        for key, _, value in items(root, where, "the card file"):
            if key == "review":
                settings = parse_review_settings(value, where)
    if problems and not despite_errors:
        raise FmflashError(problems)
    return settings
